"""Normalising and writing the improvement plan's files: themes, areas, actions, the plan's
milestones, milestone status updates and the programme's risks and issues.

Registered in loads/pipeline.py's LOADERS like every other table, so a plan file goes through the
same read → normalise → check → write path (and the same load history) as a monthly return.
"""
from __future__ import annotations

import datetime as dt

import pandas as pd

from checks.report import Failure
from checks.suites import TableSpec
from loads.normalise import days, indicator_codes, with_columns, with_dates_checked
from loads.writers import Counts, upsert
from plan.timescale import parse_timescale


def _text(column: pd.Series) -> pd.Series:
    return column.astype(object).where(column.notna(), None)


def _outside_parent(codes: pd.Series, parents: pd.Series) -> pd.Series:
    """1 where a code does not start with its parent's code ("2.3.1" under "2.3"), else 0; blank stays blank."""
    prefix = codes.astype("string").str.rsplit(".", n=1).str[0]
    outside = (prefix != parents.astype("string")).astype("float64")
    return outside.where(codes.notna() & parents.notna())


def _milestone_numbers(column: pd.Series) -> pd.Series:
    """'01' and '1' are the same milestone; anything not a whole number is kept as written (the checks name it)."""
    def number(cell: object) -> object:
        if isinstance(cell, str) and cell.isascii() and cell.isdigit() and len(cell) <= 9:
            return str(int(cell))
        return cell

    return column.astype(object).map(number).where(column.notna(), None)


def normalise_themes(frame: pd.DataFrame, spec: TableSpec, known: dict) -> pd.DataFrame:
    return with_columns(frame, spec)


def normalise_areas(frame: pd.DataFrame, spec: TableSpec, known: dict) -> pd.DataFrame:
    frame = with_columns(frame, spec)
    if {"code", "theme"} <= set(frame.columns):
        frame["_outside_parent"] = _outside_parent(frame["code"], frame["theme"])
    return frame


def normalise_actions(frame: pd.DataFrame, spec: TableSpec, known: dict) -> pd.DataFrame:
    frame = with_columns(frame, spec)
    if {"code", "area"} <= set(frame.columns):
        frame["_outside_parent"] = _outside_parent(frame["code"], frame["area"])
    catalogue = set(known["indicators"])
    named = [_indicator_list(cell) for cell in frame["indicators"].astype(object)]
    frame["indicators"] = pd.Series(named, index=frame.index, dtype=object)
    frame["_unknown_indicators"] = [
        float(len([c for c in (codes or "").split(";") if c and c not in catalogue])) for codes in named]
    return frame


def _indicator_list(cell: object) -> str | None:
    """'ni 59; NI60' → 'NI59;NI60' (the form milestone_markers searches); blank → None."""
    if not isinstance(cell, str):
        return None
    codes = indicator_codes(pd.Series(cell.split(";"), dtype=object).str.strip())
    return ";".join(c for c in codes if c) or None


def normalise_plan_milestones(frame: pd.DataFrame, spec: TableSpec, known: dict) -> pd.DataFrame:
    """Due dates from the free-text timescale: the earliest start and latest end the parser reads;
    a recurring phrase ("Monthly") gives `recurring` and no dates."""
    frame = with_columns(frame, spec)
    if "milestone" in frame.columns:
        frame["milestone"] = _milestone_numbers(frame["milestone"])
    read = [parse_timescale(t) if isinstance(t, str) else None for t in frame["timescale"].astype(object)]
    frame["_due_start"] = [min(s for s, _ in r.ranges) if r and r.ranges else None for r in read]
    frame["_due_end"] = [max(e for _, e in r.ranges) if r and r.ranges else None for r in read]
    frame["_recurring"] = [r.recurring if r else None for r in read]
    frame["_unread"] = ["; ".join(r.unparsed) if r and r.unparsed else None for r in read]
    return frame


