"""A case is never too old to update: new information, a crime's cancellation, transfer or outcome
on a case whose workflow has ended reopen it under the same reference, carrying the case as it stood;
the risk is assessed again and a raised grade goes back to a supervisor; refusals say why in
words. Real Temporal, gRPC, SQLite."""

from __future__ import annotations

import asyncio
import uuid
from datetime import UTC, datetime, timedelta

import grpc
import pytest

from contact101.v1 import case_pb2, common_pb2, crime_pb2, intake_pb2, review_pb2
from tests.cases import awaiting_verification, case_of, new_case_awaiting_verification, transfer_to_kent
from tests.stack import Stack, count_rows, create_request, phone_theft

KNIFE = "He came back an hour later with a knife and threatened me outside the cafe"


async def ended_case(stack: Stack, contact: common_pb2.ContactDetails | None = None) -> case_pb2.CaseView:
    """A case approved, attended and told, whose workflow has ended."""
    created = await stack.intake("pc.smith").CreateContact(create_request(contact))
    case = await awaiting_verification(stack, created.reference)
    await stack.review("sgt.first").Approve(review_pb2.ApproveRequest(reference=case.reference))
    await stack.intake("pc.response").AddInformation(
        intake_pb2.AddInformationRequest(
            reference=case.reference,
            source=case_pb2.INFORMATION_SOURCE_OFFICER,
            text="Attended, took a statement",
            attended=True,
        )
    )
    handle = stack.temporal.get_workflow_handle(case.reference)
    await asyncio.wait_for(handle.result(), timeout=30)
    return await case_of(stack, case.reference)


async def test_information_on_an_ended_case_reopens_it_and_assesses_the_risk_again(stack: Stack) -> None:
    ended = await ended_case(stack)
    assert ended.status == case_pb2.CASE_STATUS_CLOSED

    updated = await stack.intake("pc.jones").AddInformation(
        intake_pb2.AddInformationRequest(
            reference=ended.reference,
            source=case_pb2.INFORMATION_SOURCE_CALLER,
            text=KNIFE,
            touches_risk=True,
        )
    )

    assert updated.reference == ended.reference
    assert KNIFE in updated.contact.what_happened
    assert updated.contact_version == ended.contact_version + 1
    assert updated.history[: len(ended.history)] == ended.history, "the case carried as it stood"
    reopened = updated.history[len(ended.history) :]
    assert [entry.action for entry in reopened] == ["reopen", "update", "assess"]
    assert reopened[0].actor_id == "pc.jones"
    assert any("knife" in prompt for prompt in updated.risk.prompts), "assessed on the new account"
    # The grade did not rise (the knife is not yet captured as a weapon): nothing to verify again.
    assert updated.risk.grade == ended.risk.grade
    assert updated.status == case_pb2.CASE_STATUS_CLOSED
    finished = await asyncio.wait_for(stack.temporal.get_workflow_handle(ended.reference).result(), 30)
    assert finished.resumed.history == updated.history, "the ended run's result is the case's last view"


