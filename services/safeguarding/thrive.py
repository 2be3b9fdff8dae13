"""THRIVE risk assessment as a pure function of the captured contact.

Threat, Harm, Risk, Investigation, Vulnerability, Engagement: each factor gets a level and
the reason for it, and together they give the response grade.
"""

from __future__ import annotations

import re

from contact101.v1 import common_pb2

RULE_VERSION = "thrive-2026.1"

IN_PROGRESS = re.compile(r"\b(in progress|happening now|still here|outside now|right now)\b", re.I)
WEAPON = re.compile(r"\b(knife|gun|weapon|machete|firearm)\b", re.I)
INJURY = re.compile(r"\b(injur|bleeding|hurt|wound)", re.I)


def assess(reference: str, contact: common_pb2.ContactDetails) -> common_pb2.RiskAssessment:
    """The THRIVE assessment and grade for what the caller reported."""
    text = contact.what_happened
    in_progress = bool(IN_PROGRESS.search(text))
    weapon = bool(WEAPON.search(text))
    injury = bool(INJURY.search(text))
    leads = len(contact.lines_of_enquiry) + len(contact.suspects)

    factors = [
        _factor(
            "THREAT",
            "HIGH" if in_progress or weapon else "LOW",
            "incident in progress or weapon mentioned"
            if in_progress or weapon
            else "no ongoing threat reported",
        ),
        _factor("HARM", "HIGH" if injury else "LOW", "injury reported" if injury else "no injury reported"),
        _factor(
            "RISK",
            "HIGH" if in_progress else "LOW",
            "risk of further harm while the incident continues" if in_progress else "incident is over",
        ),
        _factor(
            "INVESTIGATION",
            "MEDIUM" if leads else "LOW",
            f"{leads} line(s) of enquiry or suspect(s)" if leads else "no lines of enquiry",
        ),
        _factor("VULNERABILITY", "LOW", "no vulnerability identified"),
        _factor("ENGAGEMENT", "MEDIUM", "caller engaged; victim contactable by the channel used"),
    ]
    if in_progress or (weapon and injury):
        grade = common_pb2.RISK_GRADE_EMERGENCY
    elif weapon or injury:
        grade = common_pb2.RISK_GRADE_PRIORITY
    elif leads:
        grade = common_pb2.RISK_GRADE_SCHEDULED
    else:
        grade = common_pb2.RISK_GRADE_RESOLVED_WITHOUT_DEPLOYMENT
    grade_name = common_pb2.RiskGrade.Name(grade).removeprefix("RISK_GRADE_").replace("_", " ").lower()
    high = [f.factor.lower() for f in factors if f.level == "HIGH"]
    explanation = f"graded {grade_name}: " + (f"high {', '.join(high)}" if high else "no high THRIVE factor")
    return common_pb2.RiskAssessment(
        reference=reference, grade=grade, factors=factors, explanation=explanation, rule_version=RULE_VERSION
    )


def _factor(factor: str, level: str, reason: str) -> common_pb2.ThriveFactor:
    return common_pb2.ThriveFactor(factor=factor, level=level, reason=reason)
