"""Edge checks of requests. Every refusal names the field, as `contact.caller.phone`, and
never repeats the value (it may be personal data, and refusals reach logs).

The `check_*` functions are the building blocks every service uses for every request
field: text (length and characters), identifiers, enums, counts, positive numbers,
timestamps and dates (valid, not in the future), postcodes and phone numbers.
"""

from __future__ import annotations

import re
from collections.abc import Sequence, Sized
from datetime import UTC, date, datetime, timedelta
from functools import cache

from google.protobuf.timestamp_pb2 import Timestamp

from contact101.labels import ProtoEnum, label
from contact101.rpc.refusals import InvalidField
from contact101.rules.dash_questions import risk_tool
from contact101.rules.offences import AGE_BANDS, offence_table, victim_of
from contact101.rules.victims import has_victim
from contact101.v1 import common_pb2

MAX_NAME = 200
MAX_TEXT = 20_000
MAX_LINE = 2_000
MAX_ITEMS = 50
MAX_IDENTIFIER = 128
# The contacts one preview call may carry: the draft and its hypothetical answers.
MAX_PREVIEW_DRAFTS = 64
MAX_EMAIL = 254
EARLIEST_DATE = date(1900, 1, 1)
# Clocks of the caller and the service may differ a little; "now" on the caller is not "the future".
CLOCK_SKEW = timedelta(minutes=1)

UK_POSTCODE = re.compile(r"[A-Z]{1,2}[0-9][A-Z0-9]? ?[0-9][A-Z]{2}", re.IGNORECASE | re.ASCII)
PHONE = re.compile(r"\+?[0-9 ()-]{7,25}", re.ASCII)
PHONE_DIGITS = (7, 15)
EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")
ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", re.ASCII)
# User ids, request ids: letters, digits and . _ @ : + - (no spaces), starting with a letter or digit.
IDENTIFIER = re.compile(r"[A-Za-z0-9][A-Za-z0-9._@:+-]*", re.ASCII)
REFERENCE = re.compile(r"101-[0-9]{8}-[0-9]{4,9}", re.ASCII)
SHA256 = re.compile(r"[0-9a-f]{64}", re.ASCII)
# A MIME type, type/subtype, of RFC 2045 token characters.
CONTENT_TYPE = re.compile(r"[a-z0-9!#$&^_.+-]+/[a-z0-9!#$&^_.+-]+", re.ASCII | re.IGNORECASE)
MAX_ATTACHMENTS = 20
MAX_INBOX_NAME = 32
# Control characters; multi-line text may still hold tabs and line breaks.
CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")
CONTROL_EXCEPT_LINE_BREAKS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def check_text(
    field: str, value: str, max_length: int, *, required: bool = False, multiline: bool = False
) -> None:
    """Text of at most max_length characters, without control characters (tabs and line breaks
    only when multiline); when required, not blank."""
    if required and not value.strip():
        raise InvalidField(field, "is required")
    if len(value) > max_length:
        raise InvalidField(field, f"must be at most {max_length} characters")
    if (CONTROL_EXCEPT_LINE_BREAKS if multiline else CONTROL).search(value):
        raise InvalidField(field, "must not contain control characters")


def require_text(field: str, value: str, max_length: int, *, multiline: bool = False) -> None:
    check_text(field, value, max_length, required=True, multiline=multiline)


def check_length(field: str, value: str, max_length: int, *, multiline: bool = False) -> None:
    """Optional text: checked like any text when given."""
    check_text(field, value, max_length, multiline=multiline)


def is_identifier(value: str) -> bool:
    return len(value) <= MAX_IDENTIFIER and IDENTIFIER.fullmatch(value) is not None


def require_identifier(field: str, value: str) -> None:
    """A user id or request id: up to 128 letters, digits and . _ @ : + - characters."""
    if not value:
        raise InvalidField(field, "is required")
    if not is_identifier(value):
        raise InvalidField(
            field, f"must be up to {MAX_IDENTIFIER} letters, digits or . _ @ : + - (no spaces)"
        )


