"""The Home Office offence table (rules/offences.yaml): classifications as sourced data, and
the classification of what a contact reports.

A contact's offences come from the officer's classification (offence_codes), checked
against the facts, or else from the offence facts the officer captured, by each
classification's conditions. The caller's account only suggests offences, with the words
that matched; it never classifies on its own. Shared by the crime and safeguarding services.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from functools import cache, cached_property
from pathlib import Path
from typing import Any

from contact101.rules.account_cues import compile_cues, find_cue
from contact101.rules.rule_files import RuleFileError, load_rule_file, require
from contact101.v1 import common_pb2

OFFENCES_FILE = Path(__file__).with_name("offences.yaml")
RECORDING_BODIES = frozenset({"national_fraud_reporting_centre"})
COUNTING_UNITS = frozenset({"victim", "premises", "vehicle", "account", "society"})
CONSENT_ROUTES = frozenset({"explicit", "opt_out"})
FLAGS = ("attempted", "from_the_person", "from_a_vehicle", "distraction", "by_employee", "life_endangered")
SEXES = frozenset({"female", "male"})
# The victim's age range [from, under) for each age band.
AGE_BANDS = {
    common_pb2.AGE_BAND_UNDER_13: (0, 13),
    common_pb2.AGE_BAND_13_TO_15: (13, 16),
    common_pb2.AGE_BAND_16_TO_17: (16, 18),
    common_pb2.AGE_BAND_ADULT: (18, 150),
}
OLDEST = 150


def enum_names(enum: Any, prefix: str) -> dict[int, str]:
    """The named values of a generated enum, lower case and without prefix: {1: 'theft', ...}."""
    return {number: name.removeprefix(prefix).lower() for name, number in enum.items() if number}


ACTS = enum_names(common_pb2.OffenceAct, "OFFENCE_ACT_")
PREMISES = enum_names(common_pb2.Premises, "PREMISES_")
PROPERTY = enum_names(common_pb2.PropertyKind, "PROPERTY_KIND_")
WEAPONS = enum_names(common_pb2.WeaponKind, "WEAPON_KIND_")
INJURIES = enum_names(common_pb2.InjuryLevel, "INJURY_LEVEL_")
# The list conditions: the fact each reads, and the names it may hold.
CHOICES = {"premises": PREMISES, "property": PROPERTY, "weapon": WEAPONS, "injury": INJURIES}


def words(name: str) -> str:
    return name.replace("_", " ")


@dataclass(frozen=True)
class Victim:
    """What is known of the victim: sex ('' when unknown) and age range [from, under) or None."""

    sex: str
    ages: tuple[int, int] | None


def victim_of(contact: common_pb2.ContactDetails) -> Victim:
    sex = {common_pb2.SEX_FEMALE: "female", common_pb2.SEX_MALE: "male"}.get(contact.victim_sex, "")
    person = contact.caller if contact.caller_is_victim else contact.victim
    ages = AGE_BANDS.get(contact.victim_age_band)
    if person.date_of_birth:
        born = date.fromisoformat(person.date_of_birth)
        day = contact.occurred_at.ToDatetime().date()
        age = day.year - born.year - ((day.month, day.day) < (born.month, born.day))
        ages = (age, age + 1)
    return Victim(sex, ages)


@dataclass(frozen=True)
class Conditions:
    """When a classification applies: what the act's facts and the victim must be."""

    act: str
    flags: frozenset[str]
    choices: Mapping[str, frozenset[str]]  # premises, property, weapon, injury → allowed names
    victim_sex: str
    age_from: int
    age_under: int

    def fit(self, fact: common_pb2.OffenceFacts) -> bool:
        """Whether the act's facts meet every condition (the victim aside)."""
        if ACTS.get(fact.act) != self.act or any(not getattr(fact, flag) for flag in self.flags):
            return False
        return all(
            CHOICES[key].get(getattr(fact, key), "") in allowed for key, allowed in self.choices.items()
        )

    def victim_check(self, victim: Victim) -> tuple[list[str], list[str]]:
        """(what the victim's known facts contradict, what is unknown and assumed)."""
        contradicted, assumed = [], []
        if self.victim_sex:
            if not victim.sex:
                assumed.append("the victim's sex")
            elif victim.sex != self.victim_sex:
                contradicted.append(f"a {self.victim_sex} victim")
        if self.age_from or self.age_under < OLDEST:
            wanted = self.age_description()
            if victim.ages is None:
                assumed.append("the victim's age")
            elif victim.ages[1] <= self.age_from or victim.ages[0] >= self.age_under:
                contradicted.append(f"a victim {wanted}")
            elif not (self.age_from <= victim.ages[0] and victim.ages[1] <= self.age_under):
                assumed.append("the victim's age")
        return contradicted, assumed

    def age_description(self) -> str:
        if self.age_from and self.age_under < OLDEST:
            return f"aged {self.age_from} to {self.age_under - 1}"
        return f"aged {self.age_from} or over" if self.age_from else f"under {self.age_under}"


