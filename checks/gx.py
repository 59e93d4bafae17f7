"""great-expectations, the engine behind pidash's checks: imported only when a file is checked
(it takes seconds), analytics and progress bars off, a fresh ephemeral context per run (a shared
one is not thread-safe)."""
from __future__ import annotations

import logging
import os
import sys
import threading
import types
from dataclasses import dataclass
from typing import Any

import pandas as pd

from checks.suites import Check

# pidash's rule kinds (checks.suites.Check.kind) and the great-expectations expectation behind each.
GX_TYPES = {
    "column_exists": "ExpectColumnToExist",
    "columns_present": "ExpectTableColumnsToMatchSet",  # many column_exists at once (checks/distinct.py)
    "not_null": "ExpectColumnValuesToNotBeNull",
    "match_regex": "ExpectColumnValuesToMatchRegex",
    "in_set": "ExpectColumnValuesToBeInSet",
    "between": "ExpectColumnValuesToBeBetween",
    "pair_a_ge_b": "ExpectColumnPairValuesAToBeGreaterThanB",
    "unique_compound": "ExpectCompoundColumnsToBeUnique",
    "unique": "ExpectColumnValuesToBeUnique",
}


_preload_lock = threading.Lock()
_preloading: threading.Thread | None = None


def preload() -> None:
    """Start importing great-expectations in the background; `imported` waits for it.

    The import takes seconds of pure Python; the load path calls this before reading a file, so
    the reading and normalising (mostly Arrow, pandas and DuckDB work outside the GIL) overlap it.
    """
    global _preloading
    with _preload_lock:
        if _preloading is None and "great_expectations" not in sys.modules:
            _preloading = threading.Thread(target=_import_quietly, name="pidash-gx-import")
            _preloading.start()


def _import_quietly() -> None:
    try:
        _import_gx()
    except Exception:  # noqa: BLE001 - imported() imports again in the caller's thread and raises there
        pass


# Modules great-expectations imports at start-up but pidash never uses: scipy.stats and altair serve
# only its distribution expectations and their charts. Deferring them (loaded on first real use, by
# anyone) cuts the import beyond pandas from 2.4–3.4 s to 1.8–2.0 s (benchmarks/results.md). They
# are put in sys.modules only just before great-expectations is first imported, and only if
# nothing has imported them yet.
DEFERRED_IMPORTS = ("scipy.stats", "altair")
_deferred_lock = threading.RLock()


class _Deferred(types.ModuleType):
    """A module whose code runs when one of its attributes is first read.

    Like importlib's LazyLoader, except that reading the attributes the import system reads itself
    (`__spec__`, `__path__`, `__name__`) does not run it: with LazyLoader, GX's `import altair as alt`
    loaded altair at once (0.9 s).
    """

    def __getattr__(self, name: str):
        with _deferred_lock:
            if type(self) is _Deferred:
                self.__class__ = types.ModuleType
                self.__spec__.loader.exec_module(self)
        return getattr(self, name)


def _defer_unused_imports() -> None:
    import importlib.util

    for name in DEFERRED_IMPORTS:
        if name in sys.modules:
            continue
        try:
            spec = importlib.util.find_spec(name)
        except (ImportError, ValueError):
            continue
        if spec is None or spec.loader is None or not hasattr(spec.loader, "exec_module"):
            continue
        module = importlib.util.module_from_spec(spec)
        module.__class__ = _Deferred
        sys.modules[name] = module
        parent, _, child = name.rpartition(".")
        if parent:
            setattr(sys.modules[parent], child, module)


def _import_gx():
    os.environ.setdefault("GX_ANALYTICS_ENABLED", "False")
    if "great_expectations" not in sys.modules:
        _defer_unused_imports()
    import great_expectations as gx
    from great_expectations.execution_engine import pandas_execution_engine

    # GX fingerprints every batch under 1 GB by hashing each cell, twice per validation; the
    # fingerprint is metadata pidash never reads. Off: one expectation on 1,000,000 rows takes
    # 0.01–0.05 s instead of 0.89–1.0 s (benchmarks/results.md). tests/checks/test_gx_engine.py
    # fails if an upgrade renames the attribute.
    pandas_execution_engine.HASH_THRESHOLD = 0
    # GX's import turns on logging.captureWarnings, which reroutes every warning of the whole
    # process (the dashboard's, pandas') into the logging module; pidash keeps Python's default.
    logging.captureWarnings(False)
    return gx


