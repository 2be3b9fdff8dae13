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