@cache
def enum_numbers(enum: ProtoEnum) -> frozenset[int]:
    """The enum's values, once per enum: every contact checked checks dozens of enum fields."""
    return frozenset(number for _name, number in enum.items())


def check_enum(field: str, value: int, enum: ProtoEnum, *, required: bool = True) -> None:
    """One of the enum's named values; the unspecified value (0) only when not required."""
    known = enum_numbers(enum)
    if value in known and (value != 0 or not required):
        return
    choices = ", ".join(label(enum, number) for number in sorted(known) if number)
    raise InvalidField(field, f"must be one of {choices}")


def check_count(field: str, items: Sized, maximum: int = MAX_ITEMS) -> None:
    if len(items) > maximum:
        raise InvalidField(field, f"must list at most {maximum}")


def check_positive(field: str, value: int) -> None:
    if value < 1:
        raise InvalidField(field, "must be 1 or more")


def check_moment(field: str, stamp: Timestamp) -> datetime:
    """Any real moment (a Timestamp can hold seconds and nanos no calendar has), as UTC."""
    try:
        return stamp.ToDatetime(tzinfo=UTC)
    except (ValueError, OverflowError):
        raise InvalidField(field, "must be a valid date and time") from None


def check_timestamp(
    field: str, stamp: Timestamp, now: datetime, *, earliest: date = EARLIEST_DATE
) -> datetime:
    """A valid moment between earliest and now (UTC); required (the zero Timestamp counts as missing)."""
    if not stamp.seconds and not stamp.nanos:
        raise InvalidField(field, "is required")
    moment = check_moment(field, stamp)
    if moment > now + CLOCK_SKEW:
        raise InvalidField(field, "must not be in the future")
    if moment.date() < earliest:
        raise InvalidField(field, f"must not be before {earliest.isoformat()}")
    return moment


def check_due_at(field: str, stamp: Timestamp, since: datetime) -> datetime:
    """A deadline: a valid moment, not before since (what it runs from); required."""
    if not stamp.seconds and not stamp.nanos:
        raise InvalidField(field, "is required")
    moment = check_moment(field, stamp)
    if moment < since:
        raise InvalidField(field, "must not be before the moment it runs from")
    return moment


def check_past_date(field: str, value: str, today: date) -> None:
    """An optional ISO date (YYYY-MM-DD) between 1900 and today."""
    if not value:
        return
    try:
        if not ISO_DATE.fullmatch(value):
            raise ValueError(value)
        day = date.fromisoformat(value)
    except ValueError:
        raise InvalidField(field, "must be a date as YYYY-MM-DD") from None
    if day > today:
        raise InvalidField(field, "must not be in the future")
    if day < EARLIEST_DATE:
        raise InvalidField(field, f"must not be before {EARLIEST_DATE.isoformat()}")


def check_postcode(field: str, value: str) -> None:
    """An optional UK postcode such as SW1A 1AA."""
    if value and not UK_POSTCODE.fullmatch(value.strip(" ")):
        raise InvalidField(field, "must be a UK postcode such as SW1A 1AA")


def check_phone(field: str, value: str) -> None:
    """An optional telephone number: 7 to 15 digits, with + ( ) - and spaces allowed."""
    digits = sum(character.isdigit() for character in value)
    if value and not (PHONE.fullmatch(value) and PHONE_DIGITS[0] <= digits <= PHONE_DIGITS[1]):
        raise InvalidField(field, "must be a telephone number of 7 to 15 digits")


def check_email(field: str, value: str) -> None:
    if value and not (len(value) <= MAX_EMAIL and EMAIL.fullmatch(value)):
        raise InvalidField(field, "must be an email address")


