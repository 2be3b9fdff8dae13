"""Answers to a question set: which questions apply, what is wrong with a set of answers, the
facts they set on a contact, the mandatory lines of enquiry left unanswered and the advice
they call for. Pure functions: intake and any client (a preview, a channel) share them."""

from __future__ import annotations

import itertools
import math
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from contact101.rules.questions._answer_targets import complete_risk_answers
from contact101.rules.questions._fact_paths import set_fact
from contact101.rules.questions._question_sets import GuidedQuestion, QuestionSetRules
from contact101.v1 import common_pb2, questions_pb2

YES_NO_WORDS = {
    questions_pb2.YES_NO_YES: "yes",
    questions_pb2.YES_NO_NO: "no",
    questions_pb2.YES_NO_UNKNOWN: "unknown",
}
# The oneof member each answer type takes.
VALUE_FIELDS = {
    questions_pb2.ANSWER_TYPE_YES_NO: "yes_no",
    questions_pb2.ANSWER_TYPE_CHOICE: "choice",
    questions_pb2.ANSWER_TYPE_NUMBER: "number",
    questions_pb2.ANSWER_TYPE_TIME: "time",
    questions_pb2.ANSWER_TYPE_TEXT: "text",
    questions_pb2.ANSWER_TYPE_PERSON: "person",
    questions_pb2.ANSWER_TYPE_VEHICLE: "vehicle",
    questions_pb2.ANSWER_TYPE_LOCATION: "location",
}
MAX_ANSWER_TEXT = 2_000
MAX_ANSWER_NAME = 200  # a person's name, as the contact holds names
# Control characters; text may still hold tabs and line breaks.
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


@dataclass(frozen=True)
class AnswerProblem:
    """What is wrong with the answer to question_id, in words."""

    question_id: str
    problem: str
    index: int  # the answer's place in the list given


def answer_value(answer: questions_pb2.Answer) -> str | None:
    """A yes/no answer as yes, no or unknown; a choice as its id; None for other answers."""
    kind = answer.WhichOneof("value")
    if kind == "yes_no":
        return YES_NO_WORDS.get(answer.yes_no)
    if kind == "choice":
        return answer.choice
    return None


def answer_in_words(answer: questions_pb2.Answer) -> str:
    """The answer as an officer or supervisor reads it: yes, a choice id, 3, a time, a person."""
    kind = answer.WhichOneof("value")
    if kind in ("yes_no", "choice"):
        return answer_value(answer) or ""
    if kind == "number":
        return f"{answer.number:g}"
    if kind == "text":
        return answer.text
    if kind == "time":
        time = answer.time
        if time.kind == questions_pb2.TIME_KIND_NOT_KNOWN:
            return time.detail or "not known"
        moment = time.at.ToDatetime().isoformat(timespec="minutes")
        starts = getattr(time, "from")
        span = (
            f"{starts.ToDatetime().isoformat(timespec='minutes')} to {moment}" if starts.seconds else moment
        )
        return " ".join(filter(None, [span, f"({time.detail})" if time.detail else ""]))
    parts = {
        "person": (answer.person.name, answer.person.description, answer.person.phone),
        "vehicle": (answer.vehicle.registration, answer.vehicle.colour, answer.vehicle.make,
                    answer.vehicle.model, answer.vehicle.description),
        "location": (answer.location.description, answer.location.postcode,
                     "online" if answer.location.online else ""),
    }.get(kind or "", ())  # fmt: skip
    return ", ".join(part for part in parts if part)


def by_question(answers: Iterable[questions_pb2.Answer]) -> dict[str, questions_pb2.Answer]:
    return {answer.question_id: answer for answer in answers}


def is_asked(question: GuidedQuestion, answers: Mapping[str, questions_pb2.Answer]) -> bool:
    """Whether the question applies, given the earlier answers: every condition holds."""
    return conditions_hold(question.message, answers)


def conditions_hold(question: questions_pb2.Question, answers: Mapping[str, questions_pb2.Answer]) -> bool:
    """Whether every condition of the question (as any client sees it) holds for the answers."""
    return all(
        answer_value(answers[condition.question_id]) in condition.any_of
        if condition.question_id in answers
        else False
        for condition in question.conditions
    )


