"""The incident type the officer confirms and its question set asked on the new-contact screen:
the controls in asking order (only the questions whose conditions the answers so far meet),
what was typed into them read as Answers, and what is wrong with a typed answer."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from contact101.rules.questions import (
    AnswerValueError,
    answer_in_words,
    answer_value,
    conditions_hold,
    parse_answer,
    syntax_of,
)
from contact101.v1 import intake_pb2_grpc, questions_pb2
from desk.question_sets import QuestionSets
from desk.services_client import CALL_TIMEOUT_SECONDS

INCIDENT_TYPE_CONTROL = "incident_type"
SUGGESTIONS_SHOWN = 5
YES_NO_CHOICES = (("yes", "Yes"), ("no", "No"), ("unknown", "Not known (asked; the caller does not know)"))
# What a typed answer looks like, for the answer types read from a line of text.
TYPED_HINTS = {
    questions_pb2.ANSWER_TYPE_NUMBER: "A number",
    questions_pb2.ANSWER_TYPE_TIME: "A time such as 2026-11-23T14:30, or 'not known'",
    questions_pb2.ANSWER_TYPE_PERSON: "What the caller says of them; or name=...; description=...; phone=...",
    questions_pb2.ANSWER_TYPE_VEHICLE: "What the caller says of it; or registration=...; make=...",
    questions_pb2.ANSWER_TYPE_LOCATION: "The place; or description=...; postcode=...",
}


@dataclass
class AskedQuestion:
    """One question as a control of the page."""

    question: questions_pb2.Question
    control: str
    value: str
    error: str
    hint: str
    choices: tuple[tuple[str, str], ...]  # (value, words) for a list to choose from; empty: a text box
    answer: questions_pb2.Answer | None  # None: not answered, or not readable (error says why)


@dataclass
class GuidedDraft:
    """The confirmed incident type, its question set and what the officer answered so far."""

    incident_types: list[questions_pb2.IncidentType]
    suggestions: list[questions_pb2.IncidentTypeSuggestion]
    incident_type: questions_pb2.IncidentType | None = None
    question_set: questions_pb2.QuestionSet | None = None
    asked: list[AskedQuestion] = field(default_factory=list)
    answers: list[questions_pb2.Answer] = field(default_factory=list)

    @property
    def errors(self) -> dict[str, str]:
        return {asked.control: asked.error for asked in self.asked if asked.error}

    @property
    def answer_controls(self) -> dict[str, str]:
        """The control of each question asked, by the request field a refusal names (answers.ID)."""
        return {f"answers.{asked.question.id}": asked.control for asked in self.asked}

    @property
    def not_suggested(self) -> list[questions_pb2.IncidentType]:
        suggested = {suggestion.incident_type.id for suggestion in self.suggestions}
        return [kind for kind in self.incident_types if kind.id not in suggested]

    @property
    def chosen(self) -> str:
        return self.incident_type.id if self.incident_type else ""


def control_of(question_id: str) -> str:
    return f"q-{question_id}"


def choices_of(question: questions_pb2.Question) -> tuple[tuple[str, str], ...]:
    if question.answer_type == questions_pb2.ANSWER_TYPE_YES_NO:
        return YES_NO_CHOICES
    if question.answer_type == questions_pb2.ANSWER_TYPE_CHOICE:
        return tuple((choice.id, choice.label) for choice in question.choices)
    return ()


def ask(question_set: questions_pb2.QuestionSet, typed: Mapping[str, str]) -> list[AskedQuestion]:
    """The questions to ask, in order, each with what was typed and what is wrong with it: a
    question is asked when the answers to the questions before it meet its conditions."""
    asked: list[AskedQuestion] = []
    answers: dict[str, questions_pb2.Answer] = {}
    for question in question_set.questions:
        if not conditions_hold(question, answers):
            continue
        control = control_of(question.id)
        value = typed.get(control, "").strip()
        error = ""
        if value:
            try:
                answers[question.id] = parse_answer(question, value)
            except AnswerValueError:
                error = f"Answer with {syntax_of(question)}"
        hint = " ".join(filter(None, [question.help, TYPED_HINTS.get(question.answer_type, "")]))
        asked.append(
            AskedQuestion(
                question, control, value, error, hint, choices_of(question), answers.get(question.id)
            )
        )
    return asked


async def guided_draft(
    intake: intake_pb2_grpc.IntakeServiceAsyncStub,
    question_sets: QuestionSets,
    typed: Mapping[str, str],
    words: str,
) -> GuidedDraft:
    """The incident types suggested by the caller's words (none asked for when words is empty),
    the one confirmed (typed), and its question set asked with the answers typed so far."""
    suggestions: list[questions_pb2.IncidentTypeSuggestion] = []
    if words.strip():
        suggested = await intake.SuggestIncidentTypes(
            questions_pb2.SuggestIncidentTypesRequest(words=words, limit=SUGGESTIONS_SHOWN),
            timeout=CALL_TIMEOUT_SECONDS,
        )
        suggestions = list(suggested.suggestions)
    draft = GuidedDraft(await question_sets.incident_types(), suggestions)
    chosen = typed.get(INCIDENT_TYPE_CONTROL, "")
    draft.incident_type = next((kind for kind in draft.incident_types if kind.id == chosen), None)
    if draft.incident_type is None:
        return draft
    draft.question_set = await question_sets.question_set(
        draft.incident_type.question_set_id, draft.incident_type.question_set_version
    )
    draft.asked = ask(draft.question_set, typed)
    draft.answers = [asked.answer for asked in draft.asked if asked.answer is not None]
    return draft


def answers_in_words(
    question_set: questions_pb2.QuestionSet, guided: questions_pb2.GuidedCapture
) -> list[tuple[str, str]]:
    """A case's answers as its supervisor reads them: each question, in asking order, with its
    answer in words (a choice's label, yes, no or not known)."""
    rows = []
    for question in question_set.questions:
        if question.id not in guided.answers:
            continue
        answer = guided.answers[question.id]
        words = dict(choices_of(question)).get(answer_value(answer) or "") or answer_in_words(answer)
        rows.append((question.text, words))
    return rows
