"""Edge checks of guided answers: the question set and version asked for, and the answers to it,
refused with INVALID_ARGUMENT naming the question id (`answers.taken_from_vehicle: ...`)."""

from __future__ import annotations

from collections.abc import Sequence

from contact101.rpc.refusals import InvalidField, NotFound
from contact101.rules.questions import QuestionCatalogue, QuestionSetRules, answer_problems, apply_answers
from contact101.rules.questions._question_sets import QUESTION_ID
from contact101.v1 import common_pb2, questions_pb2


def require_question_set(
    catalogue: QuestionCatalogue, set_id: str, version: str, field: str = "question_set"
) -> QuestionSetRules:
    """The set answered: its id and version must both be known (a version is always given, so
    answers are never read against a set other than the one the officer asked)."""
    if catalogue.find(set_id) is None:
        raise InvalidField(f"{field}_id", "must be the id of a question set (ListIncidentTypes)")
    if not version:
        raise InvalidField(f"{field}_version", "is required with a question set")
    found = catalogue.find(set_id, version)
    if found is None:
        raise InvalidField(f"{field}_version", f"is not a version of {set_id}")
    return found


def find_question_set(catalogue: QuestionCatalogue, set_id: str, version: str = "") -> QuestionSetRules:
    """The set to show (GetQuestionSet): NOT_FOUND when the id or version is unknown."""
    found = catalogue.find(set_id, version)
    if found is None:
        shown = set_id if QUESTION_ID.fullmatch(set_id) else "asked for"
        raise NotFound(f"no question set {shown}" + (" at that version" if version else ""))
    return found


def validate_answers(question_set: QuestionSetRules, answers: Sequence[questions_pb2.Answer]) -> None:
    """Refuse the first problem with the answers (answer_problems), naming the question id."""
    problems = answer_problems(question_set, answers)
    if not problems:
        return
    first = problems[0]
    if QUESTION_ID.fullmatch(first.question_id):
        raise InvalidField(f"answers.{first.question_id}", first.problem)
    raise InvalidField(f"answers[{first.index}].question_id", "must be the id of a question in the set")


def guided_contact(
    catalogue: QuestionCatalogue,
    set_id: str,
    version: str,
    answers: Sequence[questions_pb2.Answer],
    draft: common_pb2.ContactDetails,
) -> common_pb2.ContactDetails:
    """The contact with the answers checked and applied (apply_answers). The answers are those
    given with set_id, or else those the draft carries already (draft.guided, as a case view
    gives it); a draft with neither is returned as it is, without guided answers."""
    if not set_id and answers:
        raise InvalidField("question_set_id", "is required with answers")
    if not set_id and draft.HasField("guided"):
        set_id, version = draft.guided.question_set_id, draft.guided.question_set_version
        answers = list(draft.guided.answers.values())
        field = "contact.guided.question_set"
    else:
        field = "question_set"
    if not set_id:
        return draft
    question_set = require_question_set(catalogue, set_id, version, field)
    validate_answers(question_set, answers)
    unguided = common_pb2.ContactDetails()
    unguided.CopyFrom(draft)
    unguided.ClearField("guided")
    return apply_answers(question_set, answers, unguided)
