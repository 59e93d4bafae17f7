"""What the pages say about case records, without streamlit: not-computed months, the audit trail's rows."""
import json

import pandas as pd
import pytest

from ui import records_view


@pytest.mark.parametrize("code, source, said", [
    ("NI61", None, "NI 61 is not computed from case records"),
    ("NI59", None, "There is no figure for NI 59 in May 2009"),
    ("NI59", {"load_id": 7, "case_load": None}, "was loaded as a return (load 7), not computed from case records"),
])
def test_a_month_without_records_behind_it_says_why(code, source, said):
    assert not records_view.is_computed(source)
    assert said in records_view.not_computed_text(code, "2009-05", source)


def test_a_computed_month_is_one_whose_return_came_from_a_case_load():
    assert records_view.is_computed({"load_id": 14, "case_load": 13})
    assert records_view.other_case_load_note(13, {"load_id": 14, "case_load": 13}) is None
    assert "computed from case load 13" in records_view.other_case_load_note(20, {"load_id": 14, "case_load": 13})


def test_the_audit_trail_reads_as_words_newest_first():
    events = pd.DataFrame({
        "id": [2, 1], "happened_at": pd.to_datetime(["2026-12-01 09:30", "2026-12-01 09:00"]),
        "who": ["boss@example.gov.uk", "officer@example.gov.uk"],
        "event": ["evidence_pack_built", "export_downloaded"], "org": ["E09000014", None],
        "indicator": [None, "NI59"], "period": [pd.Timestamp("2009-09-01"), None],
        "detail": [json.dumps({"publish": False, "indicators": ["NI59", "NI60"]}), "not json"],
    })
    shown = records_view.audit_table(events).to_dict("records")
    assert shown == [
        {"When": "01 Dec 2026 09:30", "Who": "boss@example.gov.uk", "Event": "Built an evidence pack",
         "Organisation": "E09000014", "Indicator": "—", "Month": "Sep 2009", "Detail": "publish: no; indicators: NI59, NI60"},
        {"When": "01 Dec 2026 09:00", "Who": "officer@example.gov.uk", "Event": "Downloaded a file",
         "Organisation": "—", "Indicator": "NI 59", "Month": "—", "Detail": "not json"},
    ]


def test_findings_name_rule_table_row_and_field_never_a_person():
    findings = [{"code": "C902Q", "severity": "query", "table": "ssd_cin_episodes", "row": 7, "field": "cine_referral_date",
                 "person": "3d90d0f775aa4725084296d5", "message": "please check: the child was 18 or over at referral"}]
    shown = records_view.case_findings_table(findings)
    assert shown.to_dict("records") == [{"Kind": "? Query", "Rule code": "C902Q", "Table": "ssd_cin_episodes",
                                         "Row": "7", "Field": "cine_referral_date",
                                         "Rule": "please check: the child was 18 or over at referral"}]
    assert "3d90d0f775aa4725084296d5" not in shown.to_csv()


def test_the_records_file_name_is_made_safe():
    assert records_view.records_file_name("NI59", "E09000099", "2009-05") == "records-NI59-E09000099-2009-05.csv"
    assert records_view.records_file_name("NI59", "../x", "2009-05") == "records-NI59-_x-2009-05.csv"
