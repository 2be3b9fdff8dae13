"""Non-crime hate incidents under the 2023 Code of Practice (rules/hate_incidents.yaml): whether a
hate incident that is no crime is recorded, and whether the subject's personal data is kept."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path

from contact101.rules.rule_files import load_rule_file
from contact101.v1 import common_pb2

HATE_INCIDENTS_FILE = Path(__file__).with_name("rules") / "hate_incidents.yaml"
TEXTS = (
    "not_answered",
    "trivial_irrational_or_malicious",
    "no_hostility_inferred",
    "personal_data_kept",
    "personal_data_not_kept",
)


@dataclass(frozen=True)
class HateIncidentRules:
    version: str
    texts: dict[str, str]


@dataclass(frozen=True)
class HateIncidentDecision:
    recorded: bool
    personal_data_kept: bool
    reason: str


def load_hate_incident_rules(path: Path) -> HateIncidentRules:
    rules = load_rule_file(path)
    return HateIncidentRules(rules.version, {key: " ".join(rules.get(key, str).split()) for key in TEXTS})


@cache
def hate_incident_rules() -> HateIncidentRules:
    return load_hate_incident_rules(HATE_INCIDENTS_FILE)


def non_crime_hate_incident(
    threshold: common_pb2.HateIncidentThreshold, rules: HateIncidentRules | None = None
) -> HateIncidentDecision:
    """The Code's threshold applied to the officer's answers: record the NCHI or not, and with the
    subject's personal data or without it."""
    rules = rules or hate_incident_rules()
    if not threshold.answered:
        return HateIncidentDecision(False, False, rules.texts["not_answered"])
    if threshold.trivial_irrational_or_malicious:
        return HateIncidentDecision(False, False, rules.texts["trivial_irrational_or_malicious"])
    if not threshold.hostility_inferred:
        return HateIncidentDecision(False, False, rules.texts["no_hostility_inferred"])
    risks = [
        text
        for met, text in (
            (threshold.risk_of_significant_harm, "significant harm"),
            (threshold.risk_of_future_offence, "a future criminal offence"),
        )
        if met
    ]
    if risks:
        return HateIncidentDecision(
            True, True, rules.texts["personal_data_kept"].format(risks=" and of ".join(risks))
        )
    return HateIncidentDecision(True, False, rules.texts["personal_data_not_kept"])
