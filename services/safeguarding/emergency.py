"""Escalating a contact graded emergency to the emergency dispatch queue, with its attendance targets."""

from __future__ import annotations

from contact101.v1 import safeguarding_pb2
from services.safeguarding.thrive_rules import ThriveRules, thrive_rules


def emergency_escalation(
    reference: str, risk: safeguarding_pb2.RiskAssessment, rules: ThriveRules | None = None
) -> safeguarding_pb2.EmergencyEscalation:
    """The dispatch for an emergency-graded case: one per case, its id derived from the reference."""
    rules = rules or thrive_rules()
    return safeguarding_pb2.EmergencyEscalation(
        dispatch_id=f"ED-{reference.removeprefix('101-')}",
        reason=risk.explanation,
        attend_within_minutes_urban=rules.emergency_minutes_urban,
        attend_within_minutes_rural=rules.emergency_minutes_rural,
        rule_version=rules.version,
    )
