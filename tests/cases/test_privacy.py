"""Privacy of case records: no case-system person id, and nothing from a dropped column, anywhere
in the database file's bytes (accepted and rejected loads alike); dates of birth kept as months;
the pseudonymisation secret outside the database, readable by its owner only."""
from __future__ import annotations

import os
import shutil
import stat

import pytest

from data import store
from loads import pseudonym
from loads.bootstrap import init_database
from loads.cases import load_cases
from vocab import LoadStatus

from tests.cases.casefiles import (assessment, cla_review, cp_review, episode, person, placement, plan, referral,
                                   write_folder)
from tests.helpers import HOME

RAW_IDS = ["CHILD-7f3a-0001", "CHILD-7f3a-0002"]
DROPPED = {"pers_forename": ["Zebedee", "Quintessa"], "pers_surname": ["Okonkwo-Marsh", "Fairweather-Lyle"],
           "pers_address": ["12 Acacia Avenue", "3 Larkspur Close"], "pers_postcode": ["N17 9ZQ", "N15 3XW"],
           "pers_nhs_number": ["9434765919", "4857773456"], "pers_upn": ["A123456789012", "B987654321098"]}
SECRETS = [*RAW_IDS, *(v for values in DROPPED.values() for v in values), "2001-05-17", "1998-11-23"]


def identifying_tables() -> dict[str, list[dict]]:
    a, b = RAW_IDS
    people = [person(a, dob="2001-05-17"), person(b, dob="1998-11-23", sex="M")]
    for column, values in DROPPED.items():
        for row, value in zip(people, values):
            row[column] = value
    return {
        "ssd_person": people,
        "ssd_cin_episodes": [referral("R1", a, "2009-05-01")],
        "ssd_cin_assessments": [assessment("A1", a, "R1", "2009-05-01", "2009-05-13")],
        "ssd_cp_plans": [plan("CP1", a, "2009-05-20")],
        "ssd_cp_reviews": [cp_review("CPR1", a, "CP1", "2009-08-20", "2009-08-19")],
        "ssd_cla_episodes": [episode("E1", b, "CLA1", "2008-01-01")],
        "ssd_cla_placement": [placement("PL1", "CLA1", b, "2008-01-01")],
        "ssd_cla_reviews": [cla_review("LR1", "CLA1", "2008-01-29", "2008-01-28")],
    }


@pytest.fixture
def plain_db(fresh_path):
    """The fresh database, its strings stored uncompressed so a byte search finds any that are there."""
    con = store.connect(fresh_path)
    con.execute("PRAGMA force_compression='uncompressed'")
    yield con
    con.close()


def test_no_raw_id_or_dropped_value_anywhere_in_the_database_files_bytes(plain_db, fresh_path, tmp_path):
    tables = identifying_tables()
    accepted = load_cases(plain_db, write_folder(tmp_path / "good", tables), "test-officer")
    assert accepted.status == LoadStatus.ACCEPTED, accepted.summary()
    tables["ssd_person"].append(dict(tables["ssd_person"][0]))  # the same child twice: rejected
    tables["ssd_cin_assessments"][0]["cina_assessment_auth_date"] = "2009-04-30"
    refused = load_cases(plain_db, write_folder(tmp_path / "bad", tables), "test-officer")
    assert refused.status == LoadStatus.REJECTED
    key = pseudonym.load_key(plain_db, create=False)
    kept = pseudonym.pseudonym(key, HOME, RAW_IDS[0])
    plain_db.execute("CHECKPOINT")
    plain_db.close()
    found = fresh_path.read_bytes() + (fresh_path.with_suffix(".duckdb.wal").read_bytes()
                                       if fresh_path.with_suffix(".duckdb.wal").exists() else b"")
    assert kept.encode() in found  # the search can find what is there: the pseudonymous id
    assert b"ssd_person.csv" in found  # and the file names in the load history
    leaked = [s for s in SECRETS if s.encode() in found]
    assert leaked == []


