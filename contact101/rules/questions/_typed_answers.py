"""An answer as an officer types it (`--answer ID=VALUE`, at a guided prompt or in the desk's
question box), read per the question's answer type into an Answer; a problem names the question
and says what it takes."""

from __future__ import annotations

import re
from datetime import UTC, datetime

from contact101.v1 import questions_pb2

YES_NO = {
    "yes": questions_pb2.YES_NO_YES,
    "no": questions_pb2.YES_NO_NO,
    "unknown": questions_pb2.YES_NO_UNKNOWN,
}
NOT_KNOWN = ("not known", "unknown")
BETWEEN = re.compile(
    r"between\s+(?P<start>\S+)\s+and\s+(?P<end>\S+)(?:\s+\((?P<detail>.*)\))?", re.IGNORECASE
)
PART = re.compile(r"\s*(?P<key>[a-z_]+)\s*=(?P<value>.*)", re.DOTALL)
# The keys of a person, vehicle or location answer, each to its field.
PARTS = {
    questions_pb2.ANSWER_TYPE_PERSON: {
        "name": "name",
        "description": "description",
        "dob": "date_of_birth",
        "phone": "phone",
        "address": "address",
    },
    questions_pb2.ANSWER_TYPE_VEHICLE: {
        "registration": "registration",
        "make": "make",
        "model": "model",
        "colour": "colour",
        "description": "description",
    },
    questions_pb2.ANSWER_TYPE_LOCATION: {
        "description": "description",
        "postcode": "postcode",
        "online": "online",
    },
}
FIELD_OF = {
    questions_pb2.ANSWER_TYPE_PERSON: "person",
    questions_pb2.ANSWER_TYPE_VEHICLE: "vehicle",
    questions_pb2.ANSWER_TYPE_LOCATION: "location",
}
TIME_SYNTAX = (
    "an ISO time such as 2026-11-23T14:30, 'between 2026-11-22T18:00 and 2026-11-23T08:00', or 'not known'"
)


class AnswerValueError(ValueError):
    """What is wrong with a typed answer, in words that name the question."""


def split_answer_option(text: str) -> tuple[str, str]:
    """`ID=VALUE` as (ID, VALUE)."""
    question_id, separator, value = text.partition("=")
    if not separator or not question_id.strip():
        raise AnswerValueError(f"--answer {text!r}: must be ID=VALUE, e.g. --answer force_used=no")
    return question_id.strip(), value.strip()


def syntax_of(question: questions_pb2.Question) -> str:
    """What an answer to question is typed as, for help and for problems."""
    kind = question.answer_type
    if kind == questions_pb2.ANSWER_TYPE_YES_NO:
        return "yes, no or unknown"
    if kind == questions_pb2.ANSWER_TYPE_CHOICE:
        return "one of " + ", ".join(choice.id for choice in question.choices)
    if kind == questions_pb2.ANSWER_TYPE_NUMBER:
        return "a number"
    if kind == questions_pb2.ANSWER_TYPE_TIME:
        return TIME_SYNTAX
    if kind in PARTS:
        keys = "; ".join(f"{key}=..." for key in PARTS[kind])
        return f"'{keys}' (any of them; a value without KEY= is the description)"
    return "text"


class _Unreadable(ValueError):
    """The value does not read as the answer type; the message, when given, says why."""


def parse_answer(question: questions_pb2.Question, text: str) -> questions_pb2.Answer:
    """The answer to question that text gives; AnswerValueError saying what the question takes."""
    try:
        return _read(question, text.strip())
    except _Unreadable as problem:
        reason = str(problem) or f"takes {syntax_of(question)}"
        raise AnswerValueError(f"{question.id}={text!r}: {question.id} {reason}") from None


def _read(question: questions_pb2.Question, value: str) -> questions_pb2.Answer:
    answer = questions_pb2.Answer(question_id=question.id)
    kind = question.answer_type
    if not value:
        raise _Unreadable("needs an answer")
    if kind == questions_pb2.ANSWER_TYPE_YES_NO:
        if value.lower() not in YES_NO:
            raise _Unreadable
        answer.yes_no = YES_NO[value.lower()]
    elif kind == questions_pb2.ANSWER_TYPE_CHOICE:
        if value not in {choice.id for choice in question.choices}:
            raise _Unreadable
        answer.choice = value
    elif kind == questions_pb2.ANSWER_TYPE_NUMBER:
        try:
            answer.number = float(value)
        except ValueError:
            raise _Unreadable from None
    elif kind == questions_pb2.ANSWER_TYPE_TIME:
        _read_time(answer.time, value)
    elif kind in PARTS:
        _read_parts(answer, kind, value)
    else:
        answer.text = value
    return answer


def _read_time(time: questions_pb2.TimeAnswer, value: str) -> None:
    if value.lower() in NOT_KNOWN:
        time.kind = questions_pb2.TIME_KIND_NOT_KNOWN
        return
    between = BETWEEN.fullmatch(value)
    if between:
        time.kind = questions_pb2.TIME_KIND_BETWEEN
        getattr(time, "from").FromDatetime(_moment(between["start"]))
        time.at.FromDatetime(_moment(between["end"]))
        time.detail = between["detail"] or ""
    else:
        time.at.FromDatetime(_moment(value))


def _moment(text: str) -> datetime:
    """An ISO date-time; a time without a zone is taken as UTC, as --when takes it."""
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        raise _Unreadable from None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def _read_parts(answer: questions_pb2.Answer, kind: questions_pb2.AnswerType.ValueType, value: str) -> None:
    keys = PARTS[kind]
    target = getattr(answer, FIELD_OF[kind])
    target.SetInParent()
    if PART.match(value) is None:
        target.description = value
        return
    for part in filter(str.strip, value.split(";")):
        found = PART.fullmatch(part)
        if found is None or found["key"] not in keys:
            raise _Unreadable(f"has no part {part.strip()!r}; it takes {syntax_of_kind(kind)}")
        field, given = keys[found["key"]], found["value"].strip()
        if field == "online":
            if given.lower() not in ("yes", "no"):
                raise _Unreadable("takes online=yes or online=no")
            setattr(target, field, given.lower() == "yes")
        else:
            setattr(target, field, given)


def syntax_of_kind(kind: questions_pb2.AnswerType.ValueType) -> str:
    return syntax_of(questions_pb2.Question(answer_type=kind))
