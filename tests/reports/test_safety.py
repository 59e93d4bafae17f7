"""Text from users stays text: no live formula or hyperlink in the workbook, escaped in the PDF."""
from __future__ import annotations

from loads.pipeline import load_file
from vocab import LoadStatus
from reports.build import build_pack
from tests.reports.helpers import pdf_text, sheet_xml, table, workbook

NOTES = {
    "NI59": '=HYPERLINK("http://x","y")',
    "NI60": "@SUM(A1)",
    "NI62": "+1+1",
    "NI63": "-2+3 <b>not bold</b> & <script>alert(1)</script>",
}


def test_notes_that_look_like_formulas_are_written_as_plain_strings(seeded_db, tmp_path):
    returns = tmp_path / "september <restated>.csv"
    returns.write_text(
        "indicator,period,numerator,denominator,note\n"
        f"NI59,2009-09,134,189,\"{NOTES['NI59'].replace(chr(34), chr(34) * 2)}\"\n"
        f"NI60,2009-09,51,68,{NOTES['NI60']}\n"
        f"NI62,2009-09,61,490,{NOTES['NI62']}\n"
        f"NI63,2009-09,99,155,{NOTES['NI63']}\n"
    )
    outcome = load_file(seeded_db, "returns", returns, "=cmd|' /C calc'!A0")
    assert outcome.status == LoadStatus.ACCEPTED, outcome.summary()

    result = build_pack(seeded_db, "2009-09", tmp_path / "pack", indicators=list(NOTES))
    assert result.pdf_error is None
    book = workbook(result.workbook)
    for code, note in NOTES.items():
        ws = book[code]
        row = next(r for r in table(ws, "Month") if r["Month"].strftime("%Y-%m") == "2009-09")
        assert row["Note"] == note
        cell = next(c for line in ws.iter_rows() for c in line if c.value == note)
        assert cell.data_type == "s"
        assert cell.quotePrefix is True  # Excel keeps it text even when someone edits the cell
    loads = table(book["Provenance"], "Load")
    mine = next(r for r in loads if r["File name"] == "september <restated>.csv")
    assert mine["Loaded by"] == "=cmd|' /C calc'!A0"
    for name, xml in sheet_xml(result.workbook).items():
        assert "<f>" not in xml and "<f " not in xml, f"{name} holds a formula"
        assert "<hyperlink" not in xml, f"{name} holds a hyperlink"

    text = pdf_text(result.pdf)
    assert "<b>not bold</b> & <script>alert(1)</script>" in text  # escaped: printed, not interpreted
    assert '=HYPERLINK("http://x","y")' in text
