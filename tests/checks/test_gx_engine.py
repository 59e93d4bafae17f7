"""The great-expectations internals pidash's engine (checks/gx.py) relies on: a failure here after an
upgrade means the speed-ups or the quiet import silently stopped applying."""
from __future__ import annotations

import logging
import warnings

from checks import gx


def test_the_batch_fingerprint_switch_exists_and_is_off():
    from great_expectations.execution_engine import pandas_execution_engine

    gx.imported()
    assert hasattr(pandas_execution_engine, "hash_pandas_dataframe")
    assert pandas_execution_engine.HASH_THRESHOLD == 0


def test_warnings_are_not_rerouted_into_logging_after_the_import():
    gx.imported()
    assert warnings.showwarning is not logging._showwarning  # what logging.captureWarnings(True) installs


def test_every_rule_kind_has_an_expectation_in_this_great_expectations():
    module = gx.imported()
    missing = [name for name in gx.GX_TYPES.values() if not hasattr(module.expectations, name)]
    assert missing == []
