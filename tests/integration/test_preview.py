"""Preview (issue 16) through the real stack: a draft contact and its answers get the grade, the
crime decision, the referrals and the first-contact outcome the case would get, and the open
questions that matter with what each answer would change; nothing is created or written, and
bad answers are refused naming the question id."""

from __future__ import annotations

import uuid
from pathlib import Path

import grpc
import pytest
from temporalio.testing import WorkflowEnvironment

from contact101.v1 import common_pb2, preview_pb2, questions_pb2
from tests.cases import awaiting_verification
from tests.integration.test_guided_questions import (
    choice,
    current_version,
    guided_request,
    no,
    text,
    two_hours_ago,
    unguided,
    yes,
)
from tests.quiet_services import database_fingerprint
from tests.stack import Stack, running_stack

ACCOUNT_CUE = preview_pb2.OPEN_QUESTION_KIND_ACCOUNT_CUE
MANDATORY = preview_pb2.OPEN_QUESTION_KIND_MANDATORY_LINE_OF_ENQUIRY
RISK_TOOL = preview_pb2.OPEN_QUESTION_KIND_RISK_TOOL
CHANGES_DECISIONS = preview_pb2.OPEN_QUESTION_KIND_CHANGES_DECISIONS
EMERGENCY = common_pb2.RISK_GRADE_EMERGENCY


def someone_new(**overrides: object) -> common_pb2.ContactDetails:
    """unguided() for a caller and place of their own: no earlier contacts in the shared stack
    make them a repeat victim or location."""
    key = uuid.uuid4().hex[:8]
    caller = common_pb2.Person(
        name=f"Robin Preview-{key}", date_of_birth="1985-06-07", phone=f"07700 {int(key, 16) % 1_000_000:06d}"
    )
    return unguided(caller=caller, location=f"{key} Preview Lane, Leeds", location_postcode="", **overrides)


def preview_request(
    set_id: str, answers: list[questions_pb2.Answer], contact: common_pb2.ContactDetails | None = None
) -> preview_pb2.PreviewContactRequest:
    return preview_pb2.PreviewContactRequest(
        contact=contact or someone_new(),
        question_set_id=set_id,
        question_set_version=current_version(set_id),
        answers=answers,
    )


async def preview(
    stack: Stack, request: preview_pb2.PreviewContactRequest
) -> preview_pb2.PreviewContactResponse:
    return await stack.intake("pc.previews").PreviewContact(request)


def open_question(response: preview_pb2.PreviewContactResponse, question_id: str) -> preview_pb2.OpenQuestion:
    found = [question for question in response.open_questions if question.question_id == question_id]
    assert len(found) == 1, response.open_questions
    return found[0]


def effect_of(question: preview_pb2.OpenQuestion, answer: str) -> list[str]:
    return next(list(effect.changes) for effect in question.effects if effect.answer == answer)


async def workflows_on(stack: Stack) -> int:
    counted = await stack.temporal.count_workflows(f'TaskQueue = "{stack.settings.task_queue}"')
    return counted.count


async def test_a_preview_creates_nothing_and_writes_nowhere_yet_reads_the_history(stack: Stack) -> None:
    victim = someone_new()
    earlier = guided_request("theft", [choice("what_kind", "cycle"), two_hours_ago()], victim)
    created = await stack.intake("pc.previews").CreateContact(earlier)
    await awaiting_verification(stack, created.reference)
    rows, workflows = database_fingerprint(stack.settings.data_dir), await workflows_on(stack)

    shown = await preview(
        stack, preview_request("theft", [choice("what_kind", "cycle"), two_hours_ago()], victim)
    )

    assert shown.decisions.crime.offence_code == "44"
    assert shown.decisions.crime.offence_name == "Theft or unauthorised taking of a pedal cycle"
    assert shown.decisions.crime.recorded and not shown.decisions.crime.crime_number
    assert shown.decisions.risk.factors and shown.decisions.risk.explanation
    assert shown.decisions.referral.status == "REFERRED"
    assert shown.decisions.referral.consent_rule == "OPT_OUT"
    assert shown.decisions.risk.repeats.victim_contacts == 2, "the earlier contact, read from the history"
    assert shown.contact.guided.question_set_id == "theft"
    assert [gap.question_id for gap in shown.contact.guided.unanswered_mandatory] == [
        "suspect_description",
        "cctv",
        "witness",
        "property_serial",
    ]
    assert database_fingerprint(stack.settings.data_dir) == rows, "no row written in any service's database"
    assert await workflows_on(stack) == workflows, "no case workflow started"


async def test_the_grade_follows_the_answers(stack: Stack) -> None:
    answers = [choice("what_kind", "from_person"), two_hours_ago(), no("force_used")]
    not_there = await preview(stack, preview_request("theft", [*answers, no("offender_still_there")]))
    still_there = await preview(stack, preview_request("theft", [*answers, yes("offender_still_there")]))
    assert not_there.decisions.risk.grade != EMERGENCY
    assert still_there.decisions.risk.grade == EMERGENCY
    assert "suspect still on scene" in still_there.decisions.risk.explanation
    assert not_there.decisions.crime.offence_code == still_there.decisions.crime.offence_code == "39"


async def test_right_now_in_the_account_asks_whether_the_offender_is_still_there(stack: Stack) -> None:
    contact = someone_new(what_happened="I'm calling right now because my bike was stolen last Tuesday")
    shown = await preview(stack, preview_request("theft", [choice("what_kind", "cycle")], contact))
    assert shown.decisions.risk.grade != EMERGENCY, "a cue never grades on its own"
    first = shown.open_questions[0]
    assert (first.kind, first.question_id) == (ACCOUNT_CUE, "offender_still_there")
    assert "right now" in first.why
    grade_change = effect_of(first, "yes")[0]
    assert grade_change.startswith("would grade emergency instead of "), grade_change


