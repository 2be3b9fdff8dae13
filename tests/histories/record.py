"""Record ContactWorkflow histories for replay tests: `python -m tests.histories.record NAME`.

Until release 1.0 the histories are recorded afresh after every workflow change (NAME
`current`); from then on each release's are kept, so that the replay tests prove a change
safe for cases already running (README: Workflow changes and releases). It drives the
standard journeys on a real stack (with a short verification SLA and a low continue-as-new
limit, so that escalations and new runs happen) and writes tests/histories/NAME-<journey>.json,
or NAME-<journey>-run<N>.json for each run of a case that continued as new or was reopened.
"""

from __future__ import annotations

import asyncio
import sys
import tempfile
from collections.abc import AsyncIterator, Awaitable, Callable
from datetime import timedelta
from pathlib import Path
from typing import Any

from temporalio.client import Client, WorkflowHistory

from contact101.v1 import case_pb2, common_pb2, crime_pb2, intake_pb2, review_pb2
from tests.cases import awaiting_verification, clock, clock_state, eventually_case, transfer_to_kent
from tests.stack import Stack, create_request, phone_theft, running_stack, start_temporal
from workflows import clocks

HERE = Path(__file__).resolve().parent


def information(reference: str, text: str, **flags: Any) -> intake_pb2.AddInformationRequest:
    return intake_pb2.AddInformationRequest(
        reference=reference, source=case_pb2.INFORMATION_SOURCE_OFFICER, text=text, **flags
    )


async def attended(stack: Stack, reference: str) -> None:
    """The police attend: the attendance clock, the last one a case keeps, is met."""
    await stack.intake("pc.response").AddInformation(information(reference, "attended", attended=True))


async def approved_first_time(stack: Stack) -> str:
    created = await stack.intake("pc.recorder").CreateContact(create_request())
    await awaiting_verification(stack, created.reference)
    await stack.review("sgt.recorder").Approve(review_pb2.ApproveRequest(reference=created.reference))
    await attended(stack, created.reference)
    return created.reference


async def returned_amended_approved(stack: Stack) -> str:
    created = await stack.intake("pc.recorder").CreateContact(create_request())
    await awaiting_verification(stack, created.reference)
    await stack.review("sgt.recorder").ReturnForRework(
        review_pb2.ReturnForReworkRequest(reference=created.reference, reasons=["add the suspect's height"])
    )
    contact = phone_theft(suspects=[common_pb2.Suspect(description="man in a red hoodie, 6ft")])
    await stack.intake("pc.recorder").AmendContact(
        intake_pb2.AmendContactRequest(reference=created.reference, contact=contact, note="height added")
    )
    await awaiting_verification(stack, created.reference, submission=2)
    await stack.review("sgt.recorder").Approve(review_pb2.ApproveRequest(reference=created.reference))
    await attended(stack, created.reference)
    return created.reference


async def updated_and_cancelled(stack: Stack) -> str:
    """New information raises the risk; a decision maker cancels the crime; then approval."""
    created = await stack.intake("pc.recorder").CreateContact(create_request())
    await awaiting_verification(stack, created.reference)
    caller_says = information(created.reference, "he came back with a knife", touches_risk=True)
    caller_says.source = case_pb2.INFORMATION_SOURCE_CALLER
    await stack.intake("pc.recorder").AddInformation(caller_says)
    await stack.crime("dm.recorder").CancelCrime(transfer_to_kent(created.reference))
    await stack.review("sgt.recorder").Approve(review_pb2.ApproveRequest(reference=created.reference))
    await attended(stack, created.reference)
    return created.reference


async def verification_escalated(stack: Stack) -> str:
    """Nobody verifies the case within its SLA: it escalates, breaches, then is approved late."""
    created = await stack.intake("pc.recorder").CreateContact(create_request())
    await eventually_case(
        stack,
        created.reference,
        lambda case: clock_state(case, clocks.VERIFICATION) == case_pb2.CLOCK_STATE_BREACHED,
    )
    await stack.review("sgt.recorder").Approve(review_pb2.ApproveRequest(reference=created.reference))
    await attended(stack, created.reference)
    return created.reference


async def continued_as_new(stack: Stack) -> str:
    """A case gathering information for long enough to continue as new, then a little more."""
    created = await stack.intake("pc.recorder").CreateContact(create_request())
    await awaiting_verification(stack, created.reference)
    handle = stack.temporal.get_workflow_handle(created.reference)
    first_run = (await handle.describe()).run_id
    for number in range(MAX_ENQUIRIES):
        text = f"house-to-house enquiry {number}: nothing seen"
        await stack.intake("pc.recorder").AddInformation(information(created.reference, text))
        await asyncio.sleep(0.3)  # officers' pace: the case can continue as new between updates
        if number >= MIN_ENQUIRIES and (await handle.describe()).run_id != first_run:
            break
    await stack.review("sgt.recorder").Approve(review_pb2.ApproveRequest(reference=created.reference))
    await attended(stack, created.reference)
    return created.reference


async def reopened_for_its_outcome(stack: Stack) -> str:
    """The crime of a case whose workflow has ended is closed with its outcome: a second run."""
    reference = await approved_first_time(stack)
    await stack.temporal.get_workflow_handle(reference).result()
    await stack.crime("dm.recorder").RecordOutcome(
        crime_pb2.RecordOutcomeRequest(reference=reference, outcome_type="18", reason="no CCTV, no witnesses")
    )
    return reference