def answer_problems(
    question_set: QuestionSetRules, answers: Sequence[questions_pb2.Answer]
) -> list[AnswerProblem]:
    """Everything wrong with the answers, in the order given: a question not in the set, asked
    twice, an answer of the wrong type or out of range, an answer to a question that the
    earlier answers rule out, and answers the set says contradict each other."""
    problems: list[AnswerProblem] = []
    seen: dict[str, int] = {}
    for index, answer in enumerate(answers):
        question = question_set.questions.get(answer.question_id)
        if question is None:
            problems.append(
                AnswerProblem(
                    answer.question_id,
                    f"is not a question of {question_set.id} {question_set.version}",
                    index,
                )
            )
            continue
        if answer.question_id in seen:
            problems.append(AnswerProblem(answer.question_id, "is answered twice", index))
            continue
        seen[answer.question_id] = index
        problem = _type_problem(question, answer)
        if problem:
            problems.append(AnswerProblem(answer.question_id, problem, index))
    given = by_question(answers)
    for question_id, index in seen.items():
        question = question_set.questions[question_id]
        if not is_asked(question, given):
            problems.append(AnswerProblem(question_id, _ruled_out(question, given), index))
    for contradiction in question_set.contradictions:
        if all(
            answer_value(given[q]) in values if q in given else False
            for q, values in contradiction.answers.items()
        ):
            last = max(contradiction.answers, key=lambda question_id: seen[question_id])
            others = ", ".join(f"answers.{q}" for q in contradiction.answers if q != last)
            problems.append(AnswerProblem(last, f"contradicts {others}: {contradiction.problem}", seen[last]))
    return sorted(problems, key=lambda problem: problem.index)


def _type_problem(question: GuidedQuestion, answer: questions_pb2.Answer) -> str:
    expected = VALUE_FIELDS[question.answer_type]
    given = answer.WhichOneof("value")
    type_name = questions_pb2.AnswerType.Name(question.answer_type).removeprefix("ANSWER_TYPE_").lower()
    if given != expected:
        return f"must be a {type_name} answer ({expected}), not {given or 'empty'}"
    if given in ("yes_no", "choice") and answer_value(answer) not in question.values():
        return f"must be one of {', '.join(question.values())}"
    if given == "number":
        if not math.isfinite(answer.number):
            return "must be a number"
        if question.minimum is not None and answer.number < question.minimum:
            return f"must be {question.minimum:g} or more"
        if question.maximum is not None and answer.number > question.maximum:
            return f"must be {question.maximum:g} or less"
    if given == "text" and not answer.text.strip():
        return "must not be blank"
    if given == "time":
        return _time_problem(answer.time)
    if given == "person" and not (answer.person.name.strip() or answer.person.description.strip()):
        return "must give a name or a description"
    texts = [
        answer.text,
        *_texts(answer.person),
        *_texts(answer.vehicle),
        *_texts(answer.location),
        answer.time.detail,
    ]
    if any(len(text) > MAX_ANSWER_TEXT for text in texts):
        return f"must be at most {MAX_ANSWER_TEXT} characters"
    if len(answer.person.name) > MAX_ANSWER_NAME:
        return f"must give a name of at most {MAX_ANSWER_NAME} characters"
    if any(CONTROL.search(text) for text in texts):
        return "must not contain control characters"
    return ""


def _texts(
    message: questions_pb2.PersonAnswer | questions_pb2.VehicleAnswer | questions_pb2.LocationAnswer,
) -> list[str]:
    return [value for _field, value in message.ListFields() if isinstance(value, str)]


def _time_problem(time: questions_pb2.TimeAnswer) -> str:
    starts = getattr(time, "from")
    if time.kind == questions_pb2.TIME_KIND_NOT_KNOWN:
        return ""
    if not time.at.seconds:
        return "must give when (at)"
    if time.kind in (questions_pb2.TIME_KIND_BETWEEN, questions_pb2.TIME_KIND_RECURRING):
        if not starts.seconds:
            return "must give when it started (from) for a period"
        if starts.ToSeconds() > time.at.ToSeconds():
            return "must start (from) before it ends (at)"
    return ""


