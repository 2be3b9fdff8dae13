"""The Home Office offence classification table (rules/offences.yaml), and what a contact discloses.

The officer's own classification comes first; without one, the caller's account is read
against each offence's patterns. Alternative readings of one act (a "family", such as
"stolen" and "stolen from my car") count once: the first, most specific, match.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache, cached_property
from pathlib import Path
from typing import Any

from contact101.rules.account_cues import compile_cues, find_cue
from contact101.rules.rule_files import RuleFileError, load_rule_file, require
from contact101.v1 import common_pb2

OFFENCES_FILE = Path(__file__).with_name("offences.yaml")
FACTS = frozenset({"injury"})
RECORDING_BODIES = frozenset({"national_fraud_reporting_centre"})


@dataclass(frozen=True)
class Offence:
    code: str
    name: str
    category: str
    family: str
    seriousness: int
    notifiable: bool
    victim_based: bool
    patterns: tuple[re.Pattern[str], ...]
    requires: str
    aggravated_form: str
    rape: bool
    recorded_by: str

    @property
    def label(self) -> str:
        return f"{self.code} {self.name}"


@dataclass(frozen=True)
class Disclosure:
    """An offence the contact discloses, and what disclosed it."""

    offence: Offence
    source: str


@dataclass(frozen=True)
class OffenceTable:
    version: str
    offences: tuple[Offence, ...]
    facts: dict[str, tuple[re.Pattern[str], ...]]

    def find(self, code: str) -> Offence | None:
        return self.by_code.get(code.strip().upper())

    @cached_property
    def by_code(self) -> dict[str, Offence]:
        """Each offence under its code, built once: validation looks codes up on every request."""
        return {offence.code: offence for offence in self.offences}

    def disclosed(self, contact: common_pb2.ContactDetails) -> list[Disclosure]:
        """The offences the contact discloses, in table order (most specific first)."""
        if contact.offence_codes:
            return self._classified_by_officer(contact.offence_codes)
        established = self._established_facts(contact)
        found: list[Disclosure] = []
        families: set[str] = set()
        for offence in self.offences:
            if offence.family in families or (offence.requires and offence.requires not in established):
                continue
            words = find_cue(offence.patterns, contact.what_happened)
            if words is not None:
                families.add(offence.family)
                found.append(Disclosure(offence, f"the account says '{words}'"))
        return found

    def _classified_by_officer(self, codes: Sequence[str]) -> list[Disclosure]:
        wanted = {code.strip().upper() for code in codes}
        return [
            Disclosure(offence, "classified by the contact officer")
            for offence in self.offences
            if offence.code in wanted
        ]

    def _established_facts(self, contact: common_pb2.ContactDetails) -> set[str]:
        indicators = contact.risk_indicators
        facts = {"injury"} if indicators.injury or indicators.serious_injury else set()
        facts.update(
            name for name, cues in self.facts.items() if find_cue(cues, contact.what_happened) is not None
        )
        return facts


def _code(entry: dict[str, Any], where: str) -> str:
    """The code as written: YAML reads 48 as a number and 37.2 as a decimal, both are codes."""
    code = entry.get("code")
    if isinstance(code, bool) or not isinstance(code, str | int | float) or not str(code).strip():
        raise RuleFileError(f"{where}: code: must be an offence code such as 28E")
    return str(code).strip().upper()


def _offence(entry: Any, where: str) -> Offence:
    if not isinstance(entry, dict):
        raise RuleFileError(f"{where}: must be a mapping")
    category = require(entry, "category", str, where)
    requires = str(entry.get("requires", ""))
    if requires and requires not in FACTS:
        raise RuleFileError(f"{where}: requires: must be one of {', '.join(sorted(FACTS))}")
    recorded_by = str(entry.get("recorded_by", ""))
    if recorded_by and recorded_by not in RECORDING_BODIES:
        raise RuleFileError(f"{where}: recorded_by: must be one of {', '.join(sorted(RECORDING_BODIES))}")
    try:
        patterns = compile_cues(entry.get("patterns", []))
    except re.error as error:
        raise RuleFileError(f"{where}: patterns: {error}") from None
    return Offence(
        code=_code(entry, where),
        name=require(entry, "name", str, where),
        category=category,
        family=str(entry.get("family", category)),
        seriousness=require(entry, "seriousness", int, where),
        notifiable=bool(entry.get("notifiable", True)),
        victim_based=bool(entry.get("victim_based", True)),
        patterns=patterns,
        requires=requires,
        aggravated_form=str(entry.get("aggravated_form", "")).upper(),
        rape=bool(entry.get("rape", False)),
        recorded_by=recorded_by,
    )


def load_offence_table(path: Path) -> OffenceTable:
    rules = load_rule_file(path)
    offences = tuple(
        _offence(entry, f"{path}: offences[{index}]")
        for index, entry in enumerate(rules.get("offences", list))
    )
    codes = [offence.code for offence in offences]
    duplicated = sorted({code for code in codes if codes.count(code) > 1})
    if duplicated:
        raise RuleFileError(f"{path}: offences: code(s) listed twice: {', '.join(duplicated)}")
    for offence in offences:
        if offence.aggravated_form and offence.aggravated_form not in codes:
            raise RuleFileError(
                f"{path}: {offence.code}: aggravated_form {offence.aggravated_form} is not listed"
            )
    facts = rules.get("facts", dict)
    unknown = sorted(set(facts) - FACTS)
    if unknown:
        raise RuleFileError(f"{path}: facts: unknown fact(s) {', '.join(unknown)}")
    return OffenceTable(
        version=rules.version,
        offences=offences,
        facts={name: compile_cues(patterns) for name, patterns in facts.items()},
    )


@cache
def offence_table() -> OffenceTable:
    """The force's offence table."""
    return load_offence_table(OFFENCES_FILE)
