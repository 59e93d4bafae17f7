"""Build an evidence pack (or the quarterly report) into a folder: PDF, workbook, index of files.

Used by `pidash evidence` and the Evidence page. The PDF is printed first so the workbook's
Index sheet can give its sha256; if the PDF cannot be made (no Chromium for the charts) the
workbook and index are still written and the failure is reported in `PackResult.pdf_error`.
"""
from __future__ import annotations

import csv
import io
import re
import time
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from loads.files import sha256
from reports.gather import Pack, ReportError, gather  # noqa: F401 - ReportError re-exported
from reports.images import ChromiumMissing, start_browser
from vocab.progress import Progress, quiet

INDEX_NAME = "index.csv"


@dataclass
class PackResult:
    out_dir: Path
    workbook: Path
    pdf: Path | None
    index: Path
    files: list[dict] = field(default_factory=list)  # file, what, bytes, sha256 (as in index.csv)
    pdf_error: str | None = None
    seconds: float = 0.0
    pack: Pack | None = None

    @property
    def complete(self) -> bool:
        return self.pdf is not None and self.pdf_error is None

    def zip_bytes(self) -> bytes:
        """The pack's files in one zip, for a download."""
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
            for path in [self.workbook, self.pdf, self.index]:
                if path is not None and path.exists():
                    archive.write(path, arcname=path.name)
        return buffer.getvalue()


def base_name(pack: Pack) -> str:
    """The pack's file stem, e.g. evidence-E09000014-2009-09 (codes come from files: made safe)."""
    kind = "quarterly" if pack.quarterly else "evidence"
    safe_org = re.sub(r"[^A-Za-z0-9_-]+", "_", pack.org)
    return (f"{kind}-{safe_org}-{pack.period}" + ("-as-signed-off" if pack.as_signed_off else "")
            + ("-published" if pack.publish else ""))


def _entry(path: Path, what: str) -> dict:
    content = path.read_bytes()
    return {"file": path.name, "what": what, "bytes": len(content), "sha256": sha256(content)}


def build_pack(
    con,
    period: str,
    out_dir: Path,
    org: str | None = None,
    indicators: list[str] | None = None,
    publish: bool = False,
    quarterly: bool = False,
    user: str = "",
    progress: Progress = quiet,
    as_signed_off: bool = False,
    inspection_lists: bool = False,
) -> PackResult:
    """Gather the figures once, then write the PDF, the workbook and index.csv into `out_dir`.
    `as_signed_off`: from only the loads up to the one the month's sign-off recorded (gather's).
    `inspection_lists`: the builder may see child-level rows (gather's; reports/inspection.py).

    Raises ReportError for a bad request (nothing written). A missing Chromium does not raise:
    the result carries `pdf_error` and has no PDF. Any other failure of the PDF is raised after
    the workbook has been written.
    """
    started = time.perf_counter()
    from reports import pdf

    if not quarterly:
        start_browser()  # Chromium takes seconds to start: it does so while the figures are read
    pdf.preload()
    progress(0.0, "reading the figures")
    pack = gather(con, period, org=org, indicators=indicators, publish=publish, quarterly=quarterly,
                  user=user, progress=progress, as_signed_off=as_signed_off, inspection_lists=inspection_lists)
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    stem = base_name(pack)
    pdf_path = out_dir / f"{stem}.pdf"
    workbook_path = out_dir / f"{stem}.xlsx"
    index_path = out_dir / INDEX_NAME
    for stale in (pdf_path, workbook_path, index_path):
        stale.unlink(missing_ok=True)

    from reports.workbook import write_workbook

    pdf_error: str | None = None
    failure: BaseException | None = None
    progress(0.3, "drawing the PDF")
    try:
        pdf.write_pdf(pack, pdf_path, progress)
    except ChromiumMissing as err:
        pdf_error = f"the PDF was not made: {err}"
    except Exception as err:  # noqa: BLE001 - the workbook is still written, then this is raised
        failure = err
        pdf_error = f"the PDF was not made: {type(err).__name__}: {err}"
    if pdf_error:
        pdf_path.unlink(missing_ok=True)
        pack.notes.append(pdf_error)

    files = []
    what = "quarterly performance report" if quarterly else "evidence pack report"
    if pdf_error is None:
        files.append(_entry(pdf_path, f"PDF {what}"))
    progress(0.9, "writing the workbook")
    write_workbook(pack, workbook_path, files)
    files.insert(0, _entry(workbook_path, "Excel workbook: figures, provenance, data quality"))
    _write_index(index_path, files)
    progress(1.0, "done")
    result = PackResult(out_dir=out_dir, workbook=workbook_path, pdf=None if pdf_error else pdf_path,
                        index=index_path, files=files, pdf_error=pdf_error,
                        seconds=time.perf_counter() - started, pack=pack)
    if failure is not None:
        raise failure
    return result


def _write_index(path: Path, files: list[dict]) -> None:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=["file", "what", "bytes", "sha256"])
        writer.writeheader()
        writer.writerows(files)


@dataclass
class PackDownload:
    """A pack built in a temporary folder and read back, for the dashboard's download buttons."""

    files: dict[str, bytes]  # file name -> content (workbook, PDF when made, index.csv)
    workbook_name: str
    pdf_name: str | None
    zip_name: str
    zip: bytes
    index: list[dict]
    notes: list[str]
    pdf_error: str | None
    seconds: float


def build_download(con, period: str, org: str | None = None, indicators: list[str] | None = None,
                   publish: bool = False, quarterly: bool = False, user: str = "",
                   progress: Progress = quiet, as_signed_off: bool = False,
                   inspection_lists: bool = False) -> PackDownload:
    """Build a pack in a temporary folder and return its files' bytes (the folder is removed)."""
    import tempfile

    with tempfile.TemporaryDirectory(prefix="pidash-pack-") as folder:
        result = build_pack(con, period, Path(folder), org=org, indicators=indicators, publish=publish,
                            quarterly=quarterly, user=user, progress=progress, as_signed_off=as_signed_off,
                            inspection_lists=inspection_lists)
        files = {path.name: path.read_bytes()
                 for path in (result.workbook, result.pdf, result.index) if path is not None}
        return PackDownload(
            files=files, workbook_name=result.workbook.name,
            pdf_name=result.pdf.name if result.pdf else None,
            zip_name=f"{result.workbook.stem}.zip", zip=result.zip_bytes(), index=result.files,
            notes=list(result.pack.notes), pdf_error=result.pdf_error, seconds=result.seconds,
        )
