"""The questions a preview shows as still open, each with the contacts its possible answers would
make: the draft with the answers given plus one hypothetical answer, through the same pure
rules (apply_answers) CreateContact uses. A preview runs the decisions on each and compares."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import TypeAlias

from contact101.rules.dash_questions import risk_tool
from contact101.rules.questions import (
    GuidedQuestion,
    QuestionSetRules,
    answer_value,
    apply_answers,
    is_asked,
)
from contact101.v1 import common_pb2, preview_pb2, questions_pb2, safeguarding_pb2

Kind: TypeAlias = preview_pb2.OpenQuestionKind.ValueType
ACCOUNT_CUE = preview_pb2.OPEN_QUESTION_KIND_ACCOUNT_CUE
RISK_TOOL = preview_pb2.OPEN_QUESTION_KIND_RISK_TOOL
MANDATORY = preview_pb2.OPEN_QUESTION_KIND_MANDATORY_LINE_OF_ENQUIRY
CHANGES_DECISIONS = preview_pb2.OPEN_QUESTION_KIND_CHANGES_DECISIONS
RISK_QUESTION_PREFIX = "risk_"  # the set's questions of the risk tool (contact101.rules.questions)
AN_ANSWER = "an answer"
YES_TO_ALL = "yes to all"
NOT_ASKED = (common_pb2.RISK_ANSWER_VALUE_UNSPECIFIED, common_pb2.RISK_ANSWER_VALUE_NOT_ASKED)


@dataclass
class WhatIf:
    """An open question and, by answer, the contact that answer would make (decisions only:
    without contact.guided)."""

    kind: Kind
    question_id: str
    text: str
    why: str
    contacts: dict[str, common_pb2.ContactDetails] = field(default_factory=dict)
    question_ids: list[str] = field(default_factory=list)

    def as_message(self, effects: list[preview_pb2.AnswerEffect]) -> preview_pb2.OpenQuestion:
        return preview_pb2.OpenQuestion(
            kind=self.kind,
            question_id=self.question_id,
            text=self.text,
            why=self.why,
            question_ids=self.question_ids,
            effects=effects,
        )


def for_decisions(contact: common_pb2.ContactDetails) -> common_pb2.ContactDetails:
    """The contact as the decisions read it: the answers are already applied as facts."""
    decided = common_pb2.ContactDetails()
    decided.CopyFrom(contact)
    decided.ClearField("guided")
    return decided


def question_what_ifs(
    question_set: QuestionSetRules,
    answers: Sequence[questions_pb2.Answer],
    draft: common_pb2.ContactDetails,
    now: datetime,
) -> list[WhatIf]:
    """Every question the set asks now, given the answers, that is unanswered: a mandatory line
    of enquiry always, any other when one of its answers sets facts (kept only if an answer
    changes a decision). The risk tool's questions are one question of their own (risk_tool_what_if)."""
    given = {answer.question_id: answer for answer in answers}
    found = []
    for question in question_set.questions.values():
        if (
            question.id in given
            or question.id.startswith(RISK_QUESTION_PREFIX)
            or not is_asked(question, given)
        ):
            continue
        mandatory = question.message.mandatory_line_of_enquiry
        hypotheses = hypothetical_answers(question, now)
        if not mandatory:
            hypotheses = [answer for answer in hypotheses if question.sets.get(_value_of(answer))]
            if not hypotheses:
                continue
        what_if = WhatIf(
            kind=MANDATORY if mandatory else CHANGES_DECISIONS,
            question_id=question.id,
            text=question.message.text,
            why="a mandatory line of enquiry, not asked" if mandatory else question.message.effect,
        )
        for answer in hypotheses:
            contact = apply_answers(question_set, [*answers, answer], draft)
            what_if.contacts[_value_of(answer) or AN_ANSWER] = for_decisions(contact)
        found.append(what_if)
    return found


