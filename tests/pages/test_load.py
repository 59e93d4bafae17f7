"""The Load page under AppTest: check an upload, read the report, confirm, and the caches refresh."""
import io

import openpyxl

from data import store
from tests.helpers import HOME, snapshot
from tests.pages.apptest import start, text

BAD = b"indicator,period,numerator,denominator\nNI59,2011-04,12,10\nNI60,2011-13,3,10\n"


def xlsx(rows) -> bytes:
    book = openpyxl.Workbook()
    for row in rows:
        book.active.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def loads(path):
    con = store.connect(path)
    try:
        return con.execute("SELECT id, kind, file_name, status, rows FROM load ORDER BY id").fetchall()
    finally:
        con.close()


def test_the_page_offers_a_template_and_explains_what_to_do(seeded_path, monkeypatch):
    at = start(seeded_path, monkeypatch, "pages/load.py")
    assert not at.exception
    assert at.title[0].value == "Load"
    assert at.selectbox(key="load_table").value == "returns"
    assert "Required columns: indicator, period, numerator, denominator." in text(at.caption[1])
    assert [b.proto.label for b in at.get("download_button")] == ["Blank template (CSV)"]
    assert "Choose a file to check it." in text(at.info[0])
    at.selectbox(key="load_table").set_value("targets").run()
    assert "Required columns: indicator, year, target, tolerance." in text(at.caption[1])


def test_a_malformed_file_is_rejected_naming_row_and_column_and_nothing_is_written(seeded_path, monkeypatch):
    con = store.connect(seeded_path)
    before = snapshot(con)
    con.close()
    held = loads(seeded_path)
    at = start(seeded_path, monkeypatch, "pages/load.py")
    at.get("file_uploader")[0].upload("april.csv", BAD, "text/csv")
    at.run()
    assert not at.exception
    assert text(at.error[0]).splitlines() == [
        "april.csv: rejected, 2 problem(s) found. Nothing has been written. "
        "Correct the rows below and upload the file again.  ",
        "row 2, column 'numerator', value '12': numerator must not be more than the denominator  ",
        "row 3, column 'period', value '2011-13': must be a month written YYYY-MM, such as 2009-09",
    ]
    failing = at.dataframe[0].value
    assert failing.to_dict("records") == [
        {"File": "april.csv", "Row": "2", "Column": "numerator", "Value": "12",
         "Rule": "numerator must not be more than the denominator"},
        {"File": "april.csv", "Row": "3", "Column": "period", "Value": "2011-13",
         "Rule": "must be a month written YYYY-MM, such as 2009-09"},
    ]
    assert [b.label for b in at.button] == ["Record this rejected file in the load history"]
    assert loads(seeded_path) == held  # checking wrote nothing
    at.button(key="load_record_rejection").click().run()
    assert not at.exception
    next_id = held[-1][0] + 1
    assert f"recorded as rejected load {next_id}" in text(at.warning[0])
    assert loads(seeded_path) == [*held, (next_id, "returns", "april.csv", "rejected", 2)]
    con = store.connect(seeded_path)
    assert snapshot(con) == before
    con.close()


def test_a_file_that_cannot_be_read_is_rejected_with_the_reason(seeded_path, monkeypatch):
    at = start(seeded_path, monkeypatch, "pages/load.py")
    at.get("file_uploader")[0].upload("april.xlsx", b"this is not a workbook",
                                      "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    at.run()
    assert not at.exception
    assert text(at.error[0]).startswith("april.xlsx: rejected, 1 problem(s) found.")
    reason = at.dataframe[0].value.iloc[0]
    assert (reason["File"], reason["Row"], reason["Column"]) == ("april.xlsx", "", "")
    assert reason["Rule"] == "the file is not a readable XLSX workbook (it is not a valid zip archive)"


def test_an_xlsx_return_is_checked_then_loaded_on_confirm_and_every_page_sees_it(seeded_path, monkeypatch):
    content = xlsx([["indicator", "period", "numerator", "denominator", "note"],
                    ["NI59", "2011-04", 150, 180, "April return"],
                    ["NI60", "2011-04", 60, 80, None]])
    held = loads(seeded_path)
    next_id = held[-1][0] + 1
    at = start(seeded_path, monkeypatch)
    assert at.selectbox(key="period").value == "2011-03"
    at.switch_page("pages/load.py").run()
    at.get("file_uploader")[0].upload("april.xlsx", content,
                                      "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    at.run()
    assert not at.exception
    assert text(at.success[0]) == "april.xlsx: 2 rows passed all 19 checks. Nothing has been written yet."
    preview = at.dataframe[0].value
    assert list(preview["indicator"]) == ["NI59", "NI60"] and list(preview["Row"]) == ["2", "3"]
    assert loads(seeded_path) == held
    at.button(key="load_confirm").click().run()
    assert not at.exception
    assert text(at.success[0]) == (
        f"april.xlsx: accepted as load {next_id} into returns: 2 rows (2 new, 0 restated, 0 unchanged)")
    assert at.get("file_uploader")[0].value is None  # a fresh uploader: the file is not offered twice
    assert loads(seeded_path) == [*held, (next_id, "returns", "april.xlsx", "accepted", 2)]
    assert at.selectbox(key="period").options[0] == "Apr 2011"  # the cached months were cleared
    at.switch_page("pages/scorecard.py").run()
    assert not at.exception
    shown = at.dataframe[0].value.set_index("code")
    assert at.selectbox(key="period").value == "2011-03"  # the chosen month stays chosen
    at.selectbox(key="period").set_value("2011-04").run()
    shown = at.dataframe[0].value.set_index("code")
    assert shown.loc["NI59", "In month"] == "83.3%"
    assert shown.loc["NI61", "In month"] == "no return"
    con = store.connect(seeded_path)
    note = con.execute("SELECT note FROM indicator_return WHERE org = ? AND indicator = 'NI59' "
                       "AND period = DATE '2011-04-01'", [HOME]).fetchall()
    con.close()
    assert note == [("April return",)]
