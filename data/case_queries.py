"""Case records in the store: writing a case load's rows, finding the case load in force for an
organisation, and running the indicator definitions (data/computed/*.sql) over it.

Every case row keeps its organisation and the case load that brought it; a later case load for the
same organisation is a new version beside the earlier one (nothing is deleted), and every query
here reads one case load: the latest accepted one for the organisation, unless told which.
"""
from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import duckdb
import pandas as pd

from data.store import DATA_DIR
from indicators.case_indicators import RECORD_COLUMNS, working_day_calendar

COMPUTED_DIR = DATA_DIR / "computed"
CASE_LOAD_KIND = "cases"

# The case tables in the order they are written, and one INSERT for each (literal SQL, so
# tests/data/test_sql_safety.py can see no table name is built from a file).
CASE_TABLE_NAMES = ["ssd_person", "ssd_cin_episodes", "ssd_cin_assessments", "ssd_cp_plans", "ssd_cp_reviews",
                    "ssd_cla_episodes", "ssd_cla_placement", "ssd_cla_reviews"]
INSERTS = [
    "INSERT INTO ssd_person BY NAME SELECT * FROM incoming_case_rows",
    "INSERT INTO ssd_cin_episodes BY NAME SELECT * FROM incoming_case_rows",
    "INSERT INTO ssd_cin_assessments BY NAME SELECT * FROM incoming_case_rows",
    "INSERT INTO ssd_cp_plans BY NAME SELECT * FROM incoming_case_rows",
    "INSERT INTO ssd_cp_reviews BY NAME SELECT * FROM incoming_case_rows",
    "INSERT INTO ssd_cla_episodes BY NAME SELECT * FROM incoming_case_rows",
    "INSERT INTO ssd_cla_placement BY NAME SELECT * FROM incoming_case_rows",
    "INSERT INTO ssd_cla_reviews BY NAME SELECT * FROM incoming_case_rows",
]


def database_file(con: duckdb.DuckDBPyConnection) -> Path | None:
    """The file the connection's database lives in; None for an in-memory one."""
    rows = con.execute("SELECT path FROM duckdb_databases() WHERE database_name = current_database()").fetchall()
    return Path(rows[0][0]) if rows and rows[0][0] else None


def holds_case_records(con: duckdb.DuckDBPyConnection) -> bool:
    """True once any case load has been accepted."""
    return bool(con.execute("SELECT count(*) FROM ssd_person").fetchall()[0][0])


def write_case_rows(con: duckdb.DuckDBPyConnection, table: str, frame: pd.DataFrame) -> int:
    """Insert a case table's typed rows (columns named as the table's, `org` and `load_id` among
    them) in the caller's transaction; returns the number of rows."""
    index = CASE_TABLE_NAMES.index(table)  # ValueError for a table that is not a case table
    if frame.empty:
        return 0
    con.register("incoming_case_rows", frame)
    try:
        con.execute(INSERTS[index])
    finally:
        con.unregister("incoming_case_rows")
    return len(frame)


def organisation_kind(con: duckdb.DuckDBPyConnection, code: str) -> str | None:
    """An organisation's kind (vocab.OrgKind value), or None when pidash does not know it."""
    rows = con.execute("SELECT kind FROM organisation WHERE code = ?", [code]).fetchall()
    return rows[0][0] if rows else None


def latest_case_load(con: duckdb.DuckDBPyConnection, org: str) -> int | None:
    """The id of the latest accepted case load for `org`, or None."""
    return con.execute(
        "SELECT max(id) FROM load WHERE kind = ? AND status = 'accepted' AND json_extract_string(report, '$.org') = ?",
        [CASE_LOAD_KIND, org],
    ).fetchall()[0][0]


def case_loads(con: duckdb.DuckDBPyConnection, org: str | None = None) -> pd.DataFrame:
    """Every case load, newest first: id, org, file_name, sha256, rows, loaded_at, loaded_by, status,
    and the derived returns load computed from it (derived_load, missing for a rejected one)."""
    return con.execute(
        """
        SELECT l.id, json_extract_string(l.report, '$.org') AS org, l.file_name, l.sha256, l.rows, l.loaded_at,
               l.loaded_by, l.status, d.id AS derived_load
        FROM load l LEFT JOIN load d ON d.derived_from = l.id
        WHERE l.kind = ? AND (? IS NULL OR json_extract_string(l.report, '$.org') = ?)
        ORDER BY l.id DESC
        """,
        [CASE_LOAD_KIND, org, org],
    ).df()


