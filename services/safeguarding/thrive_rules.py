"""The THRIVE rule file (rules/thrive.yaml), loaded and checked against the triggers the code finds."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import timedelta
from functools import cache
from pathlib import Path

from contact101.rules.account_cues import compile_cues
from contact101.rules.rule_files import LINE_KINDS, RuleFileError, load_rule_file, require, require_names
from contact101.v1 import common_pb2

THRIVE_FILE = Path(__file__).with_name("rules") / "thrive.yaml"
# Every trigger risk_triggers.find_triggers can find; the rule file must describe each one.
TRIGGERS = frozenset(
    {
        "threat_to_life", "in_progress", "suspect_on_scene", "serious_injury", "weapon", "injury",
        "dash_high", "dash_medium", "domestic_abuse", "child_at_risk", "child_victim",
        "vulnerable_adult", "mental_health", "hate_crime", "repeat_victim", "repeat_location",
        "asb_case_review", "sexual_offence", "serious_offence", "recent_sexual_offence", "attendance_enquiry",
        "lines_some", "lines_many", "third_party_report", "third_party_vulnerable", "bereaved_relative",
        "mental_health_police", "mental_health_health_partners", "offender_expected_back",
        "marac_professional_judgement", "marac_potential_escalation", "marac_repeat",
    }
)  # fmt: skip
FACTORS = ("THREAT", "HARM", "RISK", "INVESTIGATION", "VULNERABILITY", "ENGAGEMENT")
# The risk indicators an account prompt may ask about.
CUED_TRIGGERS = frozenset({"in_progress", "suspect_on_scene", "weapon", "injury"})
URGENCY = (
    common_pb2.RISK_GRADE_EMERGENCY,
    common_pb2.RISK_GRADE_PRIORITY,
    common_pb2.RISK_GRADE_SCHEDULED,
    common_pb2.RISK_GRADE_RESOLVED_WITHOUT_DEPLOYMENT,
)


@dataclass(frozen=True)
class FactorRule:
    factor: str
    high: frozenset[str]
    medium: frozenset[str]
    low_reason: str


@dataclass(frozen=True)
class AccountPrompt:
    """Words in an account that call for a question, and the question (a prompt, never a grade)."""

    cues: tuple[re.Pattern[str], ...]
    ask: str


@dataclass(frozen=True)
class ThriveRules:
    version: str
    descriptions: dict[str, str]
    grades: tuple[tuple[common_pb2.RiskGrade.ValueType, tuple[str, ...]], ...]  # most urgent first
    factors: tuple[FactorRule, ...]
    flags: dict[str, str]
    prompts: dict[str, AccountPrompt]  # keyed by the risk indicator each asks about
    attendance_enquiries: frozenset[str]
    many_lines_from: int
    serious_offence_from: int
    child_under: int
    forensic_window: timedelta
    emergency_minutes_urban: int
    emergency_minutes_rural: int
    police_attend_welfare_for: frozenset[str]  # Right Care, Right Person: the risk that calls for police


def grade_name(grade: common_pb2.RiskGrade.ValueType) -> str:
    return common_pb2.RiskGrade.Name(grade).removeprefix("RISK_GRADE_")


def load_thrive_rules(path: Path) -> ThriveRules:
    rules = load_rule_file(path)
    where = str(path)
    descriptions = rules.get("triggers", dict)
    if set(descriptions) != TRIGGERS:
        missing, unknown = sorted(TRIGGERS - set(descriptions)), sorted(set(descriptions) - TRIGGERS)
        raise RuleFileError(f"{where}: triggers: missing {missing or 'none'}; unknown {unknown or 'none'}")
    graded = rules.get("grades", dict)
    grades = tuple(
        (
            grade,
            require_names(
                graded.get(grade_name(grade), []), TRIGGERS, f"{where}: grades.{grade_name(grade)}"
            ),
        )
        for grade in URGENCY[:-1]
    )
    factor_data = rules.get("factors", dict)
    factors = []
    for factor in FACTORS:
        entry = require(factor_data, factor, dict, f"{where}: factors")
        factors.append(
            FactorRule(
                factor,
                frozenset(require_names(entry.get("HIGH", []), TRIGGERS, f"{where}: factors.{factor}.HIGH")),
                frozenset(
                    require_names(entry.get("MEDIUM", []), TRIGGERS, f"{where}: factors.{factor}.MEDIUM")
                ),
                require(entry, "LOW", str, f"{where}: factors.{factor}"),
            )
        )
    flags = rules.get("flags", dict)
    require_names(list(flags), TRIGGERS, f"{where}: flags")
    prompts = rules.get("account_prompts", dict)
    require_names(list(prompts), CUED_TRIGGERS, f"{where}: account_prompts")
    minutes = rules.get("emergency_attendance_minutes", dict)
    rcrp = rules.get("right_care_right_person", dict)
    return ThriveRules(
        version=rules.version,
        descriptions=dict(descriptions),
        grades=grades,
        factors=tuple(factors),
        flags=dict(flags),
        prompts={
            name: AccountPrompt(
                compile_cues(require(entry, "cues", list, f"{where}: account_prompts.{name}")),
                require(entry, "ask", str, f"{where}: account_prompts.{name}"),
            )
            for name, entry in prompts.items()
        },
        attendance_enquiries=frozenset(
            require_names(
                rules.get("attendance_enquiries", list), LINE_KINDS, f"{where}: attendance_enquiries"
            )
        ),
        many_lines_from=rules.get("many_lines_from", int),
        serious_offence_from=rules.get("serious_offence_from", int),
        child_under=rules.get("child_under", int),
        forensic_window=timedelta(days=rules.get("forensic_window_days", int)),
        emergency_minutes_urban=require(minutes, "urban", int, f"{where}: emergency_attendance_minutes"),
        emergency_minutes_rural=require(minutes, "rural", int, f"{where}: emergency_attendance_minutes"),
        police_attend_welfare_for=frozenset(
            require_names(
                require(rcrp, "police_attend_for", list, f"{where}: right_care_right_person"),
                TRIGGERS,
                f"{where}: right_care_right_person.police_attend_for",
            )
        ),
    )


@cache
def thrive_rules() -> ThriveRules:
    return load_thrive_rules(THRIVE_FILE)