def check_person(field: str, person: common_pb2.Person, today: date, name_required: bool) -> None:
    check_text(f"{field}.name", person.name, MAX_NAME, required=name_required)
    check_past_date(f"{field}.date_of_birth", person.date_of_birth, today)
    check_phone(f"{field}.phone", person.phone)
    check_email(f"{field}.email", person.email)
    check_length(f"{field}.address", person.address, MAX_LINE, multiline=True)
    check_postcode(f"{field}.postcode", person.postcode)


def validate_contact(contact: common_pb2.ContactDetails, now: datetime, field: str = "contact") -> None:
    """Refuse a contact that is incomplete, malformed or dated in the future."""
    check_enum(f"{field}.channel", contact.channel, common_pb2.Channel)
    check_person(f"{field}.caller", contact.caller, now.date(), name_required=True)
    if contact.HasField("victim"):
        if not has_victim(contact):
            raise InvalidField(f"{field}.victim.name", "is required")
        check_person(f"{field}.victim", contact.victim, now.date(), name_required=False)
    require_text(f"{field}.what_happened", contact.what_happened, MAX_TEXT, multiline=True)
    # An email says where only when its sender wrote it: the officer adds it from the account;
    # an online purchase or a scam by phone happened nowhere in particular.
    check_enum(f"{field}.location_kind", contact.location_kind, common_pb2.LocationKind, required=False)
    check_text(
        f"{field}.location",
        contact.location,
        MAX_LINE,
        required=not (contact.HasField("email") or contact.location_kind == common_pb2.LOCATION_KIND_ONLINE),
        multiline=True,
    )
    check_postcode(f"{field}.location_postcode", contact.location_postcode)
    occurred = check_timestamp(f"{field}.occurred_at", contact.occurred_at, now)
    check_occurrence(contact, occurred, field)
    check_count(f"{field}.suspects", contact.suspects)
    for index, suspect in enumerate(contact.suspects):
        check_length(f"{field}.suspects[{index}].name", suspect.name, MAX_NAME)
        check_length(f"{field}.suspects[{index}].description", suspect.description, MAX_LINE, multiline=True)
        if not (suspect.name.strip() or suspect.description.strip()):
            raise InvalidField(f"{field}.suspects[{index}]", "needs a name or a description")
    check_count(f"{field}.lines_of_enquiry", contact.lines_of_enquiry)
    for index, line in enumerate(contact.lines_of_enquiry):
        check_enum(f"{field}.lines_of_enquiry[{index}].kind", line.kind, common_pb2.LineOfEnquiryKind)
        check_length(f"{field}.lines_of_enquiry[{index}].detail", line.detail, MAX_LINE, multiline=True)
    check_captured_facts(contact, now, field)
    check_email_origin(contact, field)


def check_occurrence(contact: common_pb2.ContactDetails, occurred: datetime, field: str = "contact") -> None:
    """A period or a recurrence runs from occurred_from to occurred_at; a moment has no start."""
    check_enum(f"{field}.occurrence_kind", contact.occurrence_kind, common_pb2.OccurrenceKind, required=False)
    check_length(f"{field}.occurrence_detail", contact.occurrence_detail, MAX_NAME)
    has_start = contact.HasField("occurred_from")
    if contact.occurrence_kind and not has_start:
        raise InvalidField(f"{field}.occurred_from", f"is required: {field}.occurrence_kind is a period")
    if has_start:
        if not contact.occurrence_kind:
            raise InvalidField(f"{field}.occurrence_kind", f"is required with {field}.occurred_from")
        start = check_timestamp(f"{field}.occurred_from", contact.occurred_from, occurred)
        if start > occurred:
            raise InvalidField(f"{field}.occurred_from", f"must not be after {field}.occurred_at")