def timescale_warnings(frame: pd.DataFrame, file_name: str) -> list[Failure]:
    """Each milestone whose timescale the parser could not (wholly) read, or that has none: its
    due dates are left empty or taken only from what was read, never guessed, and it says so."""
    if "_unread" not in frame.columns:
        return []
    found = []
    columns = [frame[c].astype(object).tolist() for c in ("action", "milestone", "timescale", "_unread",
                                                           "_due_start", "_due_end", "_recurring")]
    for row, action, number, timescale, unread, start, end, recurring in zip(frame.index, *columns):
        where = f"action {action} milestone {number}"
        if isinstance(unread, str):
            if isinstance(end, dt.date):
                rule = (f"{where}: could not read {unread!r} in the timescale; its due dates "
                        f"({start:%d %b %Y} to {end:%d %b %Y}) come from the rest")
            else:
                rule = f"{where}: could not read the timescale as dates; the milestone has no due dates"
            found.append(Failure(file_name, int(row), "timescale", timescale, rule))
        elif not isinstance(timescale, str):
            found.append(Failure(file_name, int(row), "timescale", None,
                                 f"{where}: no timescale in the plan; the milestone has no due dates"))
    return sorted(found, key=lambda w: w.value is None)  # the unreadable ones first, then the blanks


def normalise_milestone_status(frame: pd.DataFrame, spec: TableSpec, known: dict) -> pd.DataFrame:
    frame = with_columns(frame, spec)
    if "milestone" in frame.columns:
        frame["milestone"] = _milestone_numbers(frame["milestone"])
    if {"action", "milestone"} <= set(frame.columns):
        frame["_action_milestone"] = (frame["action"].astype("string") + "#" + frame["milestone"].astype("string")) \
            .astype(object)
    if "status" in frame.columns:
        status = frame["status"].astype("string").str.lower().str.replace(" ", "_", regex=False)
        frame["status"] = status.astype(object).where(status.notna(), None)
    if "as_of" in frame.columns:
        frame["_as_of_days"] = days(frame["as_of"])
    return with_dates_checked(frame, "as_of")


def normalise_risks(frame: pd.DataFrame, spec: TableSpec, known: dict) -> pd.DataFrame:
    frame = with_columns(frame, spec)
    for column in ("kind", "status"):
        if column in frame.columns:
            lower = frame[column].astype("string").str.lower()
            frame[column] = lower.astype(object).where(lower.notna(), None)
    if "as_of" in frame.columns:
        frame["_as_of_days"] = days(frame["as_of"])
    return with_dates_checked(frame, "as_of")


# --- writing --------------------------------------------------------------------------------------

def write_themes(con, frame: pd.DataFrame, load_id: int):
    typed = pd.DataFrame({"code": frame["code"].astype(int), "title": frame["title"].astype(str)})
    return upsert(con, "theme", ["code"], typed, load_id)


def write_areas(con, frame: pd.DataFrame, load_id: int):
    typed = pd.DataFrame({"code": frame["code"].astype(str), "theme": frame["theme"].astype(int),
                          "title": frame["title"].astype(str)})
    return upsert(con, "area", ["code"], typed, load_id)


def write_actions(con, frame: pd.DataFrame, load_id: int):
    typed = pd.DataFrame({
        "code": frame["code"].astype(str), "area": frame["area"].astype(str), "text": frame["text"].astype(str),
        **{c: _text(frame[c]) for c in ("lead", "involved_groups", "timescale", "targets_outcomes", "indicators")},
    })
    return upsert(con, "action", ["code"], typed, load_id)


def write_plan_milestones(con, frame: pd.DataFrame, load_id: int):
    typed = pd.DataFrame({
        "action": frame["action"].astype(str),
        "milestone": frame["milestone"].astype(int),
        "description": frame["description"].astype(str),
        "timescale": _text(frame["timescale"]),
        "due_start": pd.Series(frame["_due_start"], dtype=object).to_numpy(),
        "due_end": pd.Series(frame["_due_end"], dtype=object).to_numpy(),
        "recurring": _text(frame["_recurring"]),
    })
    typed["due_start"] = pd.to_datetime(typed["due_start"]).dt.date.astype(object).where(typed["due_start"].notna(), None)
    typed["due_end"] = pd.to_datetime(typed["due_end"]).dt.date.astype(object).where(typed["due_end"].notna(), None)
    return upsert(con, "milestone", ["action", "milestone"], typed, load_id)


