"""Publication dates as corpora give them: read into ISO dates, checked against the study's window."""

from __future__ import annotations

import datetime as dt

import pytest

from framescope.corpus.dates import DateWindow, parse_date, parse_day, read_published

WINDOW = DateWindow.from_config("1900-01-01", "2030-12-31")


@pytest.mark.parametrize(
    "value, expected",
    [
        # ISO, with a time and a time zone: the date as written, not moved to UTC
        ("2025-02-12", "2025-02-12"),
        ("2025-02-12T23:30:00-05:00", "2025-02-12"),
        ("2025-02-12T23:10:00Z", "2025-02-12"),
        ("2025-02-13T01:30:00+09:00", "2025-02-13"),
        ("2025-02-12 14:03 UTC", "2025-02-12"),
        ("2025/2/3", "2025-02-03"),
        ("20250212", "2025-02-12"),
        # US order, month first
        ("2/12/2025", "2025-02-12"),
        ("02/12/2025", "2025-02-12"),
        ("2/12/25", "2025-02-12"),
        ("9/28/16", "2016-09-28"),
        ("2/12/25 10:30 AM", "2025-02-12"),
        ("2-12-2025", "2025-02-12"),
        ("28/9/2016", "2016-09-28"),  # the first number cannot be a month: day first
        # month names
        ("Feb. 12, 2025", "2025-02-12"),
        ("February 12th, 2025", "2025-02-12"),
        ("Wednesday, February 12, 2025 at 3:02 PM EST", "2025-02-12"),
        ("12 February 2025", "2025-02-12"),
        ("12-Feb-2025", "2025-02-12"),
        ("Sept. 3, 2024", "2024-09-03"),
        # RFC 2822
        ("Wed, 12 Feb 2025 14:03:00 +0000", "2025-02-12"),
        ("Wed, 12 Feb 2025 23:59:59 -0800", "2025-02-12"),
        ("Thu, 13 Feb 2025 04:03:00 GMT", "2025-02-13"),
        # not dates
        ("2025-02-30", None),
        ("13/13/2020", None),
        ("yesterday", None),
        ("", None),
        (None, None),
        (20250212, None),
    ],
)
def test_formats(value, expected):
    assert parse_date(value, WINDOW) == expected


def test_dates_and_datetimes_keep_their_calendar_date():
    assert parse_day(dt.date(2024, 1, 8)) == dt.date(2024, 1, 8)
    late = dt.datetime(2024, 1, 8, 23, 30, tzinfo=dt.timezone(dt.timedelta(hours=-5)))
    assert parse_day(late) == dt.date(2024, 1, 8)  # 9 January in UTC


@pytest.mark.parametrize(
    "latest, two_digits, year",
    [("2030-12-31", "16", 2016), ("2030-12-31", "30", 2030), ("2030-12-31", "31", 1931), ("2030-12-31", "99", 1999),
     ("2030-12-31", "00", 2000), ("1999-12-31", "95", 1995), ("1999-12-31", "05", 1905)],
)
def test_two_digit_years_take_the_latest_century_not_after_the_window(latest, two_digits, year):
    window = DateWindow.from_config("1800-01-01", latest)
    assert parse_day(f"1/2/{two_digits}", window) == dt.date(year, 1, 2)


def test_two_digit_years_need_a_window():
    assert parse_date("9/28/16") is None
    day, note = read_published("9/28/16", None)
    assert day is None and "two-digit year" in note


def test_the_window_leaves_placeholders_undated_with_a_note():
    assert read_published("2025-02-12", WINDOW) == ("2025-02-12", None)
    assert read_published("1900-01-01", WINDOW)[0] == "1900-01-01"  # both ends included
    assert read_published("2030-12-31", WINDOW)[0] == "2030-12-31"
    day, note = read_published("0001-11-30", WINDOW)
    assert day is None
    assert note == ("published '0001-11-30' is outside the plausible dates 1900-01-01 to 2030-12-31 "
                    "(config dates): left undated")
    day, note = read_published("Sept. 30, 2050", WINDOW, "the date in the text")
    assert day is None and note.startswith("the date in the text 'Sept. 30, 2050' (2050-09-30) is outside")
    assert read_published("Feb 30, 2025", WINDOW) == (None, "published 'Feb 30, 2025' is not a calendar date: "
                                                            "left undated")
    assert read_published("  soon \n", WINDOW) == (None, "published 'soon' is not a date in a known format: "
                                                         "left undated")
    assert read_published("0001-11-30", None) == ("0001-11-30", None)  # no window: kept


def test_window_from_config_names_the_key():
    assert str(WINDOW) == "1900-01-01 to 2030-12-31"
    with pytest.raises(ValueError, match="'dates.latest': '2030-02-30' is not a date"):
        DateWindow.from_config("1900-01-01", "2030-02-30")
    with pytest.raises(ValueError, match="earliest date is after the latest"):
        DateWindow.from_config("2030-01-01", "1900-01-01")
