"""The crime outcomes framework (rules/crime_outcomes.yaml): the Home Office outcome types
a recorded crime is closed with, as sourced, versioned data."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path

from contact101.rules.rule_files import RuleFileError, load_rule_file

OUTCOMES_FILE = Path(__file__).with_name("rules") / "crime_outcomes.yaml"


@dataclass(frozen=True)
class CrimeOutcomes:
    version: str
    source: str
    names: dict[str, str]  # outcome type ("1", "1A", ... "22") → its name

    def name_of(self, outcome_type: str) -> str | None:
        return self.names.get(outcome_type)


def load_crime_outcomes(path: Path) -> CrimeOutcomes:
    rules = load_rule_file(path)
    outcomes = rules.get("outcomes", dict)
    for outcome_type, name in outcomes.items():
        if not isinstance(outcome_type, str) or not isinstance(name, str) or not name.strip():
            raise RuleFileError(f"{path}: outcomes: {outcome_type!r}: must be a quoted type with a name")
    return CrimeOutcomes(rules.version, rules.get("source", str), dict(outcomes))


@cache
def crime_outcomes() -> CrimeOutcomes:
    return load_crime_outcomes(OUTCOMES_FILE)
