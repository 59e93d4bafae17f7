"""Case loads for the tests: tables as literal rows, written as real CSV files or one real XLSX
workbook, loaded through the real pipeline into a real DuckDB file."""
from __future__ import annotations

import csv
from pathlib import Path

import openpyxl

from checks.case_suites import CASE_TABLES

ORG = "E09000014"


def person(pid, dob="2000-06-15", sex="F", **extra):
    return {"pers_person_id": pid, "pers_dob": dob, "pers_sex": sex, "pers_ethnicity": "WBRI", **extra}


def referral(rid, pid, date, nfa="N", closed=""):
    return {"cine_referral_id": rid, "cine_person_id": pid, "cine_referral_date": date, "cine_referral_nfa": nfa,
            "cine_close_date": closed}


def assessment(aid, pid, rid, start, authorised, kind="initial"):
    return {"cina_assessment_id": aid, "cina_person_id": pid, "cina_referral_id": rid,
            "cina_assessment_start_date": start, "cina_assessment_auth_date": authorised, "cina_assessment_kind": kind}


def plan(plan_id, pid, start, end=""):
    return {"cppl_cp_plan_id": plan_id, "cppl_person_id": pid, "cppl_cp_plan_start_date": start,
            "cppl_cp_plan_end_date": end}


def cp_review(review_id, pid, plan_id, due, held=""):
    return {"cppr_cp_review_id": review_id, "cppr_person_id": pid, "cppr_cp_plan_id": plan_id,
            "cppr_cp_review_due": due, "cppr_cp_review_date": held}


def episode(eid, pid, cla, start, ceased="", entered=""):
    return {"clae_cla_episode_id": eid, "clae_person_id": pid, "clae_cla_id": cla,
            "clae_cla_episode_start_date": start, "clae_cla_episode_ceased_date": ceased,
            "clae_entered_care_date": entered}


def placement(place_id, cla, pid, start, end="", kind="U4"):
    return {"clap_cla_placement_id": place_id, "clap_cla_id": cla, "clap_person_id": pid,
            "clap_cla_placement_start_date": start, "clap_cla_placement_end_date": end,
            "clap_cla_placement_type": kind}


def cla_review(review_id, cla, due, held="", cancelled="N"):
    return {"clar_cla_review_id": review_id, "clar_cla_id": cla, "clar_cla_review_due_date": due,
            "clar_cla_review_date": held, "clar_cla_review_cancelled": cancelled}


def write_folder(folder: Path, tables: dict[str, list[dict]], extra_files: dict[str, str] | None = None) -> Path:
    """Each table as `<table>.csv` in `folder` (columns: the union of its rows' keys, in order)."""
    folder.mkdir(parents=True, exist_ok=True)
    for table, rows in tables.items():
        columns = _columns(table, rows)
        with (folder / f"{table}.csv").open("w", newline="", encoding="utf-8") as f:
            writer = csv.DictWriter(f, fieldnames=columns, extrasaction="ignore")
            writer.writeheader()
            writer.writerows(rows)
    for name, text in (extra_files or {}).items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder


def write_workbook(path: Path, tables: dict[str, list[dict]], extra_sheets: dict[str, list[list]] | None = None) -> Path:
    """One workbook with a sheet per table, named after it."""
    book = openpyxl.Workbook()
    book.remove(book.active)
    for table, rows in tables.items():
        sheet = book.create_sheet(table)
        columns = _columns(table, rows)
        sheet.append(columns)
        for row in rows:
            sheet.append([row.get(c) or None for c in columns])
    for name, cells in (extra_sheets or {}).items():
        sheet = book.create_sheet(name)
        for line in cells:
            sheet.append(line)
    book.save(path)
    return path


def _columns(table: str, rows: list[dict]) -> list[str]:
    columns = list(CASE_TABLES[table].columns) if not rows else []
    for row in rows:
        columns += [c for c in row if c not in columns]
    return columns


def minimal() -> dict[str, list[dict]]:
    """A small, valid case load touching every table."""
    return {
        "ssd_person": [person("P-0001"), person("P-0002", dob="1998-01-20", sex="M")],
        "ssd_cin_episodes": [referral("R1", "P-0001", "2009-05-01")],
        "ssd_cin_assessments": [assessment("A1", "P-0001", "R1", "2009-05-01", "2009-05-13")],
        "ssd_cp_plans": [plan("CP1", "P-0001", "2009-05-20")],
        "ssd_cp_reviews": [cp_review("CPR1", "P-0001", "CP1", "2009-08-20", "2009-08-19")],
        "ssd_cla_episodes": [episode("E1", "P-0002", "CLA1", "2008-01-01")],
        "ssd_cla_placement": [placement("PL1", "CLA1", "P-0002", "2008-01-01")],
        "ssd_cla_reviews": [cla_review("LR1", "CLA1", "2008-01-29", "2008-01-28")],
    }
