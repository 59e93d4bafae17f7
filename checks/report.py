"""What a check found, in the words a person acts on: the file, row, column, value and rule."""
from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from typing import Any

@dataclass
class Failure:
    file: str
    row: int | None
    column: str | None
    value: Any
    rule: str

    def __str__(self) -> str:
        return f"{self.file}: {self.sentence()}"

    def sentence(self) -> str:
        """The failure without its file name, for a page that names the file already."""
        where = f"row {self.row}" if self.row is not None else "file"
        col = f", column '{self.column}'" if self.column else ""
        val = f", value {self.value!r}" if self.value is not None else ""
        return f"{where}{col}{val}: {self.rule}"


@dataclass
class ExpectationResult:
    expectation: str
    column: str | None
    rule: str
    success: bool
    unexpected_count: int
    failures: list[Failure] = field(default_factory=list)


@dataclass
class CheckReport:
    """The outcome of checking one file: per-expectation results and the failing cells."""

    file: str
    table: str
    rows: int
    results: list[ExpectationResult] = field(default_factory=list)
    file_errors: list[Failure] = field(default_factory=list)
    # Things worth a person's attention that do not stop the load (e.g. a plan timescale that
    # could not be read as dates): shown with the summary and kept in the load's report.
    warnings: list[Failure] = field(default_factory=list)

    @property
    def success(self) -> bool:
        return not self.file_errors and all(r.success for r in self.results)

    @property
    def failures(self) -> list[Failure]:
        found = list(self.file_errors)
        for r in self.results:
            found.extend(r.failures)
        return sorted(found, key=lambda f: (f.row is not None, f.row or 0, f.column or ""))

    @property
    def failure_count(self) -> int:
        return len(self.file_errors) + sum(r.unexpected_count or (0 if r.success else 1) for r in self.results)

    def to_dict(self) -> dict[str, Any]:
        return {
            "file": self.file,
            "table": self.table,
            "rows": self.rows,
            "success": self.success,
            "failure_count": self.failure_count,
            "file_errors": [asdict(f) for f in self.file_errors],
            "results": [asdict(r) for r in self.results],
            "warnings": [asdict(w) for w in self.warnings],
        }

    def to_json(self) -> str:
        return json.dumps(self.to_dict(), default=str)

    def warning_lines(self, limit: int = 50) -> list[str]:
        """The warnings as the load summary shows them, one per line, at most `limit`."""
        if not self.warnings:
            return []
        lines = [f"  warning: {w}" for w in self.warnings[:limit]]
        if len(self.warnings) > limit:
            lines.append(f"  … and {len(self.warnings) - limit} more warning(s) (see the load's validation report)")
        return [f"{len(self.warnings)} warning(s); the file was still accepted:", *lines]

    def text(self, limit: int = 50) -> str:
        """The rejection message: one line per failing cell, most useful first."""
        if self.success:
            return "\n".join([f"{self.file}: {self.rows} rows passed {len(self.results)} checks",
                              *self.warning_lines(limit)])
        lines = [f"{self.file}: rejected, {self.failure_count} problem(s) found; nothing was written."]
        shown = self.failures[:limit]
        lines += [f"  {f}" for f in shown]
        hidden = self.failure_count - len(shown)
        if hidden > 0:
            lines.append(f"  … and {hidden} more (see the load's validation report)")
        return "\n".join(lines)


def file_error(file: str, rule: str, table: str) -> CheckReport:
    """A report for a file that could not even be read as a table."""
    return CheckReport(file=file, table=table, rows=0, file_errors=[Failure(file, None, None, None, rule)])
