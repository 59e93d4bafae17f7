"""The monthly cycle's operations: where a month stands (returns in, late, missing or not yet due;
commentary still needed), signing it off and reopening it, and the scorecard as signed off.

A sign-off records who, when, and the highest accepted load id then. Every return keeps its
revisions by load (indicator_return.load_id and superseded_by), so the scorecard as signed off
is rebuilt exactly from the figures in force at that load (`signed_off_scorecard`). Targets,
indicator definitions and organisations keep only their current rows: when one of those was
replaced after the sign-off the rebuilt scorecard reads it as it is now, and
`SignedOff.reference_changes` lists it. A month stands signed off while its latest sign-off row
is a sign-off, not a reopening; both are kept.

"Today" is indicators.clock.today() ($PIDASH_TODAY when set) unless a caller passes `today`.
Who may sign off is checked here as well as by the callers: the approver role or above.
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

import duckdb
import pandas as pd

import access
from data import cycle_queries, queries, store
from indicators import clock
from indicators.cycle import readiness, return_states
from indicators.cycle_card import changes_since_signoff, with_commentary
from indicators.scorecard import scorecard
from vocab import OrgKind, Role, label

SIGNOFF, REOPEN = "signoff", "reopen"
RETURN_COLUMNS = ["org", "indicator", "title", "period", "due_days", "due_date", "state", "load_id", "loaded_at",
                  "file_name", "loaded_by", "current_load_id", "restatements"]
_PERIOD = re.compile(r"[0-9]{4}-(?:0[1-9]|1[0-2])")


class CycleError(ValueError):
    """A sign-off, reopening or signed-off scorecard that cannot be done; the message says why."""


class NotReady(CycleError):
    """The month is not ready for sign-off and no override reason was given."""

    def __init__(self, status: "MonthStatus"):
        self.status = status
        super().__init__(f"{status.org} {status.period} is not ready for sign-off: {status.shortfall()}. "
                         "Sign it off anyway only with an override reason, which is recorded.")


# --- the scorecard from the store, live or as at a load -----------------------------------------

def scorecard_at(con: duckdb.DuckDBPyConnection, org: str, period: str, max_load_id: int | None = None) -> pd.DataFrame:
    """The scorecard for `org` in `period` (indicators.scorecard.scorecard, read as
    `pidash scorecard` reads it), from the figures in force now, or, with `max_load_id`, from
    those in force when that load was the latest."""
    returns = (queries.scorecard_returns(con, org, period) if max_load_id is None
               else cycle_queries.returns_as_of_load(con, max_load_id, org, period))
    return scorecard(returns, queries.catalogue_at(con, period), queries.targets(con, orgs=[org]),
                     queries.organisations(con), period, org, versions=queries.catalogue(con, current_only=False))


def with_latest_commentary(con: duckdb.DuckDBPyConnection, card: pd.DataFrame, org: str, period: str,
                           as_at=None) -> pd.DataFrame:
    """`card` with commentary, has_commentary and commentary_needed (indicators.cycle_card), from
    the latest commentary on `org`'s month (written by `as_at`, when given)."""
    said = cycle_queries.latest_commentary(con, orgs=[org], period=period, as_at=as_at)
    return with_commentary(card, said[["indicator", "text"]])


# --- where a month stands ------------------------------------------------------------------------

