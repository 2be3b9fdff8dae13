"""Nobody around the API through Temporal: a client that reaches the Temporal frontend, with or
without the payload key, can neither decide a case nor open one (issue 14, finding 1)."""

from __future__ import annotations

import asyncio
import random
from datetime import UTC, datetime

import pytest
from temporalio.api.enums.v1 import EventType
from temporalio.client import Client, WorkflowExecutionStatus, WorkflowFailureError, WorkflowUpdateFailedError
from temporalio.converter import DataConverter

from contact101.temporal.search_attributes import CASE_STATUS
from contact101.v1 import case_pb2, common_pb2
from tests.cases import all_sent, case_of, new_case_awaiting_verification, workflow_events
from tests.stack import Stack, count_rows, phone_theft

WORKFLOW_TASK_EVENTS = {
    "EVENT_TYPE_WORKFLOW_TASK_SCHEDULED",
    "EVENT_TYPE_WORKFLOW_TASK_STARTED",
    "EVENT_TYPE_WORKFLOW_TASK_COMPLETED",
}
FORGER = common_pb2.Actor(id="nobody.forged", role=common_pb2.ROLE_SUPERVISOR)
# (service, table) of every row a case leaves in the services' databases.
CASE_TABLES = [
    ("intake", "contacts"),
    ("intake", "caller_notifications"),
    ("crime", "crime_decisions"),
    ("crime", "crime_numbers"),
    ("safeguarding", "risk_assessments"),
    ("safeguarding", "victim_referrals"),
    ("safeguarding", "contact_keys"),
    ("review", "reviews"),
    ("review", "audit_events"),
]


def without_payload_key(stack: Stack) -> Client:
    """A plain Temporal client on the same frontend: no codec, the SDK's default converter."""
    return Client(
        stack.temporal.service_client,
        namespace=stack.settings.temporal_namespace,
        data_converter=DataConverter.default,
    )


def clients(stack: Stack) -> dict[str, Client]:
    return {"with the payload key": stack.temporal, "without it": without_payload_key(stack)}


def rows_of(stack: Stack, reference: str) -> dict[tuple[str, str], int]:
    return {
        (service, name): count_rows(stack.settings, service, name, reference=reference)
        for service, name in CASE_TABLES
    }


def unissued_reference() -> str:
    """A reference of the right form that intake has not given out (its stacks number from 100001)."""
    return f"101-{datetime.now(UTC):%Y%m%d}-{random.randrange(10**8, 10**9)}"


@pytest.mark.parametrize("how", ["with the payload key", "without it"])
async def test_a_forged_approval_is_refused_and_leaves_no_trace(stack: Stack, how: str) -> None:
    case = await new_case_awaiting_verification(stack, "pc.forged")
    await all_sent(stack, case.reference)
    events_before = await workflow_events(stack, case.reference)
    rows_before = rows_of(stack, case.reference)

    handle = clients(stack)[how].get_workflow_handle(case.reference)
    with pytest.raises(WorkflowUpdateFailedError):
        await handle.execute_update("verify", case_pb2.VerificationDecision(actor=FORGER, approved=True))

    added = {
        EventType.Name(event.event_type)
        for event in (await workflow_events(stack, case.reference))[len(events_before) :]
    }
    assert added <= WORKFLOW_TASK_EVENTS, f"the forged Update left events: {added}"
    still = await case_of(stack, case.reference)
    assert still.status == case_pb2.CASE_STATUS_AWAITING_VERIFICATION
    assert not still.verification.supervisor_id
    assert "nobody.forged" not in {entry.actor_id for entry in still.history}
    assert rows_of(stack, case.reference) == rows_before
    assert count_rows(stack.settings, "review", "audit_events", actor_id="nobody.forged") == 0
    # Temporal's own queries still work for those who hold the key (the UI's stack trace).
    assert "run" in await stack.temporal.get_workflow_handle(case.reference).query("__stack_trace")


@pytest.mark.parametrize("how", ["with the payload key", "without it"])
async def test_a_case_not_opened_by_intake_is_refused_at_once_and_records_nothing(
    stack: Stack, how: str
) -> None:
    reference = unissued_reference()
    forged = case_pb2.CaseOpened(reference=reference, officer_id="nobody.forged", contact=phone_theft())
    forged.received_at.FromDatetime(datetime.now(UTC))

    await clients(stack)[how].start_workflow(
        "ContactWorkflow", forged, id=reference, task_queue=stack.settings.task_queue
    )
    with pytest.raises(WorkflowFailureError) as failed:
        await asyncio.wait_for(stack.temporal.get_workflow_handle(reference).result(), timeout=30)
    assert "not opened by intake" in str(failed.value.cause) or "not encrypted" in str(failed.value.cause)

    described = await stack.temporal.get_workflow_handle(reference).describe()
    assert described.status == WorkflowExecutionStatus.FAILED
    if how == "with the payload key":
        assert described.typed_search_attributes.get(CASE_STATUS) == "REFUSED"
    events = await workflow_events(stack, reference)
    assert rows_of(stack, reference) == dict.fromkeys(CASE_TABLES, 0)
    service_calls = [
        event
        for event in events
        if event.marker_recorded_event_attributes.marker_name == "core_local_activity"
        or event.HasField("activity_task_scheduled_event_attributes")
    ]
    assert not service_calls, "no service was called"