def check_email_origin(contact: common_pb2.ContactDetails, field: str = "contact") -> None:
    """The inbox and message an emailed contact came from, and the files that came with it."""
    if contact.HasField("email"):
        if contact.channel != common_pb2.CHANNEL_EMAIL:
            raise InvalidField(f"{field}.email", f"is only for a contact whose {field}.channel is email")
        if not contact.caller.email:
            raise InvalidField(f"{field}.caller.email", "is required: the sender is answered by email")
        email = contact.email
        require_identifier(f"{field}.email.inbox", email.inbox)
        if len(email.inbox) > MAX_INBOX_NAME:
            raise InvalidField(f"{field}.email.inbox", f"must be at most {MAX_INBOX_NAME} characters")
        check_length(f"{field}.email.message_id", email.message_id, MAX_LINE)
        check_length(f"{field}.email.subject", email.subject, MAX_LINE)
    check_count(f"{field}.attachments", contact.attachments, MAX_ATTACHMENTS)
    for index, attachment in enumerate(contact.attachments):
        check_attachment(f"{field}.attachments[{index}]", attachment)


def check_attachment(field: str, attachment: common_pb2.Attachment) -> None:
    require_text(f"{field}.filename", attachment.filename, MAX_NAME)
    if not CONTENT_TYPE.fullmatch(attachment.content_type) or len(attachment.content_type) > MAX_NAME:
        raise InvalidField(f"{field}.content_type", "must be a MIME type such as application/pdf")
    if attachment.size < 0:
        raise InvalidField(f"{field}.size", "must be 0 or more")
    require_sha256(f"{field}.sha256", attachment.sha256)


def require_sha256(field: str, value: str) -> None:
    if not SHA256.fullmatch(value):
        raise InvalidField(field, "must be a SHA-256 digest: 64 lower-case hex digits")


def check_attachment_size(field: str, size: int, limit: int) -> None:
    """At most limit bytes: CONTACT101_MAX_ATTACHMENT_BYTES, which the inbox poller applies too."""
    if size > limit:
        raise InvalidField(field, f"must be at most {limit} bytes")


# Captured risk facts that mean an emergency: such a contact cannot be closed at first contact.
EMERGENCY_INDICATORS = ("threat_to_life", "in_progress", "suspect_on_scene", "serious_injury")
MAX_OFFENCE_CODES = 10


def check_risk_answers(field: str, answers: Sequence[common_pb2.RiskAnswer]) -> None:
    """The risk tool's answers: none, or each of the configured tool's questions answered once
    (yes, no, not asked or declined), keyed by its question id."""
    if not answers:
        return
    tool = risk_tool()
    seen: set[str] = set()
    for index, answer in enumerate(answers):
        if answer.question_id not in tool.questions:
            raise InvalidField(
                f"{field}[{index}].question_id", f"must be a question id of the {tool.name} tool, e.g. injury"
            )
        if answer.question_id in seen:
            raise InvalidField(f"{field}[{index}].question_id", "must not repeat a question")
        seen.add(answer.question_id)
        check_enum(f"{field}[{index}].answer", answer.answer, common_pb2.RiskAnswerValue)
    missing = [question for question in tool.questions if question not in seen]
    if missing:
        raise InvalidField(
            field,
            f"must answer every {tool.name} question (yes, no, not asked or declined), or none "
            f"({len(missing)} missing, first {missing[0]})",
        )