@dataclass(frozen=True)
class Offence:
    code: str
    name: str
    source: str  # the source's name and what it says, as the table gives them
    effective_from: date
    effective_to: date | None
    family: str
    investigation: str
    consent: str
    enhanced_rights: str
    counting_unit: str
    principal_rank: int
    when: Conditions | None
    aggravated_form: str
    rape: bool
    recorded_by: str
    suggest: tuple[re.Pattern[str], ...]

    @property
    def label(self) -> str:
        return f"{self.code} {self.name}"

    @property
    def notifiable(self) -> bool:
        """Counted in the force's recorded crime (another body records the rest)."""
        return not self.recorded_by

    def in_force(self, day: date) -> bool:
        return self.effective_from <= day and (self.effective_to is None or day <= self.effective_to)


@dataclass(frozen=True)
class Classification:
    """An offence the contact discloses, why, and the victim facts assumed to reach it."""

    offence: Offence
    source: str
    assumed: tuple[str, ...] = ()


@dataclass(frozen=True)
class Suggestion:
    """An offence the caller's words suggest, which the officer confirms by capturing the facts."""

    offence: Offence
    words: str


def describe(fact: common_pb2.OffenceFacts) -> str:
    """The captured act in words: 'attempted burglary (unconnected building)'."""
    text = words(ACTS.get(fact.act, "act"))
    if fact.attempted:
        text = f"attempted {text}"
    details = [words(CHOICES[key][value]) for key in CHOICES if (value := getattr(fact, key))]
    details += [words(flag) for flag in FLAGS if flag != "attempted" and getattr(fact, flag)]
    return text + (f" ({', '.join(details)})" if details else "")


