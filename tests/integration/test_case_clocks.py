"""Statutory clocks as durable timers on the real Temporal dev server, with short configured
durations: they escalate to the duty inspector before they breach, and a closed case's
workflow ends only when every clock is settled. A long-lived case continues as new."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from datetime import timedelta
from pathlib import Path

import pytest
from temporalio.api.enums.v1 import EventType
from temporalio.client import WorkflowExecutionStatus
from temporalio.testing import WorkflowEnvironment

from contact101.v1 import case_pb2, intake_pb2, review_pb2
from services.crime import server as crime_server
from tests.cases import (
    audited_actions,
    awaiting_verification,
    case_of,
    clock,
    clock_state,
    eventually_case,
    new_case_awaiting_verification,
)
from tests.stack import Stack, create_request, eventually, running_stack
from workflows import clocks

State = case_pb2.ClockState
Stage = review_pb2.EscalationStage


@pytest.fixture(scope="module")
async def fast_clocks(
    temporal_env: WorkflowEnvironment, tmp_path_factory: pytest.TempPathFactory
) -> AsyncIterator[Stack]:
    """A stack whose cases must be verified within 2 s (escalating at 1 s)."""
    async with running_stack(
        temporal_env.client,
        Path(tmp_path_factory.mktemp("fast-clocks")),
        verification_due=timedelta(seconds=2),
        clock_escalation_fraction=0.5,
    ) as running:
        yield running


async def escalations_of(
    stack: Stack, reference: str, include_resolved: bool = True
) -> list[review_pb2.Escalation]:
    response = await stack.review("insp.duty").ListEscalations(
        review_pb2.ListEscalationsRequest(include_resolved=include_resolved)
    )
    return [escalation for escalation in response.escalations if escalation.reference == reference]


async def test_a_case_waiting_past_its_verification_sla_escalates_to_the_duty_inspector(
    fast_clocks: Stack,
) -> None:
    case = await new_case_awaiting_verification(fast_clocks)
    assert clock(case, clocks.VERIFICATION).state == State.CLOCK_STATE_RUNNING

    breached = await eventually_case(
        fast_clocks,
        case.reference,
        lambda view: clock_state(view, clocks.VERIFICATION) == State.CLOCK_STATE_BREACHED,
        within=15,
    )
    sla = clock(breached, clocks.VERIFICATION)
    assert sla.escalated_at.ToDatetime() < sla.due_at.ToDatetime() <= sla.breached_at.ToDatetime()
    queue = await eventually(
        lambda: escalations_of(fast_clocks, case.reference, include_resolved=False),
        lambda found: [e.stage for e in found] == [Stage.ESCALATION_STAGE_BREACHED],
    )
    assert queue[0].clock == clocks.VERIFICATION and queue[0].HasField("escalated_at")

    await fast_clocks.review("sgt.late").Approve(review_pb2.ApproveRequest(reference=case.reference))
    resolved = await eventually(
        lambda: escalations_of(fast_clocks, case.reference),
        lambda found: [e.stage for e in found] == [Stage.ESCALATION_STAGE_RESOLVED],
    )
    assert resolved[0].HasField("breached_at")
    assert not await escalations_of(fast_clocks, case.reference, include_resolved=False)
    approved = await case_of(fast_clocks, case.reference)
    assert clock(approved, clocks.VERIFICATION).HasField("ended_at"), "met late"
    actions = await audited_actions(fast_clocks, case.reference, count=8)
    assert actions.count("escalate") == 2


async def test_a_closed_case_runs_on_until_the_police_have_attended(fast_clocks: Stack) -> None:
    case = await new_case_awaiting_verification(fast_clocks)
    await fast_clocks.review("sgt.quick").Approve(review_pb2.ApproveRequest(reference=case.reference))
    handle = fast_clocks.temporal.get_workflow_handle(case.reference, result_type=case_pb2.CaseOpened)
    closed = await case_of(fast_clocks, case.reference)
    assert closed.status == case_pb2.CASE_STATUS_CLOSED
    assert clock(closed, clocks.ATTENDANCE).state == State.CLOCK_STATE_RUNNING
    assert (await handle.describe()).status == WorkflowExecutionStatus.RUNNING

    await fast_clocks.intake("pc.response").AddInformation(
        intake_pb2.AddInformationRequest(
            reference=case.reference,
            source=case_pb2.INFORMATION_SOURCE_OFFICER,
            text="Attended, took a statement and collected the CCTV",
            attended=True,
        )
    )

    finished = (await asyncio.wait_for(handle.result(), timeout=20)).resumed
    assert clocks.all_settled(finished.clocks)
    assert clock(finished, clocks.ATTENDANCE).state == State.CLOCK_STATE_MET


async def test_the_24_hour_crime_decision_clock_escalates_while_the_decision_waits(
    temporal_env: WorkflowEnvironment, tmp_path: Path
) -> None:
    """The crime service is down, so the decision waits (its activity retrying); the clock does not.

    The first retries wait in the worker, holding the workflow task (and the clock) for about
    three seconds; after that each waits on a timer, and the clock runs on time."""
    async with running_stack(
        temporal_env.client, tmp_path, crime_decision_due=timedelta(seconds=8), clock_escalation_fraction=0.5
    ) as stack:
        crime_port = stack.servers["crime"].port
        await stack.servers["crime"].stop(0)
        created = await stack.intake("pc.smith").CreateContact(create_request())

        waiting = await eventually_case(
            stack,
            created.reference,
            lambda view: clock_state(view, clocks.CRIME_DECISION) == State.CLOCK_STATE_BREACHED,
            within=20,
        )
        assert waiting.status == case_pb2.CASE_STATUS_DECIDING_CRIME
        decision_clock = clock(waiting, clocks.CRIME_DECISION)
        assert decision_clock.escalated_at.ToDatetime() < decision_clock.due_at.ToDatetime()
        await eventually(
            lambda: escalations_of(stack, created.reference),
            lambda found: [e.stage for e in found] == [Stage.ESCALATION_STAGE_BREACHED],
        )

        stack.servers["crime"] = await crime_server.start(
            stack.settings, f"127.0.0.1:{crime_port}", stack.temporal
        )
        decided = await awaiting_verification(stack, created.reference)
        assert decided.crime.recorded
        late = clock(decided, clocks.CRIME_DECISION)
        assert late.state == State.CLOCK_STATE_BREACHED and late.HasField("ended_at"), "decided late"
        await eventually(
            lambda: escalations_of(stack, created.reference),
            lambda found: [e.stage for e in found] == [Stage.ESCALATION_STAGE_RESOLVED],
        )


async def test_the_crime_decision_is_due_when_the_case_clock_says(
    temporal_env: WorkflowEnvironment, tmp_path: Path
) -> None:
    """A force's own crime-decision deadline (here 2 hours, not the NCRS 24) sets the clock,
    and the decision records the same due time."""
    async with running_stack(temporal_env.client, tmp_path, crime_decision_due=timedelta(hours=2)) as stack:
        created = await stack.intake("pc.smith").CreateContact(create_request())
        case = await awaiting_verification(stack, created.reference)
        decision_clock = clock(case, clocks.CRIME_DECISION)
        assert decision_clock.due_at.ToDatetime() - case.received_at.ToDatetime() == timedelta(hours=2)
        assert case.crime.decision_due_at == decision_clock.due_at
        assert decision_clock.state == State.CLOCK_STATE_MET


async def test_a_long_lived_case_continues_as_new_without_losing_an_update(
    temporal_env: WorkflowEnvironment, tmp_path: Path
) -> None:
    # The limit falls among the updates: the workflow sees its history's length only as a
    # workflow task starts, so a limit passed by the last task is acted on at the next one.
    async with running_stack(temporal_env.client, tmp_path, case_history_limit=100) as stack:
        case = await new_case_awaiting_verification(stack)
        first_run = (await stack.temporal.get_workflow_handle(case.reference).describe()).run_id

        async def tell(number: int) -> None:
            await stack.intake(f"pc.{number % 3}").AddInformation(
                intake_pb2.AddInformationRequest(
                    reference=case.reference,
                    source=case_pb2.INFORMATION_SOURCE_OFFICER,
                    text=f"house-to-house enquiry {number}: nothing seen",
                )
            )

        for batch in range(4):
            await asyncio.gather(*(tell(batch * 5 + n) for n in range(5)))

        await eventually(
            lambda: stack.temporal.get_workflow_handle(case.reference).describe(),
            lambda description: description.run_id != first_run,
        )
        current = await case_of(stack, case.reference)
        assert sorted(info.text for info in current.information) == sorted(
            f"house-to-house enquiry {n}: nothing seen" for n in range(20)
        )
        assert current.contact_version == 21
        first = stack.temporal.get_workflow_handle(case.reference, run_id=first_run)
        ended = [event async for event in first.fetch_history_events()][-1]
        assert ended.event_type == EventType.EVENT_TYPE_WORKFLOW_EXECUTION_CONTINUED_AS_NEW
        approved = await stack.review("sgt.later").Approve(
            review_pb2.ApproveRequest(reference=case.reference)
        )
        assert approved.status == case_pb2.CASE_STATUS_CLOSED
        assert len(approved.history) == 1 + 4 + 20 + 1
