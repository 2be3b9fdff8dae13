"""Minimum standards of investigation: score the lines of enquiry, then allocate or file.

A recorded crime with a viable line of enquiry (or one of the kinds always investigated)
goes to a named team with its lines listed; otherwise it is filed as "investigation
complete - no suspect identified", with the reasons. Rules: rules/investigation.yaml.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path

from contact101.rules.rule_files import LINE_KINDS, RuleFileError, load_rule_file, require, require_names
from contact101.v1 import common_pb2, crime_decision_pb2, safeguarding_pb2

INVESTIGATION_FILE = Path(__file__).with_name("rules") / "investigation.yaml"
GRADES = frozenset(name.removeprefix("RISK_GRADE_") for name, value in common_pb2.RiskGrade.items() if value)


TEAM_RULE_KEYS = ("investigation", "flag", "vulnerability_flag")


@dataclass(frozen=True)
class TeamRule:
    key: str  # one of TEAM_RULE_KEYS
    value: str
    team: str

    def matches(self, crime: crime_decision_pb2.CrimeDecision, risk: safeguarding_pb2.RiskAssessment) -> bool:
        if self.key == "investigation":
            return crime.investigation_group == self.value
        return self.value in (crime.flags if self.key == "flag" else risk.vulnerability_flags)


@dataclass(frozen=True)
class InvestigationRules:
    version: str
    line_points: dict[str, int]
    named_suspect_points: int
    described_suspect_points: int
    viable_from: int
    always_investigation_groups: frozenset[str]
    always_flags: frozenset[str]
    always_vulnerability_flags: frozenset[str]
    always_grades: frozenset[str]
    teams: tuple[TeamRule, ...]
    default_team: str
    filed_outcome: str
    filed_outcome_code: str


def load_investigation_rules(path: Path) -> InvestigationRules:
    rules = load_rule_file(path)
    where = str(path)
    points = rules.get("line_points", dict)
    if set(points) != LINE_KINDS or not all(isinstance(value, int) for value in points.values()):
        raise RuleFileError(
            f"{where}: line_points: must give whole points for each of {', '.join(sorted(LINE_KINDS))}"
        )
    suspects = rules.get("suspect_points", dict)
    always = rules.get("always_investigate", dict)
    teams = []
    for index, entry in enumerate(rules.get("teams", list)):
        keys = [key for key in TEAM_RULE_KEYS if isinstance(entry, dict) and key in entry]
        if len(keys) != 1:
            raise RuleFileError(
                f"{where}: teams[{index}]: needs one of {', '.join(TEAM_RULE_KEYS)}, and a team"
            )
        teams.append(
            TeamRule(keys[0], str(entry[keys[0]]), require(entry, "team", str, f"{where}: teams[{index}]"))
        )
    filed = rules.get("filed", dict)
    return InvestigationRules(
        version=rules.version,
        line_points=dict(points),
        named_suspect_points=require(suspects, "named", int, f"{where}: suspect_points"),
        described_suspect_points=require(suspects, "described", int, f"{where}: suspect_points"),
        viable_from=rules.get("viable_from", int),
        always_investigation_groups=frozenset(always.get("investigation_groups", [])),
        always_flags=frozenset(always.get("flags", [])),
        always_vulnerability_flags=frozenset(always.get("vulnerability_flags", [])),
        always_grades=frozenset(
            require_names(always.get("grades", []), GRADES, f"{where}: always_investigate.grades")
        ),
        teams=tuple(teams),
        default_team=rules.get("default_team", str),
        filed_outcome=require(filed, "outcome", str, f"{where}: filed"),
        filed_outcome_code=require(filed, "outcome_code", str, f"{where}: filed"),
    )


@cache
def investigation_rules() -> InvestigationRules:
    return load_investigation_rules(INVESTIGATION_FILE)


def scored_lines(contact: common_pb2.ContactDetails, rules: InvestigationRules) -> list[tuple[str, int]]:
    """Each line of enquiry and suspect as the officer captured it, with its points."""
    lines = []
    for line in contact.lines_of_enquiry:
        kind = common_pb2.LineOfEnquiryKind.Name(line.kind).removeprefix("LINE_OF_ENQUIRY_KIND_")
        label = kind.lower().replace("_", " ")
        lines.append((f"{label}: {line.detail}" if line.detail else label, rules.line_points[kind]))
    for suspect in contact.suspects:
        if suspect.name.strip():
            lines.append(("named suspect", rules.named_suspect_points))
        else:
            lines.append(("described suspect", rules.described_suspect_points))
    return lines


def assess_investigation(
    contact: common_pb2.ContactDetails,
    crime: crime_decision_pb2.CrimeDecision,
    risk: safeguarding_pb2.RiskAssessment,
    rules: InvestigationRules | None = None,
) -> crime_decision_pb2.InvestigationOutcome:
    """Allocate the recorded crime to a team, or file it, with the reasons."""
    rules = rules or investigation_rules()
    lines = scored_lines(contact, rules)
    score = sum(points for _label, points in lines)
    outcome = crime_decision_pb2.InvestigationOutcome(
        score=score,
        threshold=rules.viable_from,
        lines=[f"{label} ({points})" for label, points in lines],
        rule_version=rules.version,
    )
    reasons = _always_investigated(crime, risk, rules)
    if score >= rules.viable_from:
        reasons.insert(0, f"viable lines of enquiry: score {score} (viable from {rules.viable_from})")
    if not reasons:
        outcome.outcome = rules.filed_outcome
        outcome.outcome_code = rules.filed_outcome_code
        outcome.reasons.append(
            f"no viable line of enquiry: score {score}, below {rules.viable_from}"
            + ("" if lines else " (no CCTV, witness, forensic opportunity or suspect)")
        )
        return outcome
    outcome.allocated = True
    outcome.team = next((rule.team for rule in rules.teams if rule.matches(crime, risk)), rules.default_team)
    outcome.reasons.extend(reasons)
    return outcome


def _always_investigated(
    crime: crime_decision_pb2.CrimeDecision, risk: safeguarding_pb2.RiskAssessment, rules: InvestigationRules
) -> list[str]:
    reasons = []
    if crime.investigation_group in rules.always_investigation_groups:
        reasons.append(f"{crime.investigation_group.replace('_', ' ')} offences are always investigated")
    reasons.extend(
        f"{flag.lower().replace('_', ' ')} is always investigated"
        for flag in crime.flags
        if flag in rules.always_flags
    )
    vulnerable = [flag for flag in risk.vulnerability_flags if flag in rules.always_vulnerability_flags]
    if vulnerable:
        reasons.append(
            "vulnerable victim: " + ", ".join(flag.lower().replace("_", " ") for flag in vulnerable)
        )
    grade = common_pb2.RiskGrade.Name(risk.grade).removeprefix("RISK_GRADE_")
    if grade in rules.always_grades:
        reasons.append(f"graded {grade.lower()}")
    return reasons
