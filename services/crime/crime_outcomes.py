"""The crime outcomes framework (rules/crime_outcomes.yaml): the Home Office outcome types
a recorded crime is closed with, as sourced, versioned data."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path

from contact101.rules.rule_files import RuleFileError, load_rule_file, require

OUTCOMES_FILE = Path(__file__).with_name("rules") / "crime_outcomes.yaml"
NOT_CONFIRMED = "not_confirmed"


@dataclass(frozen=True)
class OutcomeSource:
    ref: str  # a source of the file's `sources`, or not_confirmed
    found: str  # what that source says

    @property
    def confirmed(self) -> bool:
        return self.ref != NOT_CONFIRMED


@dataclass(frozen=True)
class CrimeOutcomes:
    version: str
    source: str
    names: dict[str, str]  # outcome type ("1", "1A", ... "22") → its name
    sources: dict[str, OutcomeSource]  # outcome type → where its name comes from

    def name_of(self, outcome_type: str) -> str | None:
        return self.names.get(outcome_type)


def load_crime_outcomes(path: Path) -> CrimeOutcomes:
    rules = load_rule_file(path)
    cited = rules.get("sources", dict)
    names: dict[str, str] = {}
    sources: dict[str, OutcomeSource] = {}
    for outcome_type, entry in rules.get("outcomes", dict).items():
        where = f"{path}: outcomes: {outcome_type!r}"
        if not isinstance(outcome_type, str) or not isinstance(entry, dict):
            raise RuleFileError(f"{where}: must be a quoted type with a name and a source")
        name = require(entry, "name", str, where)
        source = require(entry, "source", dict, where)
        ref, found = (
            require(source, "ref", str, f"{where}.source"),
            require(source, "found", str, f"{where}.source"),
        )
        if not name.strip() or ref not in cited or not found.strip():
            raise RuleFileError(f"{where}: needs a name and a source from sources with what it found")
        names[outcome_type], sources[outcome_type] = name, OutcomeSource(ref, found)
    return CrimeOutcomes(rules.version, rules.get("source", str), names, sources)


@cache
def crime_outcomes() -> CrimeOutcomes:
    return load_crime_outcomes(OUTCOMES_FILE)