@dataclass(frozen=True)
class OffenceTable:
    version: str
    offences: tuple[Offence, ...]

    @cached_property
    def by_code(self) -> dict[str, tuple[Offence, ...]]:
        """Each code's editions, built once: validation looks codes up on every request."""
        found: dict[str, list[Offence]] = {}
        for offence in self.offences:
            found.setdefault(offence.code, []).append(offence)
        return {code: tuple(editions) for code, editions in found.items()}

    def find(self, code: str, day: date | None = None) -> Offence | None:
        """The classification under code (in force on day, when given)."""
        editions = self.by_code.get(code.strip().upper(), ())
        return next((offence for offence in editions if day is None or offence.in_force(day)), None)

    def in_force(self, day: date) -> tuple[Offence, ...]:
        return tuple(offence for offence in self.offences if offence.in_force(day))

    def classify(self, fact: common_pb2.OffenceFacts, victim: Victim, day: date) -> Classification | None:
        """The first classification in table order whose conditions the act and the victim meet."""
        for offence in self.in_force(day):
            if offence.when is None or not offence.when.fit(fact):
                continue
            contradicted, assumed = offence.when.victim_check(victim)
            if not contradicted:
                return Classification(
                    offence, f"the offence facts captured: {describe(fact)}", tuple(assumed)
                )
        return None

    def classified(self, contact: common_pb2.ContactDetails, day: date) -> list[Classification]:
        """The officer's classification when given, else what the offence facts classify as."""
        if contact.offence_codes:
            wanted = {code.strip().upper() for code in contact.offence_codes}
            return [
                Classification(offence, "classified by the contact officer")
                for offence in self.in_force(day)
                if offence.code in wanted
            ]
        victim = victim_of(contact)
        found = (self.classify(fact, victim, day) for fact in contact.offence_facts)
        return [classification for classification in found if classification is not None]

    def contradictions(self, contact: common_pb2.ContactDetails, day: date) -> list[tuple[int, str]]:
        """Each officer's code the captured facts contradict, by index, with the reason."""
        victim = victim_of(contact)
        found = []
        for index, code in enumerate(contact.offence_codes):
            offence = self.find(code, day)
            if offence is None or offence.when is None:
                continue
            contradicted, _assumed = offence.when.victim_check(victim)
            if contact.offence_facts and not any(offence.when.fit(fact) for fact in contact.offence_facts):
                acts = "; ".join(describe(fact) for fact in contact.offence_facts)
                contradicted.append(f"the act captured ({acts}) to fit its conditions")
            if contradicted:
                found.append((index, f"{offence.label} needs {' and '.join(contradicted)}"))
        return found

    def suggest(self, account: str, day: date) -> list[Suggestion]:
        """What the account suggests, one offence per family (the first, most specific, match)."""
        found: list[Suggestion] = []
        families: set[str] = set()
        for offence in self.in_force(day):
            if offence.family in families:
                continue
            matched = find_cue(offence.suggest, account)
            if matched is not None:
                families.add(offence.family)
                found.append(Suggestion(offence, matched))
        return found


def _code(entry: dict[str, Any], where: str) -> str:
    """The code as written: YAML reads 48 as a number and 37.2 as a decimal, both are codes."""
    code = entry.get("code")
    if isinstance(code, bool) or not isinstance(code, str | int | float) or not str(code).strip():
        raise RuleFileError(f"{where}: code: must be an offence code such as 28E")
    return str(code).strip().upper()


def _names(value: Any, known: Iterable[str], where: str) -> frozenset[str]:
    names = [value] if isinstance(value, str) else value
    if not isinstance(names, list) or not names or not set(names) <= set(known):
        raise RuleFileError(f"{where}: must be one or a list of {', '.join(sorted(known))}")
    return frozenset(names)


def _conditions(when: Any, where: str) -> Conditions:
    if not isinstance(when, dict):
        raise RuleFileError(f"{where}: must be a mapping")
    known = {"act", "victim_sex", "victim_age", *FLAGS, *CHOICES}
    unknown = sorted(set(when) - known)
    if unknown:
        raise RuleFileError(f"{where}: unknown condition(s) {', '.join(unknown)}")
    act = require(when, "act", str, where)
    if act not in ACTS.values():
        raise RuleFileError(f"{where}: act: must be one of {', '.join(sorted(ACTS.values()))}")
    if any(when.get(flag, True) is not True for flag in FLAGS):
        raise RuleFileError(f"{where}: {', '.join(FLAGS)}: may only be given as true")
    sex = str(when.get("victim_sex", ""))
    if sex and sex not in SEXES:
        raise RuleFileError(f"{where}: victim_sex: must be female or male")
    age = when.get("victim_age", {})
    if not isinstance(age, dict) or set(age) - {"from", "under"}:
        raise RuleFileError(f"{where}: victim_age: must be a mapping of from and/or under")
    return Conditions(
        act=act,
        flags=frozenset(flag for flag in FLAGS if flag in when),
        choices={
            key: _names(when[key], names.values(), f"{where}: {key}")
            for key, names in CHOICES.items()
            if key in when
        },
        victim_sex=sex,
        age_from=int(age.get("from", 0)),
        age_under=int(age.get("under", OLDEST)),
    )


