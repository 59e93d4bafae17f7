"""Case records uploaded through the dashboard (loads/case_uploads.py): one workbook or several files,
read through the same checks as `pidash load cases`, nothing written; names cannot leave the folder."""
from __future__ import annotations

import pytest

from loads.case_uploads import prepare_upload, safe_name, source_name, too_big_or_unsupported
from loads.cases import commit_cases
from tests.cases.casefiles import assessment, minimal, write_folder, write_workbook
from vocab import LoadStatus


def uploads(folder) -> list[tuple[str, bytes]]:
    return [(p.name, p.read_bytes()) for p in sorted(folder.iterdir())]


def loads(con):
    return con.execute("SELECT count(*) FROM load").fetchall()[0][0]


@pytest.mark.parametrize("name, safe", [
    ("ssd_person.csv", "ssd_person.csv"),
    ("../../etc/ssd_person.csv", "ssd_person.csv"),
    ("C:\\exports\\ssd_person.csv", "ssd_person.csv"),
    ("..", "upload-3"),
    (".hidden.csv", "upload-3"),
    ("", "upload-3"),
])
def test_an_uploads_name_is_only_ever_a_file_name(name, safe):
    assert safe_name(name, 3) == safe


def test_several_files_at_once_are_checked_as_a_folder_and_nothing_is_written(fresh_db, tmp_path):
    before = loads(fresh_db)
    prepared = prepare_upload(fresh_db, uploads(write_folder(tmp_path / "f", minimal())))
    assert prepared.accepted, prepared.report.text()
    assert sorted(prepared.supplied) == sorted(minimal())
    assert prepared.source == ", ".join(sorted(f"{t}.csv" for t in minimal()))
    assert loads(fresh_db) == before
    outcome = commit_cases(fresh_db, prepared, "officer")
    assert outcome.status == LoadStatus.ACCEPTED
    assert fresh_db.execute("SELECT file_name FROM load WHERE id = ?", [outcome.load_id]).fetchall() == [
        (prepared.source,)]


def test_one_workbook_is_read_sheet_by_sheet(fresh_db, tmp_path):
    book = write_workbook(tmp_path / "may.xlsx", minimal())
    prepared = prepare_upload(fresh_db, [("may.xlsx", book.read_bytes())])
    assert prepared.accepted, prepared.report.text()
    assert prepared.source == "may.xlsx"
    assert {f.file_name for f in prepared.files} == {f"may.xlsx, sheet {t}" for t in minimal()}


def test_two_uploads_with_one_name_reject_the_load(fresh_db, tmp_path):
    files = uploads(write_folder(tmp_path / "f", minimal()))
    prepared = prepare_upload(fresh_db, files + [files[0]])
    assert not prepared.accepted
    assert [f.rule for f in prepared.report.file_errors] == [
        f"two uploaded files are named {files[0][0]}; upload one of them"]


def test_errors_name_the_uploaded_file_row_and_rule(fresh_db, tmp_path):
    tables = minimal()
    tables["ssd_cin_assessments"].append(assessment("A9", "P-9999", "R1", "2009-05-01", "2009-05-06"))
    prepared = prepare_upload(fresh_db, uploads(write_folder(tmp_path / "f", tables)))
    assert not prepared.accepted
    [failure] = prepared.report.failures
    assert (failure.file, failure.row, failure.column) == ("ssd_cin_assessments.csv", 3, "cina_person_id")
    assert failure.rule.startswith("C102: names a person that is not in ssd_person")


def test_a_case_load_without_ssd_person_is_named_by_its_files_not_a_temporary_folder(fresh_db, tmp_path):
    tables = {k: v for k, v in minimal().items() if k != "ssd_person"}
    prepared = prepare_upload(fresh_db, uploads(write_folder(tmp_path / "f", tables)))
    [problem] = prepared.report.file_errors
    assert problem.file == prepared.source and "ssd_cin_assessments.csv" in problem.file
    assert "must include ssd_person" in problem.rule


def test_a_wrong_type_or_size_is_refused_before_reading():
    assert too_big_or_unsupported([("ssd_person.csv", b"x" * 10), ("notes.pdf", b"%PDF")], 1024) == [
        "notes.pdf: '.pdf' files are not supported; use CSV (UTF-8) or XLSX"]
    assert too_big_or_unsupported([("ssd_person.csv", b"x" * 2048)], 1024)[0].startswith("ssd_person.csv: the file is")


def test_a_long_list_of_names_is_shortened_for_the_load_history():
    names = [f"ssd_table_{n:03d}.csv" for n in range(40)]
    assert source_name(names[:2]) == "ssd_table_000.csv, ssd_table_001.csv"
    short = source_name(names)
    assert len(short) <= 200 and short.endswith("(40 files)")
