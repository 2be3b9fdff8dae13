"""Guided capture over gRPC (issue 16): the incident types and their question sets, suggestions
from a caller's words, a contact created with its answers (the classification follows from the
answers; mandatory lines of enquiry left unasked are shown to the supervisor), and answers
refused with INVALID_ARGUMENT naming the question id, with nothing written."""

from __future__ import annotations

import io
import uuid
from datetime import UTC, datetime, timedelta

import grpc
import pytest
from rich.console import Console

from cli import render
from contact101.data.database import make_session_factory
from contact101.data.service_database import service_engine
from contact101.rules.questions import question_catalogue
from contact101.v1 import common_pb2, intake_pb2, questions_pb2, review_pb2
from services.intake.answer_records import stored_answers
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
    """The caller, their words, where and when, with no facts: the answers give those."""
    return phone_theft(suspects=[], lines_of_enquiry=[], offence_facts=[], **overrides)


def current_version(set_id: str) -> str:
    found = question_catalogue().find(set_id)
    assert found is not None, set_id
    return found.version


def guided_request(
    set_id: str, answers: list[questions_pb2.Answer], contact: common_pb2.ContactDetails | None = None
) -> intake_pb2.CreateContactRequest:
    return intake_pb2.CreateContactRequest(
        request_id=str(uuid.uuid4()),
        contact=contact or unguided(),
        question_set_id=set_id,
        question_set_version=current_version(set_id),
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


def stored(stack: Stack, reference: str, version: int) -> dict[str, tuple[str, str, str]]:
    """The intake rows of a contact version's answers: question id → (status, set version, answer)."""
    engine = service_engine(stack.settings, "intake")
    try:
        rows = stored_answers(make_session_factory(engine), reference, version)
    finally:
        engine.dispose()
    return {row.question_id: (row.status, row.question_set_version, row.answer_json) for row in rows}


async def test_the_gap_is_shown_to_the_supervisor_and_an_amended_answer_is_a_readable_diff(
    stack: Stack,
) -> None:
    officer, supervisor = stack.intake("pc.amends"), stack.review("sgt.verifies")
    first = [choice("building", "dwelling"), choice("got_in", "got_in"), no("by_a_trick"), no("forensic")]
    created = await officer.CreateContact(
        guided_request("burglary", first, unguided(what_happened="Burgled"))
    )
    case = await awaiting_verification(stack, created.reference)
    assert [gap.question_id for gap in case.contact.guided.unanswered_mandatory] == [
        "suspect_description",
        "cctv",
        "property_serial",
    ]
    shown = Console(record=True, width=200, file=io.StringIO())
    render.show_case(shown, case)
    assert "not asked (mandatory line of enquiry) cctv: Is there any CCTV" in shown.export_text()
    rows = stored(stack, created.reference, 1)
    assert rows["forensic"][:2] == ("answered", "burglary-2026.1")
    assert rows["cctv"] == ("unanswered_mandatory", "burglary-2026.1", "")

    await supervisor.ReturnForRework(
        review_pb2.ReturnForReworkRequest(reference=case.reference, reasons=["ask about CCTV and marks"])
    )
    amended = [*first[:3], yes("forensic"), text("cctv", "doorbell camera at number 4")]
    await officer.AmendContact(
        intake_pb2.AmendContactRequest(
            reference=case.reference,
            contact=case.contact,
            note="asked the questions left",
            question_set_id="burglary",
            question_set_version=case.contact.guided.question_set_version,
            answers=amended,
        )
    )
    resubmitted = await awaiting_verification(stack, case.reference, submission=2)
    changes = {change.field: (change.before, change.after) for change in resubmitted.changes_since_review}
    assert changes["contact.guided.answers.forensic.yes_no"] == ("YES_NO_NO", "YES_NO_YES")
    assert changes["contact.guided.answers.cctv.text"] == ("", "doorbell camera at number 4")
    assert [gap.question_id for gap in resubmitted.contact.guided.unanswered_mandatory] == [
        "suspect_description",
        "property_serial",
    ]
    assert stored(stack, case.reference, 2)["forensic"][0] == "answered"
    kinds = [line.kind for line in resubmitted.contact.lines_of_enquiry]
    assert kinds.count(common_pb2.LINE_OF_ENQUIRY_KIND_FORENSIC) == 1, "the answers were applied once"


async def test_an_amendment_without_new_answers_keeps_the_answers_the_contact_carries(stack: Stack) -> None:
    officer = stack.intake("pc.keeps")
    created = await officer.CreateContact(guided_request("theft", [choice("what_kind", "cycle")]))
    case = await awaiting_verification(stack, created.reference)
    await stack.review("sgt.keeps").ReturnForRework(
        review_pb2.ReturnForReworkRequest(reference=case.reference, reasons=["add the colour"])
    )
    contact = common_pb2.ContactDetails()
    contact.CopyFrom(case.contact)
    contact.what_happened += "; it is a red Raleigh"
    await officer.AmendContact(intake_pb2.AmendContactRequest(reference=case.reference, contact=contact))
    resubmitted = await awaiting_verification(stack, case.reference, submission=2)
    assert resubmitted.contact.guided.answers["what_kind"].choice == "cycle"
    assert resubmitted.crime.offence_code == "44"


async def test_an_operator_sees_no_one_named_in_the_answers(stack: Stack) -> None:
    witness = questions_pb2.Answer(
        question_id="witness",
        person=questions_pb2.PersonAnswer(
            name="Wendy Witness", phone="07700 900777", description="in the queue"
        ),
    )
    created = await stack.intake("pc.names").CreateContact(
        guided_request("theft", [choice("what_kind", "shop"), witness])
    )
    await awaiting_verification(stack, created.reference)
    request = intake_pb2.GetCaseRequest(reference=created.reference)
    officer_view = await stack.intake("pc.names").GetCase(request)
    operator_view = await stack.intake("ops.watch", "operator").GetCase(request)
    assert officer_view.contact.guided.answers["witness"].person.name == "Wendy Witness"
    assert operator_view.contact.guided.answers["witness"].person == questions_pb2.PersonAnswer(
        description="in the queue"
    )
    shown = operator_view.SerializeToString()
    assert b"Wendy" not in shown and b"900777" not in shown


@pytest.mark.parametrize(
    ("answers", "field", "words"),
    [
        ([yes("not_a_question")], "answers.not_a_question", "is not a question of theft"),
        ([text("what_kind", "from_person")], "answers.what_kind", "must be a choice answer"),
        ([choice("what_kind", "bicycle")], "answers.what_kind", "must be one of"),
        (
            [choice("what_kind", "cycle"), yes("force_used")],
            "answers.force_used",
            "contradicts answers.what_kind",
        ),
        ([two_hours_ago(), no("force_used")], "answers.force_used", "contradicts answers.what_kind"),
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


async def test_answers_the_set_says_contradict_each_other_are_refused(stack: Stack) -> None:
    request = guided_request("lost_found_property", [choice("lost_or_found", "lost"), yes("stolen_not_lost")])
    with pytest.raises(grpc.aio.AioRpcError) as refused:
        await stack.intake("pc.questions").CreateContact(request)
    assert refused.value.code() == grpc.StatusCode.INVALID_ARGUMENT
    details = refused.value.details() or ""
    assert details.startswith("answers.stolen_not_lost: contradicts answers.lost_or_found: "), details


async def test_an_unknown_question_set_version_is_refused(stack: Stack) -> None:
    request = guided_request("theft", [choice("what_kind", "cycle")])
    request.question_set_version = "theft-1999.1"
    with pytest.raises(grpc.aio.AioRpcError) as refused:
        await stack.intake("pc.questions").CreateContact(request)
    assert refused.value.code() == grpc.StatusCode.INVALID_ARGUMENT
    assert (refused.value.details() or "").startswith("question_set_version: ")
