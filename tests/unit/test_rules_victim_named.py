"""Who the victims of a contact are: one definition, so a name of only spaces names nobody everywhere."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from contact101.rpc.edge_checks import validate_contact
from contact101.rpc.refusals import InvalidField
from contact101.rules.victims import has_victim, victim_labels, victims
from contact101.v1 import common_pb2
from services.safeguarding.repeats import victim_keys

NOW = datetime(2026, 11, 23, 12, 0, tzinfo=UTC)


def reported(victim_name: str) -> common_pb2.ContactDetails:
    """A caller reporting what happened to someone else, with the victim's phone number."""
    contact = common_pb2.ContactDetails(
        channel=common_pb2.CHANNEL_PHONE,
        caller=common_pb2.Person(name="Pat Caller"),
        victim=common_pb2.Person(name=victim_name, phone="07700 900123"),
        what_happened="Someone took her bag",
        location="1 Test Road",
    )
    contact.occurred_at.FromDatetime(NOW)
    return contact


def test_a_victim_whose_name_is_only_spaces_is_no_victim_anywhere() -> None:
    contact = reported("   ")
    assert not has_victim(contact)
    assert victims(contact) == []
    assert victim_labels(contact) == []
    assert victim_keys(contact) == [], "repeat-victim checks would count a victim nobody named"
    with pytest.raises(InvalidField, match=r"contact\.victim\.name: is required"):
        validate_contact(contact, NOW)


def test_a_named_victim_is_a_victim_everywhere() -> None:
    contact = reported("Sam Victim")
    assert has_victim(contact)
    assert victims(contact) == [contact.victim]
    assert victim_labels(contact) == ["victim"]
    assert victim_keys(contact)
    validate_contact(contact, NOW)


def test_the_caller_who_is_the_victim_needs_no_victim_named() -> None:
    contact = reported("   ")
    contact.caller_is_victim = True
    assert has_victim(contact) and victims(contact) == [contact.caller]
    assert victim_labels(contact) == ["caller"]
    validate_contact(contact, NOW)