def _ruled_out(question: GuidedQuestion, given: Mapping[str, questions_pb2.Answer]) -> str:
    for condition in question.message.conditions:
        earlier = given.get(condition.question_id)
        if earlier is None or answer_value(earlier) not in condition.any_of:
            return (
                f"contradicts answers.{condition.question_id}: asked only when "
                f"{condition.question_id} is {' or '.join(condition.any_of)}"
            )
    return "is not asked"


def unanswered_mandatory(
    question_set: QuestionSetRules, answers: Iterable[questions_pb2.Answer]
) -> list[questions_pb2.UnansweredQuestion]:
    """The mandatory lines of enquiry that apply, given the answers, and were not answered."""
    given = by_question(answers)
    return [
        questions_pb2.UnansweredQuestion(question_id=question.id, text=question.message.text)
        for question in question_set.questions.values()
        if question.message.mandatory_line_of_enquiry
        and question.id not in given
        and is_asked(question, given)
    ]


def advice_for(
    question_set: QuestionSetRules, answers: Iterable[questions_pb2.Answer]
) -> list[questions_pb2.Advice]:
    """The advice the answers call for, in the order the set asks its questions."""
    given = by_question(answers)
    advice: list[questions_pb2.Advice] = []
    for question in question_set.questions.values():
        answer = given.get(question.id)
        if answer is None:
            continue
        value = answer_value(answer)
        advice.extend(
            item for item in question.message.advice if not item.on_answers or value in item.on_answers
        )
    return advice


def apply_answers(
    question_set: QuestionSetRules,
    answers: Sequence[questions_pb2.Answer],
    draft: common_pb2.ContactDetails,
) -> common_pb2.ContactDetails:
    """The draft contact with the facts the incident type and the answers set (in the order
    the set asks them, so a later answer refines an earlier one), and the answers themselves as
    contact.guided with the mandatory lines of enquiry left unanswered and the advice to give.
    Answers the set does not ask are ignored here: validate them first (answer_problems)."""
    contact = common_pb2.ContactDetails()
    contact.CopyFrom(draft)
    for path, value in question_set.facts:
        set_fact(contact, path, value)
    given = by_question(answers)
    risk_tool_asked = False
    for question in question_set.questions.values():
        answer = given.get(question.id)
        if answer is None or not is_asked(question, given):
            continue
        value = answer_value(answer)
        for path, fact in question.sets.get(value or "", ()):
            set_fact(contact, path, fact)
        if question.into is not None:
            question.into(contact, answer)
        risk_tool_asked = risk_tool_asked or question.asks_risk_tool
    if risk_tool_asked:
        complete_risk_answers(contact)
    contact.guided.CopyFrom(
        questions_pb2.GuidedCapture(
            incident_type_id=question_set.incident_type.id,
            question_set_id=question_set.id,
            question_set_version=question_set.version,
            answers={
                answer.question_id: answer
                for answer in answers
                if answer.question_id in question_set.questions
            },
            unanswered_mandatory=unanswered_mandatory(question_set, answers),
            advice_given=advice_for(question_set, answers),
        )
    )
    return contact


def most_questions_asked(question_set: QuestionSetRules) -> int:
    """The most questions the set asks on any path through it: every question answered, with
    the answers to the questions others depend on chosen to open as many as they can."""
    deciding = sorted({c.question_id for q in question_set.questions.values() for c in q.message.conditions})
    options = [question_set.questions[question_id].values() for question_id in deciding]
    most = 0
    for values in itertools.product(*options):
        given = {
            question_id: _answer_with(question_set.questions[question_id], value)
            for question_id, value in zip(deciding, values, strict=True)
        }
        for question in question_set.questions.values():
            given.setdefault(question.id, questions_pb2.Answer(question_id=question.id))
        most = max(most, sum(is_asked(question, given) for question in question_set.questions.values()))
    return most


def _answer_with(question: GuidedQuestion, value: str) -> questions_pb2.Answer:
    if question.answer_type == questions_pb2.ANSWER_TYPE_YES_NO:
        word = {word: number for number, word in YES_NO_WORDS.items()}[value]
        return questions_pb2.Answer(question_id=question.id, yes_no=word)
    return questions_pb2.Answer(question_id=question.id, choice=value)
