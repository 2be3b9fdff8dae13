"""Where a valued answer goes on the contact (a question's `into`): a time, a place, a person,
a vehicle, a number or text, each to the fields the decisions read."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeAlias

from contact101.rules.dash_questions import risk_tool
from contact101.rules.questions._fact_paths import FactPathError, drop_repeat, set_fact
from contact101.v1 import common_pb2, questions_pb2

Target = Callable[[common_pb2.ContactDetails, questions_pb2.Answer], None]
TIME_KINDS = {
    questions_pb2.TIME_KIND_UNSPECIFIED: common_pb2.OCCURRENCE_KIND_UNSPECIFIED,
    questions_pb2.TIME_KIND_BETWEEN: common_pb2.OCCURRENCE_KIND_BETWEEN,
    questions_pb2.TIME_KIND_RECURRING: common_pb2.OCCURRENCE_KIND_RECURRING,
}
RISK_CHOICES = {
    "yes": common_pb2.RISK_ANSWER_VALUE_YES,
    "no": common_pb2.RISK_ANSWER_VALUE_NO,
    "declined": common_pb2.RISK_ANSWER_VALUE_DECLINED,
}


def when_it_happened(contact: common_pb2.ContactDetails, answer: questions_pb2.Answer) -> None:
    time = answer.time
    if time.kind == questions_pb2.TIME_KIND_NOT_KNOWN:
        contact.occurrence_detail = time.detail or "not known"
        return
    contact.occurred_at.CopyFrom(time.at)
    contact.occurrence_kind = TIME_KINDS[time.kind]
    if time.kind != questions_pb2.TIME_KIND_UNSPECIFIED:
        contact.occurred_from.CopyFrom(getattr(time, "from"))
    if time.detail:
        contact.occurrence_detail = time.detail


def offender_expected_back(contact: common_pb2.ContactDetails, answer: questions_pb2.Answer) -> None:
    contact.offender_expected_back.expected_at.CopyFrom(answer.time.at)
    contact.offender_expected_back.detail = answer.time.detail or "the offender is expected back"


def where_it_happened(contact: common_pb2.ContactDetails, answer: questions_pb2.Answer) -> None:
    place = answer.location
    contact.location = place.description
    contact.location_postcode = place.postcode
    contact.location_kind = (
        common_pb2.LOCATION_KIND_ONLINE if place.online else common_pb2.LOCATION_KIND_UNSPECIFIED
    )


def suspect(contact: common_pb2.ContactDetails, answer: questions_pb2.Answer) -> None:
    person = answer.person
    contact.suspects.add(name=person.name, description=person.description)
    drop_repeat(contact.suspects)
    kind = (
        common_pb2.LINE_OF_ENQUIRY_KIND_NAMED_SUSPECT
        if person.name
        else common_pb2.LINE_OF_ENQUIRY_KIND_DESCRIBED_SUSPECT
    )
    contact.lines_of_enquiry.add(kind=kind, detail=person.name or person.description)
    drop_repeat(contact.lines_of_enquiry)


def witness(contact: common_pb2.ContactDetails, answer: questions_pb2.Answer) -> None:
    """A witness as a line of enquiry, described; their name and number stay in the answer, which
    only those who may see a case's people read (services/intake/case_visibility.py)."""
    detail = answer.person.description or "a witness: their details are in the answers"
    contact.lines_of_enquiry.add(kind=common_pb2.LINE_OF_ENQUIRY_KIND_WITNESS, detail=detail)
    drop_repeat(contact.lines_of_enquiry)


def victim(contact: common_pb2.ContactDetails, answer: questions_pb2.Answer) -> None:
    person = answer.person
    contact.caller_is_victim = False
    contact.victim.name = person.name
    contact.victim.date_of_birth = person.date_of_birth
    contact.victim.phone = person.phone
    contact.victim.address = person.address


def vehicle(contact: common_pb2.ContactDetails, answer: questions_pb2.Answer) -> None:
    seen = answer.vehicle
    words = (seen.registration, seen.colour, seen.make, seen.model, seen.description)
    contact.lines_of_enquiry.add(
        kind=common_pb2.LINE_OF_ENQUIRY_KIND_VEHICLE, detail=" ".join(word for word in words if word)
    )
    drop_repeat(contact.lines_of_enquiry)