def hypothetical_answers(question: GuidedQuestion, now: datetime) -> list[questions_pb2.Answer]:
    """The answers to try: each yes/no or choice value; for any other type one placeholder answer
    (the decisions read only whether there is one: a suspect described, CCTV named, ...)."""
    answer_type = question.answer_type
    if answer_type == questions_pb2.ANSWER_TYPE_YES_NO:
        values = {"yes": questions_pb2.YES_NO_YES, "no": questions_pb2.YES_NO_NO}
        return [questions_pb2.Answer(question_id=question.id, yes_no=number) for number in values.values()]
    if answer_type == questions_pb2.ANSWER_TYPE_CHOICE:
        return [questions_pb2.Answer(question_id=question.id, choice=value) for value in question.values()]
    answer = questions_pb2.Answer(question_id=question.id)
    if answer_type == questions_pb2.ANSWER_TYPE_TEXT:
        answer.text = "given by the caller"
    elif answer_type == questions_pb2.ANSWER_TYPE_NUMBER:
        answer.number = question.minimum or 1
    elif answer_type == questions_pb2.ANSWER_TYPE_PERSON:
        answer.person.description = "described by the caller"
    elif answer_type == questions_pb2.ANSWER_TYPE_VEHICLE:
        answer.vehicle.description = "described by the caller"
    elif answer_type == questions_pb2.ANSWER_TYPE_LOCATION:
        answer.location.description = "given by the caller"
    else:
        answer.time.at.FromDatetime(now.astimezone(UTC))
    return [answer]


def _value_of(answer: questions_pb2.Answer) -> str:
    """A yes/no or choice answer's value; empty for a valued answer (a person, text, ...)."""
    return answer_value(answer) or ""


def risk_tool_what_if(
    contact: common_pb2.ContactDetails, question_set: QuestionSetRules | None
) -> WhatIf | None:
    """The domestic abuse risk tool owed: its questions not yet asked, and the contact with yes to
    all of them (the most the checklist could find). None when it is not owed."""
    if not contact.HasField("domestic_abuse"):
        return None
    tool = risk_tool()
    asked = {
        answer.question_id for answer in contact.domestic_abuse.risk_answers if answer.answer not in NOT_ASKED
    }
    owed = [question_id for question_id in tool.questions if question_id not in asked]
    if not owed:
        return None
    in_set = question_set.questions if question_set is not None else {}
    all_yes = for_decisions(contact)
    answers = {answer.question_id: answer for answer in all_yes.domestic_abuse.risk_answers}
    for question_id in owed:
        (
            answers.get(question_id) or all_yes.domestic_abuse.risk_answers.add(question_id=question_id)
        ).answer = common_pb2.RISK_ANSWER_VALUE_YES
    return WhatIf(
        kind=RISK_TOOL,
        question_id="",
        text=f"Complete the {tool.name} risk checklist with the victim",
        why=f"{len(owed)} of {len(tool.questions)} {tool.name} questions not asked",
        contacts={YES_TO_ALL: all_yes},
        question_ids=[
            f"{RISK_QUESTION_PREFIX}{question_id}"
            if f"{RISK_QUESTION_PREFIX}{question_id}" in in_set
            else question_id
            for question_id in owed
        ],
    )


def sets_indicator(question: GuidedQuestion, indicator: str) -> bool:
    """Whether an answer to the question captures the risk indicator (risk_indicators.NAME)."""
    path = f"risk_indicators.{indicator}"
    return any((path, True) in facts for facts in question.sets.values())


def cue_what_ifs(
    cues: Sequence[safeguarding_pb2.AccountCue],
    question_set: QuestionSetRules | None,
    answers: Sequence[questions_pb2.Answer],
    contact: common_pb2.ContactDetails,
    open_questions: list[WhatIf],
) -> list[WhatIf]:
    """The prompts the account raises. A cue an open question of the set captures marks that
    question as raised by the account; one already answered is settled; a cue no question asked
    now captures is a fact to confirm, returned as a new question with the contact that captures it."""
    by_id = {what_if.question_id: what_if for what_if in open_questions if what_if.question_id}
    given = {answer.question_id for answer in answers}
    new = []
    for cue in cues:
        why = f"the account says '{cue.words}': {cue.ask}"
        asking = [
            question
            for question in (question_set.questions.values() if question_set is not None else ())
            if sets_indicator(question, cue.indicator)
        ]
        if any(question.id in given for question in asking):
            continue
        still_open = [by_id[question.id] for question in asking if question.id in by_id]
        for what_if in still_open:
            what_if.kind, what_if.why = ACCOUNT_CUE, why
        if still_open:
            continue
        captured = for_decisions(contact)
        setattr(captured.risk_indicators, cue.indicator, True)
        new.append(WhatIf(ACCOUNT_CUE, "", cue.ask[:1].upper() + cue.ask[1:], why, {"yes": captured}))
    return new