@dataclass
class MonthStatus:
    """One organisation's month: each expected return's state, the scorecard with its
    commentary columns, the readiness counts and the latest sign-off or reopening."""

    org: str
    name: str
    period: str  # YYYY-MM
    today: dt.date
    returns: pd.DataFrame  # RETURN_COLUMNS; state is an indicators.cycle.ReturnState value
    card: pd.DataFrame  # the scorecard with commentary, has_commentary, commentary_needed
    counts: dict  # indicators.cycle.readiness
    signoff: dict | None = field(default=None)  # cycle_queries.latest_signoff
    # the lines that changed since the sign-off the month stands on (live_cycle_columns), by indicator
    changed_since_signoff: dict[str, dict] = field(default_factory=dict)

    @property
    def ready(self) -> bool:
        return bool(self.counts["ready"])

    @property
    def signed_off(self) -> bool:
        return self.signoff is not None and self.signoff["kind"] == SIGNOFF

    def needing_commentary(self) -> pd.DataFrame:
        """The scorecard lines still needing commentary: indicator, title, rag, variation."""
        return self.card.loc[self.card["commentary_needed"], ["indicator", "title", "rag", "variation"]] \
            .reset_index(drop=True)

    def in_state(self, state: str) -> list[str]:
        """The indicators whose return is in `state` (a ReturnState value)."""
        return list(self.returns.loc[self.returns["state"] == state, "indicator"])

    def shortfall(self) -> str:
        """What stands between the month and sign-off, in words ('' when ready)."""
        parts = []
        for state, words in (("missing", "missing"), ("not_yet_due", "not yet due")):
            codes = self.in_state(state)
            if codes:
                parts.append(f"{len(codes)} return(s) {words} ({', '.join(codes)})")
        needing = list(self.needing_commentary()["indicator"])
        if needing:
            parts.append(f"{len(needing)} red or concern indicator(s) without commentary ({', '.join(needing)})")
        return "; ".join(parts)

    def to_dict(self) -> dict:
        """JSON-ready: dates as YYYY-MM-DD, times as ISO text, blanks as None."""
        returns = []
        for row in self.returns.to_dict(orient="records"):
            returns.append({
                "indicator": row["indicator"], "title": row["title"], "state": row["state"],
                "state_label": label(row["state"]), "due_date": _day(row["due_date"]),
                "load_id": _int(row["load_id"]), "loaded_at": _time(row["loaded_at"]),
                "file_name": _plain(row["file_name"]), "loaded_by": _plain(row["loaded_by"]),
                "current_load_id": _int(row["current_load_id"]), "restatements": _int(row["restatements"]),
            })
        return {
            "org": self.org, "name": self.name, "period": self.period, "today": self.today.isoformat(),
            "ready": self.ready, "signed_off": self.signed_off,
            "counts": {k: v for k, v in self.counts.items() if k != "ready"},
            "returns": returns,
            "commentary_needed": [{k: _plain(v) for k, v in r.items()}
                                  for r in self.needing_commentary().to_dict(orient="records")],
            "signoff": signoff_dict(self.signoff),
            "changed_since_signoff": self.changed_since_signoff,
        }


def month_status(con: duckdb.DuckDBPyConnection, org: str | None, period: str,
                 today: dt.date | None = None) -> MonthStatus:
    """Where `org`'s month stands (default: the home organisation), as at `today`."""
    org = _local_authority(con, org)
    period = _period(period)
    today = today or clock.today()
    expected = cycle_queries.expected_returns(con, period, [org])
    received = cycle_queries.first_loads(con, period, [org])
    states = return_states(expected, received[["org", "indicator", "period", "load_id", "loaded_at"]], today)
    more = received[["org", "indicator", "file_name", "loaded_by", "current_load_id", "restatements"]]
    states = states.merge(more, how="left", on=["org", "indicator"], validate="one_to_one")
    live = scorecard_at(con, org, period)
    card = with_latest_commentary(con, live, org, period)
    changed = _changes(con, live, org, period)
    names = queries.organisations(con).set_index("code")["name"]
    return MonthStatus(org, str(names.get(org, org)), period, today, states[RETURN_COLUMNS],
                       card, readiness(states, card["commentary_needed"]), cycle_queries.latest_signoff(con, org, period),
                       {code: change for code, change in zip(live["indicator"], changed) if change is not None})


def status(con: duckdb.DuckDBPyConnection, period: str, org: str | None = None,
           today: dt.date | None = None) -> list[MonthStatus]:
    """Each local authority's month (or `org`'s alone), by code."""
    orgs = [org] if org else list(cycle_queries.local_authorities(con)["code"])
    return [month_status(con, code, period, today) for code in orgs]


# --- signing off and reopening -------------------------------------------------------------------

