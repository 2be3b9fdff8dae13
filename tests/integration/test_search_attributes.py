"""Operators find cases by their search attributes on the real Temporal server."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from contact101.temporal.dev_server import dev_server_command
from contact101.temporal.search_attributes import CASE_SEARCH_ATTRIBUTES, NEXT_DEADLINE
from contact101.v1 import case_pb2, common_pb2, intake_pb2, review_pb2
from tests.stack import Stack, create_request, eventually, phone_theft
from workflows.clocks import is_open, timestamp
from workflows.search_attributes import is_vulnerable

AWAITING = case_pb2.CASE_STATUS_AWAITING_VERIFICATION


async def recorded_and_awaiting(stack: Stack, contact: common_pb2.ContactDetails) -> str:
    created = await stack.intake("pc.searcher").CreateContact(create_request(contact))
    await eventually(
        lambda: stack.intake("pc.searcher").GetCase(intake_pb2.GetCaseRequest(reference=created.reference)),
        lambda case: case.status == AWAITING,
    )
    return created.reference


async def found(stack: Stack, query: str, among: list[str]) -> set[str]:
    """References of the cases among `among` that the visibility query finds."""
    quoted = ", ".join(f"'{reference}'" for reference in among)
    full = f"({query}) AND WorkflowId IN ({quoted})"
    return {execution.id async for execution in stack.temporal.list_workflows(full)}


async def found_eventually(stack: Stack, query: str, among: list[str], want: set[str]) -> set[str]:
    """What the query finds once visibility has caught up with want (or at the deadline)."""
    return await eventually(lambda: found(stack, query, among), lambda hits: hits == want)


async def test_operators_find_exactly_the_cases_their_query_names(stack: Stack) -> None:
    # A phrase never grades on its own: the officer captures the thief still on the scene.
    on_scene = common_pb2.RiskIndicators(in_progress=True, suspect_on_scene=True)
    emergency = await recorded_and_awaiting(
        stack,
        phone_theft(
            what_happened="Someone stole my bag at the bus stop and the thief is still here",
            risk_indicators=on_scene,
        ),
    )
    scheduled = await recorded_and_awaiting(stack, phone_theft())
    closed_emergency = await recorded_and_awaiting(
        stack,
        phone_theft(
            channel=common_pb2.CHANNEL_ONLINE,
            what_happened="A man has stolen two bikes from the rack and it is happening now",
            risk_indicators=on_scene,
        ),
    )
    await stack.review("sgt.searcher").Approve(review_pb2.ApproveRequest(reference=closed_emergency))
    cases = [emergency, scheduled, closed_emergency]
    views = [await stack.intake("pc.searcher").GetCase(intake_pb2.GetCaseRequest(reference=r)) for r in cases]
    assert any(view.crime.recorded for view in views)

    expected = {
        "RiskGrade = 'EMERGENCY' AND CaseStatus = 'AWAITING_VERIFICATION'": {emergency},
        "RiskGrade = 'EMERGENCY'": {emergency, closed_emergency},
        "CaseStatus = 'CLOSED' AND Channel = 'ONLINE'": {closed_emergency},
        "AwaitingVerification = true": {emergency, scheduled},
        "CrimeRecorded = true": {view.reference for view in views if view.crime.recorded},
        "Vulnerable = true": {view.reference for view in views if is_vulnerable(view.risk)},
        "RiskGrade = 'SCHEDULED' AND Channel = 'PHONE'": {scheduled},
    }
    for query, references in expected.items():
        assert await found_eventually(stack, query, cases, references) == references, query


async def test_the_next_deadline_is_the_nearest_open_clock(stack: Stack) -> None:
    reference = await recorded_and_awaiting(stack, phone_theft())
    case = await stack.intake("pc.searcher").GetCase(intake_pb2.GetCaseRequest(reference=reference))
    open_clocks = [clock for clock in case.clocks if is_open(clock)]
    assert open_clocks, "a case awaiting verification has clocks running"
    nearest = min(timestamp(clock.due_at) for clock in open_clocks)

    async def published() -> datetime | None:
        description = await stack.temporal.get_workflow_handle(reference).describe()
        return description.typed_search_attributes.get(NEXT_DEADLINE)

    deadline = await eventually(
        published, lambda due: due is not None and abs(due - nearest) < timedelta(seconds=1)
    )
    assert deadline is not None and deadline > datetime.now(UTC) - timedelta(minutes=1)


def test_the_dev_server_registers_every_case_search_attribute() -> None:
    from contact101.runtime.config import Settings

    command = dev_server_command(Settings())
    registered = {command[i + 1] for i, flag in enumerate(command) if flag == "--search-attribute"}
    assert registered == {
        "CaseStatus=Keyword",
        "RiskGrade=Keyword",
        "Channel=Keyword",
        "Vulnerable=Bool",
        "CrimeRecorded=Bool",
        "AwaitingVerification=Bool",
        "NextDeadline=Datetime",
        "Team=Keyword",
    }
    assert len(registered) == len(CASE_SEARCH_ATTRIBUTES)