def check_captured_facts(contact: common_pb2.ContactDetails, now: datetime, field: str = "contact") -> None:
    """The facts captured for the risk, crime and victim decisions: well formed and not contradictory."""
    check_count(f"{field}.hate_strands", contact.hate_strands, len(common_pb2.HateStrand.keys()))
    for index, strand in enumerate(contact.hate_strands):
        check_enum(f"{field}.hate_strands[{index}]", strand, common_pb2.HateStrand)
    if contact.HasField("domestic_abuse"):
        abuse = contact.domestic_abuse
        check_risk_answers(f"{field}.domestic_abuse.risk_answers", abuse.risk_answers)
        check_length(
            f"{field}.domestic_abuse.marac_judgement", abuse.marac_judgement, MAX_LINE, multiline=True
        )
        check_count(f"{field}.domestic_abuse.judgement_factors", abuse.judgement_factors, 10)
        for index, factor in enumerate(abuse.judgement_factors):
            check_enum(
                f"{field}.domestic_abuse.judgement_factors[{index}]", factor, common_pb2.DashJudgementFactor
            )
    check_enum(
        f"{field}.victim_support_consent",
        contact.victim_support_consent,
        common_pb2.VictimConsent,
        required=False,
    )
    check_enum(
        f"{field}.first_contact_outcome",
        contact.first_contact_outcome,
        common_pb2.FirstContactOutcome,
        required=False,
    )
    check_enum(
        f"{field}.opening_category", contact.opening_category, common_pb2.IncidentCategory, required=False
    )
    check_length(f"{field}.evidence_against", contact.evidence_against, MAX_TEXT, multiline=True)
    check_offence_codes(contact, now, field)
    offences = offence_table()
    check_victim_facts(contact, now, field)
    check_offence_facts(contact, now, field)
    check_length(f"{field}.classification_reason", contact.classification_reason, MAX_LINE, multiline=True)
    if not contact.classification_reason.strip():
        for index, why in offences.contradictions(contact, now.date()):
            raise InvalidField(
                f"{field}.offence_codes[{index}]",
                f"contradicts the facts captured: {why}; correct it, or give "
                f"{field}.classification_reason to record it with the reason",
            )
    check_count(f"{field}.other_victims", contact.other_victims)
    for index, person in enumerate(contact.other_victims):
        check_person(f"{field}.other_victims[{index}]", person, now.date(), name_required=True)
    check_decision_facts(contact, field)
    _check_contradictions(contact, field)


MAX_OFFENCE_FACTS = 10
FACT_ENUMS = (
    ("act", common_pb2.OffenceAct, True),
    ("premises", common_pb2.Premises, False),
    ("property", common_pb2.PropertyKind, False),
    ("weapon", common_pb2.WeaponKind, False),
    ("injury", common_pb2.InjuryLevel, False),
)


def check_victim_facts(contact: common_pb2.ContactDetails, now: datetime, field: str = "contact") -> None:
    """The victim's sex, gender, age band and an organisation victim: well formed and consistent."""
    check_enum(f"{field}.victim_sex", contact.victim_sex, common_pb2.Sex, required=False)
    check_length(f"{field}.victim_gender", contact.victim_gender, MAX_NAME)
    check_enum(f"{field}.victim_age_band", contact.victim_age_band, common_pb2.AgeBand, required=False)
    check_length(f"{field}.organisation_victim", contact.organisation_victim, MAX_NAME)
    victim = contact.caller if contact.caller_is_victim else contact.victim
    band = AGE_BANDS.get(contact.victim_age_band)
    if band is not None and victim.date_of_birth and ISO_DATE.fullmatch(victim.date_of_birth):
        ages = victim_of(contact).ages
        if ages is not None and not band[0] <= ages[0] < band[1]:
            raise InvalidField(f"{field}.victim_age_band", "contradicts the victim's date of birth")


def check_offence_codes(contact: common_pb2.ContactDetails, now: datetime, field: str = "contact") -> None:
    """Each classification the officer gave is in the offence table and in force."""
    named = _within(field, "offence_codes")
    check_count(named, contact.offence_codes, MAX_OFFENCE_CODES)
    offences = offence_table()
    for index, code in enumerate(contact.offence_codes):
        if offences.find(code) is None:
            raise InvalidField(
                f"{named}[{index}]", "must be a Home Office offence code in the offence table, e.g. 28E"
            )
        if offences.find(code, now.date()) is None:
            raise InvalidField(f"{named}[{index}]", f"is not in force on {now.date().isoformat()}")


def check_added_offences(
    facts: Sequence[common_pb2.OffenceFacts], codes: Sequence[str], now: datetime
) -> None:
    """The offence facts and classifications new information adds, checked as a contact's are and
    named as the request's own fields (offence_facts[0].act, offence_codes[0])."""
    added = common_pb2.ContactDetails(offence_facts=facts, offence_codes=codes)
    check_offence_codes(added, now, field="")
    check_offence_facts(added, now, field="")