async def emergency_escalated(stack: Stack) -> str:
    """Graded emergency: dispatched and alerted at once, then the usual journey (issue 3)."""
    contact = phone_theft(what_happened="Two men are breaking into the car outside right now")
    contact.risk_indicators.in_progress = True
    created = await stack.intake("pc.recorder").CreateContact(create_request(contact))
    await awaiting_verification(stack, created.reference)
    # Emergency attendance is kept by dispatch: the case closes once it is approved.
    await stack.review("sgt.recorder").Approve(review_pb2.ApproveRequest(reference=created.reference))
    return created.reference


async def resolved_at_first_contact(stack: Stack) -> str:
    """Redirected to the council at first contact: no crime decision or referral, still verified (issue 3)."""
    contact = phone_theft(
        what_happened="My neighbour plays loud music every night",
        suspects=[],
        lines_of_enquiry=[],
        first_contact_outcome=common_pb2.FIRST_CONTACT_OUTCOME_REDIRECT_COUNCIL,
    )
    created = await stack.intake("pc.recorder").CreateContact(create_request(contact))
    await awaiting_verification(stack, created.reference)
    await stack.review("sgt.recorder").Approve(review_pb2.ApproveRequest(reference=created.reference))
    return created.reference


async def agreed_updates(stack: Stack) -> str:
    """Updates at the frequency agreed with the victim repeat until the crime has its outcome."""
    created = await stack.intake("pc.recorder").CreateContact(
        create_request(phone_theft(victim_update_every_days=1))
    )
    await awaiting_verification(stack, created.reference)
    await stack.review("sgt.recorder").Approve(review_pb2.ApproveRequest(reference=created.reference))
    await attended(stack, created.reference)
    await eventually_case(
        stack, created.reference, lambda case: clock(case, clocks.VICTIM_UPDATE).revision >= 2
    )
    await stack.crime("dm.recorder").RecordOutcome(
        crime_pb2.RecordOutcomeRequest(reference=created.reference, outcome_type="18", reason="no CCTV")
    )
    return created.reference


async def new_crime_verified(stack: Stack) -> str:
    """No act captured, no crime; closed; the act added later records the crime, verified again."""
    created = await stack.intake("pc.recorder").CreateContact(create_request(phone_theft(offence_facts=[])))
    await awaiting_verification(stack, created.reference)
    await stack.review("sgt.recorder").Approve(review_pb2.ApproveRequest(reference=created.reference))
    theft = common_pb2.OffenceFacts(
        act=common_pb2.OFFENCE_ACT_THEFT, premises=common_pb2.PREMISES_BUSINESS_OR_COMMUNITY
    )
    await stack.intake("pc.recorder").AddInformation(
        information(created.reference, "the act captured: a theft", offence_facts=[theft])
    )
    await awaiting_verification(stack, created.reference, submission=2)
    await stack.review("sgt.second").Approve(review_pb2.ApproveRequest(reference=created.reference))
    await attended(stack, created.reference)
    return created.reference


# Enough information to pass the continue-as-new limit below, whatever the pace of the workflow.
MIN_ENQUIRIES, MAX_ENQUIRIES = 12, 40
JOURNEYS: dict[str, Callable[[Stack], Awaitable[str]]] = {
    "approved": approved_first_time,
    "returned-amended-approved": returned_amended_approved,
    "updated-cancelled": updated_and_cancelled,
    "verification-escalated": verification_escalated,
    "continued-as-new": continued_as_new,
    "reopened-outcome": reopened_for_its_outcome,
    "emergency-escalated": emergency_escalated,
    "resolved-at-first-contact": resolved_at_first_contact,
    "agreed-updates": agreed_updates,
    "new-crime-verified": new_crime_verified,
}
RECORDING_SETTINGS: dict[str, Any] = {
    "verification_due": timedelta(seconds=3),
    "clock_escalation_fraction": 0.5,
    "case_history_limit": 150,
    "agreed_update_day": timedelta(seconds=1),
}


async def runs_of(client: Client, reference: str) -> AsyncIterator[WorkflowHistory]:
    """The history of every run of the case's workflow, first to last: the runs it continued
    as new into, and those that reopened it."""
    runs = [run async for run in client.list_workflows(f'WorkflowId = "{reference}"')]
    for run in sorted(runs, key=lambda run: run.start_time):
        yield await client.get_workflow_handle(reference, run_id=run.run_id).fetch_history()


async def record(name: str) -> None:
    env = await start_temporal()
    try:
        with tempfile.TemporaryDirectory() as data_dir:
            async with running_stack(env.client, Path(data_dir), **RECORDING_SETTINGS) as stack:
                for journey, drive in JOURNEYS.items():
                    reference = await drive(stack)
                    await env.client.get_workflow_handle(reference).result()
                    runs = [history async for history in runs_of(env.client, reference)]
                    for number, history in enumerate(runs, start=1):
                        suffix = f"-run{number}" if len(runs) > 1 else ""
                        path = HERE / f"{name}-{journey}{suffix}.json"
                        path.write_text(history.to_json())
                        print(f"recorded {path.relative_to(HERE.parent.parent)}")
    finally:
        await env.shutdown()


if __name__ == "__main__":
    asyncio.run(record(sys.argv[1] if len(sys.argv) > 1 else "current"))