def line_of_enquiry(kind: str) -> Target:
    """Text that describes a line of enquiry of this kind (CCTV, DIGITAL, ...)."""

    def add(contact: common_pb2.ContactDetails, answer: questions_pb2.Answer) -> None:
        set_fact(contact, "lines_of_enquiry+", {"kind": kind, "detail": answer.text})

    return add


def risk_answer(question_id: str) -> Target:
    """A choice of yes, no or declined that answers the risk tool's question_id."""

    def add(contact: common_pb2.ContactDetails, answer: questions_pb2.Answer) -> None:
        answers = contact.domestic_abuse.risk_answers
        existing = next((item for item in answers if item.question_id == question_id), None)
        (existing or answers.add(question_id=question_id)).answer = RISK_CHOICES[answer.choice]

    return add


def field(path: str) -> Target:
    """A number or text, to the contact's field at path."""

    def put(contact: common_pb2.ContactDetails, answer: questions_pb2.Answer) -> None:
        value = answer.text if answer.WhichOneof("value") == "text" else int(answer.number)
        set_fact(contact, path, value)

    return put


AnswerType: TypeAlias = questions_pb2.AnswerType.ValueType
NAMED: dict[str, tuple[AnswerType, Target]] = {
    "when": (questions_pb2.ANSWER_TYPE_TIME, when_it_happened),
    "offender_expected_back": (questions_pb2.ANSWER_TYPE_TIME, offender_expected_back),
    "where": (questions_pb2.ANSWER_TYPE_LOCATION, where_it_happened),
    "suspect": (questions_pb2.ANSWER_TYPE_PERSON, suspect),
    "witness": (questions_pb2.ANSWER_TYPE_PERSON, witness),
    "victim": (questions_pb2.ANSWER_TYPE_PERSON, victim),
    "vehicle": (questions_pb2.ANSWER_TYPE_VEHICLE, vehicle),
}


def target(into: str, answer_type: AnswerType) -> Target:
    """The target `into` names for an answer of answer_type: a name in NAMED, `line:KIND`,
    `risk:QUESTION_ID` (a choice of yes, no, declined) or `field:PATH` (a number or text)."""
    if into in NAMED:
        wanted, named = NAMED[into]
        if wanted != answer_type:
            raise FactPathError(into, f"needs a {questions_pb2.AnswerType.Name(wanted)} question")
        return named
    kind, _, argument = into.partition(":")
    if kind == "line" and answer_type == questions_pb2.ANSWER_TYPE_TEXT:
        set_fact(common_pb2.ContactDetails(), "lines_of_enquiry+", {"kind": argument})
        return line_of_enquiry(argument)
    if kind == "risk" and answer_type == questions_pb2.ANSWER_TYPE_CHOICE:
        if argument not in risk_tool().questions:
            raise FactPathError(into, f"{argument} is not a question of the {risk_tool().name} tool")
        return risk_answer(argument)
    if kind == "field" and answer_type in (questions_pb2.ANSWER_TYPE_TEXT, questions_pb2.ANSWER_TYPE_NUMBER):
        set_fact(
            common_pb2.ContactDetails(), argument, "" if answer_type == questions_pb2.ANSWER_TYPE_TEXT else 0
        )
        return field(argument)
    raise FactPathError(
        into,
        f"must be one of {', '.join(NAMED)}, line:KIND (text), risk:ID (a choice) "
        "or field:PATH (text or a number)",
    )


def complete_risk_answers(contact: common_pb2.ContactDetails) -> None:
    """Once any of the risk tool's questions is answered through a question set, every other one
    is recorded as not asked: the tool's answers are all of its questions or none. Answers to
    ids the tool does not have are kept, last, for the edge checks to refuse."""
    answers = contact.domestic_abuse.risk_answers
    if not answers:
        return
    answered = {answer.question_id for answer in answers}
    for question_id in risk_tool().questions:
        if question_id not in answered:
            answers.add(question_id=question_id, answer=common_pb2.RISK_ANSWER_VALUE_NOT_ASKED)
    order = list(risk_tool().questions)
    ordered = [
        common_pb2.RiskAnswer(question_id=answer.question_id, answer=answer.answer)
        for answer in sorted(
            answers,
            key=lambda answer: order.index(answer.question_id) if answer.question_id in order else len(order),
        )
    ]
    contact.domestic_abuse.ClearField("risk_answers")
    contact.domestic_abuse.risk_answers.extend(ordered)
