"""A new case's deadlines, resolved when the contact is received.

The case workflow never reads configuration, rule files or calendars: it gets the
durations, and the Victims' Code deadlines already counted in working days on the force's
holiday calendar, in CaseOpened; the victim's referral is dated by the same deadlines. The
NCRS 24 hours and the working-day counts come from the shared rule files (contact101/rules);
the verification SLA and attendance targets from settings.
"""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

from contact101.rules.crime_recording_deadline import crime_decision_within
from contact101.rules.victims_code import VictimsCodeRules, victims_code_rules
from contact101.rules.working_days import HolidayCalendar, holiday_calendar
from contact101.runtime.config import Settings
from contact101.v1 import case_pb2, safeguarding_pb2


def end_of_working_days(
    received_at: datetime, days: int, calendar: HolidayCalendar, zone: ZoneInfo
) -> datetime:
    """The end (local midnight) of the working day that is `days` working days after the report."""
    last_day = calendar.add_working_days(received_at.astimezone(zone).date(), days)
    return datetime.combine(last_day + timedelta(days=1), time(), tzinfo=zone).astimezone(UTC)


def working_day_deadline(
    received_at: datetime, days: int, calendar: HolidayCalendar, zone: ZoneInfo
) -> safeguarding_pb2.WorkingDayDeadline:
    """`days` working days after the day of the report, that day taken in the force's time zone."""
    deadline = safeguarding_pb2.WorkingDayDeadline(working_days=days)
    due_at = end_of_working_days(received_at, days, calendar, zone)
    deadline.due_at.FromDatetime(due_at)
    deadline.due_date = (due_at.astimezone(zone) - timedelta(days=1)).date().isoformat()
    return deadline


def victims_code_deadlines(
    received_at: datetime,
    zone: ZoneInfo,
    rules: VictimsCodeRules | None = None,
    calendar: HolidayCalendar | None = None,
) -> safeguarding_pb2.VictimsCodeDeadlines:
    """The report's Victims' Code deadlines: referral, first update and not-investigated notice."""
    rules = rules or victims_code_rules()
    calendar = calendar or holiday_calendar()

    def within(days: int) -> safeguarding_pb2.WorkingDayDeadline:
        return working_day_deadline(received_at, days, calendar, zone)

    return safeguarding_pb2.VictimsCodeDeadlines(
        referral=within(rules.referral_days),
        update=within(rules.update_days["standard"]),
        enhanced_update=within(rules.update_days["enhanced"]),
        not_investigated_notice=within(rules.notice_days["standard"]),
        enhanced_not_investigated_notice=within(rules.notice_days["enhanced"]),
        calendar_version=calendar.version,
    )


def clock_policy(settings: Settings, received_at: datetime) -> case_pb2.ClockPolicy:
    policy = case_pb2.ClockPolicy(
        escalate_at_fraction=settings.clock_escalation_fraction,
        victims_code=victims_code_deadlines(received_at, ZoneInfo(settings.working_day_zone)),
    )
    policy.crime_decision.FromTimedelta(settings.crime_decision_due or crime_decision_within())
    policy.verification.FromTimedelta(settings.verification_due)
    policy.priority_attendance.FromTimedelta(settings.priority_attendance_due)
    policy.scheduled_attendance.FromTimedelta(settings.scheduled_attendance_due)
    policy.agreed_update_day.FromTimedelta(settings.agreed_update_day)
    return policy


def key_event_deadlines(settings: Settings, information: case_pb2.CaseInformation, at: datetime) -> None:
    """When the victim must be told of a key event: the Victims' Code update deadlines, counted
    in working days from the key event instead of the report (Right 6)."""
    deadlines = victims_code_deadlines(at, ZoneInfo(settings.working_day_zone))
    information.key_event_update_due_at.CopyFrom(deadlines.update.due_at)
    information.enhanced_key_event_update_due_at.CopyFrom(deadlines.enhanced_update.due_at)
