"""THRIVE risk assessment as a pure function of the captured contact and what is known about it.

Threat, Harm, Risk, Investigation, Vulnerability, Engagement: each factor gets a level and
the reasons for it; the grade is the most urgent one any trigger reaches (rules/thrive.yaml),
explained in words a supervisor can check. The assessment also scores DASH for domestic
abuse, says whether the vulnerabilities found give the victim enhanced rights under the
Victims' Code, makes the safeguarding referrals, and decides whether the officer's advice or
redirect resolves the contact at first contact.
"""

from __future__ import annotations

from datetime import datetime

from contact101.rules.offences import offence_table
from contact101.rules.victims_code import victims_code_rules
from contact101.v1 import common_pb2, safeguarding_pb2
from services.safeguarding.dash import assess_dash
from services.safeguarding.first_contact import resolve_at_first_contact
from services.safeguarding.referrals import safeguarding_referrals
from services.safeguarding.risk_triggers import Findings, account_prompts, find_triggers
from services.safeguarding.thrive_rules import ThriveRules, grade_name, thrive_rules

RESOLVED = common_pb2.RISK_GRADE_RESOLVED_WITHOUT_DEPLOYMENT


def assess(
    reference: str,
    contact: common_pb2.ContactDetails,
    repeats: safeguarding_pb2.RepeatFindings,
    assessed_at: datetime,
    rules: ThriveRules | None = None,
) -> safeguarding_pb2.RiskAssessment:
    """The THRIVE assessment and grade for what the caller reported, given the contact history."""
    rules = rules or thrive_rules()
    dash = assess_dash(contact.domestic_abuse) if contact.HasField("domestic_abuse") else None
    classified = offence_table().classified(contact, assessed_at.date())
    offences = tuple(found.offence for found in classified)
    triggers = find_triggers(contact, Findings(dash, repeats, offences, assessed_at), rules)
    grade, grading_triggers = grade_of(triggers, rules)
    referrals = safeguarding_referrals(triggers)
    assessment = safeguarding_pb2.RiskAssessment(
        reference=reference,
        factors=factors_of(triggers, rules),
        vulnerability_flags=list(
            dict.fromkeys(rules.flags[name] for name in triggers if name in rules.flags)
        ),
        rule_version=rules.version,
        repeats=repeats,
        safeguarding_referrals=referrals,
        prompts=account_prompts(contact, rules),
    )
    assessment.enhanced_rights_reasons.extend(
        victims_code_rules().enhanced.of_vulnerabilities(assessment.vulnerability_flags)
    )
    assessment.enhanced_rights = bool(assessment.enhanced_rights_reasons)
    if dash is not None:
        assessment.dash.CopyFrom(dash)
    explanation = [_graded(grade, grading_triggers, triggers)]
    if contact.first_contact_outcome:
        resolution = resolve_at_first_contact(contact, grade, referrals)
        assessment.first_contact.CopyFrom(resolution)
        if resolution.resolved:
            grade = RESOLVED
            explanation = [_resolved(resolution, triggers)]
        else:
            explanation.append(resolution.reason[:1].upper() + resolution.reason[1:])
    if referrals:
        explanation.append("Referred to " + ", ".join(referral.to for referral in referrals))
    assessment.grade = grade
    assessment.explanation = ". ".join(explanation)
    return assessment


def grade_of(
    triggers: dict[str, str], rules: ThriveRules
) -> tuple[common_pb2.RiskGrade.ValueType, list[str]]:
    """The most urgent grade any trigger reaches, and the triggers that reach it."""
    for grade, names in rules.grades:
        reached = [name for name in names if name in triggers]
        if reached:
            return grade, reached
    return RESOLVED, []


def factors_of(triggers: dict[str, str], rules: ThriveRules) -> list[safeguarding_pb2.ThriveFactor]:
    factors = []
    for rule in rules.factors:
        high = [reason for name, reason in triggers.items() if name in rule.high]
        medium = [reason for name, reason in triggers.items() if name in rule.medium]
        level, reasons = (
            ("HIGH", high) if high else ("MEDIUM", medium) if medium else ("LOW", [rule.low_reason])
        )
        factors.append(
            safeguarding_pb2.ThriveFactor(factor=rule.factor, level=level, reason="; ".join(reasons))
        )
    return factors


def _resolved(resolution: safeguarding_pb2.FirstContactResolution, triggers: dict[str, str]) -> str:
    text = f"graded resolved without deployment: {resolution.reason}"
    return text + (". Also considered: " + "; ".join(triggers.values()) if triggers else "")


def _graded(grade: common_pb2.RiskGrade.ValueType, grading: list[str], triggers: dict[str, str]) -> str:
    label = grade_name(grade).lower().replace("_", " ")
    if not grading:
        return f"graded {label}: nothing calls for attendance; advice, referral or desk investigation"
    text = f"graded {label}: " + "; ".join(triggers[name] for name in grading)
    others = [reason for name, reason in triggers.items() if name not in grading]
    return text + (". Also considered: " + "; ".join(others) if others else "")
