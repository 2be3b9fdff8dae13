"""A new case's deadlines, resolved when the contact is received.

The case workflow never reads configuration, rule files or calendars: it gets the
durations, and the Victims' Code deadlines already counted in working days on the force's
holiday calendar, in CaseOpened. The NCRS 24 hours and the working-day counts come from
the shared rule files (contact101/rules); the verification SLA and attendance targets from settings.
"""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

from contact101.rules.crime_recording_deadline import crime_decision_within
from contact101.rules.victims_code import victims_code_rules
from contact101.rules.working_days import HolidayCalendar, holiday_calendar
from contact101.runtime.config import Settings
from contact101.v1 import case_pb2


def end_of_working_days(
    received_at: datetime, days: int, calendar: HolidayCalendar, zone: ZoneInfo
) -> datetime:
    """The end (local midnight) of the working day that is `days` working days after the report."""
    last_day = calendar.add_working_days(received_at.astimezone(zone).date(), days)
    return datetime.combine(last_day + timedelta(days=1), time(), tzinfo=zone).astimezone(UTC)


def clock_policy(settings: Settings, received_at: datetime) -> case_pb2.ClockPolicy:
    victims = victims_code_rules()
    calendar = holiday_calendar()
    zone = ZoneInfo(settings.working_day_zone)
    policy = case_pb2.ClockPolicy(
        escalate_at_fraction=settings.clock_escalation_fraction,
        victim_referral_working_days=victims.referral_days,
        victim_update_working_days=victims.update_days["standard"],
        enhanced_victim_update_working_days=victims.update_days["enhanced"],
        enhanced_rights_flags=sorted(victims.enhanced.vulnerability_flags),
    )
    policy.crime_decision.FromTimedelta(settings.crime_decision_due or crime_decision_within())
    policy.verification.FromTimedelta(settings.verification_due)
    policy.priority_attendance.FromTimedelta(settings.priority_attendance_due)
    policy.scheduled_attendance.FromTimedelta(settings.scheduled_attendance_due)
    for due_at, days in (
        (policy.victim_referral_due_at, policy.victim_referral_working_days),
        (policy.victim_update_due_at, policy.victim_update_working_days),
        (policy.enhanced_victim_update_due_at, policy.enhanced_victim_update_working_days),
    ):
        due_at.FromDatetime(end_of_working_days(received_at, days, calendar, zone))
    return policy


def key_event_deadlines(settings: Settings, information: case_pb2.CaseInformation, at: datetime) -> None:
    """When the victim must be told of a key event: working days after it (Victims' Code Right 6)."""
    victims = victims_code_rules()
    calendar = holiday_calendar()
    zone = ZoneInfo(settings.working_day_zone)
    for due_at, days in (
        (information.key_event_update_due_at, victims.update_days["standard"]),
        (information.enhanced_key_event_update_due_at, victims.update_days["enhanced"]),
    ):
        due_at.FromDatetime(end_of_working_days(at, days, calendar, zone))