def case_load_report(con: duckdb.DuckDBPyConnection, load_id: int) -> str | None:
    """A case load's report (JSON text): its files, dropped columns, checks and rule findings."""
    rows = con.execute("SELECT report FROM load WHERE id = ? AND kind = ?", [load_id, CASE_LOAD_KIND]).fetchall()
    return rows[0][0] if rows else None


def event_dates(con: duckdb.DuckDBPyConnection, load_id: int) -> tuple[dt.date | None, dt.date | None]:
    """The earliest and latest date of anything that happened in a case load (dates of birth and
    review due dates are not events)."""
    row = con.execute(
        """
        SELECT min(d), max(d) FROM (
            SELECT cine_referral_date AS d FROM ssd_cin_episodes WHERE load_id = $load
            UNION ALL SELECT cine_close_date FROM ssd_cin_episodes WHERE load_id = $load
            UNION ALL SELECT cina_assessment_start_date FROM ssd_cin_assessments WHERE load_id = $load
            UNION ALL SELECT cina_assessment_auth_date FROM ssd_cin_assessments WHERE load_id = $load
            UNION ALL SELECT cppl_cp_plan_start_date FROM ssd_cp_plans WHERE load_id = $load
            UNION ALL SELECT cppl_cp_plan_end_date FROM ssd_cp_plans WHERE load_id = $load
            UNION ALL SELECT cppr_cp_review_date FROM ssd_cp_reviews WHERE load_id = $load
            UNION ALL SELECT clae_cla_episode_start_date FROM ssd_cla_episodes WHERE load_id = $load
            UNION ALL SELECT clae_cla_episode_ceased_date FROM ssd_cla_episodes WHERE load_id = $load
            UNION ALL SELECT clae_entered_care_date FROM ssd_cla_episodes WHERE load_id = $load
            UNION ALL SELECT clap_cla_placement_start_date FROM ssd_cla_placement WHERE load_id = $load
            UNION ALL SELECT clap_cla_placement_end_date FROM ssd_cla_placement WHERE load_id = $load
            UNION ALL SELECT clar_cla_review_date FROM ssd_cla_reviews WHERE load_id = $load
        )
        """,
        {"load": load_id},
    ).fetchall()[0]
    return row[0], row[1]


def _calendar_bounds(con: duckdb.DuckDBPyConnection, load_id: int) -> tuple[dt.date, dt.date]:
    """Every date a definition counts working days between, with review due dates too."""
    first, last = event_dates(con, load_id)
    due = con.execute(
        """
        SELECT min(d), max(d) FROM (
            SELECT cppr_cp_review_due AS d FROM ssd_cp_reviews WHERE load_id = $load
            UNION ALL SELECT clar_cla_review_due_date FROM ssd_cla_reviews WHERE load_id = $load
        )
        """,
        {"load": load_id},
    ).fetchall()[0]
    known = [d for d in (first, last, *due) if d is not None]
    if not known:
        today = dt.date.today()
        return today, today
    return min(known), max(known)


# --- the definitions ------------------------------------------------------------------------

_FILE = re.compile(r"^([a-z0-9]+)_v([0-9]+)\.sql$")


def definition_files() -> dict[tuple[str, int], Path]:
    """(indicator code, definition version) → its query, for every data/computed/<code>_v<N>.sql."""
    found = {}
    for path in sorted(COMPUTED_DIR.glob("*.sql")):
        match = _FILE.match(path.name)
        if match:
            found[(match.group(1).upper(), int(match.group(2)))] = path
    return found


def definition_text(code: str, version: int) -> str:
    """The words heading a definition's query (its leading comment lines, without the dashes)."""
    lines = []
    for line in definition_files()[(code, int(version))].read_text(encoding="utf-8").splitlines():
        if not line.startswith("--"):
            break
        lines.append(line[2:].strip())
    return " ".join(" ".join(lines).split())


