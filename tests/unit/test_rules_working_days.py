"""Working days on the holiday calendar: the Victims' Code deadlines count these."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from contact101.rules.rule_files import RuleFileError
from contact101.rules.working_days import CalendarNotCovering, holiday_calendar, load_calendar

CALENDAR = holiday_calendar()
# Leave room at the end of the calendar for the days added.
START = st.dates(min_value=CALENDAR.covers_from, max_value=CALENDAR.covers_to - timedelta(days=60))
DAYS = st.integers(min_value=0, max_value=20)


def working_days_between(start: date, end: date) -> int:
    """Working days after start, up to and including end."""
    return sum(CALENDAR.is_working_day(start + timedelta(days=n)) for n in range(1, (end - start).days + 1))


@given(START, DAYS)
def test_the_due_date_is_exactly_that_many_working_days_on(start: date, days: int) -> None:
    due = CALENDAR.add_working_days(start, days)
    assert working_days_between(start, due) == days
    if days:
        assert CALENDAR.is_working_day(due)
        assert due.weekday() < 5 and due not in CALENDAR.holidays


@given(START, DAYS, DAYS)
def test_more_working_days_never_give_an_earlier_date(start: date, days: int, more: int) -> None:
    assert CALENDAR.add_working_days(start, days) <= CALENDAR.add_working_days(start, days + more)


@given(START, DAYS)
def test_a_later_report_is_never_due_earlier(start: date, days: int) -> None:
    assert CALENDAR.add_working_days(start, days) <= CALENDAR.add_working_days(
        start + timedelta(days=1), days
    )


@pytest.mark.parametrize(
    ("reported", "days", "due"),
    [
        (date(2026, 11, 23), 2, date(2026, 11, 25)),  # Monday: Wednesday
        (date(2026, 11, 27), 2, date(2026, 12, 1)),  # Friday: the weekend does not count
        (date(2026, 11, 28), 1, date(2026, 11, 30)),  # reported on a Saturday
        (date(2026, 12, 24), 2, date(2026, 12, 30)),  # Christmas, Boxing Day substitute on Monday 28th
        (date(2026, 4, 2), 2, date(2026, 4, 8)),  # Good Friday and Easter Monday
        (date(2027, 12, 24), 1, date(2027, 12, 29)),  # both Christmas substitute days
    ],
)
def test_known_deadlines(reported: date, days: int, due: date) -> None:
    assert CALENDAR.add_working_days(reported, days) == due


def test_a_date_beyond_the_calendar_is_refused_not_guessed() -> None:
    with pytest.raises(CalendarNotCovering, match="add the public holidays of"):
        CALENDAR.add_working_days(CALENDAR.covers_to, 5)


def test_a_holiday_outside_the_span_covered_is_a_rule_file_error(tmp_path: Path) -> None:
    path = tmp_path / "calendar.yaml"
    path.write_text("version: test\ncovers_from: 2026-01-01\ncovers_to: 2026-12-31\nholidays: [2027-01-01]\n")
    with pytest.raises(RuleFileError, match="holidays: 2027-01-01 is outside"):
        load_calendar(path)
