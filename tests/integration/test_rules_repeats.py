"""Repeat victims and repeat locations: normalised keys, and the history on a real SQLite database."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy.orm import Session, sessionmaker

from contact101.data.database import make_engine, make_session_factory
from contact101.rules.person_keys import normalise_name, normalise_phone, person_keys
from contact101.v1 import common_pb2, safeguarding_pb2
from services.safeguarding import store, thrive
from services.safeguarding.models import SafeguardingBase
from tests.risk_answers import dash_answers

NOW = datetime.now(UTC)


@pytest.fixture
def sessions(tmp_path: Path) -> sessionmaker[Session]:
    engine = make_engine(f"sqlite:///{tmp_path / 'safeguarding.db'}")
    SafeguardingBase.metadata.create_all(engine)
    return make_session_factory(engine)


def test_names_and_phone_numbers_are_compared_as_people_write_them() -> None:
    assert normalise_name("  O'Neil-Smith,  Seán ") == "oneil smith sean"
    assert normalise_phone("+44 (0)7700 900123") == normalise_phone("07700 900123") == "07700900123"
    assert normalise_phone("123") == ""
    same = person_keys(common_pb2.Person(name="SEAN o'neil", date_of_birth="1990-01-02"))
    assert same == person_keys(common_pb2.Person(name="Seán O'Neil", date_of_birth="1990-01-02"))
    assert same != person_keys(common_pb2.Person(name="Sean O'Neil", date_of_birth="1990-01-03"))


def contact_about(
    name: str = "Robin Repeat",
    born: str = "1970-03-03",
    phone: str = "",
    place: str = "12 Elm Road, Leeds",
    postcode: str = "LS7 3QQ",
    days_ago: int = 1,
    category: common_pb2.IncidentCategory.ValueType = common_pb2.INCIDENT_CATEGORY_CRIME,
) -> common_pb2.ContactDetails:
    contact = common_pb2.ContactDetails(
        channel=common_pb2.CHANNEL_PHONE,
        caller=common_pb2.Person(name=name, date_of_birth=born, phone=phone),
        caller_is_victim=True,
        what_happened="Someone scratched my car",
        location=place,
        location_postcode=postcode,
        opening_category=category,
    )
    contact.occurred_at.FromDatetime(NOW - timedelta(days=days_ago))
    return contact


def assessed(
    sessions: sessionmaker[Session], number: int, contact: common_pb2.ContactDetails, version: int = 1
) -> safeguarding_pb2.RiskAssessment:
    reference = f"101-20261123-{number:04d}"
    return store.assess_and_record(
        sessions, reference, version, contact, lambda repeats: thrive.assess(reference, contact, repeats, NOW)
    )


def test_the_third_contact_in_a_year_about_one_victim_makes_a_repeat_victim(
    sessions: sessionmaker[Session],
) -> None:
    assert not assessed(sessions, 1, contact_about(days_ago=200)).repeats.repeat_victim
    assert not assessed(sessions, 2, contact_about(days_ago=100, place="3 Oak Road")).repeats.repeat_victim
    third = assessed(sessions, 3, contact_about(days_ago=1, place="9 Ash Road"))
    assert third.repeats.repeat_victim and third.repeats.victim_contacts == 3
    assert "REPEAT_VICTIM" in third.vulnerability_flags
    assert "3 contact(s) about this victim in 365 days" in third.repeats.explanation


def test_a_phone_number_alone_identifies_the_same_person(sessions: sessionmaker[Session]) -> None:
    for number in (1, 2):
        assessed(
            sessions, number, contact_about(name=f"Caller {'AB'[number - 1]}", born="", phone="07700 900777")
        )
    third = assessed(sessions, 3, contact_about(name="Someone Else", born="", phone="+44 7700 900777"))
    assert third.repeats.victim_contacts == 3


def test_contacts_older_than_the_window_do_not_count(sessions: sessionmaker[Session]) -> None:
    assessed(sessions, 1, contact_about(days_ago=500))
    assessed(sessions, 2, contact_about(days_ago=400))
    assert assessed(sessions, 3, contact_about(days_ago=1)).repeats.victim_contacts == 1


def test_three_asb_complaints_about_one_address_in_six_months_trigger_a_case_review(
    sessions: sessionmaker[Session],
) -> None:
    asb = common_pb2.INCIDENT_CATEGORY_ASB_NUISANCE
    for number, days in ((1, 150), (2, 60)):
        assessed(
            sessions, number, contact_about(name=f"Neighbour {'AB'[number - 1]}", days_ago=days, category=asb)
        )
    third = assessed(sessions, 3, contact_about(name="Neighbour C", days_ago=1, category=asb))
    assert third.repeats.asb_case_review and third.repeats.repeat_location
    assert not third.repeats.repeat_victim
    assert {referral.to for referral in third.safeguarding_referrals} == {"neighbourhood policing team"}


def test_reassessing_an_amended_contact_does_not_count_it_twice(sessions: sessionmaker[Session]) -> None:
    assessed(sessions, 1, contact_about(days_ago=10))
    assessed(sessions, 1, contact_about(days_ago=9), version=2)
    assert assessed(sessions, 2, contact_about(days_ago=1)).repeats.victim_contacts == 2


def test_the_history_keeps_no_names_numbers_or_addresses(
    sessions: sessionmaker[Session], tmp_path: Path
) -> None:
    assessed(sessions, 1, contact_about(phone="07700 900888"))
    with sqlite3.connect(tmp_path / "safeguarding.db") as connection:
        stored = " ".join(
            str(value) for row in connection.execute("select * from contact_keys") for value in row
        )
    for personal in ("Robin", "robin", "900888", "Elm", "LS7"):
        assert personal not in stored


def domestic_abuse_about(
    days_ago: int, yes: int = 0, name: str = "Dana Domestic"
) -> common_pb2.ContactDetails:
    contact = contact_about(name=name, days_ago=days_ago)
    contact.domestic_abuse.risk_answers.extend(dash_answers(yes))
    return contact


def test_only_domestic_abuse_contacts_count_towards_marac_potential_escalation(
    sessions: sessionmaker[Session],
) -> None:
    assessed(sessions, 1, contact_about(name="Dana Domestic", days_ago=300))  # not domestic abuse
    assessed(sessions, 2, domestic_abuse_about(days_ago=500))  # more than 12 months before the others
    assessed(sessions, 3, domestic_abuse_about(days_ago=200))
    second = assessed(sessions, 4, domestic_abuse_about(days_ago=100))
    assert second.repeats.domestic_abuse_incidents == 2 and not second.repeats.potential_escalation
    third = assessed(sessions, 5, domestic_abuse_about(days_ago=1))
    assert third.repeats.domestic_abuse_incidents == 3 and third.repeats.potential_escalation
    assert any(referral.to.startswith("MARAC") for referral in third.safeguarding_referrals)
    assert "MARAC potential escalation from 3" in third.repeats.explanation


def test_a_new_incident_after_a_marac_referral_is_a_repeat_marac(sessions: sessionmaker[Session]) -> None:
    first = assessed(sessions, 1, domestic_abuse_about(days_ago=60, yes=15))
    assert any(referral.to.startswith("MARAC") for referral in first.safeguarding_referrals)
    assert not first.repeats.marac_referred_within_window
    again = assessed(sessions, 2, domestic_abuse_about(days_ago=1, yes=1))
    assert again.repeats.marac_referred_within_window
    marac = [referral for referral in again.safeguarding_referrals if referral.to.startswith("MARAC")]
    assert len(marac) == 1 and "repeat MARAC" in marac[0].reason
    other = assessed(sessions, 3, domestic_abuse_about(days_ago=1, yes=1, name="Someone Else"))
    assert not other.repeats.marac_referred_within_window
