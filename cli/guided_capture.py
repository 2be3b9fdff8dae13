"""`contact101 report --guided` and `--answer ID=VALUE`: the incident type confirmed by the
officer (suggested from the caller's words), its question set asked in the terminal or answered
on the command line, and the answers put on the CreateContact request.

The prompt library (questionary) is imported only when a guided report asks its questions, so
every other command starts without it."""

from __future__ import annotations

import sys
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Annotated, Any, Protocol, TypeVar

import grpc
import typer
from rich.console import Console
from rich.markup import escape

from contact101.v1 import intake_pb2, intake_pb2_grpc, questions_pb2

if TYPE_CHECKING:
    from collections.abc import Awaitable

T = TypeVar("T")
ANSWER_OPTION = "--answer"
SKIP = "Skip (not asked)"
YES_NO_LABELS = {"Yes": "yes", "No": "no", "Unknown (asked; the caller does not know)": "unknown"}
ANOTHER_TYPE = "Another incident type..."


class Caller(Protocol):
    def call(
        self, service: str, rpc: Callable[[grpc.aio.Channel], Awaitable[T]], retry_hint: str = ""
    ) -> T: ...


def question_set_for(
    caller: Caller, incident_type_id: str, typed_as: str = "--incident-type"
) -> questions_pb2.QuestionSet:
    """The current question set of an incident type; an unknown one (typed_as, the option or
    argument that gave it) is refused with the known ones named."""
    listed = caller.call(
        "intake",
        lambda ch: intake_pb2_grpc.IntakeServiceStub(ch).ListIncidentTypes(
            questions_pb2.ListIncidentTypesRequest()
        ),
    )
    found = next((kind for kind in listed.incident_types if kind.id == incident_type_id), None)
    if found is None:
        known = ", ".join(kind.id for kind in listed.incident_types)
        raise typer.BadParameter(
            f"{incident_type_id!r} is not an incident type; known: {known}", param_hint=typed_as
        )
    return caller.call(
        "intake",
        lambda ch: intake_pb2_grpc.IntakeServiceStub(ch).GetQuestionSet(
            questions_pb2.GetQuestionSetRequest(
                question_set_id=found.question_set_id, version=found.question_set_version
            )
        ),
    )


def scripted_answers(
    question_set: questions_pb2.QuestionSet, options: Sequence[str]
) -> list[questions_pb2.Answer]:
    """The answers of the --answer options, each read by its question's answer type."""
    from contact101.rules.questions import AnswerValueError, parse_answer, split_answer_option

    questions = {question.id: question for question in question_set.questions}
    answers: list[questions_pb2.Answer] = []
    for option in options:
        try:
            question_id, value = split_answer_option(option)
            question = questions.get(question_id)
            if question is None:
                raise AnswerValueError(
                    f"{question_id} is not a question of {question_set.id} ({question_set.version}); "
                    f"its questions: {', '.join(questions)}"
                )
            answers.append(parse_answer(question, value))
        except AnswerValueError as problem:
            raise typer.BadParameter(str(problem), param_hint=ANSWER_OPTION) from None
    return answers


def add_answers(
    caller: Caller,
    request: intake_pb2.CreateContactRequest,
    *,
    guided: bool,
    incident_type: str | None,
    answer_options: Sequence[str],
    console: Console,
) -> None:
    """Put the question set and its answers on request: asked in the terminal when guided (the
    --answer options given stand, the rest are asked), else read from the options."""
    if not (guided or incident_type or answer_options):
        return
    if guided and not (sys.stdin.isatty() and sys.stdout.isatty()):
        raise typer.BadParameter(
            "asks its questions in a terminal; without one, use --incident-type and --answer ID=VALUE",
            param_hint="--guided",
        )
    if not guided and not incident_type:
        raise typer.BadParameter(
            "give the incident type the answers are to (or --guided)", param_hint="--incident-type"
        )
    if guided and incident_type is None:
        incident_type = confirm_incident_type(caller, request.contact.what_happened, console)
    assert incident_type is not None
    question_set = question_set_for(caller, incident_type)
    answers = scripted_answers(question_set, answer_options)
    if guided:
        answers = ask_questions(question_set, answers, console)
    request.question_set_id = question_set.id
    request.question_set_version = question_set.version
    request.answers.extend(answers)


