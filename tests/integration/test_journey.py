"""One contact's whole journey on the real Temporal server and gRPC services, on SQLite and PostgreSQL."""

from __future__ import annotations

import uuid

import grpc
import pytest

from contact101.v1 import case_pb2, common_pb2, intake_pb2, intake_pb2_grpc, review_pb2
from tests.conftest import DATABASE_BACKENDS
from tests.stack import Stack, count_rows, create_request, eventually, phone_theft

pytestmark = pytest.mark.parametrize("stack", DATABASE_BACKENDS, indirect=True)

AWAITING = case_pb2.CASE_STATUS_AWAITING_VERIFICATION


async def case_of(stack: Stack, reference: str) -> case_pb2.CaseView:
    return await stack.intake("pc.reader").GetCase(intake_pb2.GetCaseRequest(reference=reference))


async def create_and_wait_for_verification(stack: Stack, officer: str) -> case_pb2.CaseView:
    created = await stack.intake(officer).CreateContact(create_request())
    return await eventually(lambda: case_of(stack, created.reference), lambda case: case.status == AWAITING)


async def test_a_contact_is_assessed_decided_referred_and_verified(stack: Stack) -> None:
    created = await stack.intake("pc.smith").CreateContact(create_request())
    assert created.created
    assert created.reference.startswith("101-")

    case = await eventually(lambda: case_of(stack, created.reference), lambda case: case.status == AWAITING)
    assert case.officer_id == "pc.smith"
    assert case.risk.grade == common_pb2.RISK_GRADE_SCHEDULED
    assert {factor.factor for factor in case.risk.factors} == {
        "THREAT",
        "HARM",
        "RISK",
        "INVESTIGATION",
        "VULNERABILITY",
        "ENGAGEMENT",
    }
    assert case.crime.recorded
    assert case.crime.crime_number.startswith("CR-")
    assert case.referral.status == "REFERRED"
    assert case.verification.state == case_pb2.VERIFICATION_STATE_AWAITING

    queue = await stack.review("sgt.jones").ListAwaitingVerification(
        review_pb2.ListAwaitingVerificationRequest()
    )
    assert created.reference in [item.reference for item in queue.items]

    approved = await stack.review("sgt.jones").Approve(review_pb2.ApproveRequest(reference=created.reference))
    assert approved.status == case_pb2.CASE_STATUS_CLOSED
    assert approved.verification.state == case_pb2.VERIFICATION_STATE_APPROVED
    assert approved.verification.supervisor_id == "sgt.jones"
    assert [entry.action for entry in approved.history] == [
        "create",
        "assess",
        "decide",
        "refer",
        "submit",
        "approve",
    ]

    queue = await stack.review("sgt.jones").ListAwaitingVerification(
        review_pb2.ListAwaitingVerificationRequest()
    )
    assert created.reference not in [item.reference for item in queue.items]
    closed = await case_of(stack, created.reference)
    assert closed.status == case_pb2.CASE_STATUS_CLOSED


async def test_a_returned_case_is_amended_and_then_verified(stack: Stack) -> None:
    case = await create_and_wait_for_verification(stack, "pc.patel")
    returned = await stack.review("sgt.khan").ReturnForRework(
        review_pb2.ReturnForReworkRequest(
            reference=case.reference, reasons=["suspect description missing height"]
        )
    )
    assert returned.status == case_pb2.CASE_STATUS_RETURNED_FOR_REWORK
    assert list(returned.verification.reasons) == ["suspect description missing height"]

    amended_contact = phone_theft(
        suspects=[common_pb2.Suspect(description="man in a red hoodie, about 20, 6ft")]
    )
    amended = await stack.intake("pc.patel").AmendContact(
        intake_pb2.AmendContactRequest(reference=case.reference, contact=amended_contact, note="added height")
    )
    assert amended.contact_version == 2

    resubmitted = await eventually(
        lambda: case_of(stack, case.reference),
        lambda view: view.status == AWAITING and view.verification.submission == 2,
    )
    assert resubmitted.contact.suspects[0].description.endswith("6ft")
    assert resubmitted.crime.crime_number == case.crime.crime_number

    approved = await stack.review("sgt.khan").Approve(review_pb2.ApproveRequest(reference=case.reference))
    assert approved.status == case_pb2.CASE_STATUS_CLOSED
    actions = [entry.action for entry in approved.history]
    assert actions.count("submit") == 2
    assert actions[-1] == "approve"
    assert "return" in actions and "amend" in actions
    assert count_rows(stack.settings, "intake", "contact_versions") >= 2


async def test_nobody_verifies_their_own_work(stack: Stack) -> None:
    case = await create_and_wait_for_verification(stack, "sgt.acting")
    with pytest.raises(grpc.aio.AioRpcError) as refused:
        await stack.review("sgt.acting").Approve(review_pb2.ApproveRequest(reference=case.reference))
    assert refused.value.code() == grpc.StatusCode.PERMISSION_DENIED
    assert "cannot verify" in (refused.value.details() or "")
    still = await case_of(stack, case.reference)
    assert still.status == AWAITING
    assert still.history[-1].action == "submit"


async def test_only_a_supervisor_can_approve(stack: Stack) -> None:
    case = await create_and_wait_for_verification(stack, "pc.smith")
    with pytest.raises(grpc.aio.AioRpcError) as refused:
        await stack.review("pc.other", role="contact_officer").Approve(
            review_pb2.ApproveRequest(reference=case.reference)
        )
    assert refused.value.code() == grpc.StatusCode.PERMISSION_DENIED
    assert (await case_of(stack, case.reference)).status == AWAITING


async def test_a_retried_create_gives_one_case(stack: Stack) -> None:
    request = create_request()
    first = await stack.intake("pc.smith").CreateContact(request)
    again = await stack.intake("pc.smith").CreateContact(request)
    assert (first.reference, first.created) == (again.reference, True) or first.reference == again.reference
    assert first.created and not again.created
    assert count_rows(stack.settings, "intake", "contacts", request_id=request.request_id) == 1


async def test_a_missing_field_is_refused_and_nothing_is_written(stack: Stack) -> None:
    before = count_rows(stack.settings, "intake", "contacts")
    contact = phone_theft(what_happened="")
    with pytest.raises(grpc.aio.AioRpcError) as refused:
        await stack.intake("pc.smith").CreateContact(
            intake_pb2.CreateContactRequest(request_id=str(uuid.uuid4()), contact=contact)
        )
    assert refused.value.code() == grpc.StatusCode.INVALID_ARGUMENT
    assert "contact.what_happened" in (refused.value.details() or "")
    assert count_rows(stack.settings, "intake", "contacts") == before


async def test_an_unknown_reference_is_not_found(stack: Stack) -> None:
    with pytest.raises(grpc.aio.AioRpcError) as refused:
        await case_of(stack, "101-19990101-9999")
    assert refused.value.code() == grpc.StatusCode.NOT_FOUND
    assert "101-19990101-9999" in (refused.value.details() or "")


async def test_a_call_without_a_token_is_unauthenticated(stack: Stack) -> None:
    channel = grpc.aio.insecure_channel(stack.settings.intake_address)

    with pytest.raises(grpc.aio.AioRpcError) as refused:
        await intake_pb2_grpc.IntakeServiceStub(channel).CreateContact(create_request())
    assert refused.value.code() == grpc.StatusCode.UNAUTHENTICATED
