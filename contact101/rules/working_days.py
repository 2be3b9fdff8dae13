"""Working days: weekdays that are not public holidays, on a holiday calendar kept as data.

Victims' Code deadlines (referral within 2 working days, updates within 1 or 5) count
working days from the report. The calendar covers a stated span of years; a deadline
that would fall outside it is refused, because guessing a statutory date is worse than
asking for the calendar to be brought up to date.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from functools import cache
from pathlib import Path

from contact101.rules.rule_files import RuleFileError, load_rule_file, require

DEFAULT_CALENDAR = Path(__file__).with_name("bank_holidays_england_and_wales.yaml")
SATURDAY = 5


class CalendarNotCovering(LookupError):
    """A date outside the span the holiday calendar covers."""


@dataclass(frozen=True)
class HolidayCalendar:
    version: str
    holidays: frozenset[date]
    covers_from: date
    covers_to: date

    def is_working_day(self, day: date) -> bool:
        self._require_covered(day)
        return day.weekday() < SATURDAY and day not in self.holidays

    def add_working_days(self, start: date, days: int) -> date:
        """The date `days` working days after start (start itself never counts)."""
        if days < 0:
            raise ValueError("days must not be negative")
        self._require_covered(start)
        current = start
        remaining = days
        while remaining:
            current += timedelta(days=1)
            if self.is_working_day(current):
                remaining -= 1
        return current

    def _require_covered(self, day: date) -> None:
        if not self.covers_from <= day <= self.covers_to:
            raise CalendarNotCovering(
                f"the holiday calendar {self.version} covers {self.covers_from} to {self.covers_to}, "
                f"not {day}: add the public holidays of {day.year}"
            )


def load_calendar(path: Path) -> HolidayCalendar:
    rules = load_rule_file(path)
    where = str(path)
    covers_from = require(rules.data, "covers_from", date, where)
    covers_to = require(rules.data, "covers_to", date, where)
    holidays = rules.get("holidays", list)
    if not all(isinstance(day, date) for day in holidays):
        raise RuleFileError(f"{where}: holidays: must be a list of dates as YYYY-MM-DD")
    outside = [day for day in holidays if not covers_from <= day <= covers_to]
    if outside:
        raise RuleFileError(f"{where}: holidays: {outside[0]} is outside covers_from..covers_to")
    return HolidayCalendar(rules.version, frozenset(holidays), covers_from, covers_to)


@cache
def holiday_calendar() -> HolidayCalendar:
    """The force's holiday calendar (England and Wales by default)."""
    return load_calendar(DEFAULT_CALENDAR)