def sign_off(con: duckdb.DuckDBPyConnection, org: str | None, period: str, by: str, role: Role | None,
             note: str | None = None, override: str | None = None, today: dt.date | None = None) -> dict:
    """Sign off `org`'s month (default: the home organisation) as `by`, recording the highest
    accepted load id; returns the sign-off row (cycle_queries.latest_signoff).

    Raises access.PermissionDenied below the approver role; NotReady when the month is not ready
    and `override` (the reason it is signed off anyway, recorded) is blank; CycleError for a
    month in the future, already signed off (reopen it first), ready but given an override, or a
    store with no loads.
    """
    access.check(role, access.WRITE_ROLE[SIGNOFF], by, "sign off a month")
    note, override = _blank_is_none(note), _blank_is_none(override)
    with store.transaction(con):  # the readiness and the load id recorded are read together
        state = month_status(con, org, period, today)
        if clock.month_index(_first_day(state.period)) > clock.month_index(state.today):
            raise CycleError(f"{state.period} is in the future (today is {state.today:%Y-%m-%d}); "
                             "a month is signed off once it has ended")
        if state.signed_off:
            s = state.signoff
            raise CycleError(f"{state.org} {state.period} is already signed off (by {s['signed_by']} on "
                             f"{_time(s['signed_at'])}); reopen it first to sign it off again")
        if not state.ready and override is None:
            raise NotReady(state)
        if state.ready and override is not None:  # else the record would say "although not ready"
            raise CycleError(f"{state.org} {state.period} is ready for sign-off: an override is only for a month "
                             "that is not ready, so sign it off without one")
        load_id = cycle_queries.max_accepted_load(con)
        if load_id is None:
            raise CycleError("nothing has been loaded yet: there is nothing to sign off")
        cycle_queries.insert_signoff(con, state.org, state.period, SIGNOFF, by, load_id, note, override)
    return cycle_queries.latest_signoff(con, state.org, state.period)


def reopen(con: duckdb.DuckDBPyConnection, org: str | None, period: str, by: str, role: Role | None,
           reason: str) -> dict:
    """Reopen `org`'s signed-off month, recording `reason`; returns the reopening row. The
    sign-off it reopens is kept. Raises access.PermissionDenied below the approver role,
    CycleError for a blank reason or a month that is not signed off."""
    access.check(role, access.WRITE_ROLE[SIGNOFF], by, "reopen a signed-off month")
    reason = _blank_is_none(reason)
    if reason is None:
        raise CycleError("reason (blank): must not be blank; say why the month is reopened")
    org, period = _local_authority(con, org), _period(period)
    with store.transaction(con):
        latest = cycle_queries.latest_signoff(con, org, period)
        if latest is None or latest["kind"] != SIGNOFF:
            raise CycleError(f"{org} {period} is not signed off, so there is nothing to reopen")
        cycle_queries.insert_signoff(con, org, period, REOPEN, by, cycle_queries.max_accepted_load(con), reason)
    return cycle_queries.latest_signoff(con, org, period)


# --- the scorecard as signed off, and what changed since ---------------------------------------

@dataclass
class SignedOff:
    """The scorecard as signed off (with its commentary as it stood then), the sign-off, and the
    reference rows (targets, definitions, organisations) replaced since, which it reads as now."""

    card: pd.DataFrame
    signoff: dict
    reference_changes: pd.DataFrame


def current_signoff(con: duckdb.DuckDBPyConnection, org: str, period: str) -> dict | None:
    """The sign-off `org`'s month stands on, or None when it is not signed off (never, or reopened)."""
    latest = cycle_queries.latest_signoff(con, org, period)
    return latest if latest is not None and latest["kind"] == SIGNOFF else None


