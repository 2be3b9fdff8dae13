"""Answers as an officer types them at the CLI (`--answer ID=VALUE`, a guided prompt), read by
the question's answer type; a problem names the question and says what it takes."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from contact101.rules.questions import AnswerValueError, parse_answer, split_answer_option
from contact101.v1 import questions_pb2


def question(answer_type: questions_pb2.AnswerType.ValueType, *choices: str) -> questions_pb2.Question:
    return questions_pb2.Question(
        id="q", answer_type=answer_type, choices=[questions_pb2.Choice(id=c, label=c) for c in choices]
    )


def test_each_answer_type_reads_its_syntax() -> None:
    assert (
        parse_answer(question(questions_pb2.ANSWER_TYPE_YES_NO), "Unknown").yes_no
        == questions_pb2.YES_NO_UNKNOWN
    )
    assert (
        parse_answer(question(questions_pb2.ANSWER_TYPE_CHOICE, "shop", "cycle"), "cycle").choice == "cycle"
    )
    assert parse_answer(question(questions_pb2.ANSWER_TYPE_NUMBER), "2.5").number == 2.5
    assert parse_answer(question(questions_pb2.ANSWER_TYPE_TEXT), " the door ").text == "the door"
    moment = parse_answer(question(questions_pb2.ANSWER_TYPE_TIME), "2026-11-23T14:30").time
    assert moment.at.ToDatetime(UTC) == datetime(2026, 11, 23, 14, 30, tzinfo=UTC)
    period = parse_answer(
        question(questions_pb2.ANSWER_TYPE_TIME),
        "between 2026-11-22T18:00 and 2026-11-23T08:00+00:00 (overnight)",
    ).time
    assert (period.kind, period.detail) == (questions_pb2.TIME_KIND_BETWEEN, "overnight")
    assert getattr(period, "from").ToDatetime(UTC) == datetime(2026, 11, 22, 18, 0, tzinfo=UTC)
    unknown = parse_answer(question(questions_pb2.ANSWER_TYPE_TIME), "not known").time
    assert unknown.kind == questions_pb2.TIME_KIND_NOT_KNOWN
    person = parse_answer(question(questions_pb2.ANSWER_TYPE_PERSON), "name=Sam Smith; dob=1990-04-01").person
    assert (person.name, person.date_of_birth) == ("Sam Smith", "1990-04-01")
    vehicle = parse_answer(
        question(questions_pb2.ANSWER_TYPE_VEHICLE), "registration=AB12 CDE;colour=red"
    ).vehicle
    assert (vehicle.registration, vehicle.colour) == ("AB12 CDE", "red")
    place = parse_answer(
        question(questions_pb2.ANSWER_TYPE_LOCATION), "description=eBay; online=yes"
    ).location
    assert place.online and place.description == "eBay"
    described = parse_answer(question(questions_pb2.ANSWER_TYPE_PERSON), "tall, red coat, said x=1")
    assert described.person.description == "tall, red coat, said x=1"


@pytest.mark.parametrize(
    ("answer_type", "typed", "said"),
    [
        (questions_pb2.ANSWER_TYPE_YES_NO, "maybe", "q takes yes, no or unknown"),
        (questions_pb2.ANSWER_TYPE_CHOICE, "bike", "q takes one of shop, cycle"),
        (questions_pb2.ANSWER_TYPE_NUMBER, "two", "q takes a number"),
        (questions_pb2.ANSWER_TYPE_TIME, "yesterday", "q takes an ISO time"),
        (questions_pb2.ANSWER_TYPE_TIME, "between then and now", "q takes an ISO time"),
        (questions_pb2.ANSWER_TYPE_PERSON, "hair=red", "q has no part 'hair=red'"),
        (questions_pb2.ANSWER_TYPE_LOCATION, "online=perhaps", "q takes online=yes or online=no"),
        (questions_pb2.ANSWER_TYPE_TEXT, " ", "q needs an answer"),
    ],
)
def test_an_answer_that_does_not_read_names_the_question_and_what_it_takes(
    answer_type: questions_pb2.AnswerType.ValueType, typed: str, said: str
) -> None:
    with pytest.raises(AnswerValueError, match=f"^q={typed!r}: ") as refused:
        parse_answer(question(answer_type, "shop", "cycle"), typed)
    assert said in str(refused.value)


def test_an_answer_option_is_id_equals_value() -> None:
    assert split_answer_option("when=between a and b") == ("when", "between a and b")
    with pytest.raises(AnswerValueError, match="must be ID=VALUE"):
        split_answer_option("cycle")


@given(st.text())
def test_any_text_is_read_or_refused_in_words(typed: str) -> None:
    for answer_type in questions_pb2.AnswerType.values():
        if answer_type == questions_pb2.ANSWER_TYPE_UNSPECIFIED:
            continue
        try:
            answer = parse_answer(question(answer_type, "shop"), typed)
        except AnswerValueError as problem:
            assert str(problem).startswith("q=")
        else:
            assert answer.question_id == "q" and answer.WhichOneof("value")
