"""Repeat victims and repeat locations: who and where a contact is about, and what the history shows.

A person is known by normalised keys (name with date of birth; phone number) and a place
by its postcode and house number. Only SHA-256 digests of the keys are stored and
compared, so the history holds no names, numbers or addresses. Thresholds: rules/repeats.yaml.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import timedelta
from functools import cache
from pathlib import Path

from contact101.rules.person_keys import digest, normalise_postcode, person_keys
from contact101.rules.rule_files import load_rule_file, require
from contact101.rules.victims import victims
from contact101.v1 import common_pb2, safeguarding_pb2

REPEATS_FILE = Path(__file__).with_name("rules") / "repeats.yaml"
ASB_CATEGORIES = frozenset(
    {
        common_pb2.INCIDENT_CATEGORY_ASB_PERSONAL,
        common_pb2.INCIDENT_CATEGORY_ASB_NUISANCE,
        common_pb2.INCIDENT_CATEGORY_ASB_ENVIRONMENTAL,
    }
)


@dataclass(frozen=True)
class Threshold:
    contacts: int
    within: timedelta


@dataclass(frozen=True)
class RepeatRules:
    version: str
    repeat_victim: Threshold
    repeat_location: Threshold
    asb_case_review: Threshold
    marac_potential_escalation: Threshold
    repeat_marac_within: timedelta


def _threshold(data: dict[str, object], count_key: str, where: str) -> Threshold:
    return Threshold(
        require(data, count_key, int, where), timedelta(days=require(data, "within_days", int, where))
    )


def load_repeat_rules(path: Path) -> RepeatRules:
    rules = load_rule_file(path)
    where = str(path)
    return RepeatRules(
        version=rules.version,
        repeat_victim=_threshold(rules.get("repeat_victim", dict), "contacts", f"{where}: repeat_victim"),
        repeat_location=_threshold(
            rules.get("repeat_location", dict), "contacts", f"{where}: repeat_location"
        ),
        asb_case_review=_threshold(
            rules.get("asb_case_review", dict), "complaints", f"{where}: asb_case_review"
        ),
        marac_potential_escalation=_threshold(
            rules.get("marac_potential_escalation", dict), "incidents", f"{where}: marac_potential_escalation"
        ),
        repeat_marac_within=timedelta(
            days=require(rules.get("repeat_marac", dict), "within_days", int, f"{where}: repeat_marac")
        ),
    )


@cache
def repeat_rules() -> RepeatRules:
    return load_repeat_rules(REPEATS_FILE)


def victim_keys(contact: common_pb2.ContactDetails) -> list[str]:
    return list(dict.fromkeys(key for person in victims(contact) for key in person_keys(person)))


def location_key(contact: common_pb2.ContactDetails) -> str:
    """A digest of the place: postcode and house number, or the normalised place when there is no postcode."""
    postcode = normalise_postcode(contact.location_postcode)
    if postcode:
        number = re.search(r"\b\d+[a-z]?\b", contact.location.lower())
        return digest(f"postcode:{postcode}|{number.group(0) if number else ''}")
    return digest(f"place:{' '.join(re.sub(r'[^a-z0-9 ]', ' ', contact.location.lower()).split())}")


def is_asb(contact: common_pb2.ContactDetails) -> bool:
    return contact.opening_category in ASB_CATEGORIES


@dataclass(frozen=True)
class HistoryCounts:
    """How many contacts, this one included, share the victim, the place, or (ASB) either; and,
    for domestic abuse, the victim's domestic abuse incidents and any MARAC referral in the look-back."""

    victim_contacts: int
    location_contacts: int
    asb_complaints: int
    domestic_abuse_incidents: int = 0
    marac_referred: bool = False


def repeat_findings(
    counts: HistoryCounts, rules: RepeatRules | None = None
) -> safeguarding_pb2.RepeatFindings:
    rules = rules or repeat_rules()
    findings = safeguarding_pb2.RepeatFindings(
        victim_contacts=counts.victim_contacts,
        location_contacts=counts.location_contacts,
        asb_complaints=counts.asb_complaints,
        repeat_victim=counts.victim_contacts >= rules.repeat_victim.contacts,
        repeat_location=counts.location_contacts >= rules.repeat_location.contacts,
        asb_case_review=counts.asb_complaints >= rules.asb_case_review.contacts,
        rule_version=rules.version,
        domestic_abuse_incidents=counts.domestic_abuse_incidents,
        potential_escalation=counts.domestic_abuse_incidents >= rules.marac_potential_escalation.contacts,
        marac_referred_within_window=counts.marac_referred,
    )
    findings.explanation = (
        f"{counts.victim_contacts} contact(s) about this victim in {rules.repeat_victim.within.days} days "
        f"(repeat from {rules.repeat_victim.contacts}); {counts.location_contacts} about this address in "
        f"{rules.repeat_location.within.days} days (repeat from {rules.repeat_location.contacts})"
    )
    if counts.asb_complaints:
        findings.explanation += (
            f"; {counts.asb_complaints} ASB complaint(s) in {rules.asb_case_review.within.days} days "
            f"(case review from {rules.asb_case_review.contacts})"
        )
    if counts.domestic_abuse_incidents:
        findings.explanation += (
            f"; {counts.domestic_abuse_incidents} domestic abuse incident(s) about this victim in "
            f"{rules.marac_potential_escalation.within.days} days (MARAC potential escalation from "
            f"{rules.marac_potential_escalation.contacts})"
        )
    if counts.marac_referred:
        findings.explanation += (
            f"; referred to MARAC within {rules.repeat_marac_within.days} days (repeat MARAC)"
        )
    return findings