async def test_a_closed_case_whose_grade_rises_goes_back_to_a_supervisor(stack: Stack) -> None:
    """A crime needing no deployment, closed; the victim then reports two earlier thefts, so that
    assessed again the case is a repeat victim's: graded scheduled, it is verified again."""
    victim = common_pb2.Person(name="Rosalind Okonkwo-Hale", date_of_birth="1971-02-03", phone="07700 900991")
    # A place of its own: the shared test stack has many contacts at phone_theft's cafe.
    place = f"{uuid.uuid4().hex[:8]} Quiet Lane, Leeds"
    minor = phone_theft(caller=victim, lines_of_enquiry=[], location=place, location_postcode="")
    ended = await ended_case(stack, minor)
    assert ended.risk.grade == common_pb2.RISK_GRADE_RESOLVED_WITHOUT_DEPLOYMENT and ended.crime.recorded
    for days_ago in (10, 20):  # then reports two earlier thefts
        earlier = phone_theft(caller=victim)
        earlier.occurred_at.FromDatetime(datetime.now(UTC) - timedelta(days=days_ago))
        reported = await stack.intake("pc.smith").CreateContact(create_request(earlier))
        await awaiting_verification(stack, reported.reference)  # assessed: on the victim's record

    updated = await stack.intake("pc.jones").AddInformation(
        intake_pb2.AddInformationRequest(
            reference=ended.reference,
            source=case_pb2.INFORMATION_SOURCE_CALLER,
            text="It has happened to me again twice since",
            touches_risk=True,
        )
    )

    assert updated.risk.grade == common_pb2.RISK_GRADE_SCHEDULED and updated.risk.repeats.repeat_victim
    assert updated.status == case_pb2.CASE_STATUS_AWAITING_VERIFICATION
    assert [entry.action for entry in updated.history[len(ended.history) :]] == [
        "reopen",
        "update",
        "assess",
        "submit",
    ]
    await awaiting_verification(stack, ended.reference, submission=2)
    queue = await stack.review("sgt.second").ListAwaitingVerification(
        review_pb2.ListAwaitingVerificationRequest()
    )
    assert ended.reference in [item.reference for item in queue.items]
    approved = await stack.review("sgt.second").Approve(review_pb2.ApproveRequest(reference=ended.reference))
    assert approved.status == case_pb2.CASE_STATUS_CLOSED
    assert approved.changes_since_review == [], "the supervisor reviewed the case as it now stands"


async def test_a_crime_on_an_ended_case_is_transferred_and_refusals_say_why(stack: Stack) -> None:
    ended = await ended_case(stack)
    assert ended.crime.recorded

    transferred = await stack.crime("dm.patel").CancelCrime(transfer_to_kent(ended.reference))
    assert transferred.cancellation.related == "Kent Police"
    assert transferred.history[-1].action == "cancel"

    with pytest.raises(grpc.aio.AioRpcError) as again:
        await stack.crime("dm.patel").CancelCrime(transfer_to_kent(ended.reference))
    assert again.value.code() == grpc.StatusCode.FAILED_PRECONDITION
    assert f"crime {ended.crime.crime_number} of case {ended.reference} is already cancelled" in str(
        again.value.details()
    )

    await asyncio.wait_for(stack.temporal.get_workflow_handle(ended.reference).result(), timeout=30)
    for _ in range(2):  # the same answer, whether or not the case's run has ended
        with pytest.raises(grpc.aio.AioRpcError) as approving:
            await stack.review("sgt.late").Approve(review_pb2.ApproveRequest(reference=ended.reference))
        assert approving.value.code() == grpc.StatusCode.FAILED_PRECONDITION
        assert approving.value.details() == (
            f"case {ended.reference} is not awaiting verification (it is CLOSED)"
        )

    with pytest.raises(grpc.aio.AioRpcError) as unknown:
        await stack.crime("dm.patel").CancelCrime(transfer_to_kent("101-20260101-999999"))
    assert unknown.value.code() == grpc.StatusCode.NOT_FOUND


