"""The CLI option an officer typed for each request field a service names in a refusal.

Services refuse a bad field by its path in the request (`contact.caller.date_of_birth: must
be a date as YYYY-MM-DD`); the officer typed `--caller-dob`, so that is what they are told.
"""

from __future__ import annotations

import re

OPTIONS = {
    "contact.channel": "--channel",
    "contact.caller.name": "--caller",
    "contact.caller.date_of_birth": "--caller-dob",
    "contact.caller.phone": "--caller-phone",
    "contact.caller.address": "--caller-address",
    "contact.caller.postcode": "--caller-postcode",
    "contact.caller": "--caller",
    "contact.victim.name": "--victim",
    "contact.victim.date_of_birth": "--victim-dob",
    "contact.victim.phone": "--victim-phone",
    "contact.victim.address": "--victim-address",
    "contact.victim": "--victim",
    "contact.what_happened": "--what",
    "contact.location": "--where",
    "contact.location_postcode": "--postcode",
    "contact.occurred_at": "--when",
    "contact.suspects": "--suspect",
    "contact.lines_of_enquiry": "--line",
    "contact.offence_codes": "--offence",
    "contact.other_victims": "--other-victim",
    "contact.evidence_against": "--evidence-against",
    "contact.opening_category": "--category",
    "contact.hate_strands": "--hate",
    "contact.domestic_abuse.risk_answers": "--dash",
    "contact.domestic_abuse.marac_judgement": "--marac-judgement",
    "contact.domestic_abuse.judgement_factors": "--judgement",
    "contact.victim_support_consent": "--consent",
    "contact.first_contact_outcome": "--outcome",
    "contact.third_party_report": "--third-party",
    "contact.risk_indicators": "--risk",
    "contact.offence_facts": "--act",
    "contact.offence_facts.premises": "--premises",
    "contact.offence_facts.property": "--property",
    "contact.offence_facts.weapon": "--weapon-kind",
    "contact.offence_facts.injury": "--injury-level",
    "contact.victim_sex": "--victim-sex",
    "contact.victim_gender": "--victim-gender",
    "contact.victim_age_band": "--victim-age-band",
    "contact.organisation_victim": "--organisation-victim",
    "contact.occurred_from": "--occurred-from",
    "contact.occurrence_kind": "--occurrence",
    "contact.occurrence_detail": "--occurrence-detail",
    "contact.location_kind": "--online",
    "contact.classification_reason": "--classification-reason",
    "contact.report_type": "--report-type",
    "contact.fraud.money_at_risk": "--money-at-risk",
    "contact.fraud.identifiable_suspect": "--identifiable-suspect",
    "contact.transfer_to_force": "--transfer-to",
    "contact.offender_expected_back": "--offender-back",
    "contact.victim_update_every_days": "--update-every",
    "contact.hate_incident": "--nchi",
    "offence_facts": "--act",
    "offence_facts.premises": "--premises",
    "offence_facts.property": "--property",
    "offence_facts.weapon": "--weapon-kind",
    "offence_facts.injury": "--injury-level",
    "offence_codes": "--offence",
    "request_id": "--request-id",
    "note": "--note",
    "text": "--text",
    "source": "--source",
    "reasons": "--reason",
    "reason": "--reason",
    "related": "--related",
    "outcome_type": "--code",
    "category": "--category",
    "reference": "REFERENCE",
    "crime_number": "--crime-number",
    "phone": "--phone",
    "email": "--email",
    "postcode": "--postcode",
    "address": "--address",
    "name_and_birth.name": "--name",
    "name_and_birth.date_of_birth": "--dob",
    "limit": "--limit",
}
REFUSED_FIELD = re.compile(r"^(?P<field>[a-z_][a-z_0-9.\[\]]*): (?P<problem>.+)$", re.DOTALL)
INDEX = re.compile(r"\[\d+\]")
# A refused answer names its question (`answers.force_used: ...`), typed as --answer force_used=...
ANSWERS = "answers."


def option_for(field: str) -> str | None:
    """The option that sets field, or that sets the record field belongs to; None if none does."""
    path = INDEX.sub("", field)
    while path:
        if path in OPTIONS:
            return OPTIONS[path]
        path = path.rpartition(".")[0]
    return None


def in_option_terms(details: str) -> str:
    """A refusal's text with the request field it names put as the option that sets it."""
    refused = REFUSED_FIELD.match(details)
    if refused and refused["field"].startswith(ANSWERS):
        return f"--answer {refused['field'].removeprefix(ANSWERS)}: {refused['problem']}"
    option = option_for(refused["field"]) if refused else None
    if refused is None or option is None:
        return details
    return f"{option}: {refused['problem']}"
