"""What someone types into the online-report form, read into a contact for intake.

Every answer is checked by the rules intake itself applies (contact101.rpc.edge_checks),
under the field names intake uses, so that a problem found here and a refusal that comes
back from intake (`contact.caller.email: must be an email address`) read the same: a
message next to the question it is about. All problems are found at once, not the first.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date, datetime, time, tzinfo

from contact101.rpc.edge_checks import (
    MAX_LINE,
    MAX_NAME,
    MAX_TEXT,
    check_email,
    check_phone,
    check_postcode,
    check_text,
    check_timestamp,
)
from contact101.rpc.refusals import InvalidField
from contact101.v1 import common_pb2


@dataclass(frozen=True)
class Question:
    missing: str  # what someone who left it blank is told
    subject: str  # how any other problem with the answer begins: "<subject> must ..."
    control: str  # the id of the control the error summary links to


# In the order the page asks them.
QUESTIONS = {
    "name": Question("Enter your name", "Your name", "name"),
    "email": Question(
        "Enter an email address or a phone number, so that we can contact you", "Your email address", "email"
    ),
    "phone": Question("Enter a phone number", "Your phone number", "phone"),
    "victim": Question("Select yes if it happened to you", "Whether it happened to you", "victim"),
    "what_happened": Question("Tell us what happened", "What happened", "what_happened"),
    "location": Question("Tell us where it happened", "Where it happened", "location"),
    "postcode": Question("Enter the postcode", "The postcode", "postcode"),
    "date": Question("Enter the date it happened", "The date and time it happened", "date_day"),
    "time": Question("Enter the time it happened", "The time it happened", "time"),
}
# The form's controls, by name; each re-shown as typed when the form comes back with problems.
CONTROLS = (
    "name",
    "email",
    "phone",
    "victim",
    "what_happened",
    "location",
    "postcode",
    "date_day",
    "date_month",
    "date_year",
    "time",
)
# The question that answers each intake field.
QUESTION_OF = {
    "contact.caller.name": "name",
    "contact.caller.email": "email",
    "contact.caller.phone": "phone",
    "contact.caller_is_victim": "victim",
    "contact.what_happened": "what_happened",
    "contact.location": "location",
    "contact.location_postcode": "postcode",
    "contact.occurred_at": "date",
}
VICTIM_ANSWERS = {"yes": True, "no": False}
NUMBER = re.compile(r"[0-9]{1,4}", re.ASCII)
CLOCK_TIME = re.compile(r"([01]?[0-9]|2[0-3])[:.]([0-5][0-9])", re.ASCII)
REQUIRED = "is required"


@dataclass(frozen=True)
class ReadReport:
    contact: common_pb2.ContactDetails
    errors: dict[str, str]  # question: message, in the order the page asks them


def message_for(field: str, problem: str) -> tuple[str, str] | None:
    """The question an intake field belongs to and what to tell the person; None when no
    question of the form answers that field."""
    question = QUESTION_OF.get(field)
    if question is None:
        return None
    asked = QUESTIONS[question]
    return question, asked.missing if problem == REQUIRED else f"{asked.subject} {problem}"


def refusal_message(refusal: str) -> tuple[str, str] | None:
    """message_for a refusal from intake, which reads `field: problem`."""
    field, separator, problem = refusal.partition(": ")
    return message_for(field, problem) if separator else None


def read_report(answers: Mapping[str, str], now: datetime, zone: tzinfo, ask_when: bool = True) -> ReadReport:
    """The contact the answers describe and every problem with them; `now` is UTC and the
    date and time are read as local time in zone. Without ask_when the date and time are not
    read (a question set asks when), and the contact's occurred_at is left unset."""
    # Browsers send line breaks as CRLF; the case keeps them as every other channel does.
    answer = {control: answers.get(control, "").replace("\r\n", "\n").strip() for control in CONTROLS}
    contact = common_pb2.ContactDetails(
        channel=common_pb2.CHANNEL_ONLINE,
        caller=common_pb2.Person(name=answer["name"], email=answer["email"], phone=answer["phone"]),
        caller_is_victim=VICTIM_ANSWERS.get(answer["victim"], False),
        what_happened=answer["what_happened"],
        location=answer["location"],
        location_postcode=answer["postcode"].upper(),
    )
    errors: dict[str, str] = {}
    if not (answer["email"] or answer["phone"]):
        errors["email"] = QUESTIONS["email"].missing
    if answer["victim"] not in VICTIM_ANSWERS:
        errors["victim"] = QUESTIONS["victim"].missing
    occurred_at = _occurred_at(answer, zone, errors) if ask_when else None
    if occurred_at is not None:
        contact.occurred_at.FromDatetime(occurred_at)
    checks: list[Callable[[], object]] = [
        lambda: check_text("contact.caller.name", contact.caller.name, MAX_NAME, required=True),
        lambda: check_email("contact.caller.email", contact.caller.email),
        lambda: check_phone("contact.caller.phone", contact.caller.phone),
        lambda: check_text(
            "contact.what_happened", contact.what_happened, MAX_TEXT, required=True, multiline=True
        ),
        lambda: check_text("contact.location", contact.location, MAX_LINE, required=True),
        lambda: check_postcode("contact.location_postcode", contact.location_postcode),
    ]
    if occurred_at is not None:
        checks.append(lambda: check_timestamp("contact.occurred_at", contact.occurred_at, now))
    for check in checks:
        try:
            check()
        except InvalidField as problem:
            found = message_for(problem.field, problem.problem)
            assert found is not None, f"{problem.field} is checked but asked by no question"
            errors.setdefault(*found)
    return ReadReport(contact, {question: errors[question] for question in QUESTIONS if question in errors})


def _occurred_at(answer: Mapping[str, str], zone: tzinfo, errors: dict[str, str]) -> datetime | None:
    """The moment of the date and time answered, or None with the problems added to errors."""
    day = _date(answer["date_day"], answer["date_month"], answer["date_year"], errors)
    clock = _time(answer["time"], errors)
    if day is None or clock is None:
        return None
    return datetime.combine(day, clock, tzinfo=zone)


def _date(day: str, month: str, year: str, errors: dict[str, str]) -> date | None:
    if not (day or month or year):
        errors["date"] = QUESTIONS["date"].missing
        return None
    try:
        if not (all(NUMBER.fullmatch(part) for part in (day, month, year)) and len(year) == 4):
            raise ValueError(year)
        return date(int(year), int(month), int(day))
    except ValueError:
        errors["date"] = "The date it happened must be a real date, for example 27 3 2026"
        return None


def _time(text: str, errors: dict[str, str]) -> time | None:
    if not text:
        errors["time"] = QUESTIONS["time"].missing
        return None
    match = CLOCK_TIME.fullmatch(text)
    if match is None:
        errors["time"] = (
            "The time it happened must be hours and minutes on the 24-hour clock, for example 14:30"
        )
        return None
    return time(int(match[1]), int(match[2]))