async def test_a_decision_maker_closes_an_ended_cases_crime_with_its_home_office_outcome(
    stack: Stack,
) -> None:
    ended = await ended_case(stack)
    no_suspect = crime_pb2.RecordOutcomeRequest(
        reference=ended.reference, outcome_type="18", reason="no CCTV and no witnesses came forward"
    )

    with pytest.raises(grpc.aio.AioRpcError) as officer:
        await stack.crime("pc.jones", role="contact_officer").RecordOutcome(no_suspect)
    assert officer.value.code() == grpc.StatusCode.PERMISSION_DENIED
    with pytest.raises(grpc.aio.AioRpcError) as unknown:
        await stack.crime("dm.patel").RecordOutcome(
            crime_pb2.RecordOutcomeRequest(reference=ended.reference, outcome_type="19", reason="withdrawn")
        )
    assert unknown.value.code() == grpc.StatusCode.INVALID_ARGUMENT
    assert "outcome_type: must be a Home Office outcome type" in str(unknown.value.details())

    closed = await stack.crime("dm.patel").RecordOutcome(no_suspect)

    assert closed.outcome.outcome_type == "18"
    assert closed.outcome.name == "Investigation complete; no suspect identified"
    assert closed.outcome.crime_number == ended.crime.crime_number
    assert closed.outcome.rule_version == "crime-outcomes-2026.2"
    assert [entry.action for entry in closed.history[len(ended.history) :]] == ["reopen", "outcome"]
    assert closed.notifications[-1].kind == case_pb2.NOTIFICATION_KIND_CRIME_OUTCOME
    assert "no suspect identified" in closed.notifications[-1].message
    assert count_rows(stack.settings, "crime", "crime_outcomes", reference=ended.reference) == 1

    with pytest.raises(grpc.aio.AioRpcError) as again:
        await stack.crime("dm.patel").RecordOutcome(no_suspect)
    assert again.value.code() == grpc.StatusCode.FAILED_PRECONDITION
    assert again.value.details() == (
        f"crime {ended.crime.crime_number} of case {ended.reference} already has outcome 18 "
        "(Investigation complete; no suspect identified)"
    )


def no_act_captured() -> common_pb2.ContactDetails:
    """A theft reported without its act captured: no crime is recorded from the account alone."""
    place = f"{uuid.uuid4().hex[:8]} Market Street, Leeds"  # a place of its own: no repeat location
    return phone_theft(offence_facts=[], location=place, location_postcode="")


def the_act(reference: str, **offence: object) -> intake_pb2.AddInformationRequest:
    return intake_pb2.AddInformationRequest(
        reference=reference,
        source=case_pb2.INFORMATION_SOURCE_OFFICER,
        text="Called the victim back: the phone was taken from the table while she paid, a theft",
        **offence,  # type: ignore[arg-type]
    )


THEFT_AT_THE_CAFE = common_pb2.OffenceFacts(
    act=common_pb2.OFFENCE_ACT_THEFT, premises=common_pb2.PREMISES_BUSINESS_OR_COMMUNITY
)


async def test_information_that_makes_a_crime_recordable_goes_back_to_a_supervisor(stack: Stack) -> None:
    """A closed case with no crime recorded whose workflow still runs (its attendance is due);
    the act is then captured: the crime is recorded, the victim referred, and a supervisor verifies."""
    created = await stack.intake("pc.smith").CreateContact(create_request(no_act_captured()))
    case = await awaiting_verification(stack, created.reference)
    assert not case.crime.recorded
    closed = await stack.review("sgt.first").Approve(review_pb2.ApproveRequest(reference=case.reference))
    assert closed.status == case_pb2.CASE_STATUS_CLOSED

    updated = await stack.intake("pc.jones").AddInformation(
        the_act(case.reference, offence_facts=[THEFT_AT_THE_CAFE])
    )

    assert updated.crime.recorded and updated.crime.crime_number
    assert updated.crime.offence_code == "49"
    assert updated.status == case_pb2.CASE_STATUS_AWAITING_VERIFICATION, "a new crime is verified"
    assert [entry.action for entry in updated.history[len(closed.history) :]] == [
        "update",
        "decide",
        "refer",
        "submit",
    ]
    assert updated.contact.offence_facts == [THEFT_AT_THE_CAFE]
    assert (
        count_rows(stack.settings, "crime", "crime_decisions", reference=case.reference, recorded=True) == 1
    )
    await awaiting_verification(stack, case.reference, submission=2)
    with pytest.raises(grpc.aio.AioRpcError) as adder:
        await stack.review("pc.jones", role="supervisor").Approve(
            review_pb2.ApproveRequest(reference=case.reference)
        )
    assert adder.value.code() == grpc.StatusCode.PERMISSION_DENIED, "who added it may not verify it"
    approved = await stack.review("sgt.second").Approve(review_pb2.ApproveRequest(reference=case.reference))
    assert approved.status == case_pb2.CASE_STATUS_CLOSED