def computable_versions(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """The catalogue's definition versions that have a query: code, version, valid_from, valid_to, file."""
    files = definition_files()
    catalogue = con.execute("SELECT code, version, valid_from, valid_to FROM indicator ORDER BY code, version").df()
    keys = list(zip(catalogue["code"], catalogue["version"].astype(int)))
    catalogue["file"] = [files[k].name if k in files else None for k in keys]
    return catalogue[catalogue["file"].notna()].reset_index(drop=True)


def definition_calendar(con: duckdb.DuckDBPyConnection, load_id: int, first: dt.date, last: dt.date):
    """The working-day calendar (indicators.case_indicators.working_day_calendar) the definitions'
    queries join to, for the months `first` to `last` of a case load: every day from the earliest
    date in the load (or `first`) to the latest (or `last`'s end), as an Arrow table (`day` a
    DATE, `n`). One serves every definition whose months lie within `first` to `last`: the queries
    read only differences of `n`, which do not depend on where the calendar starts."""
    import pyarrow as pa

    low, high = _calendar_bounds(con, load_id)
    return pa.Table.from_pandas(working_day_calendar(min(low, first), max(high, _month_end(last))),
                                preserve_index=False)


def run_definition(con: duckdb.DuckDBPyConnection, code: str, version: int, load_id: int,
                   first: dt.date, last: dt.date, calendar=None) -> pd.DataFrame:
    """The records one definition version counts in a case load, for every month from `first` to
    `last` (month starts): one row each, in the columns of indicators.case_indicators.RECORD_COLUMNS.

    The query is the package's own file (definition_files), never text from outside; the case
    load and months go in as parameters, and the working-day calendar as a registered frame
    (`calendar`: definition_calendar's for months including these, made once for many queries).
    """
    path = definition_files().get((code, int(version)))
    if path is None:
        raise ValueError(f"no query for {code} definition version {version} in {COMPUTED_DIR}")
    sql = path.read_text(encoding="utf-8")
    if calendar is None:
        calendar = definition_calendar(con, load_id, first, last)
    con.register("working_day", calendar)
    try:
        records = con.execute(sql, {"load": int(load_id), "first": first, "last": last}).df()
    finally:
        con.unregister("working_day")
    missing = [c for c in RECORD_COLUMNS if c not in records.columns]
    if missing:
        raise ValueError(f"{path.name} does not return the columns {', '.join(missing)}")
    return records[RECORD_COLUMNS]


def _month_end(month: dt.date) -> dt.date:
    following = dt.date(month.year + (month.month == 12), month.month % 12 + 1, 1)
    return following - dt.timedelta(days=1)


# --- read-only: where a figure came from, and the lists an inspection asks for ---------------

def case_load_in_force(con: duckdb.DuckDBPyConnection, org: str, upto: int | None = None) -> int | None:
    """The latest accepted case load for `org`; with `upto`, the latest whose id is at most `upto`
    (the one in force when the load `upto` was the newest: a pack as signed off)."""
    return con.execute(
        "SELECT max(id) FROM load WHERE kind = ? AND status = 'accepted' AND json_extract_string(report, '$.org') = ? "
        "AND (? IS NULL OR id <= ?)",
        [CASE_LOAD_KIND, org, upto, upto],
    ).fetchall()[0][0]


def figure_source(con: duckdb.DuckDBPyConnection, org: str, indicator: str, period: dt.date) -> dict | None:
    """Where the current figure of `indicator` for `org` in `period` (a month's first day) came
    from: {"load_id": its returns load, "case_load": the latest case load that computed it, or None
    when it was loaded as a return}; None when there is no current figure. A later case load that
    computed the same figure leaves the row with the earlier load (unchanged is not restated), so
    the derived loads' provenance says which months each computed."""
    rows = con.execute(
        """
        SELECT r.load_id, c.id,
               (SELECT max(d.derived_from)
                  FROM load d, unnest(CAST(json_extract(d.report, '$.provenance.definitions') AS JSON[])) AS u(def)
                 WHERE d.derived_from >= c.id AND d.status = 'accepted'
                   AND json_extract_string(d.report, '$.provenance.org') = r.org
                   AND json_extract_string(u.def, '$.indicator') = r.indicator
                   AND json_extract_string(u.def, '$.first_month') <= strftime(r.period, '%Y-%m')
                   AND json_extract_string(u.def, '$.last_month') >= strftime(r.period, '%Y-%m'))
        FROM indicator_return r
        JOIN load d ON d.id = r.load_id
        LEFT JOIN load c ON c.id = d.derived_from AND c.kind = ?
        WHERE r.org = ? AND r.indicator = ? AND r.period = ? AND r.superseded_by IS NULL
        """,
        [CASE_LOAD_KIND, org, indicator, period],
    ).fetchall()
    if not rows:
        return None
    load_id, first, latest = rows[0]
    return {"load_id": int(load_id), "case_load": None if first is None else int(latest or first)}


def children_on_plans(con: duckdb.DuckDBPyConnection, load_id: int, day: dt.date) -> pd.DataFrame:
    """The child protection plans of a case load open on `day` (started on or before it, not ended
    by it), one row each: person_id (pseudonymous), sex, ethnicity, dob (its month's first day),
    plan_start, earlier_plans (the child's plans that ended on or before this one started) and
    latest_review (the latest review of the plan held on or before `day`); oldest plan first."""
    return con.execute(
        """
        SELECT p.cppl_person_id AS person_id, s.pers_sex AS sex, s.pers_ethnicity AS ethnicity, s.pers_dob AS dob,
               p.cppl_cp_plan_start_date AS plan_start,
               (SELECT count(*) FROM ssd_cp_plans e
                 WHERE e.load_id = p.load_id AND e.cppl_person_id = p.cppl_person_id
                   AND e.cppl_cp_plan_end_date <= p.cppl_cp_plan_start_date) AS earlier_plans,
               (SELECT max(r.cppr_cp_review_date) FROM ssd_cp_reviews r
                 WHERE r.load_id = p.load_id AND r.cppr_cp_plan_id = p.cppl_cp_plan_id
                   AND r.cppr_cp_review_date <= $day) AS latest_review
        FROM ssd_cp_plans p
        LEFT JOIN ssd_person s ON s.load_id = p.load_id AND s.pers_person_id = p.cppl_person_id
        WHERE p.load_id = $load AND p.cppl_cp_plan_start_date <= $day
          AND (p.cppl_cp_plan_end_date IS NULL OR p.cppl_cp_plan_end_date > $day)
        ORDER BY plan_start, person_id
        """,
        {"load": int(load_id), "day": day},
    ).df()


def children_looked_after(con: duckdb.DuckDBPyConnection, load_id: int, day: dt.date) -> pd.DataFrame:
    """The children of a case load looked after on `day` (an episode of care started on or before
    it and not ceased by it), one row per child: person_id (pseudonymous), sex, ethnicity, dob (its
    month's first day), looked_after_since (the period of care's entered-care date, else its first
    episode's start), placement_type and placement_start (the placement open on `day`, if any) and
    latest_review (the latest review of the period of care held on or before `day`); longest
    looked after first."""
    return con.execute(
        """
        WITH open_episode AS (
            SELECT e.*, row_number() OVER (PARTITION BY e.clae_person_id
                                           ORDER BY e.clae_cla_episode_start_date DESC, e.clae_cla_episode_id) AS n
            FROM ssd_cla_episodes e
            WHERE e.load_id = $load AND e.clae_cla_episode_start_date <= $day
              AND (e.clae_cla_episode_ceased_date IS NULL OR e.clae_cla_episode_ceased_date > $day)
        ), open_placement AS (
            SELECT q.*, row_number() OVER (PARTITION BY q.clap_person_id
                                           ORDER BY q.clap_cla_placement_start_date DESC, q.clap_cla_placement_id) AS n
            FROM ssd_cla_placement q
            WHERE q.load_id = $load AND q.clap_cla_placement_start_date <= $day
              AND (q.clap_cla_placement_end_date IS NULL OR q.clap_cla_placement_end_date > $day)
        )
        SELECT o.clae_person_id AS person_id, s.pers_sex AS sex, s.pers_ethnicity AS ethnicity, s.pers_dob AS dob,
               coalesce(o.clae_entered_care_date,
                        (SELECT min(x.clae_cla_episode_start_date) FROM ssd_cla_episodes x
                          WHERE x.load_id = o.load_id AND x.clae_cla_id = o.clae_cla_id),
                        o.clae_cla_episode_start_date) AS looked_after_since,
               pl.clap_cla_placement_type AS placement_type, pl.clap_cla_placement_start_date AS placement_start,
               (SELECT max(r.clar_cla_review_date) FROM ssd_cla_reviews r
                 WHERE r.load_id = o.load_id AND r.clar_cla_id = o.clae_cla_id
                   AND r.clar_cla_review_date <= $day) AS latest_review
        FROM open_episode o
        LEFT JOIN ssd_person s ON s.load_id = o.load_id AND s.pers_person_id = o.clae_person_id
        LEFT JOIN open_placement pl ON pl.clap_person_id = o.clae_person_id AND pl.n = 1
        WHERE o.n = 1
        ORDER BY looked_after_since, person_id
        """,
        {"load": int(load_id), "day": day},
    ).df()
