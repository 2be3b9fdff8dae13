"""The domestic abuse risk tool, scored: answers keyed by question id → standard, medium or high risk.

The tool (contact101/rules/risk_tool_in_use.yaml chooses DASH, the default, or DARA) gives the
questions and thresholds; the count of "yes" answers gives the checklist level (DARA sets no
count: its level is the officer's professional judgement). A question not
asked or declined is not a "yes", and is listed so the assessment can be completed at
attendance. The officer's professional judgement (rules/dash.yaml: strangulation, stalking,
threats to kill, separation, escalation) can raise the level, never lower it.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path

from contact101.rules.dash_questions import RiskTool, risk_tool
from contact101.rules.rule_files import load_rule_file, require_names
from contact101.v1 import common_pb2, safeguarding_pb2

DASH_FILE = Path(__file__).with_name("rules") / "dash.yaml"
LEVELS = ("STANDARD", "MEDIUM", "HIGH")
JUDGEMENT_FACTORS = frozenset(
    name.removeprefix("DASH_JUDGEMENT_FACTOR_")
    for name, value in common_pb2.DashJudgementFactor.items()
    if value
)
ANSWERED = frozenset({common_pb2.RISK_ANSWER_VALUE_YES, common_pb2.RISK_ANSWER_VALUE_NO})


@dataclass(frozen=True)
class DashRules:
    version: str
    judgement: dict[str, str]
    tool: RiskTool


def load_dash_rules(path: Path, tool: RiskTool | None = None) -> DashRules:
    rules = load_rule_file(path)
    where = str(path)
    judgement = rules.get("judgement", dict)
    require_names(list(judgement), JUDGEMENT_FACTORS, f"{where}: judgement")
    require_names(list(judgement.values()), frozenset(LEVELS), f"{where}: judgement levels")
    return DashRules(rules.version, dict(judgement), tool or risk_tool())


@cache
def dash_rules() -> DashRules:
    return load_dash_rules(DASH_FILE)


def checklist_level(yes_count: int, tool: RiskTool) -> str:
    """The level the count of "yes" answers gives; STANDARD for a tool that sets no count (DARA),
    whose level is the officer's professional judgement."""
    if tool.high_from is not None and yes_count >= tool.high_from:
        return "HIGH"
    if tool.medium_from is not None and yes_count >= tool.medium_from:
        return "MEDIUM"
    return "STANDARD"


def assess_dash(
    abuse: common_pb2.DomesticAbuse, rules: DashRules | None = None
) -> safeguarding_pb2.DashAssessment:
    """The risk tool's level for a domestic abuse contact, with the reasons for any override."""
    rules = rules or dash_rules()
    tool = rules.tool
    answers = {answer.question_id: answer.answer for answer in abuse.risk_answers}
    yes_count = sum(answers.get(question) == common_pb2.RISK_ANSWER_VALUE_YES for question in tool.questions)
    not_answered = [question for question in tool.questions if answers.get(question) not in ANSWERED]
    level = checklist_level(yes_count, tool)
    result = safeguarding_pb2.DashAssessment(
        completed=not not_answered,
        yes_count=yes_count,
        checklist_level=level,
        rule_version=f"{tool.version}; {rules.version}",
        tool=tool.name,
        questions=len(tool.questions),
        not_answered=not_answered,
    )
    if tool.high_from is None:
        result.judgement_reasons.append(
            f"{tool.name} sets no count of answers: the level is the officer's professional judgement"
        )
    if not answers:
        result.judgement_reasons.append(f"{tool.name} not used: complete it with the victim at attendance")
    elif not_answered:
        result.judgement_reasons.append(
            f"{len(not_answered)} of {len(tool.questions)} {tool.name} questions not asked or declined"
        )
    for factor in dict.fromkeys(abuse.judgement_factors):
        name = common_pb2.DashJudgementFactor.Name(factor).removeprefix("DASH_JUDGEMENT_FACTOR_")
        factor_name = name.lower().replace("_", " ")
        raised_to = rules.judgement[name]
        if LEVELS.index(raised_to) > LEVELS.index(level):
            result.judgement_reasons.append(
                f"professional judgement: {factor_name} raises the level to {raised_to.lower()}"
            )
            level = raised_to
        else:
            result.judgement_reasons.append(f"professional judgement: {factor_name} noted")
    result.level = level
    return result
