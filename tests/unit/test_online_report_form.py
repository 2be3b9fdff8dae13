"""The online-report form's answers read into a contact: intake's rules, the public's words."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta

import pytest

from contact101.runtime.config import Settings
from services.intake.online_reports.form_token import (
    MAX_AGE,
    form_key,
    issue_form_token,
    request_id_of,
)
from services.intake.online_reports.report_form import read_report, refusal_message
from tests.online_reports import LONDON, TOMORROW, bike_theft, bike_theft_contact, date_answers

NOW = datetime.now(UTC)


def test_a_complete_report_becomes_an_online_contact() -> None:
    report = read_report(bike_theft(), NOW, LONDON)
    assert report.errors == {}
    assert report.contact == bike_theft_contact()


@pytest.mark.parametrize(
    ("day", "clock", "utc"),
    [
        ("15 1 2026", "14:30", datetime(2026, 1, 15, 14, 30, tzinfo=UTC)),  # GMT
        ("15 7 2026", "14:30", datetime(2026, 7, 15, 13, 30, tzinfo=UTC)),  # BST
        ("5 3 2026", "9.05", datetime(2026, 3, 5, 9, 5, tzinfo=UTC)),
    ],
)
def test_the_date_and_time_are_read_as_uk_local_time(day: str, clock: str, utc: datetime) -> None:
    date_day, date_month, date_year = day.split()
    answers = bike_theft(date_day=date_day, date_month=date_month, date_year=date_year, time=clock)
    report = read_report(answers, datetime(2026, 12, 1, tzinfo=UTC), LONDON)
    assert report.errors == {}
    assert report.contact.occurred_at.ToDatetime(tzinfo=UTC) == utc


def test_every_problem_is_named_at_its_question_in_page_order() -> None:
    answers = bike_theft(
        name=" ",
        email="",
        phone="",
        victim="",
        what_happened="",
        location="",
        postcode="NOT A POSTCODE",
        **date_answers(TOMORROW),
    )
    assert read_report(answers, NOW, LONDON).errors == {
        "name": "Enter your name",
        "email": "Enter an email address or a phone number, so that we can contact you",
        "victim": "Select yes if it happened to you",
        "what_happened": "Tell us what happened",
        "location": "Tell us where it happened",
        "postcode": "The postcode must be a UK postcode such as SW1A 1AA",
        "date": "The date and time it happened must not be in the future",
    }


@pytest.mark.parametrize(
    ("overrides", "question", "message"),
    [
        ({"email": "sam@"}, "email", "Your email address must be an email address"),
        ({"phone": "call me"}, "phone", "Your phone number must be a telephone number of 7 to 15 digits"),
        ({"name": "x" * 201}, "name", "Your name must be at most 200 characters"),
        ({"date_day": "31", "date_month": "2"}, "date", "The date it happened must be a real date"),
        ({"date_year": "26"}, "date", "The date it happened must be a real date"),
        ({"date_day": "", "date_month": "", "date_year": ""}, "date", "Enter the date it happened"),
        ({"time": "9pm"}, "time", "The time it happened must be hours and minutes on the 24-hour clock"),
        ({"time": ""}, "time", "Enter the time it happened"),
    ],
)
def test_a_malformed_answer_is_explained(overrides: dict[str, str], question: str, message: str) -> None:
    errors = read_report(bike_theft(**overrides), NOW, LONDON).errors
    assert list(errors) == [question]
    assert errors[question].startswith(message)


def test_either_an_email_address_or_a_phone_number_will_do() -> None:
    assert read_report(bike_theft(email=""), NOW, LONDON).errors == {}
    assert read_report(bike_theft(phone=""), NOW, LONDON).errors == {}


def test_a_refusal_from_intake_is_shown_at_the_question_it_is_about() -> None:
    assert refusal_message("contact.location_postcode: must be a UK postcode such as SW1A 1AA") == (
        "postcode",
        "The postcode must be a UK postcode such as SW1A 1AA",
    )
    assert refusal_message("contact.what_happened: is required") == ("what_happened", "Tell us what happened")
    assert refusal_message("contact.offence_codes[0]: must be a Home Office offence code") is None
    assert refusal_message("no field named") is None


def test_a_form_token_names_one_request_and_is_good_for_a_day() -> None:
    key = form_key(Settings())
    token = issue_form_token(key, NOW)
    request_id = request_id_of(key, token, NOW + MAX_AGE - timedelta(seconds=1))
    assert request_id is not None and request_id.startswith("online-")
    assert issue_form_token(key, NOW) != token
    assert request_id_of(key, token, NOW + MAX_AGE + timedelta(seconds=1)) is None
    assert request_id_of(key, token, NOW - timedelta(hours=1)) is None


@pytest.mark.parametrize(
    "forge",
    [
        lambda token: token.replace("online-", "online-f", 1),
        lambda token: token[:-2] + ("AA" if not token.endswith("AA") else "BB"),
        lambda token: token.rpartition(".")[0],
        lambda token: token + "é",
        lambda token: "",
    ],
    ids=["other request id", "other signature", "no signature", "not ascii", "empty"],
)
def test_a_form_token_not_signed_by_the_form_is_refused(forge: Callable[[str], str]) -> None:
    key = form_key(Settings())
    assert request_id_of(key, forge(issue_form_token(key, NOW)), NOW) is None
    other_key = form_key(Settings(token_key="another-deployment-key-of-good-length"))
    assert request_id_of(other_key, issue_form_token(key, NOW), NOW) is None