def test_every_text_column_of_every_table_is_free_of_raw_ids_and_dropped_values(fresh_db, tmp_path):
    assert load_cases(fresh_db, write_folder(tmp_path / "cases", identifying_tables()),
                      "test-officer").status == LoadStatus.ACCEPTED
    columns = fresh_db.execute("SELECT table_name, column_name FROM information_schema.columns "
                               "WHERE data_type IN ('VARCHAR', 'JSON') AND table_schema = 'main'").fetchall()
    assert ("ssd_person", "pers_person_id") in columns and ("load", "report") in columns
    for table, column in columns:
        text = fresh_db.execute(f'SELECT string_agg("{column}"::VARCHAR, \'|\') FROM "{table}"').fetchall()[0][0] or ""
        assert [s for s in SECRETS if s in text] == [], f"{table}.{column}"
    assert not fresh_db.execute("SELECT count(*) FROM information_schema.columns WHERE column_name IN "
                                "('pers_forename', 'pers_surname', 'pers_address', 'pers_postcode', "
                                "'pers_nhs_number', 'pers_upn')").fetchall()[0][0]


def test_a_date_of_birth_is_kept_as_its_month(fresh_db, tmp_path):
    load_cases(fresh_db, write_folder(tmp_path / "cases", identifying_tables()), "test-officer")
    assert sorted(str(d) for (d,) in fresh_db.execute("SELECT pers_dob FROM ssd_person").fetchall()) == [
        "1998-11-01", "2001-05-01"]


def test_the_same_key_gives_the_same_pseudonymous_ids_and_another_organisation_others(fresh_db, tmp_path):
    first = load_cases(fresh_db, write_folder(tmp_path / "one", identifying_tables()), "test-officer")
    second = load_cases(fresh_db, write_folder(tmp_path / "two", identifying_tables()), "test-officer")
    ids = fresh_db.execute("SELECT load_id, pers_person_id FROM ssd_person ORDER BY load_id, pers_person_id").fetchall()
    by_load = {load: sorted(p for l, p in ids if l == load) for load in (first.load_id, second.load_id)}
    assert by_load[first.load_id] == by_load[second.load_id]
    assert all(len(p) == 24 and int(p, 16) >= 0 for p in by_load[first.load_id])
    key = pseudonym.load_key(fresh_db, create=False)
    assert pseudonym.pseudonym(key, HOME, RAW_IDS[0]) != pseudonym.pseudonym(key, "E09000099", RAW_IDS[0])


def test_init_makes_the_key_beside_the_database_readable_by_its_owner_only(tmp_path, monkeypatch):
    monkeypatch.delenv("PIDASH_KEY_FILE", raising=False)
    path = tmp_path / "new.duckdb"
    con = store.connect(path)
    init_database(con, "test-officer", home=(HOME, "Haringey"))
    con.close()
    key = tmp_path / "new.duckdb.key"
    assert key.is_file() and stat.S_IMODE(key.stat().st_mode) == 0o600
    text = key.read_text().strip()
    assert len(text) == 64 and int(text, 16) >= 0
    assert text.encode() not in path.read_bytes()


def test_pidash_key_file_names_where_the_key_is(fresh_db, tmp_path, monkeypatch):
    elsewhere = tmp_path / "secrets" / "pidash.key"
    monkeypatch.setenv("PIDASH_KEY_FILE", str(elsewhere))
    assert load_cases(fresh_db, write_folder(tmp_path / "cases", identifying_tables()),
                      "test-officer").status == LoadStatus.ACCEPTED
    assert elsewhere.is_file() and stat.S_IMODE(elsewhere.stat().st_mode) == 0o600
    stored = fresh_db.execute("SELECT pers_person_id FROM ssd_person ORDER BY 1").fetchall()
    key = bytes.fromhex(elsewhere.read_text().strip())
    assert sorted((pseudonym.pseudonym(key, HOME, p),) for p in RAW_IDS) == stored


def test_a_lost_key_or_one_others_can_read_stops_a_case_load(fresh_db, fresh_path, tmp_path, monkeypatch):
    monkeypatch.delenv("PIDASH_KEY_FILE", raising=False)
    load_cases(fresh_db, write_folder(tmp_path / "cases", identifying_tables()), "test-officer")
    key = pseudonym.key_path(fresh_db)
    assert key == fresh_path.parent / (fresh_path.name + ".key")
    os.chmod(key, 0o644)
    with pytest.raises(pseudonym.KeyProblem, match="can be read by others"):
        load_cases(fresh_db, tmp_path / "cases", "test-officer")
    shutil.move(key, tmp_path / "kept-elsewhere.key")
    with pytest.raises(pseudonym.KeyProblem, match="missing but this database already holds case records"):
        load_cases(fresh_db, tmp_path / "cases", "test-officer")
    assert not key.exists()