# Each incoming row (in file order) against the latest held row for its key: new, unchanged or restated.
CLASSIFY_STATUS = """
    WITH held AS (
        SELECT action, milestone, as_of, status, commentary FROM milestone_status
        QUALIFY row_number() OVER (PARTITION BY action, milestone, as_of ORDER BY load_id DESC) = 1
    )
    SELECT CASE WHEN h.action IS NULL THEN 'new'
                WHEN h.status = i.status AND h.commentary IS NOT DISTINCT FROM i.commentary THEN 'unchanged'
                ELSE 'restated' END AS change
    FROM incoming i LEFT JOIN held h ON h.action = i.action AND h.milestone = i.milestone AND h.as_of = i.as_of
    ORDER BY i.position
"""
INSERT_STATUS = """
    INSERT INTO milestone_status (action, milestone, as_of, status, commentary, load_id, recorded_by)
    SELECT action, milestone, as_of, status, commentary, load_id, recorded_by FROM incoming ORDER BY position
"""
CLASSIFY_RISKS = """
    WITH held AS (
        SELECT * FROM risk QUALIFY row_number() OVER (PARTITION BY code, as_of ORDER BY load_id DESC) = 1
    )
    SELECT CASE WHEN h.code IS NULL THEN 'new'
                WHEN h.kind = i.kind AND h.title = i.title AND h.owner IS NOT DISTINCT FROM i.owner
                 AND h.likelihood = i.likelihood AND h.impact = i.impact
                 AND h.mitigation IS NOT DISTINCT FROM i.mitigation AND h.status = i.status THEN 'unchanged'
                ELSE 'restated' END AS change
    FROM incoming i LEFT JOIN held h ON h.code = i.code AND h.as_of = i.as_of
    ORDER BY i.position
"""
INSERT_RISKS = """
    INSERT INTO risk (code, kind, title, owner, likelihood, impact, mitigation, status, as_of, load_id)
    SELECT code, kind, title, owner, likelihood, impact, mitigation, status, as_of, load_id FROM incoming
    ORDER BY position
"""


def _changes(con, typed: pd.DataFrame, classify: str) -> pd.Series:
    """new / unchanged / restated for each incoming row, in order (see CLASSIFY_*)."""
    con.register("incoming", typed)
    try:
        return con.execute(classify).df()["change"]
    finally:
        con.unregister("incoming")


def _append(con, typed: pd.DataFrame, change: pd.Series, load_id: int, insert: str):
    """Write the new and restated rows; a restated row stands beside the earlier one, which stays."""
    keep = typed[(change != "unchanged").to_numpy()].assign(load_id=load_id)
    con.register("incoming", keep)
    try:
        con.execute(insert)
    finally:
        con.unregister("incoming")
    counts = change.value_counts()
    return Counts(int(counts.get("new", 0)), int(counts.get("restated", 0)), int(counts.get("unchanged", 0)))


def write_milestone_status(con, frame: pd.DataFrame, load_id: int, user: str):
    """Append each update to the milestone's status history, with the load and who recorded it."""
    typed = pd.DataFrame({
        "action": frame["action"].astype(str).to_numpy(),
        "milestone": frame["milestone"].astype(int).to_numpy(),
        "as_of": pd.to_datetime(frame["as_of"], format="%Y-%m-%d").dt.date.to_numpy(),
        "status": frame["status"].astype(str).to_numpy(),
        "commentary": _text(frame["commentary"]).to_numpy(),
        "recorded_by": user,
        "position": range(len(frame)),
    })
    return _append(con, typed, _changes(con, typed, CLASSIFY_STATUS), load_id, INSERT_STATUS)


def write_risks(con, frame: pd.DataFrame, load_id: int):
    """Append each entry to the register's history: one row per risk per review date."""
    typed = pd.DataFrame({
        "code": frame["code"].astype(str).to_numpy(),
        "kind": frame["kind"].astype(str).to_numpy(),
        "title": frame["title"].astype(str).to_numpy(),
        "owner": _text(frame["owner"]).to_numpy(),
        "likelihood": frame["likelihood"].astype(int).to_numpy(),
        "impact": frame["impact"].astype(int).to_numpy(),
        "mitigation": _text(frame["mitigation"]).to_numpy(),
        "status": frame["status"].astype(str).to_numpy(),
        "as_of": pd.to_datetime(frame["as_of"], format="%Y-%m-%d").dt.date.to_numpy(),
        "position": range(len(frame)),
    })
    return _append(con, typed, _changes(con, typed, CLASSIFY_RISKS), load_id, INSERT_RISKS)
