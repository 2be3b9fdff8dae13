"""The building blocks of edge validation: each refuses what it should with the field named,
accepts what it should, and never repeats the value it refused."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta

import pytest
from google.protobuf.timestamp_pb2 import Timestamp
from hypothesis import given
from hypothesis import strategies as st

from contact101.rpc.edge_checks import (
    check_email,
    check_enum,
    check_moment,
    check_past_date,
    check_phone,
    check_postcode,
    check_text,
    check_timestamp,
    require_identifier,
    require_reference,
    validate_contact,
)
from contact101.rpc.refusals import InvalidField
from contact101.v1 import common_pb2

NOW = datetime(2026, 11, 23, 12, 0, tzinfo=UTC)
TODAY = NOW.date()


def stamp(seconds: int, nanos: int = 0) -> Timestamp:
    return Timestamp(seconds=seconds, nanos=nanos)


def at(moment: datetime) -> Timestamp:
    result = Timestamp()
    result.FromDatetime(moment)
    return result


Check = Callable[[str], None]
CHECKS: dict[str, Check] = {
    "text": lambda value: check_text("f", value, 10),
    "required text": lambda value: check_text("f", value, 10, required=True),
    "multi-line text": lambda value: check_text("f", value, 10, multiline=True),
    "identifier": lambda value: require_identifier("f", value),
    "reference": lambda value: require_reference(value, "f"),
    "postcode": lambda value: check_postcode("f", value),
    "phone": lambda value: check_phone("f", value),
    "email": lambda value: check_email("f", value),
    "date of birth": lambda value: check_past_date("f", value, TODAY),
}
ACCEPTED = [
    ("text", ""),
    ("text", "ten chars!"),
    ("required text", "x"),
    ("multi-line text", "a\nb\tc\r"),
    ("identifier", "pc.smith@met:1+2-3_"),
    ("reference", "101-20261123-0001"),
    ("reference", "101-20261123-123456789"),
    ("postcode", "SW1A 1AA"),
    ("postcode", "ls14ap"),
    ("postcode", ""),
    ("phone", "07700 900123"),
    ("phone", "+44 (0)20 7946-0000"),
    ("email", "alex@example.org"),
    ("date of birth", "1990-04-01"),
    ("date of birth", "2026-11-23"),
    ("date of birth", ""),
]
REFUSED = [
    ("text", "eleven chars", "must be at most 10 characters"),
    ("text", "a\nb", "must not contain control characters"),
    ("text", "nul\x00", "must not contain control characters"),
    ("multi-line text", "bell\x07", "must not contain control characters"),
    ("required text", "   ", "is required"),
    ("identifier", "", "is required"),
    ("identifier", "pc smith", "must be up to 128 letters"),
    ("identifier", "x" * 129, "must be up to 128 letters"),
    ("identifier", ".hidden", "must be up to 128 letters"),
    ("reference", "101-2026112-0001", "must be a contact reference"),
    ("reference", "101-20261123-0001\n", "must be a contact reference"),
    ("reference", "101-20261123-0001".replace("1", "\u0661"), "must be a contact reference"),
    ("reference", "101-20261123-1234567890", "must be a contact reference"),
    ("postcode", "SW1A 1AA\n", "must be a UK postcode"),
    ("postcode", "12345", "must be a UK postcode"),
    ("phone", "-------", "7 to 15 digits"),
    ("phone", "0" * 16, "7 to 15 digits"),
    ("phone", "07700 900123\n", "7 to 15 digits"),
    ("phone", "call me", "7 to 15 digits"),
    ("email", "alex@example.org\n", "must be an email address"),
    ("email", "alex.example.org", "must be an email address"),
    ("date of birth", "1990-02-30", "must be a date as YYYY-MM-DD"),
    ("date of birth", "19900401", "must be a date as YYYY-MM-DD"),
    ("date of birth", "2026-11-24", "must not be in the future"),
    ("date of birth", "1899-12-31", "must not be before 1900-01-01"),
]


@pytest.mark.parametrize(("check", "value"), ACCEPTED)
def test_accepted(check: str, value: str) -> None:
    CHECKS[check](value)


@pytest.mark.parametrize(("check", "value", "problem"), REFUSED)
def test_refused_naming_the_field(check: str, value: str, problem: str) -> None:
    with pytest.raises(InvalidField) as refused:
        CHECKS[check](value)
    assert refused.value.message.startswith("f: ")
    assert problem in refused.value.message


@given(check=st.sampled_from(sorted(CHECKS)), value=st.text(min_size=4))
def test_a_refusal_never_repeats_the_value(check: str, value: str) -> None:
    try:
        CHECKS[check](value)
    except InvalidField as refused:
        assert value not in refused.message.removeprefix("f: ")


@pytest.mark.parametrize(
    ("value", "required", "refused"),
    [
        (common_pb2.CHANNEL_PHONE, True, False),
        (common_pb2.CHANNEL_UNSPECIFIED, True, True),
        (common_pb2.CHANNEL_UNSPECIFIED, False, False),
        (99, False, True),
        (-1, True, True),
    ],
)
def test_an_enum_is_one_of_its_named_values(value: int, required: bool, refused: bool) -> None:
    if not refused:
        check_enum("channel", value, common_pb2.Channel, required=required)
        return
    with pytest.raises(InvalidField, match="channel: must be one of phone, email, online"):
        check_enum("channel", value, common_pb2.Channel, required=required)


@pytest.mark.parametrize(
    ("timestamp", "problem"),
    [
        (Timestamp(), "is required"),
        (stamp(2**62), "must be a valid date and time"),
        (stamp(-(2**62)), "must be a valid date and time"),
        (stamp(0, nanos=-1), "must be a valid date and time"),
        (at(NOW + timedelta(minutes=2)), "must not be in the future"),
        (at(datetime(1899, 12, 31, tzinfo=UTC)), "must not be before 1900-01-01"),
    ],
)
def test_a_timestamp_is_a_real_moment_in_the_past(timestamp: Timestamp, problem: str) -> None:
    with pytest.raises(InvalidField, match=f"when: {problem}"):
        check_timestamp("when", timestamp, NOW)


def test_a_moment_a_little_ahead_of_our_clock_is_not_the_future() -> None:
    moment = NOW + timedelta(seconds=30)
    assert check_timestamp("when", at(moment), NOW) == moment


def test_any_real_moment_may_be_a_deadline() -> None:
    assert check_moment("due_at", at(NOW + timedelta(days=400))).date() == date(2027, 12, 28)


def captured(**fields: object) -> common_pb2.ContactDetails:
    """A valid contact with the given fields set (issue 15's facts among them)."""
    settings: dict[str, object] = {
        "caller": common_pb2.Person(name="Pat Caller", date_of_birth="1990-01-01"),
        "location": "1 Test Road, Leeds",
        **fields,
    }
    contact = common_pb2.ContactDetails(
        channel=common_pb2.CHANNEL_PHONE,
        caller_is_victim=True,
        what_happened="What the caller said",
        **settings,  # type: ignore[arg-type]
    )
    contact.occurred_at.FromDatetime(NOW - timedelta(hours=2))
    return contact


F = common_pb2.OffenceFacts
SHED = F(act=common_pb2.OFFENCE_ACT_BURGLARY, premises=common_pb2.PREMISES_UNCONNECTED_BUILDING)


def refusal(contact: common_pb2.ContactDetails) -> InvalidField:
    with pytest.raises(InvalidField) as refused:
        validate_contact(contact, NOW)
    return refused.value


def test_the_facts_issue_15_adds_are_accepted() -> None:
    contact = captured(
        offence_facts=[
            SHED,
            F(act=common_pb2.OFFENCE_ACT_THEFT, property=common_pb2.PROPERTY_KIND_PEDAL_CYCLE),
        ],
        victim_sex=common_pb2.SEX_FEMALE,
        victim_gender="woman",
        victim_age_band=common_pb2.AGE_BAND_ADULT,
        organisation_victim="Acme Ltd",
        occurrence_kind=common_pb2.OCCURRENCE_KIND_BETWEEN,
        occurrence_detail="overnight",
    )
    contact.occurred_from.FromDatetime(NOW - timedelta(hours=12))
    validate_contact(contact, NOW)
    online = captured(location="", location_kind=common_pb2.LOCATION_KIND_ONLINE)
    validate_contact(online, NOW)


@pytest.mark.parametrize(
    ("fields", "field", "problem"),
    [
        ({"offence_facts": [F()]}, "contact.offence_facts[0].act", "must be one of"),
        ({"offence_facts": [F(act=common_pb2.OFFENCE_ACT_BURGLARY)]}, "contact.offence_facts[0].premises",
         "must say where a burglary was"),
        ({"offence_facts": [F(act=common_pb2.OFFENCE_ACT_THEFT, premises=common_pb2.Premises.ValueType(99))]},
         "contact.offence_facts[0].premises", "must be one of"),
        ({"offence_facts": [F(act=common_pb2.OFFENCE_ACT_SEXUAL_ACTIVITY_WITH_A_CHILD)]},
         "contact.offence_facts[0]", "matches no classification"),
        ({"victim_sex": 7}, "contact.victim_sex", "must be one of"),
        ({"victim_age_band": common_pb2.AGE_BAND_UNDER_13}, "contact.victim_age_band",
         "contradicts the victim's date of birth"),
        ({"location": "", "location_kind": common_pb2.LOCATION_KIND_UNSPECIFIED}, "contact.location",
         "is required"),
        ({"occurrence_kind": common_pb2.OCCURRENCE_KIND_RECURRING}, "contact.occurred_from", "is required"),
        ({"offence_codes": ["53A"]}, "contact.offence_codes[0]", "is not in force on 2026-11-23"),
        ({"offence_codes": ["8O"]}, "contact.offence_codes[0]", "must be a Home Office offence code"),
        ({"offence_codes": ["19F"], "victim_sex": common_pb2.SEX_FEMALE}, "contact.offence_codes[0]",
         "contradicts the facts captured: 19F Rape of a male aged 16 and over needs a male victim"),
        ({"offence_codes": ["28E"], "offence_facts": [F(act=common_pb2.OFFENCE_ACT_THEFT)]},
         "contact.offence_codes[0]", "the act captured (theft) to fit its conditions"),
    ],
)  # fmt: skip
def test_facts_malformed_or_contradicting_the_classification_are_refused_naming_the_field(
    fields: dict[str, object], field: str, problem: str
) -> None:
    refused = refusal(captured(**fields))
    assert (refused.field, problem in refused.problem) == (field, True), refused.problem


def test_an_adult_classification_for_a_child_victim_is_refused_unless_the_officer_gives_the_reason() -> None:
    child = common_pb2.Person(name="Pat Caller", date_of_birth=(TODAY - timedelta(days=365 * 12)).isoformat())
    contact = captured(
        caller=child, offence_codes=["19C"], offence_facts=[F(act=common_pb2.OFFENCE_ACT_RAPE)]
    )
    refused = refusal(contact)
    assert refused.field == "contact.offence_codes[0]"
    assert "needs a victim aged 16 or over" in refused.problem and "classification_reason" in refused.problem
    contact.classification_reason = "the officer's reason, written for the audit"
    validate_contact(contact, NOW)


def test_a_period_must_start_before_it_ends() -> None:
    contact = captured(occurrence_kind=common_pb2.OCCURRENCE_KIND_BETWEEN)
    contact.occurred_from.FromDatetime(NOW - timedelta(hours=1))
    assert refusal(contact).field == "contact.occurred_from"