def signed_off_scorecard(con: duckdb.DuckDBPyConnection, org: str | None, period: str) -> SignedOff:
    """The scorecard for `org`'s month as signed off: only the figures in force at the load the
    latest sign-off recorded, with the commentary written by then. Raises CycleError when the
    month is not signed off (never, or reopened since)."""
    org, period = _local_authority(con, org), _period(period)
    signed = current_signoff(con, org, period)
    if signed is None:
        latest = cycle_queries.latest_signoff(con, org, period)
        why = ("it has never been signed off" if latest is None else
               f"it was reopened by {latest['signed_by']} on {_time(latest['signed_at'])}: {latest['note']}")
        raise CycleError(f"{org} {period} is not signed off: {why}")
    card = scorecard_at(con, org, period, int(signed["load_id"]))
    card = with_latest_commentary(con, card, org, period, as_at=signed["signed_at"])
    return SignedOff(card, signed, cycle_queries.reference_changed_since(con, int(signed["load_id"]), org))


def live_cycle_columns(con: duckdb.DuckDBPyConnection, card: pd.DataFrame, org: str | None,
                       period: str) -> pd.DataFrame:
    """For the live scorecard `card` of `org`'s month, on its index: commentary (the latest text
    exactly as written, or None), commentary_needed, and changed_since_signoff (None, or
    {"signed_off": {...}, "now": {...}} over indicators.cycle_card.CHANGE_FIELDS: when the month
    stands signed off and a return feeding the line was loaded since, or the line reads differently)."""
    org, period = _known_org(con, org), _period(period)
    out = with_latest_commentary(con, card, org, period)[["commentary", "commentary_needed"]]
    out["changed_since_signoff"] = _changes(con, card, org, period)
    return out


def _changes(con, card: pd.DataFrame, org: str, period: str) -> pd.Series:
    """indicators.cycle_card.changes_since_signoff against the sign-off the month stands on (all
    None when it stands on none)."""
    signed = current_signoff(con, org, period)
    if signed is None:
        return pd.Series([None] * len(card), index=card.index, dtype=object)
    load_id = int(signed["load_id"])
    then = scorecard_at(con, org, period, load_id)
    moved = cycle_queries.returns_changed_since(con, load_id, org, period)["indicator"]
    return changes_since_signoff(then, card, set(moved))


# --- helpers ---------------------------------------------------------------------------------------

def _period(period) -> str:
    text = str(period)
    if not _PERIOD.fullmatch(text):
        raise CycleError(f"period {text!r}: must be a month written YYYY-MM, such as 2009-09")
    return text


def _first_day(period: str) -> dt.date:
    return dt.date(int(period[:4]), int(period[5:]), 1)


def _known_org(con, org: str | None) -> str:
    org = org or queries.home_org(con)
    if org is None:
        raise CycleError("no home organisation is set; run 'pidash init --home CODE' or name the organisation")
    known = queries.organisations(con)
    if org not in set(known["code"]):
        raise CycleError(f"unknown organisation {org!r}; known: {', '.join(known['code'])}")
    return org


def _local_authority(con, org: str | None) -> str:
    """`org` (default: the home organisation), which must be a local authority: only they make returns."""
    org = _known_org(con, org)
    kinds = queries.organisations(con).set_index("code")["kind"]
    if kinds[org] != OrgKind.LOCAL_AUTHORITY.value:
        raise CycleError(f"{org} is a comparator ({kinds[org]}), not a local authority: it has no monthly cycle")
    return org


def _blank_is_none(text: str | None) -> str | None:
    return None if text is None or not str(text).strip() else str(text)


def signoff_dict(row: dict | None) -> dict | None:
    """A sign-off row JSON-ready (dates and times as ISO text, blanks as None)."""
    if row is None:
        return None
    return {"id": int(row["id"]), "kind": row["kind"], "period": pd.Timestamp(row["period"]).strftime("%Y-%m"),
            "signed_by": row["signed_by"], "signed_at": _time(row["signed_at"]), "load_id": int(row["load_id"]),
            "note": _plain(row["note"]), "override": _plain(row["override"])}


def _plain(value):
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return None
    return value.item() if hasattr(value, "item") else value


def _int(value) -> int | None:
    value = _plain(value)
    return None if value is None else int(value)


def _day(value) -> str | None:
    return None if _plain(value) is None else pd.Timestamp(value).strftime("%Y-%m-%d")


def _time(value) -> str | None:
    return None if _plain(value) is None else pd.Timestamp(value).isoformat(sep=" ", timespec="seconds")