def confirm_incident_type(caller: Caller, words: str, console: Console) -> str:
    """The incident type the officer confirms, the ones the caller's words suggest first."""
    import questionary

    suggested = caller.call(
        "intake",
        lambda ch: intake_pb2_grpc.IntakeServiceStub(ch).SuggestIncidentTypes(
            questions_pb2.SuggestIncidentTypesRequest(words=words)
        ),
    )
    choices = [
        questionary.Choice(
            f"{item.incident_type.title} (the caller said: {', '.join(item.matched_words)})",
            value=item.incident_type.id,
        )
        for item in suggested.suggestions
    ]
    if not choices:
        console.print("No incident type matches the caller's words: choose one.")
    else:
        choices.append(questionary.Choice(ANOTHER_TYPE, value=""))
        chosen = _answered(questionary.select("Which incident type is it?", choices=choices).ask())
        if chosen:
            return str(chosen)
    listed = caller.call(
        "intake",
        lambda ch: intake_pb2_grpc.IntakeServiceStub(ch).ListIncidentTypes(
            questions_pb2.ListIncidentTypesRequest()
        ),
    )
    every = [
        questionary.Choice(f"{kind.title} - {kind.description}", value=kind.id)
        for kind in listed.incident_types
    ]
    return str(_answered(questionary.select("Which incident type is it?", choices=every).ask()))


def ask_questions(
    question_set: questions_pb2.QuestionSet, given: Sequence[questions_pb2.Answer], console: Console
) -> list[questions_pb2.Answer]:
    """The set's questions asked in order, each only when its conditions hold on the answers so
    far; a question answered on the command line is not asked again; any may be skipped."""
    from contact101.rules.questions import GuidedQuestion, is_asked

    answers = {answer.question_id: answer for answer in given}
    console.print(f"[bold]{question_set.title}[/bold] ({question_set.version}): Enter picks, Ctrl-C stops.")
    for question in question_set.questions:
        if question.id in answers or not is_asked(GuidedQuestion(question, {}), answers):
            continue
        if question.help:
            console.print(f"[dim]{question.help}[/dim]", highlight=False)
        if question.mandatory_line_of_enquiry:
            console.print("[dim]A line of enquiry the minimum standards require: ask it.[/dim]")
        answer = _ask(question)
        if answer is not None:
            answers[question.id] = answer
    return list(answers.values())


def _ask(question: questions_pb2.Question) -> questions_pb2.Answer | None:
    """One question at the prompt: a pick for yes/no and choices, else typed text (blank skips)."""
    import questionary

    from contact101.rules.questions import AnswerValueError, parse_answer, syntax_of

    if question.answer_type in (questions_pb2.ANSWER_TYPE_YES_NO, questions_pb2.ANSWER_TYPE_CHOICE):
        if question.answer_type == questions_pb2.ANSWER_TYPE_YES_NO:
            options = [questionary.Choice(label, value=value) for label, value in YES_NO_LABELS.items()]
        else:
            options = [questionary.Choice(choice.label, value=choice.id) for choice in question.choices]
        options.append(questionary.Choice(SKIP, value=""))
        picked = _answered(questionary.select(question.text, choices=options).ask())
        return parse_answer(question, str(picked)) if picked else None

    def readable(text: str) -> bool | str:
        if not text.strip():
            return True
        try:
            parse_answer(question, text)
        except AnswerValueError as problem:
            return str(problem)
        return True

    typed = _answered(
        questionary.text(
            question.text, instruction=f"({syntax_of(question)}; blank skips)", validate=readable
        ).ask()
    )
    return parse_answer(question, str(typed)) if str(typed).strip() else None


def _answered(value: Any) -> Any:
    """The prompt's answer; questionary gives None when the officer stops with Ctrl-C."""
    if value is None:
        raise typer.Abort()
    return value


def list_questions(
    context: typer.Context,
    incident_type: Annotated[str, typer.Argument(help="e.g. theft (no argument: the incident types)")] = "",
) -> None:
    """The incident types, or one type's questions: the ids --answer takes, what each answer is
    typed as, when each is asked, and the mandatory lines of enquiry."""
    from contact101.rules.questions import syntax_of

    console = Console(width=None if sys.stdout.isatty() else 200)
    caller: Caller = context.obj
    if not incident_type:
        listed = caller.call(
            "intake",
            lambda ch: intake_pb2_grpc.IntakeServiceStub(ch).ListIncidentTypes(
                questions_pb2.ListIncidentTypesRequest()
            ),
        )
        for kind in listed.incident_types:
            console.print(
                f"{kind.id}: {escape(kind.title)} ({kind.question_set_version}) - {escape(kind.description)}"
            )
        return
    question_set = question_set_for(caller, incident_type, typed_as="INCIDENT_TYPE")
    console.print(f"{question_set.id} ({question_set.version}): {escape(question_set.title)}")
    for question in question_set.questions:
        marks = " (mandatory line of enquiry)" if question.mandatory_line_of_enquiry else ""
        console.print(f"{question.id}{marks}: {escape(question.text)}", highlight=False)
        console.print(f"  answer: {escape(syntax_of(question))}", highlight=False)
        for condition in question.conditions:
            console.print(
                f"  asked when {condition.question_id} is {' or '.join(condition.any_of)}", highlight=False
            )