def _within(field: str, name: str) -> str:
    """The name of a field of the message at field ("" for the request itself)."""
    return f"{field}.{name}" if field else name


def check_offence_facts(contact: common_pb2.ContactDetails, now: datetime, field: str = "contact") -> None:
    """Each act captured names what was done and classifies under the offence table."""
    check_count(_within(field, "offence_facts"), contact.offence_facts, MAX_OFFENCE_FACTS)
    table, victim = offence_table(), victim_of(contact)
    for index, fact in enumerate(contact.offence_facts):
        where = _within(field, f"offence_facts[{index}]")
        for name, enum, required in FACT_ENUMS:
            check_enum(f"{where}.{name}", getattr(fact, name), enum, required=required)
        if table.classify(fact, victim, now.date()) is None:
            if fact.act == common_pb2.OFFENCE_ACT_BURGLARY:
                raise InvalidField(
                    f"{where}.premises",
                    "must say where a burglary was: dwelling, unconnected building, "
                    "business or community, or shop",
                )
            raise InvalidField(where, "matches no classification in the offence table")


MAX_UPDATE_INTERVAL_DAYS = 366


def check_decision_facts(contact: common_pb2.ContactDetails, field: str = "contact") -> None:
    """The facts behind the report type, jurisdiction, NCHI threshold, THRIVE and victim updates."""
    check_enum(f"{field}.report_type", contact.report_type, common_pb2.ReportType, required=False)
    transfer = contact.first_contact_outcome == common_pb2.FIRST_CONTACT_OUTCOME_TRANSFER_OTHER_FORCE
    check_text(f"{field}.transfer_to_force", contact.transfer_to_force, MAX_NAME, required=transfer)
    if contact.transfer_to_force and not transfer:
        raise InvalidField(
            f"{field}.transfer_to_force",
            f"is only for a contact whose {field}.first_contact_outcome is transfer",
        )
    if contact.HasField("offender_expected_back"):
        back = contact.offender_expected_back
        if back.HasField("expected_at"):
            check_moment(f"{field}.offender_expected_back.expected_at", back.expected_at)
        check_length(f"{field}.offender_expected_back.detail", back.detail, MAX_LINE, multiline=True)
    if not 0 <= contact.victim_update_every_days <= MAX_UPDATE_INTERVAL_DAYS:
        raise InvalidField(
            f"{field}.victim_update_every_days", f"must be 0 (not agreed) to {MAX_UPDATE_INTERVAL_DAYS}"
        )
    if contact.HasField("hate_incident") and not contact.hate_strands:
        raise InvalidField(f"{field}.hate_incident", f"needs the hostility perceived in {field}.hate_strands")


def _check_contradictions(contact: common_pb2.ContactDetails, field: str) -> None:
    occurred_on = contact.occurred_at.ToDatetime().date().isoformat()
    victim = ("caller", contact.caller) if contact.caller_is_victim else ("victim", contact.victim)
    if victim[1].date_of_birth and victim[1].date_of_birth > occurred_on:
        raise InvalidField(f"{field}.{victim[0]}.date_of_birth", f"must not be after {field}.occurred_at")
    if contact.third_party_report and contact.caller_is_victim:
        raise InvalidField(
            f"{field}.third_party_report",
            f"contradicts {field}.caller_is_victim: a third party is not the victim",
        )
    emergency = [name for name in EMERGENCY_INDICATORS if getattr(contact.risk_indicators, name)]
    if contact.first_contact_outcome and emergency:
        raise InvalidField(
            f"{field}.first_contact_outcome",
            f"cannot close at first contact a contact with {emergency[0].replace('_', ' ')} captured",
        )


def require_reference(reference: str, field: str = "reference") -> None:
    if not REFERENCE.fullmatch(reference):
        raise InvalidField(field, "must be a contact reference such as 101-20261123-0001")
