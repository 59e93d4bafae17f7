"""The bundled plan (data/plan/*.csv) is what demo/reconstruct_plan.py writes, byte for byte: the
reconstruction from the seed stays the one source of the plan's text."""
from __future__ import annotations

from pathlib import Path

import pytest

from demo import reconstruct_plan

PLAN = Path(__file__).resolve().parents[2] / "data" / "plan"


@pytest.mark.parametrize("name", ["themes.csv", "areas.csv", "actions.csv", "milestones.csv"])
def test_the_reconstruction_reproduces_the_bundled_plan(tmp_path, name):
    reconstruct_plan.main(tmp_path)
    assert (tmp_path / name).read_bytes() == (PLAN / name).read_bytes()
    assert len((PLAN / name).read_bytes()) > 100
