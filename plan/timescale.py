"""Read the plan's free-text timescales ("Feb – May 09", "Sept - Feb 2010", "Monthly") into dates.

The action plan was typed by many hands: en dashes and hyphens, "to", two- and four-digit years,
several ranges in one cell, a start month that borrows the end month's year. Milestone tracking
needs dates, but a misread date is worse than none, so whatever cannot be read with certainty is
returned in `unparsed` rather than guessed.

    >>> parse_timescale("Sept - Feb 2010").ranges
    [(datetime.date(2009, 9, 1), datetime.date(2010, 2, 28))]
"""
from __future__ import annotations

import calendar
import re
from dataclasses import dataclass, field
from datetime import date

MONTHS = {"jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6,
          "jul": 7, "aug": 8, "sep": 9, "oct": 10, "nov": 11, "dec": 12}

# Phrases that say "repeatedly" rather than "by when", with the word reported for each.
RECURRING = [
    (r"every\s+(?:6|six)\s+months|six[- ]monthly|twice[- ]yearly|bi-?annual(?:ly)?", "six-monthly"),
    (r"every\s+(?:3|three)\s+months|quarterly", "quarterly"),
    (r"every\s+(?:12|twelve)\s+months|annual(?:ly)?|yearly", "annually"),
    (r"every\s+month|monthly", "monthly"),
    (r"every\s+week|weekly", "weekly"),
    (r"on-?going", "ongoing"),
    (r"periodically", "periodically"),
]

# Joining words between dates that carry no meaning of their own.
CONNECTIVES = {"then"}

TOKEN = re.compile(
    r"(?P<day>\b\d{1,2}\s*(?:st|nd|rd|th)\b)"
    r"|(?P<end>\bend\b)"
    r"|(?P<month>\b(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\b\.?)"
    r"|(?P<year>\b(?:\d{4}|\d{2})\b)"
    r"|(?P<sep>[–—-]|\bto\b)"
    r"|(?P<punct>[.,;:/]+)"
    r"|(?P<word>[^\s–—\-.,;:/]+)",
    re.IGNORECASE,
)


@dataclass
class Timescale:
    """What a timescale cell says: date ranges, a recurrence, and any text left unread."""

    ranges: list[tuple[date, date]] = field(default_factory=list)
    recurring: str | None = None
    unparsed: list[str] = field(default_factory=list)


@dataclass
class _Point:
    """One written date: a month, perhaps a year, perhaps a day (or "end" of the month)."""

    month: int
    year: int | None
    day: int | None
    at_end: bool
    start: int  # character span in the text, for reporting what was not read
    stop: int

    def first_day(self, year: int) -> date:
        if self.at_end:
            return self.last_day(year)
        return date(year, self.month, self.day or 1)

    def last_day(self, year: int) -> date:
        if self.day and not self.at_end:
            return date(year, self.month, self.day)
        return date(year, self.month, calendar.monthrange(year, self.month)[1])


def parse_timescale(text: str) -> Timescale:
    """Read one timescale cell (or several joined by "; ") into ranges, recurrence and leftovers.

    A range "Feb – May 09" runs from the first day of the first month to the last day of the last;
    a start month without a year takes the end's year, or the year before when it comes later in
    the calendar ("Sept - Feb 2010" starts in September 2009). A single day ("2 nd March 2009") is
    a one-day range; "End Feb 09" is the last day of the month. Parenthetical remarks are ignored.
    Anything else (a month with no year anywhere, stray words) is returned in `unparsed`.
    """
    result = Timescale()
    text = re.sub(r"\([^)]*\)", " ", text or "")
    for pattern, word in RECURRING:
        if re.search(rf"\b(?:{pattern})\b", text, re.IGNORECASE):
            result.recurring = result.recurring or word
            text = re.sub(rf"\b(?:{pattern})\b", " ", text, flags=re.IGNORECASE)
    tokens = [(m.lastgroup, m.group(), m.start(), m.end()) for m in TOKEN.finditer(text)]
    leftovers: list[tuple[int, int]] = []  # spans of text not read
    i = 0
    while i < len(tokens):
        kind, _, start, stop = tokens[i]
        if kind == "punct":
            i += 1
            continue
        first, j = _read_point(tokens, i)
        if first is None:
            if tokens[i][1].lower() not in CONNECTIVES:
                leftovers.append((start, stop))
            i += 1
            continue
        last = None
        if j < len(tokens) and tokens[j][0] == "sep":
            last, k = _read_point(tokens, j + 1)
            if last is not None:
                j = k
        span = _to_range(first, last)
        if span is None:
            leftovers.append((first.start, (last or first).stop))
        else:
            result.ranges.append(span)
        i = j
    result.unparsed = _merge(text, leftovers)
    return result


def timescale_bounds(text: str) -> tuple[date | None, date | None]:
    """Earliest start and latest end of a timescale, or (None, None) when it has no dates."""
    ranges = parse_timescale(text).ranges
    if not ranges:
        return None, None
    return min(start for start, _ in ranges), max(end for _, end in ranges)


def _read_point(tokens, i: int) -> tuple[_Point | None, int]:
    """A date at tokens[i]: ["end" | day] month [year]. Returns the point and the next index."""
    day, at_end, start = None, False, tokens[i][2] if i < len(tokens) else 0
    if i < len(tokens) and tokens[i][0] == "day":
        day = int(re.match(r"\d+", tokens[i][1]).group())
        i += 1
    elif i < len(tokens) and tokens[i][0] == "end":
        at_end = True
        i += 1
    if i >= len(tokens) or tokens[i][0] != "month":
        return None, i
    month = MONTHS[tokens[i][1][:3].lower()]
    stop = tokens[i][3]
    i += 1
    year = None
    if i < len(tokens) and tokens[i][0] == "year":
        value = int(tokens[i][1])
        year = value + 2000 if value < 100 else value
        stop = tokens[i][3]
        i += 1
    return _Point(month, year, day, at_end, start, stop), i


def _to_range(first: _Point, last: _Point | None) -> tuple[date, date] | None:
    """Dates for one point or one range; None when a year is missing or the range runs backwards."""
    if last is None:
        if first.year is None:
            return None
        return first.first_day(first.year), first.last_day(first.year)
    if last.year is None:
        return None
    year = first.year
    if year is None:
        year = last.year if first.month <= last.month else last.year - 1
    begin, end = first.first_day(year), last.last_day(last.year)
    if begin > end:
        return None
    return begin, end


def _merge(text: str, spans: list[tuple[int, int]]) -> list[str]:
    """Join neighbouring unread spans (only spaces between them) into one fragment each."""
    fragments: list[list[int]] = []
    for start, stop in spans:
        if fragments and not text[fragments[-1][1]:start].strip():
            fragments[-1][1] = stop
        else:
            fragments.append([start, stop])
    return [text[start:stop].strip() for start, stop in fragments]
