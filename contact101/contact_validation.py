"""Edge checks of a captured contact. Every refusal names the field, as `contact.caller.phone`."""

from __future__ import annotations

import re
from datetime import date, datetime

from contact101.errors import InvalidField
from contact101.v1 import common_pb2

MAX_NAME = 200
MAX_TEXT = 20_000
MAX_LINE = 2_000
MAX_ITEMS = 50
UK_POSTCODE = re.compile(r"^[A-Z]{1,2}[0-9][A-Z0-9]? ?[0-9][A-Z]{2}$", re.IGNORECASE)
PHONE = re.compile(r"^\+?[0-9 ()-]{7,20}$")
EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


def require_text(field: str, value: str, max_length: int) -> None:
    if not value.strip():
        raise InvalidField(field, "is required")
    check_length(field, value, max_length)


def check_length(field: str, value: str, max_length: int) -> None:
    if len(value) > max_length:
        raise InvalidField(field, f"must be at most {max_length} characters")


def check_person(field: str, person: common_pb2.Person, today: date, name_required: bool) -> None:
    if name_required:
        require_text(f"{field}.name", person.name, MAX_NAME)
    else:
        check_length(f"{field}.name", person.name, MAX_NAME)
    if person.date_of_birth:
        try:
            born = date.fromisoformat(person.date_of_birth)
        except ValueError:
            raise InvalidField(f"{field}.date_of_birth", "must be a date as YYYY-MM-DD") from None
        if born > today:
            raise InvalidField(f"{field}.date_of_birth", "must not be in the future")
    if person.phone and not PHONE.match(person.phone):
        raise InvalidField(f"{field}.phone", "must be a telephone number of 7 to 20 digits")
    if person.email and not EMAIL.match(person.email):
        raise InvalidField(f"{field}.email", "must be an email address")
    check_length(f"{field}.address", person.address, MAX_LINE)
    if person.postcode and not UK_POSTCODE.match(person.postcode.strip()):
        raise InvalidField(f"{field}.postcode", "must be a UK postcode such as SW1A 1AA")


def validate_contact(contact: common_pb2.ContactDetails, now: datetime, field: str = "contact") -> None:
    """Refuse a contact that is incomplete, malformed or dated in the future."""
    if contact.channel not in (common_pb2.CHANNEL_PHONE, common_pb2.CHANNEL_EMAIL, common_pb2.CHANNEL_ONLINE):
        raise InvalidField(f"{field}.channel", "must be phone, email or online")
    check_person(f"{field}.caller", contact.caller, now.date(), name_required=True)
    if contact.HasField("victim"):
        check_person(
            f"{field}.victim", contact.victim, now.date(), name_required=not contact.caller_is_victim
        )
    require_text(f"{field}.what_happened", contact.what_happened, MAX_TEXT)
    require_text(f"{field}.location", contact.location, MAX_LINE)
    if contact.location_postcode and not UK_POSTCODE.match(contact.location_postcode.strip()):
        raise InvalidField(f"{field}.location_postcode", "must be a UK postcode such as SW1A 1AA")
    if not contact.HasField("occurred_at"):
        raise InvalidField(f"{field}.occurred_at", "is required")
    if contact.occurred_at.ToDatetime(tzinfo=now.tzinfo) > now:
        raise InvalidField(f"{field}.occurred_at", "must not be in the future")
    if len(contact.suspects) > MAX_ITEMS:
        raise InvalidField(f"{field}.suspects", f"must list at most {MAX_ITEMS}")
    for index, suspect in enumerate(contact.suspects):
        check_length(f"{field}.suspects[{index}].name", suspect.name, MAX_NAME)
        check_length(f"{field}.suspects[{index}].description", suspect.description, MAX_LINE)
        if not (suspect.name.strip() or suspect.description.strip()):
            raise InvalidField(f"{field}.suspects[{index}]", "needs a name or a description")
    if len(contact.lines_of_enquiry) > MAX_ITEMS:
        raise InvalidField(f"{field}.lines_of_enquiry", f"must list at most {MAX_ITEMS}")
    for index, line in enumerate(contact.lines_of_enquiry):
        if line.kind not in common_pb2.LineOfEnquiryKind.values() or line.kind == 0:
            raise InvalidField(f"{field}.lines_of_enquiry[{index}].kind", "must be a known kind of enquiry")
        check_length(f"{field}.lines_of_enquiry[{index}].detail", line.detail, MAX_LINE)


def require_reference(reference: str, field: str = "reference") -> None:
    if not re.fullmatch(r"101-\d{8}-\d{4,}", reference):
        raise InvalidField(field, "must be a contact reference such as 101-20261123-0001")
