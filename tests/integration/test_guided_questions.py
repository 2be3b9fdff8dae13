"""Guided capture over gRPC (issue 16): the incident types and their question sets, suggestions
from a caller's words, a contact created with its answers (the classification follows from the
answers; mandatory lines of enquiry left unasked are shown to the supervisor), and answers
refused with INVALID_ARGUMENT naming the question id, with nothing written."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta

import grpc
import pytest

from contact101.v1 import common_pb2, intake_pb2, questions_pb2
from tests.cases import awaiting_verification
from tests.stack import Stack, count_rows, phone_theft


def yes(question_id: str) -> questions_pb2.Answer:
    return questions_pb2.Answer(question_id=question_id, yes_no=questions_pb2.YES_NO_YES)


def no(question_id: str) -> questions_pb2.Answer:
    return questions_pb2.Answer(question_id=question_id, yes_no=questions_pb2.YES_NO_NO)


def choice(question_id: str, value: str) -> questions_pb2.Answer:
    return questions_pb2.Answer(question_id=question_id, choice=value)


def text(question_id: str, value: str) -> questions_pb2.Answer:
    return questions_pb2.Answer(question_id=question_id, text=value)


def two_hours_ago(question_id: str = "when") -> questions_pb2.Answer:
    answer = questions_pb2.Answer(question_id=question_id)
    answer.time.at.FromDatetime(datetime.now(UTC) - timedelta(hours=2))
    return answer


def unguided(**overrides: object) -> common_pb2.ContactDetails:
    """The caller and their words, with no facts: the answers give those."""
    contact = phone_theft(suspects=[], lines_of_enquiry=[], offence_facts=[], **overrides)
    contact.ClearField("occurred_at")
    return contact


def guided_request(
    set_id: str, answers: list[questions_pb2.Answer], contact: common_pb2.ContactDetails | None = None
) -> intake_pb2.CreateContactRequest:
    return intake_pb2.CreateContactRequest(
        request_id=str(uuid.uuid4()),
        contact=contact or unguided(),
        question_set_id=set_id,
        question_set_version=f"{set_id}-2026.1",
        answers=answers,
    )


async def test_incident_types_list_each_with_a_question_set_to_fetch(stack: Stack) -> None:
    officer = stack.intake("pc.questions")
    listed = await officer.ListIncidentTypes(questions_pb2.ListIncidentTypesRequest())
    types = {incident.id: incident for incident in listed.incident_types}
    assert {"theft", "burglary"} <= types.keys()
    theft = await officer.GetQuestionSet(questions_pb2.GetQuestionSetRequest(question_set_id="theft"))
    assert theft.version == types["theft"].question_set_version
    same = await officer.GetQuestionSet(
        questions_pb2.GetQuestionSetRequest(question_set_id="theft", version=theft.version)
    )
    assert same == theft
    assert any(question.mandatory_line_of_enquiry for question in theft.questions)
    with pytest.raises(grpc.aio.AioRpcError) as refused:
        await officer.GetQuestionSet(
            questions_pb2.GetQuestionSetRequest(question_set_id="theft", version="theft-1999.1")
        )
    assert refused.value.code() == grpc.StatusCode.NOT_FOUND


async def test_suggestions_rank_the_types_the_words_fit_with_the_words_that_matched(stack: Stack) -> None:
    suggested = await stack.intake("pc.questions").SuggestIncidentTypes(
        questions_pb2.SuggestIncidentTypesRequest(words="Someone broke into my shed and took the mower")
    )
    assert suggested.suggestions[0].incident_type.id == "burglary"
    assert "broke into" in suggested.suggestions[0].matched_words


async def test_a_contact_created_with_answers_is_classified_from_them(stack: Stack) -> None:
    answers = [
        choice("building", "outbuilding"),
        choice("got_in", "got_in"),
        two_hours_ago(),
        no("offender_still_there"),
        yes("forensic"),
    ]
    contact = unguided(what_happened="They had the lawnmower")
    created = await stack.intake("pc.questions").CreateContact(guided_request("burglary", answers, contact))
    case = await awaiting_verification(stack, created.reference)
    assert case.crime.offence_code == "28E", case.crime
    assert case.contact.guided.question_set_version == "burglary-2026.1"
    assert case.contact.guided.answers["building"].choice == "outbuilding"
    gaps = [gap.question_id for gap in case.contact.guided.unanswered_mandatory]
    assert gaps == ["suspect_description", "cctv", "property_serial"]


@pytest.mark.parametrize(
    ("answers", "field", "words"),
    [
        ([yes("not_a_question")], "answers.not_a_question", "is not a question of theft"),
        ([text("what_kind", "from_person")], "answers.what_kind", "must be a choice answer"),
        ([choice("what_kind", "bicycle")], "answers.what_kind", "must be one of"),
        (
            [choice("what_kind", "shop"), yes("bank_cards_taken")],
            "answers.bank_cards_taken",
            "contradicts answers.what_kind",
        ),
    ],
)
async def test_bad_answers_are_refused_naming_the_question_and_nothing_is_written(
    stack: Stack, answers: list[questions_pb2.Answer], field: str, words: str
) -> None:
    before = count_rows(stack.settings, "intake", "contacts")
    with pytest.raises(grpc.aio.AioRpcError) as refused:
        await stack.intake("pc.questions").CreateContact(guided_request("theft", answers))
    assert refused.value.code() == grpc.StatusCode.INVALID_ARGUMENT
    details = refused.value.details() or ""
    assert details.startswith(f"{field}: ") and words in details, details
    assert count_rows(stack.settings, "intake", "contacts") == before


async def test_an_unknown_question_set_version_is_refused(stack: Stack) -> None:
    request = guided_request("theft", [choice("what_kind", "cycle")])
    request.question_set_version = "theft-1999.1"
    with pytest.raises(grpc.aio.AioRpcError) as refused:
        await stack.intake("pc.questions").CreateContact(request)
    assert refused.value.code() == grpc.StatusCode.INVALID_ARGUMENT
    assert (refused.value.details() or "").startswith("question_set_version: ")
