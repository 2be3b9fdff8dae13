"""Victims' Code referral to victim support, with its due date in working days."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from contact101.v1 import common_pb2

RULE_VERSION = "victims-code-2026.1"
REFERRAL_WORKING_DAYS = 2


def add_working_days(start: date, days: int, holidays: frozenset[date] = frozenset()) -> date:
    """The date `days` working days after start, skipping weekends and holidays."""
    current = start
    remaining = days
    while remaining > 0:
        current += timedelta(days=1)
        if current.weekday() < 5 and current not in holidays:
            remaining -= 1
    return current


@dataclass(frozen=True)
class Referral:
    referred: bool
    status: str
    reason: str
    due_date: date
    rule_version: str = RULE_VERSION


def refer(crime: common_pb2.CrimeDecision, reported_on: date) -> Referral:
    """Refer the victim of a recorded crime unless they opt out (opt-out is the default rule)."""
    due = add_working_days(reported_on, REFERRAL_WORKING_DAYS)
    if not crime.recorded:
        return Referral(False, "NOT_APPLICABLE", "no crime recorded", due)
    return Referral(
        True, "REFERRED", f"victim of {crime.offence_name.lower()} referred to victim support", due
    )
