"""Resolve or redirect at first contact: the officer's outcome closes the contact with the
agency recorded, unless the risk assessment finds that the police must act (rules/first_contact.yaml)
or a fraud is a call for service the force keeps (contact101/rules/fraud_calls_for_service.yaml)."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path

from contact101.rules.fraud_calls import call_for_service
from contact101.rules.rule_files import RuleFileError, load_rule_file, require, require_names
from contact101.v1 import common_pb2, questions_pb2, safeguarding_pb2
from services.safeguarding.referrals import KINDS
from services.safeguarding.thrive_rules import URGENCY, grade_name

FIRST_CONTACT_FILE = Path(__file__).with_name("rules") / "first_contact.yaml"
OUTCOMES = frozenset(
    name.removeprefix("FIRST_CONTACT_OUTCOME_")
    for name, value in common_pb2.FirstContactOutcome.items()
    if value
)


@dataclass(frozen=True)
class Redirect:
    agency: str
    advice: str


@dataclass(frozen=True)
class FirstContactRules:
    version: str
    blocked_by_grades: frozenset[str]
    blocked_by_referrals: frozenset[str]
    outcomes: dict[str, Redirect]


def load_first_contact_rules(path: Path) -> FirstContactRules:
    rules = load_rule_file(path)
    where = str(path)
    outcomes = rules.get("outcomes", dict)
    if set(outcomes) != OUTCOMES:
        raise RuleFileError(f"{where}: outcomes: must describe each of {', '.join(sorted(OUTCOMES))}")
    grades = frozenset(grade_name(grade) for grade in URGENCY)
    return FirstContactRules(
        version=rules.version,
        blocked_by_grades=frozenset(
            require_names(rules.get("blocked_by_grades", list), grades, f"{where}: blocked_by_grades")
        ),
        blocked_by_referrals=frozenset(
            require_names(rules.get("blocked_by_referrals", list), KINDS, f"{where}: blocked_by_referrals")
        ),
        outcomes={
            name: Redirect(
                require(entry, "agency", str, f"{where}: outcomes.{name}"),
                require(entry, "advice", str, f"{where}: outcomes.{name}"),
            )
            for name, entry in outcomes.items()
        },
    )


@cache
def first_contact_rules() -> FirstContactRules:
    return load_first_contact_rules(FIRST_CONTACT_FILE)


def resolve_at_first_contact(
    contact: common_pb2.ContactDetails,
    grade: common_pb2.RiskGrade.ValueType,
    referrals: list[safeguarding_pb2.SafeguardingReferral],
    rules: FirstContactRules | None = None,
) -> safeguarding_pb2.FirstContactResolution:
    """Whether the officer's advice or redirect closes the contact, and the agency it went to."""
    rules = rules or first_contact_rules()
    outcome = contact.first_contact_outcome
    name = common_pb2.FirstContactOutcome.Name(outcome).removeprefix("FIRST_CONTACT_OUTCOME_")
    redirect = rules.outcomes[name]
    # The information the officer gave from the guided questions' agency directory, when any.
    given = [
        advice.text
        for advice in contact.guided.advice_given
        if advice.kind == questions_pb2.ADVICE_KIND_INFORMATION
    ]
    resolution = safeguarding_pb2.FirstContactResolution(
        outcome=outcome,
        agency=contact.transfer_to_force or redirect.agency,
        advice=" ".join(given) or redirect.advice,
        rule_version=rules.version,
    )
    blockers = [f"graded {grade_name(grade).lower()}"] if grade_name(grade) in rules.blocked_by_grades else []
    blockers.extend(
        f"{referral.to} referral needed"
        for referral in referrals
        if safeguarding_pb2.SafeguardingReferralKind.Name(referral.kind).removeprefix(
            "SAFEGUARDING_REFERRAL_KIND_"
        )
        in rules.blocked_by_referrals
    )
    if outcome == common_pb2.FIRST_CONTACT_OUTCOME_REDIRECT_FRAUD_REPORTING_CENTRE:
        kept = call_for_service(contact)
        if kept:
            blockers.append("kept by the force as a fraud call for service (" + "; ".join(kept) + ")")
    if blockers:
        resolution.reason = "not resolved at first contact: " + "; ".join(blockers) + "; the contact goes on"
    else:
        resolution.resolved = True
        resolution.reason = f"resolved at first contact: {redirect.agency}"
    return resolution