def _day(value: Any, where: str) -> date:
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        raise RuleFileError(f"{where}: must be a date as YYYY-MM-DD") from None


def _offence(
    entry: Any, where: str, table_from: date, families: dict[str, dict[str, Any]], sources: set[str]
) -> Offence:
    if not isinstance(entry, dict):
        raise RuleFileError(f"{where}: must be a mapping")
    source = require(entry, "source", dict, where)
    ref = require(source, "ref", str, f"{where}: source")
    if ref not in sources:
        raise RuleFileError(f"{where}: source.ref: must be one of the sources: {', '.join(sorted(sources))}")
    family = require(entry, "family", str, where)
    if family not in families:
        raise RuleFileError(f"{where}: family: must be one of the families: {', '.join(sorted(families))}")
    settings = {**families[family], **entry}
    for key, known in (("counting_unit", COUNTING_UNITS), ("consent", CONSENT_ROUTES)):
        if settings.get(key, "victim" if key == "counting_unit" else "") not in known:
            raise RuleFileError(f"{where}: {key}: must be one of {', '.join(sorted(known))}")
    recorded_by = str(entry.get("recorded_by", ""))
    if recorded_by and recorded_by not in RECORDING_BODIES:
        raise RuleFileError(f"{where}: recorded_by: must be one of {', '.join(sorted(RECORDING_BODIES))}")
    try:
        suggest = compile_cues(entry.get("suggest", []))
    except re.error as error:
        raise RuleFileError(f"{where}: suggest: {error}") from None
    return Offence(
        code=_code(entry, where),
        name=require(entry, "name", str, where),
        source=f"{ref}: {require(source, 'found', str, f'{where}: source')}",
        effective_from=_day(entry.get("effective_from", table_from), f"{where}: effective_from"),
        effective_to=_day(entry["effective_to"], f"{where}: effective_to")
        if "effective_to" in entry
        else None,
        family=family,
        investigation=require(settings, "investigation", str, where),
        consent=settings["consent"],
        enhanced_rights=str(settings.get("enhanced_rights", "")),
        counting_unit=settings.get("counting_unit", "victim"),
        principal_rank=require(entry, "principal_rank", int, where),
        when=_conditions(entry["when"], f"{where}: when") if "when" in entry else None,
        aggravated_form=str(entry.get("aggravated_form", "")).upper(),
        rape=bool(entry.get("rape", False)),
        recorded_by=recorded_by,
        suggest=suggest,
    )


def load_offence_table(path: Path) -> OffenceTable:
    rules = load_rule_file(path)
    table_from = _day(rules.get("effective_from", date), f"{path}: effective_from")
    sources = set(rules.get("sources", dict))
    families = rules.get("families", dict)
    offences = tuple(
        _offence(entry, f"{path}: offences[{index}]", table_from, families, sources)
        for index, entry in enumerate(rules.get("offences", list))
    )
    editions: dict[str, list[Offence]] = {}
    for offence in offences:
        for other in editions.get(offence.code, []):
            if offence.in_force(other.effective_from) or other.in_force(offence.effective_from):
                raise RuleFileError(f"{path}: offences: {offence.code}: two editions in force at once")
        editions.setdefault(offence.code, []).append(offence)
    for offence in offences:
        if offence.aggravated_form and offence.aggravated_form not in editions:
            raise RuleFileError(
                f"{path}: {offence.code}: aggravated_form {offence.aggravated_form} is not listed"
            )
    return OffenceTable(version=rules.version, offences=offences)


@cache
def offence_table() -> OffenceTable:
    """The force's offence table."""
    return load_offence_table(OFFENCES_FILE)
