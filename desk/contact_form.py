"""The new-contact form: its controls in the order of a call, and what they make of a contact.

The controls are the CreateContact fields that a call needs; the confirmed incident type's
question set is asked among them (desk.guided_questions), and the live panel beside them
previews the draft (desk.preview_panel).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from contact101.labels import label
from contact101.v1 import common_pb2

# What the risk indicators' boxes say, by their field in RiskIndicators.
RISK_QUESTIONS = {
    "threat_to_life": "Is anyone's life at risk?",
    "in_progress": "Is it happening now?",
    "suspect_on_scene": "Is the offender still there?",
    "weapon": "Is there a weapon?",
    "injury": "Is anyone injured?",
    "serious_injury": "Is anyone seriously injured?",
    "child_present": "Is a child there, or does one live there?",
    "vulnerable_adult": "Is the victim an adult with care and support needs?",
    "mental_health": "Does the victim have a mental health condition, or are they in crisis?",
}
CHANNELS = {
    "phone": common_pb2.CHANNEL_PHONE,
    "email": common_pb2.CHANNEL_EMAIL,
    "online": common_pb2.CHANNEL_ONLINE,
}
ACTS = {
    label(common_pb2.OffenceAct, value): value
    for _name, value in common_pb2.OffenceAct.items()
    if value != common_pb2.OFFENCE_ACT_UNSPECIFIED
}
PREMISES = {
    label(common_pb2.Premises, value): value
    for _name, value in common_pb2.Premises.items()
    if value != common_pb2.PREMISES_UNSPECIFIED
}
CONSENT = {
    "not asked": common_pb2.VICTIM_CONSENT_UNSPECIFIED,
    "yes, they want support": common_pb2.VICTIM_CONSENT_GIVEN,
    "no, they do not want support": common_pb2.VICTIM_CONSENT_DECLINED,
}
TEXT_CONTROLS = (
    "caller_name",
    "caller_phone",
    "caller_date_of_birth",
    "caller_address",
    "caller_postcode",
    "victim_name",
    "what_happened",
    "location",
    "location_postcode",
    "occurred_at",
    "suspect",
    "cctv",
    "witness",
)
CHOICE_CONTROLS: dict[str, Mapping[str, int]] = {
    "channel": CHANNELS,
    "act": ACTS,
    "premises": PREMISES,
    "consent": CONSENT,
}
BOXES = ("caller_is_victim", "domestic_abuse", *RISK_QUESTIONS)
# The request fields each control fills, to name the control in a refusal of one.
FIELD_CONTROLS = {
    "contact.caller.name": "caller_name",
    "contact.caller.phone": "caller_phone",
    "contact.caller.date_of_birth": "caller_date_of_birth",
    "contact.caller.address": "caller_address",
    "contact.caller.postcode": "caller_postcode",
    "contact.victim.name": "victim_name",
    "contact.what_happened": "what_happened",
    "contact.location": "location",
    "contact.location_postcode": "location_postcode",
    "contact.occurred_at": "occurred_at",
    "contact.suspects[0]": "suspect",
    "contact.suspects[0].description": "suspect",
}
LABELS = {
    "channel": "How they contacted us",
    "caller_name": "Caller's name",
    "caller_phone": "Caller's phone number",
    "caller_date_of_birth": "Caller's date of birth",
    "caller_address": "Caller's address",
    "caller_postcode": "Caller's postcode",
    "caller_is_victim": "The caller is the victim",
    "victim_name": "Victim's name, if not the caller",
    "what_happened": "What happened, in the caller's words",
    "location": "Where it happened",
    "location_postcode": "Postcode of where it happened",
    "occurred_at": "When it happened",
    "act": "What was done",
    "premises": "Where it was done",
    "suspect": "The offender, as the caller describes them",
    "cctv": "CCTV that may have seen it",
    "witness": "Witnesses",
    "domestic_abuse": "It is domestic abuse",
    "consent": "Does the victim want victim support?",
    **RISK_QUESTIONS,
}


@dataclass
class ReadContact:
    contact: common_pb2.ContactDetails
    errors: dict[str, str] = field(default_factory=dict)  # by control, in the form's order


def now_in(zone: ZoneInfo) -> str:
    """Now, as the form's `When it happened` control shows it."""
    return datetime.now(zone).strftime("%Y-%m-%d %H:%M")


