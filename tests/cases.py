"""Following a case in tests: its view, its clocks, its audit trail and its workflow history."""

from __future__ import annotations

from collections.abc import Callable

import grpc
from temporalio.api.history.v1 import HistoryEvent

from contact101.v1 import case_pb2, crime_decision_pb2, crime_pb2, intake_pb2, review_pb2
from tests.stack import Stack, create_request, eventually
from workflows import clocks

AWAITING = case_pb2.CASE_STATUS_AWAITING_VERIFICATION


async def case_of(stack: Stack, reference: str) -> case_pb2.CaseView:
    return await stack.intake("pc.reader").GetCase(intake_pb2.GetCaseRequest(reference=reference))


async def eventually_case(
    stack: Stack, reference: str, accept: Callable[[case_pb2.CaseView], bool], within: float = 30
) -> case_pb2.CaseView:
    """The case once accept(case), or fail after `within` seconds."""
    return await eventually(lambda: case_of(stack, reference), accept, within)


async def awaiting_verification(stack: Stack, reference: str, submission: int = 1) -> case_pb2.CaseView:
    return await eventually_case(
        stack, reference, lambda case: case.status == AWAITING and case.verification.submission == submission
    )


async def new_case_awaiting_verification(stack: Stack, officer: str = "pc.smith") -> case_pb2.CaseView:
    created = await stack.intake(officer).CreateContact(create_request())
    return await awaiting_verification(stack, created.reference)


def clock(case: case_pb2.CaseView, name: str) -> case_pb2.Clock:
    found = clocks.find(case.clocks, name)
    assert found is not None, f"case {case.reference} has no {name} clock: {case.clocks}"
    return found


def transfer_to_kent(reference: str) -> crime_pb2.CancelCrimeRequest:
    """A decision maker's transfer of the case's crime to another force."""
    return crime_pb2.CancelCrimeRequest(
        reference=reference,
        category=crime_decision_pb2.CANCELLATION_CATEGORY_TRANSFERRED,
        reason="the theft happened in Kent",
        related="Kent Police",
    )


def clock_state(case: case_pb2.CaseView, name: str) -> case_pb2.ClockState.ValueType:
    """The state of the case's clock name; unspecified while it has not started."""
    found = clocks.find(case.clocks, name)
    return case_pb2.CLOCK_STATE_UNSPECIFIED if found is None else found.state


async def audit_trail(stack: Stack, reference: str) -> review_pb2.CaseHistory:
    """The case's audit trail; empty while nothing of it is stored yet."""
    try:
        return await stack.review("insp.reader").GetCaseHistory(
            review_pb2.GetCaseHistoryRequest(reference=reference)
        )
    except grpc.aio.AioRpcError as error:
        if error.code() != grpc.StatusCode.NOT_FOUND:
            raise
        return review_pb2.CaseHistory(reference=reference)


async def audited_actions(stack: Stack, reference: str, count: int) -> list[str]:
    """The actions of the audit trail once it holds at least count of them."""
    trail = await eventually(lambda: audit_trail(stack, reference), lambda trail: len(trail.events) >= count)
    return [event.entry.action for event in trail.events]


async def workflow_events(stack: Stack, reference: str) -> list[HistoryEvent]:
    """The events of the case's current workflow run."""
    return [event async for event in stack.temporal.get_workflow_handle(reference).fetch_history_events()]


async def all_sent(stack: Stack, reference: str) -> case_pb2.CaseView:
    """The case once its audit trail is stored, its caller notifications delivered and the
    workflow task that sent them completed: the workflow has nothing left to do until
    someone acts or a clock comes due."""
    case = await eventually_case(
        stack, reference, lambda view: all(n.HasField("delivered_at") for n in view.notifications)
    )
    await audited_actions(stack, reference, count=len(case.history))
    await eventually(
        lambda: stack.temporal.get_workflow_handle(reference).describe(),
        lambda described: not described.raw_description.HasField("pending_workflow_task"),
    )
    return case