async def test_an_offence_added_to_an_ended_case_reopens_it_for_verification(stack: Stack) -> None:
    ended = await ended_case(stack, no_act_captured())
    assert not ended.crime.recorded

    updated = await stack.intake("pc.jones").AddInformation(the_act(ended.reference, offence_codes=["49"]))

    assert updated.crime.recorded and updated.crime.offence_code == "49"
    assert [entry.action for entry in updated.history[len(ended.history) :]] == [
        "reopen",
        "update",
        "decide",
        "refer",
        "submit",
    ]
    assert updated.status == case_pb2.CASE_STATUS_AWAITING_VERIFICATION
    assert (await awaiting_verification(stack, ended.reference, submission=2)).crime.recorded


async def test_a_new_crime_on_a_case_awaiting_verification_replaces_its_queue_entry(stack: Stack) -> None:
    """The act captured while the case waits for its supervisor: the queue shows the case once,
    as it now stands (crime recorded), and the supervisor verifies that submission."""
    created = await stack.intake("pc.smith").CreateContact(create_request(no_act_captured()))
    case = await awaiting_verification(stack, created.reference)
    assert not case.crime.recorded

    updated = await stack.intake("pc.jones").AddInformation(
        the_act(case.reference, offence_facts=[THEFT_AT_THE_CAFE])
    )

    assert updated.crime.recorded
    assert updated.status == case_pb2.CASE_STATUS_AWAITING_VERIFICATION
    assert updated.history[-1].action == "submit"
    await awaiting_verification(stack, case.reference, submission=2)
    queue = await stack.review("sgt.second").ListAwaitingVerification(
        review_pb2.ListAwaitingVerificationRequest()
    )
    entries = [item for item in queue.items if item.reference == case.reference]
    assert [(item.submission, item.crime_recorded) for item in entries] == [(2, True)]
    approved = await stack.review("sgt.second").Approve(review_pb2.ApproveRequest(reference=case.reference))
    assert approved.status == case_pb2.CASE_STATUS_CLOSED
    queue = await stack.review("sgt.second").ListAwaitingVerification(
        review_pb2.ListAwaitingVerificationRequest()
    )
    assert case.reference not in [item.reference for item in queue.items]


async def test_offence_facts_that_add_nothing_recordable_leave_the_case_closed(stack: Stack) -> None:
    """An offence code given to a case whose crime is already recorded is relayed, not decided again."""
    ended = await ended_case(stack)
    assert ended.crime.recorded
    updated = await stack.intake("pc.jones").AddInformation(the_act(ended.reference, offence_codes=["49"]))
    assert updated.status == case_pb2.CASE_STATUS_CLOSED
    assert [entry.action for entry in updated.history[len(ended.history) :]] == ["reopen", "update"]


async def test_an_added_act_the_offence_table_cannot_classify_is_refused_naming_the_field(
    stack: Stack,
) -> None:
    case = await new_case_awaiting_verification(stack)
    burglary = common_pb2.OffenceFacts(act=common_pb2.OFFENCE_ACT_BURGLARY)
    with pytest.raises(grpc.aio.AioRpcError) as refused:
        await stack.intake("pc.jones").AddInformation(the_act(case.reference, offence_facts=[burglary]))
    assert refused.value.code() == grpc.StatusCode.INVALID_ARGUMENT
    assert (refused.value.details() or "").startswith("offence_facts[0].premises: must say where a burglary")
    with pytest.raises(grpc.aio.AioRpcError) as unknown:
        await stack.intake("pc.jones").AddInformation(the_act(case.reference, offence_codes=["99Z"]))
    assert (unknown.value.details() or "").startswith("offence_codes[0]: must be a Home Office offence code")
