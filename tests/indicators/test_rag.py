"""RAG against target: one literal table, run through the scalar and the frame version alike."""
from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from indicators.rag import add_rag, rag
from vocab import Polarity, Rag

HIGHER, LOWER, BAND = Polarity.HIGHER_IS_BETTER, Polarity.LOWER_IS_BETTER, Polarity.WITHIN_BAND
GREEN, AMBER, RED = Rag.GREEN, Rag.AMBER, Rag.RED
NAN = math.nan

# (value, target, tolerance, polarity, expected)
CASES = [
    # higher is better: meet or beat is green, a tie is green, the tolerance edge is amber
    pytest.param(80.0, 78.0, 5.0, HIGHER, GREEN, id="higher-beats"),
    pytest.param(78.0, 78.0, 5.0, HIGHER, GREEN, id="higher-tie"),
    pytest.param(77.9, 78.0, 5.0, HIGHER, AMBER, id="higher-just-misses"),
    pytest.param(73.0, 78.0, 5.0, HIGHER, AMBER, id="higher-tolerance-edge"),
    pytest.param(72.9, 78.0, 5.0, HIGHER, RED, id="higher-beyond-tolerance"),
    pytest.param(0.0, 78.0, 5.0, HIGHER, RED, id="higher-zero"),
    pytest.param(78.0, 78.0, 0.0, HIGHER, GREEN, id="higher-no-tolerance-tie"),
    pytest.param(77.99, 78.0, 0.0, HIGHER, RED, id="higher-no-tolerance-miss"),
    pytest.param(75.0, 78.0, NAN, HIGHER, RED, id="higher-blank-tolerance-is-zero"),
    pytest.param(0.57 * 100, 57.0, 0.0, HIGHER, GREEN, id="higher-float-noise-is-a-tie"),
    pytest.param(100.0, 100.0, 5.0, HIGHER, GREEN, id="higher-hundred-percent-target"),
    # lower is better: the mirror image
    pytest.param(10.0, 12.0, 2.0, LOWER, GREEN, id="lower-beats"),
    pytest.param(12.0, 12.0, 2.0, LOWER, GREEN, id="lower-tie"),
    pytest.param(13.0, 12.0, 2.0, LOWER, AMBER, id="lower-within-tolerance"),
    pytest.param(14.0, 12.0, 2.0, LOWER, AMBER, id="lower-tolerance-edge"),
    pytest.param(14.1, 12.0, 2.0, LOWER, RED, id="lower-beyond-tolerance"),
    pytest.param(0.0, 12.0, 2.0, LOWER, GREEN, id="lower-zero"),
    pytest.param(12.5, 12.0, 0.0, LOWER, RED, id="lower-no-tolerance-miss"),
    # within band (NI 68): target ± tolerance is green, edges included; outside is red, never amber
    pytest.param(60.0, 60.0, 10.0, BAND, GREEN, id="band-centre"),
    pytest.param(70.0, 60.0, 10.0, BAND, GREEN, id="band-upper-edge"),
    pytest.param(50.0, 60.0, 10.0, BAND, GREEN, id="band-lower-edge"),
    pytest.param(70.1, 60.0, 10.0, BAND, RED, id="band-above"),
    pytest.param(49.9, 60.0, 10.0, BAND, RED, id="band-below"),
    pytest.param(95.0, 60.0, 10.0, BAND, RED, id="band-far-above"),
    pytest.param(60.0, 60.0, 0.0, BAND, GREEN, id="band-zero-width-on-target"),
    pytest.param(60.5, 60.0, 0.0, BAND, RED, id="band-zero-width-off-target"),
    # no target or no value: no RAG
    pytest.param(NAN, 78.0, 5.0, HIGHER, None, id="no-value"),
    pytest.param(None, 78.0, 5.0, HIGHER, None, id="value-none"),
    pytest.param(80.0, NAN, 5.0, HIGHER, None, id="no-target"),
    pytest.param(80.0, None, 5.0, LOWER, None, id="target-none"),
    pytest.param(60.0, NAN, 10.0, BAND, None, id="band-no-target"),
]


@pytest.mark.parametrize(("value", "target", "tolerance", "polarity", "expected"), CASES)
def test_rag(value, target, tolerance, polarity, expected):
    """Each rule of the issue, one literal case at a time."""
    assert rag(value, target, tolerance, polarity) == expected


def test_rag_returns_plain_strings():
    """Stored and serialised values are the vocabulary's plain strings, not enum members."""
    result = rag(80.0, 78.0, 5.0, "higher_is_better")
    assert type(result) is str and result == "green"


def test_add_rag_matches_the_scalar_table_row_for_row():
    """The frame version used by the scorecard gives exactly the scalar answers, with None
    (not NaN) where there is no RAG, on the index it was given."""
    rows = [c.values for c in CASES]
    frame = pd.DataFrame({
        "ytd_value": [r[0] for r in rows], "target": [r[1] for r in rows],
        "tolerance": [r[2] for r in rows], "polarity": [str(r[3]) for r in rows],
    }, index=np.arange(len(rows)) * 10)
    out = add_rag(frame)
    assert list(out.index) == list(frame.index)
    assert out["rag"].tolist() == [r[4] for r in rows]
    assert out["rag"].dtype == object


def test_add_rag_rates_the_column_asked_for_and_leaves_its_input_alone():
    """The scorecard rates the year to date; another column can be rated on request."""
    frame = pd.DataFrame({"value": [75.0], "ytd_value": [80.0], "target": [78.0], "tolerance": [5.0],
                          "polarity": ["higher_is_better"]})
    before = frame.copy()
    assert add_rag(frame)["rag"].tolist() == ["green"]
    assert add_rag(frame, value="value")["rag"].tolist() == ["amber"]
    pd.testing.assert_frame_equal(frame, before)


@pytest.mark.parametrize(("call", "message"), [
    pytest.param(lambda: rag(80.0, 78.0, 5.0, "higher"), "unknown polarity 'higher'", id="bad-polarity"),
    pytest.param(lambda: rag(80.0, 78.0, 5.0, None), "unknown polarity 'None'", id="no-polarity"),
    pytest.param(lambda: rag(80.0, 78.0, -1.0, "higher_is_better"), r"tolerance must be 0 or more \(got -1.0\)",
                 id="negative-tolerance"),
    pytest.param(lambda: rag("eighty", 78.0, 5.0, "higher_is_better"), "value must be numbers", id="text-value"),
    pytest.param(lambda: add_rag(pd.DataFrame({"ytd_value": [1.0]})), "no column.*target, tolerance, polarity",
                 id="missing-columns"),
])
def test_bad_input_is_refused_with_a_message_naming_it(call, message):
    """Bad input raises ValueError naming the bad value, never a wrong colour."""
    with pytest.raises(ValueError, match=message):
        call()
