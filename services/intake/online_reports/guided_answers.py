"""One question of a question set as the online form asks it: the controls it shows, what
someone typed into them read as an Answer (or the problem, in the words of the GOV.UK Design
System's error messages), and the answer as the check-your-answers page shows it.

Yes/no and choice questions must be answered (yes/no offers "I do not know"); every other
question may be left blank when the person does not know."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime, time, tzinfo

from contact101.v1 import questions_pb2

YES_NO = {
    "yes": (questions_pb2.YES_NO_YES, "Yes"),
    "no": (questions_pb2.YES_NO_NO, "No"),
    "unknown": (questions_pb2.YES_NO_UNKNOWN, "I do not know"),
}
# The controls of each answer type, after the question's own name (q-ID-PART); "" is the
# control named q-ID itself.
PARTS: dict[int, tuple[str, ...]] = {
    questions_pb2.ANSWER_TYPE_YES_NO: ("",),
    questions_pb2.ANSWER_TYPE_CHOICE: ("",),
    questions_pb2.ANSWER_TYPE_NUMBER: ("",),
    questions_pb2.ANSWER_TYPE_TEXT: ("",),
    questions_pb2.ANSWER_TYPE_TIME: ("day", "month", "year", "time"),
    questions_pb2.ANSWER_TYPE_PERSON: ("name", "description"),
    questions_pb2.ANSWER_TYPE_VEHICLE: ("registration", "make", "model", "colour"),
    questions_pb2.ANSWER_TYPE_LOCATION: ("description", "postcode"),
}
PART_LABELS = {
    "name": "Name, if you know it",
    "description": "What they looked like, or anything else you know about them",
    "registration": "Registration number",
    "make": "Make",
    "model": "Model",
    "colour": "Colour",
    "postcode": "Postcode (optional)",
}
LOCATION_DESCRIPTION = "The address or place"
NUMBER = re.compile(r"[0-9]{1,4}", re.ASCII)
CLOCK_TIME = re.compile(r"([01]?[0-9]|2[0-3])[:.]([0-5][0-9])", re.ASCII)
MAX_PART = 2_000


@dataclass(frozen=True)
class ReadAnswer:
    answer: questions_pb2.Answer | None  # None: left blank
    error: str = ""


def control_name(question_id: str, part: str = "") -> str:
    return f"q-{question_id}" + (f"-{part}" if part else "")


def control_names(question: questions_pb2.Question) -> list[str]:
    return [control_name(question.id, part) for part in PARTS[question.answer_type]]


def read_answer(
    question: questions_pb2.Question, typed: Mapping[str, str], now: datetime, zone: tzinfo
) -> ReadAnswer:
    """The answer the question's controls give; `now` is UTC and a date is local time in zone."""
    value = {
        part: typed.get(control_name(question.id, part), "").strip() for part in PARTS[question.answer_type]
    }
    answer = questions_pb2.Answer(question_id=question.id)
    kind = question.answer_type
    if any(len(text) > MAX_PART for text in value.values()):
        return ReadAnswer(None, f"Your answer must be {MAX_PART} characters or fewer")
    if kind == questions_pb2.ANSWER_TYPE_YES_NO:
        if value[""] not in YES_NO:
            return ReadAnswer(None, "Select yes, no or I do not know")
        answer.yes_no = YES_NO[value[""]][0]
    elif kind == questions_pb2.ANSWER_TYPE_CHOICE:
        if value[""] not in {choice.id for choice in question.choices}:
            return ReadAnswer(None, "Select the answer that fits best")
        answer.choice = value[""]
    elif not any(value.values()):
        return ReadAnswer(None)
    elif kind == questions_pb2.ANSWER_TYPE_NUMBER:
        if not NUMBER.fullmatch(value[""]):
            return ReadAnswer(None, "Your answer must be a whole number, like 2")
        answer.number = int(value[""])
    elif kind == questions_pb2.ANSWER_TYPE_TIME:
        return _read_time(answer, value, now, zone)
    elif kind == questions_pb2.ANSWER_TYPE_PERSON:
        answer.person.name, answer.person.description = value["name"], value["description"]
    elif kind == questions_pb2.ANSWER_TYPE_VEHICLE:
        vehicle = answer.vehicle
        vehicle.registration, vehicle.make = value["registration"].upper(), value["make"]
        vehicle.model, vehicle.colour = value["model"], value["colour"]
    elif kind == questions_pb2.ANSWER_TYPE_LOCATION:
        answer.location.description, answer.location.postcode = (
            value["description"],
            value["postcode"].upper(),
        )
    else:
        answer.text = value[""]
    return ReadAnswer(answer)


def _read_time(
    answer: questions_pb2.Answer, value: Mapping[str, str], now: datetime, zone: tzinfo
) -> ReadAnswer:
    parts = (value["day"], value["month"], value["year"])
    if not all(NUMBER.fullmatch(part) for part in parts) or len(value["year"]) != 4:
        return ReadAnswer(None, "The date must be a real date, for example 27 3 2026")
    try:
        day = date(int(value["year"]), int(value["month"]), int(value["day"]))
    except ValueError:
        return ReadAnswer(None, "The date must be a real date, for example 27 3 2026")
    clock = time(0, 0)
    if value["time"]:
        match = CLOCK_TIME.fullmatch(value["time"])
        if match is None:
            return ReadAnswer(
                None, "The time must be hours and minutes on the 24-hour clock, for example 14:30"
            )
        clock = time(int(match[1]), int(match[2]))
    else:
        answer.time.detail = "time of day not known"
    moment = datetime.combine(day, clock, tzinfo=zone)
    if moment > now:
        return ReadAnswer(None, "The date must be today or in the past")
    answer.time.at.FromDatetime(moment)
    return ReadAnswer(answer)


def answer_text(question: questions_pb2.Question, answer: questions_pb2.Answer | None, zone: tzinfo) -> str:
    """The answer as the person gave it, for the check-your-answers page."""
    if answer is None:
        return "Not answered"
    kind = answer.WhichOneof("value")
    if kind == "yes_no":
        return next(label for number, label in YES_NO.values() if number == answer.yes_no)
    if kind == "choice":
        return next(
            (choice.label for choice in question.choices if choice.id == answer.choice), answer.choice
        )
    if kind == "number":
        return f"{answer.number:g}"
    if kind == "time":
        local = answer.time.at.ToDatetime(tzinfo=zone)
        return local.strftime("%-d %B %Y") + ("" if answer.time.detail else local.strftime(", %H:%M"))
    parts = {
        "person": (answer.person.name, answer.person.description),
        "vehicle": (
            answer.vehicle.registration,
            answer.vehicle.colour,
            answer.vehicle.make,
            answer.vehicle.model,
        ),
        "location": (answer.location.description, answer.location.postcode),
    }.get(kind or "")
    if parts is not None:
        return ", ".join(part for part in parts if part)
    return answer.text
