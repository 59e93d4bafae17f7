"""The audit trail of sensitive reads: every view or export of child-level rows, every evidence
pack built and every file downloaded from the dashboard is recorded with who, when, and which
organisation, indicator and month.

`record` writes one event in a transaction of its own, so call it before showing or writing what
it records: what cannot be recorded is not shown. `pack_built` and `downloaded` are the events of
the evidence pack (`pidash evidence`, the Evidence pack page) and of the pages' download buttons.
"""
from __future__ import annotations

import datetime as dt
import json
import re

import duckdb
import pandas as pd

from data import audit, case_queries, queries, store
from vocab.cases import AuditEvent


def record(con: duckdb.DuckDBPyConnection, who: str, event: str, org: str | None = None,
           indicator: str | None = None, period=None, detail: str | None = None) -> int:
    """Record that `who` did `event` (e.g. vocab.cases.AuditEvent.CHILD_RECORDS_VIEWED) for `org`,
    `indicator` and `period` (a date, Timestamp or 'YYYY-MM': stored as the month's first day);
    `detail` is free text (JSON by convention) and must never hold a child's identifiers.
    Returns the event's id. Raises ValueError for a blank `who` or `event`."""
    if not str(who or "").strip() or not str(event or "").strip():
        raise ValueError("an audit event needs who did it and what they did")
    with store.transaction(con):
        return audit.insert_event(con, str(who).strip(), str(event), org, indicator, _month(period), detail)


def events(con: duckdb.DuckDBPyConnection, event: str | None = None, limit: int | None = None) -> pd.DataFrame:
    """The audit trail, newest first (see data.audit.events)."""
    return audit.events(con, event, limit)


def _month(period) -> dt.date | None:
    if period is None or (not isinstance(period, str) and pd.isna(period)):
        return None
    text = str(period).strip()
    stamp = pd.Timestamp(text + "-01" if len(text) == 7 else period)
    return stamp.date().replace(day=1)


def pack_built(con: duckdb.DuckDBPyConnection, who: str, period: str, org: str | None = None,
               indicators: list[str] | None = None, publish: bool = False, quarterly: bool = False,
               as_signed_off: bool = False, child_lists: bool = False, via: str = "") -> int:
    """Record that `who` is building the evidence pack (or, `quarterly`, the quarterly report) for
    `period` ('YYYY-MM') and `org` (default: the home organisation) with these options, before it is
    written. `child_lists`: the builder may see child-level rows, so the pack holds the inspection
    lists when the organisation has case records (and it is neither quarterly nor for publication);
    the detail says whether it does. `via`: where it was built ("pidash evidence", "Evidence pack page").
    Returns the event's id. Raises ValueError for a malformed period, an organisation or indicator
    pidash does not know (nothing is recorded for a pack that cannot be built)."""
    if not isinstance(period, str) or not re.fullmatch(r"[0-9]{4}-(0[1-9]|1[0-2])", period):
        raise ValueError(f"the period must be a month written YYYY-MM, such as 2009-09 (got {period!r})")
    org = org or queries.home_org(con)
    known = set(queries.organisations(con)["code"])
    if org not in known:
        raise ValueError(f"unknown organisation {org!r}; known: {', '.join(sorted(known))}")
    catalogue = list(queries.catalogue_at(con, period)["code"])
    unknown = [i for i in (str(i).strip().upper() for i in indicators or []) if i and i not in catalogue]
    if unknown:
        raise ValueError(f"unknown indicator(s) {', '.join(unknown)}; known: {', '.join(catalogue)}")
    holds_cases = case_queries.case_load_in_force(con, org) is not None
    detail = {
        "report": "quarterly report" if quarterly else "evidence pack",
        "indicators": list(indicators) if indicators else "all",
        "publish": bool(publish),
        "as_signed_off": bool(as_signed_off),
        "child_level_lists": bool(child_lists and holds_cases and not publish and not quarterly),
        "via": via,
    }
    return record(con, who, AuditEvent.EVIDENCE_PACK_BUILT.value, org, None, period, json.dumps(detail))


def downloaded(con: duckdb.DuckDBPyConnection, who: str, what: str, file_name: str, org: str | None = None,
               indicator: str | None = None, period=None, **facts) -> int:
    """Record that `who` downloaded `file_name` (`what` it is, in words: "evidence pack workbook",
    "records behind the figure (CSV)" …) for `org`, `indicator` and `period` where they apply;
    `facts`: anything else worth keeping (rows, case load), never a child's identifiers."""
    detail = json.dumps({"what": what, "file": file_name, **facts}, default=str)
    return record(con, who, AuditEvent.EXPORT_DOWNLOADED.value, org, indicator, period, detail)
