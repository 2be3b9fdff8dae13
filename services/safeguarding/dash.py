"""The DASH risk checklist: 24 yes/no answers → standard, medium or high risk.

The count of "yes" answers gives the checklist level (rules/dash.yaml: 14 or more high,
10-13 medium); the officer's professional judgement (strangulation, stalking, threats to
kill, separation, escalation) can raise it, never lower it. High risk means a MARAC referral.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path

from contact101.rules.dash_questions import QUESTIONS
from contact101.rules.rule_files import RuleFileError, load_rule_file, require_names
from contact101.v1 import common_pb2, safeguarding_pb2

DASH_FILE = Path(__file__).with_name("rules") / "dash.yaml"
LEVELS = ("STANDARD", "MEDIUM", "HIGH")
JUDGEMENT_FACTORS = frozenset(
    name.removeprefix("DASH_JUDGEMENT_FACTOR_")
    for name, value in common_pb2.DashJudgementFactor.items()
    if value
)


@dataclass(frozen=True)
class DashRules:
    version: str
    high_from: int
    medium_from: int
    judgement: dict[str, str]
    questions: tuple[str, ...]


def load_dash_rules(path: Path) -> DashRules:
    rules = load_rule_file(path)
    where = str(path)
    judgement = rules.get("judgement", dict)
    require_names(list(judgement), JUDGEMENT_FACTORS, f"{where}: judgement")
    require_names(list(judgement.values()), frozenset(LEVELS), f"{where}: judgement levels")
    questions = tuple(str(question) for question in rules.get("questions", list))
    if len(questions) != QUESTIONS:
        raise RuleFileError(f"{where}: questions: must list all {QUESTIONS} DASH questions")
    high_from, medium_from = rules.get("high_from", int), rules.get("medium_from", int)
    if not 0 < medium_from < high_from <= QUESTIONS:
        raise RuleFileError(
            f"{where}: medium_from and high_from: need 0 < medium_from < high_from <= {QUESTIONS}"
        )
    return DashRules(rules.version, high_from, medium_from, dict(judgement), questions)


@cache
def dash_rules() -> DashRules:
    return load_dash_rules(DASH_FILE)


def checklist_level(yes_count: int, rules: DashRules) -> str:
    if yes_count >= rules.high_from:
        return "HIGH"
    if yes_count >= rules.medium_from:
        return "MEDIUM"
    return "STANDARD"


def assess_dash(
    abuse: common_pb2.DomesticAbuse, rules: DashRules | None = None
) -> safeguarding_pb2.DashAssessment:
    """The DASH level of a domestic abuse contact, with the reasons for any override."""
    rules = rules or dash_rules()
    completed = len(abuse.dash_answers) == QUESTIONS
    yes_count = sum(abuse.dash_answers) if completed else 0
    level = checklist_level(yes_count, rules)
    result = safeguarding_pb2.DashAssessment(
        completed=completed, yes_count=yes_count, checklist_level=level, rule_version=rules.version
    )
    if not completed:
        result.judgement_reasons.append(
            "checklist not completed: complete DASH with the victim at attendance"
        )
    for factor in dict.fromkeys(abuse.judgement_factors):
        name = common_pb2.DashJudgementFactor.Name(factor).removeprefix("DASH_JUDGEMENT_FACTOR_")
        raised_to = rules.judgement[name]
        if LEVELS.index(raised_to) > LEVELS.index(level):
            factor_name = name.lower().replace("_", " ")
            result.judgement_reasons.append(
                f"professional judgement: {factor_name} raises the level to {raised_to.lower()}"
            )
            level = raised_to
        else:
            result.judgement_reasons.append(f"professional judgement: {name.lower().replace('_', ' ')} noted")
    result.level = level
    return result
