"""Publication dates as corpora give them, read into ISO dates ("YYYY-MM-DD").

Formats read (English month names, full or abbreviated, with or without a full stop;
a weekday, a time and a time zone may come with any of them):

==========================================  ============================================
``2025-02-12``, ``2025/2/12``               ISO, also with a time: ``2025-02-12T23:30:00-05:00``,
                                            ``2025-02-12 14:03 UTC``; ``20250212`` (ISO basic)
``2/12/2025``, ``2/12/25``                  US order, month first (M/D/YYYY, M/D/YY)
``Feb. 12, 2025``, ``February 12th 2025``   month, day, year
``12 February 2025``, ``12-Feb-2025``       day, month, year
``Wed, 12 Feb 2025 14:03:00 +0000``         RFC 2822 (e-mail, RSS)
==========================================  ============================================

The date is the calendar date as written, never shifted to another time zone:
"2025-02-12T23:30:00-05:00" is 12 February (in UTC it would already be the 13th), because
the date an outlet printed is the one its readers saw.

A two-digit year ("9/28/16") is placed in the last century that puts it no later than the
end of the plausible window (:class:`DateWindow`): with a window ending in 2030, "16" is
2016 and "31" is 1931 (for windows ending 2000-2099: 20YY when YY is at most the end
year's last two digits, else 19YY). Without a window a two-digit year is not read.

When the first number of a slashed date cannot be a month (13-31) and the second can,
the date is read day first ("28/9/2016"); otherwise always month first.

:func:`read_published` checks a date against the window, so that placeholders
("0001-11-30") and dates taken from a headline ("2050-09-30") leave an article undated
with a note instead of making a period of their own in every later table and figure.
"""

from __future__ import annotations

import datetime as _dt
import re
from dataclasses import dataclass

MONTHS = {
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6,
    "jul": 7, "aug": 8, "sep": 9, "oct": 10, "nov": 11, "dec": 12,
}  # fmt: skip
# Regular-expression parts, also used by the cleaner to find datelines.
MONTH = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)"
)
WEEKDAY = r"(?:mon|tues?|wed(?:nes)?|thu(?:rs?)?|fri|sat(?:ur)?|sun)(?:day)?\.?"
# "February 12, 2025", "Feb. 12th 2025", "12 February 2025", "12-Feb-2025", "12 Feb. 2025"
DATE = (
    rf"(?:(?P<month>{MONTH})\.?\s+(?P<day>\d{{1,2}})(?:st|nd|rd|th)?,?\s+(?P<year>\d{{4}})"
    rf"|(?P<day2>\d{{1,2}})(?:st|nd|rd|th)?(?:\s+|-)(?P<month2>{MONTH})\.?(?:,?\s+|-)(?P<year2>\d{{4}}))"
)
_NAMED = re.compile(rf"(?<![\w]){DATE}(?!\d)", re.I)
# ISO, extended ("2025-02-12", "2025/2/12") or basic ("20250212"), alone or before a time
_ISO = re.compile(r"^\s*(\d{4})([-/])(\d{1,2})\2(\d{1,2})(?=$|[T\s,])|^\s*(\d{4})(\d{2})(\d{2})(?=$|T)")
# US order: "2/12/2025", "2/12/25", "02-12-2025", alone or before a time
_NUMERIC = re.compile(r"^\s*(?:" + WEEKDAY + r",?\s+)?(\d{1,2})([/-])(\d{1,2})\2(\d{4}|\d{2})(?=$|[T\s,])", re.I)


@dataclass(frozen=True)
class DateWindow:
    """The plausible publication dates of a study: `earliest` to `latest`, both included (config `dates`)."""

    earliest: _dt.date
    latest: _dt.date

    @classmethod
    def from_config(cls, earliest: str, latest: str) -> DateWindow:
        """A window from the ISO dates of the config keys dates.earliest and dates.latest."""
        bounds = []
        for key, value in (("earliest", earliest), ("latest", latest)):
            try:
                bounds.append(_dt.date.fromisoformat(str(value)))
            except ValueError:
                raise ValueError(f"config key 'dates.{key}': {value!r} is not a date; write it as YYYY-MM-DD") from None
        if bounds[0] > bounds[1]:
            raise ValueError(f"config keys 'dates.earliest' ({earliest}) and 'dates.latest' ({latest}): "
                             "the earliest date is after the latest")
        return cls(*bounds)

    def __contains__(self, day: _dt.date) -> bool:
        return self.earliest <= day <= self.latest

    def __str__(self) -> str:
        return f"{self.earliest.isoformat()} to {self.latest.isoformat()}"


def _full_year(year: str, window: DateWindow | None) -> int | None:
    if len(year) == 4:
        return int(year)
    if window is None:
        return None
    end = window.latest.year
    return end - (end - int(year)) % 100  # the latest year ending in these two digits, not after `end`


def _day(year: int | None, month, day) -> _dt.date | None:
    try:
        return _dt.date(int(year), int(month), int(day)) if year is not None else None
    except ValueError:
        return None


def parse_day(value, window: DateWindow | None = None) -> _dt.date | None:
    """The calendar date `value` gives (a string in one of the module's formats, a date or datetime), else None.

    `window` places two-digit years (see the module notes); the date itself is not checked against it.
    """
    if isinstance(value, _dt.datetime):
        return value.date()  # as written: a time zone does not move the date
    if isinstance(value, _dt.date):
        return value
    if not isinstance(value, str):
        return None
    m = _ISO.match(value)
    if m:
        year, month, day = (m.group(1), m.group(3), m.group(4)) if m.group(1) else m.group(5, 6, 7)
        return _day(int(year), month, day)
    m = _NUMERIC.match(value)
    if m:
        first, second, year = int(m.group(1)), int(m.group(3)), _full_year(m.group(4), window)
        if first > 12 and second <= 12:
            first, second = second, first  # "28/9/2016" can only be day first
        return _day(year, first, second)
    m = _NAMED.search(value)
    if m:
        month = m.group("month") or m.group("month2")
        return _day(int(m.group("year") or m.group("year2")), MONTHS[month[:3].lower()], m.group("day") or m.group("day2"))
    return None


def parse_date(value, window: DateWindow | None = None) -> str | None:
    """:func:`parse_day` as an ISO date string "YYYY-MM-DD", or None."""
    day = parse_day(value, window)
    return day.isoformat() if day is not None else None


def read_published(value, window: DateWindow | None, what: str = "published") -> tuple[str | None, str | None]:
    """(ISO date, None) for a date inside `window`; (None, a note saying why) for any other value.

    `what` names where the value came from in the note ("published", "the dateline").
    Without a window every date that parses is kept.
    """
    text = value.isoformat() if isinstance(value, (_dt.date, _dt.datetime)) else " ".join(str(value).split())
    day = parse_day(value, window)
    if day is None:
        numeric = _NUMERIC.match(text)
        if window is None and numeric and len(numeric.group(4)) == 2:
            return None, f"{what} {text!r} has a two-digit year and no date window to place it: left undated"
        if numeric or _ISO.match(text) or _NAMED.search(text):
            return None, f"{what} {text!r} is not a calendar date: left undated"
        return None, f"{what} {text!r} is not a date in a known format: left undated"
    if window is not None and day not in window:
        read = "" if text == day.isoformat() else f" ({day.isoformat()})"
        return None, f"{what} {text!r}{read} is outside the plausible dates {window} (config dates): left undated"
    return day.isoformat(), None