def blank_answers(zone: ZoneInfo) -> dict[str, str]:
    return {name: "" for name in (*TEXT_CONTROLS, *CHOICE_CONTROLS, *BOXES)} | {
        "channel": "phone",
        "caller_is_victim": "on",
        "occurred_at": now_in(zone),
        "consent": "not asked",
    }


def answers_from(posted: Mapping[str, object], zone: ZoneInfo) -> dict[str, str]:
    """What the form sent, by control; a box not ticked is empty."""
    answers = blank_answers(zone) | {"caller_is_victim": ""}
    for name in answers:
        value = posted.get(name)
        answers[name] = value.strip() if isinstance(value, str) else ""
    return answers


def read_contact(answers: Mapping[str, str], zone: ZoneInfo) -> ReadContact:
    """The contact the answers describe, or what is missing and wrong in them (the service
    checks everything again, and its refusal is shown the same way)."""
    errors: dict[str, str] = {}
    for name, message in (
        ("caller_name", "Enter the caller's name"),
        ("what_happened", "Enter what happened"),
        ("location", "Enter where it happened"),
    ):
        if not answers[name]:
            errors[name] = message
    if not answers["caller_is_victim"] and not answers["victim_name"]:
        errors["victim_name"] = "Enter the victim's name, or tick that the caller is the victim"
    try:
        occurred = datetime.fromisoformat(answers["occurred_at"]).replace(tzinfo=zone)
    except ValueError:
        errors["occurred_at"] = "Enter when it happened as a date and a time, such as 2026-11-23 14:30"
        occurred = datetime.now(UTC)
    for name, choices in CHOICE_CONTROLS.items():
        if answers[name] and answers[name] not in choices:
            errors[name] = f"Choose {LABELS[name].lower()} from the list"
    contact = common_pb2.ContactDetails(
        channel=CHANNELS.get(answers["channel"], common_pb2.CHANNEL_PHONE),
        caller=common_pb2.Person(
            name=answers["caller_name"],
            phone=answers["caller_phone"],
            date_of_birth=answers["caller_date_of_birth"],
            address=answers["caller_address"],
            postcode=answers["caller_postcode"],
        ),
        caller_is_victim=bool(answers["caller_is_victim"]),
        what_happened=answers["what_happened"],
        location=answers["location"],
        location_postcode=answers["location_postcode"],
        risk_indicators=common_pb2.RiskIndicators(**{name: bool(answers[name]) for name in RISK_QUESTIONS}),
        victim_support_consent=CONSENT.get(answers["consent"], common_pb2.VICTIM_CONSENT_UNSPECIFIED),
    )
    contact.occurred_at.FromDatetime(occurred.astimezone(UTC))
    if not answers["caller_is_victim"]:
        contact.victim.name = answers["victim_name"]
    if answers["suspect"]:
        contact.suspects.add(description=answers["suspect"])
    for kind, name in (
        (common_pb2.LINE_OF_ENQUIRY_KIND_CCTV, "cctv"),
        (common_pb2.LINE_OF_ENQUIRY_KIND_WITNESS, "witness"),
    ):
        if answers[name]:
            contact.lines_of_enquiry.add(kind=kind, detail=answers[name])
    if answers["act"] in ACTS:
        contact.offence_facts.add(act=ACTS[answers["act"]], premises=PREMISES.get(answers["premises"], 0))
    if answers["domestic_abuse"]:
        contact.domestic_abuse.SetInParent()
    order = [*TEXT_CONTROLS, *CHOICE_CONTROLS]
    return ReadContact(contact, dict(sorted(errors.items(), key=lambda error: order.index(error[0]))))