async def test_a_cue_no_question_asked_now_captures_is_a_fact_to_confirm(stack: Stack) -> None:
    contact = someone_new(what_happened="He took my phone and I think he had a knife")
    shown = await preview(stack, preview_request("theft", [choice("what_kind", "from_person")], contact))
    cue = next(question for question in shown.open_questions if question.kind == ACCOUNT_CUE)
    assert cue.question_id == "" and "'knife'" in cue.why and "weapon" in cue.text
    assert any(change.startswith("would grade ") for change in effect_of(cue, "yes")), cue


async def test_mandatory_lines_of_enquiry_and_answers_that_would_change_the_classification(
    stack: Stack,
) -> None:
    answers = [choice("building", "outbuilding"), two_hours_ago(), no("offender_still_there")]
    shown = await preview(
        stack, preview_request("burglary", answers, someone_new(what_happened="They had the mower"))
    )
    assert shown.decisions.crime.offence_code == "28E"
    assert not shown.decisions.crime.investigation.allocated
    cctv = open_question(shown, "cctv")
    assert cctv.kind == MANDATORY
    (allocate,) = effect_of(cctv, "an answer")
    assert allocate.startswith("would allocate the crime to ") and allocate.endswith(" instead of filing it")
    attempt = open_question(shown, "got_in")
    assert attempt.kind == CHANGES_DECISIONS
    assert effect_of(attempt, "tried") == [
        "would record 28F attempted burglary - residential instead of 28E burglary - residential"
    ]
    kinds = [question.kind for question in shown.open_questions]
    assert kinds == sorted(kinds), "the most urgent first"

    answered = await preview(
        stack, preview_request("burglary", [*answers, text("cctv", "doorbell at number 4")])
    )
    assert answered.decisions.crime.investigation.allocated
    assert "cctv" not in [question.question_id for question in answered.open_questions]


async def test_a_domestic_abuse_risk_tool_owed_shows_what_it_could_find(stack: Stack) -> None:
    contact = someone_new(what_happened="My partner pushed me again tonight")
    shown = await preview(stack, preview_request("domestic_abuse", [], contact))
    (tool,) = [question for question in shown.open_questions if question.kind == RISK_TOOL]
    assert len(tool.question_ids) == shown.decisions.risk.dash.questions
    assert all(question_id.startswith("risk_") for question_id in tool.question_ids)
    changes = effect_of(tool, "yes to all")
    assert any("MARAC" in change for change in changes), changes
    assert any(change.endswith("level high instead of standard") for change in changes), changes


@pytest.mark.parametrize(
    ("answers", "version", "field"),
    [
        ([yes("not_a_question")], "", "answers.not_a_question"),
        ([text("what_kind", "from_person")], "", "answers.what_kind"),
        ([choice("what_kind", "cycle"), yes("force_used")], "", "answers.force_used"),
        ([choice("what_kind", "cycle")], "theft-1999.1", "question_set_version"),
    ],
)
async def test_bad_answers_are_refused_naming_the_question_and_nothing_is_written(
    stack: Stack, answers: list[questions_pb2.Answer], version: str, field: str
) -> None:
    request = preview_request("theft", answers)
    request.question_set_version = version or request.question_set_version
    rows = database_fingerprint(stack.settings.data_dir)
    with pytest.raises(grpc.aio.AioRpcError) as refused:
        await preview(stack, request)
    assert refused.value.code() == grpc.StatusCode.INVALID_ARGUMENT
    assert (refused.value.details() or "").startswith(f"{field}: "), refused.value.details()
    assert database_fingerprint(stack.settings.data_dir) == rows


async def test_only_those_who_record_contacts_may_preview(stack: Stack) -> None:
    with pytest.raises(grpc.aio.AioRpcError) as refused:
        await stack.intake("sgt.previews", "supervisor").PreviewContact(
            preview_request("theft", [choice("what_kind", "cycle")])
        )
    assert refused.value.code() == grpc.StatusCode.PERMISSION_DENIED


async def test_a_contact_resolved_at_first_contact_gets_no_crime_decision_as_its_case_would_not(
    stack: Stack,
) -> None:
    contact = someone_new(what_happened="Can I get a licence to sell food from a van?")
    shown = await preview(
        stack, preview_request("information_request", [choice("topic", "licensing")], contact)
    )
    resolution = shown.decisions.risk.first_contact
    assert resolution.resolved and resolution.outcome == common_pb2.FIRST_CONTACT_OUTCOME_REDIRECT_COUNCIL
    assert shown.decisions.risk.grade == common_pb2.RISK_GRADE_RESOLVED_WITHOUT_DEPLOYMENT
    assert not shown.decisions.HasField("crime") and not shown.decisions.HasField("referral")


async def test_a_service_that_cannot_answer_makes_the_preview_unavailable_to_retry(
    temporal_env: WorkflowEnvironment, tmp_path: Path
) -> None:
    async with running_stack(temporal_env.client, tmp_path) as own:
        await own.servers["safeguarding"].stop(0)
        with pytest.raises(grpc.aio.AioRpcError) as refused:
            await own.intake("pc.previews").PreviewContact(
                preview_request("theft", [choice("what_kind", "cycle")])
            )
    assert refused.value.code() == grpc.StatusCode.UNAVAILABLE
    assert "the safeguarding service cannot preview the contact now" in (refused.value.details() or "")