def imported():
    preloading = _preloading
    if preloading is not None and preloading is not threading.current_thread():
        preloading.join()
    return _import_gx()


_per_thread = threading.local()


def _batch_definition():
    """This thread's ephemeral context's whole-frame batch definition, made once per thread: a
    shared context is not thread-safe, and making one costs about 0.1 s (GX writes its
    configuration out as YAML at each step), a quarter of a small case load's checking."""
    made = getattr(_per_thread, "batch_definition", None)
    if made is None:
        gx = imported()
        context = gx.get_context(mode="ephemeral")
        context.variables.progress_bars = {"globally": False, "profilers": False, "metric_calculations": False}
        made = (context.data_sources.add_pandas("pidash")
                .add_dataframe_asset("upload")
                .add_batch_definition_whole_dataframe("whole"))
        _per_thread.batch_definition = made
    return made


@dataclass
class Outcome:
    """One expectation's result, reduced to what a report reads: plain data, so it can come back
    from the checking process (checks/worker.py)."""

    check: int  # the expectation's position in the checks it was run with
    success: bool
    result: dict
    exception_info: Any


Job = tuple[pd.DataFrame, list[Check]]


def validate(frame: pd.DataFrame, checks: list[Check], batch_definition=None) -> list[Outcome]:
    """GX results for `checks` on `frame`; pass `batch_definition` to validate several frames in one context.

    Two passes: every expectation for its verdict alone (GX's BOOLEAN_ONLY result format, which
    skips the failing rows' lists: about half of GX's cost per expectation), then those that
    failed (or raised) again with every failing row listed (COMPLETE), which is all a report
    reads of them. An expectation that passed has no rows to list, so the outcomes are GX's own
    COMPLETE outcomes either way (tests/checks/test_gx_engine.py)."""
    batch_definition = batch_definition or _batch_definition()
    batch = batch_definition.get_batch(batch_parameters={"dataframe": frame})
    first = _run(batch, checks, range(len(checks)), "BOOLEAN_ONLY")
    again = [o.check for o in first if not o.success]  # one that raised has not succeeded
    if not again:
        return first
    listed = {o.check: o for o in _run(batch, checks, again, COMPLETE)}
    return [listed.get(o.check, o) for o in first]


COMPLETE = {"result_format": "COMPLETE", "partial_unexpected_count": 0}


def _run(batch, checks: list[Check], which, result_format) -> list[Outcome]:
    """The outcomes of the checks numbered `which`, in one validation of `batch`."""
    gx = imported()
    suite = gx.ExpectationSuite(name="pidash")
    for i in which:
        check = checks[i]
        expectation_class = getattr(gx.expectations, GX_TYPES[check.kind])
        suite.add_expectation(expectation_class(**check.args, meta={"check": i}))
    outcome = batch.validate(suite, result_format=result_format)
    return [Outcome(r.expectation_config.meta["check"], bool(r.success), dict(r.result or {}), r.exception_info)
            for r in outcome.results]


def validate_jobs(jobs: list[Job]) -> list[list[Outcome]]:
    """Each job's outcomes, all in one GX context, in this process."""
    batch_definition = _batch_definition()
    return [validate(frame, checks, batch_definition) for frame, checks in jobs]


class InProcess:
    """The checker that runs great-expectations in this process (the dashboard's, a test's).

    A checker has `preload()` (start the slow import early) and `validate(jobs)`; the command
    line's other checker runs it in a process of its own (checks/worker.py)."""

    def preload(self) -> None:
        preload()

    def validate(self, jobs: list[Job]) -> list[list[Outcome]]:
        return validate_jobs(jobs)


IN_PROCESS = InProcess()
