"""The Scorecard page's content, assembled without streamlit: against the demo database and literal frames."""
import pandas as pd
import pytest

from indicators.scorecard import scorecard, sort_for_attention
from ui import quality_view, scorecard_view

from tests.helpers import HOME


def test_the_scorecard_table_words_each_indicator_in_attention_order(frames):
    card = sort_for_attention(scorecard(frames["returns"], frames["catalogue"], frames["targets"],
                                        frames["organisations"], "2009-09", HOME))
    table = scorecard_view.scorecard_table(card, frames["returns"], HOME, "2009-09")
    assert list(table.columns) == scorecard_view.SCORECARD_TABLE_COLUMNS
    assert len(table) == 11  # the ten national indicators and the local SA45
    # red first, then amber, then the rest (green NI 62 and NI 68, SA45 with no RAG), by code within each
    assert list(table["code"]) == ["NI59", "NI60", "NI65", "NI66", "NI61", "NI63", "NI64", "NI67", "NI62", "NI68",
                                   "SA45"]
    reds = table["RAG (year to date)"].str.endswith("Red")
    assert reds.iloc[:4].all() and not reds.iloc[4:].any()
    ambers = table["RAG (year to date)"].str.endswith("Amber")
    assert ambers.iloc[4:8].all() and not ambers.iloc[:4].any() and not ambers.iloc[8:].any()
    # SA45: returned, but with no single assessments to count before April 2010, so no value and no RAG
    assert table.set_index("code").loc["SA45", "RAG (year to date)"] == "— No RAG"
    ni59 = table.set_index("code").loc["NI59"]
    assert ni59["Indicator"] == "NI 59"
    # 66/94 in the month; 322/525 from April to September 2009
    assert (ni59["In month"], ni59["Year to date"], ni59["Target"]) == ("70.2%", "61.3%", "78.0%")
    assert ni59["RAG (year to date)"] == "✖ Red"
    assert ni59["Vs last month"] == "⬆ Improving"  # from 65.9% (54/82, as restated) in August
    assert "7 working days" in ni59["Title"]  # the definition in force in Sep 2009
    assert ni59["Short title"] == "Initial assessments for children's social care carried out…"
    assert list(table.columns[1:3]) == ["Indicator", "Short title"]  # the words beside the code
    assert len(ni59["Trend"]) == 24 and ni59["Trend"][-1] == pytest.approx(70.21277, abs=1e-4)


def test_rag_counts_and_special_causes_from_a_literal_card():
    card = pd.DataFrame({
        "indicator": ["A1", "A2", "A3", "A4"], "title": ["a", "b", "c", "d"],
        "period": pd.to_datetime(["2009-09-01"] * 4), "value": [50.0, 60.0, None, 70.0],
        "rag": ["red", "amber", None, "green"],
        "variation": ["special_cause_concern", "common_cause", None, "special_cause_improvement"],
        "has_data": [True, True, False, True],
    })
    assert scorecard_view.rag_counts(card) == {"red": 1, "amber": 1, "green": 1, "none": 1, "special_cause_concern": 1}
    special = quality_view.special_causes(card)
    assert list(special["Indicator"]) == ["A1", "A4"]
    assert list(special["Variation"]) == ["⚠ Special cause: concern", "★ Special cause: improvement"]
    assert list(special["Month"]) == ["Sep 2009", "Sep 2009"]


@pytest.mark.parametrize("title, short", [
    ("Child protection plans lasting 2 years or more", "Child protection plans lasting 2 years or more"),
    ("Stability of placements of looked after children: number of placements",  # 71 characters
     "Stability of placements of looked after children: number…"),
    ("Core assessments for children's social care that were carried out within 35 working days",
     "Core assessments for children's social care…"),  # not "…that were…"
    ("  Spaces   inside  are   one ", "Spaces inside are one"),
    ("x" * 70, "x" * 70 + "…"),  # one long word is kept whole
    ("NI99", "NI99"),
])
def test_a_short_title_is_whole_words_within_sixty_characters(title, short):
    assert scorecard_view.short_title(title) == short
    assert short == title.strip() or len(short) <= 61 or " " not in short
