"""Record ContactWorkflow histories for replay tests: `python -m tests.histories.record NAME`.

Run it before changing the workflow, so that the replay tests prove the change safe for
cases already running. It drives the standard journeys on a real stack and writes
tests/histories/NAME-<journey>.json.
"""

from __future__ import annotations

import asyncio
import sys
import tempfile
from collections.abc import Awaitable, Callable
from pathlib import Path

from contact101.v1 import common_pb2, intake_pb2, review_pb2
from tests.stack import Stack, create_request, eventually, phone_theft, running_stack, start_temporal

HERE = Path(__file__).resolve().parent


async def awaiting_verification(stack: Stack, reference: str, submission: int = 1) -> None:
    await eventually(
        lambda: stack.intake("pc.recorder").GetCase(intake_pb2.GetCaseRequest(reference=reference)),
        lambda case: (
            case.status == common_pb2.CASE_STATUS_AWAITING_VERIFICATION
            and case.verification.submission == submission
        ),
    )


async def approved_first_time(stack: Stack) -> str:
    created = await stack.intake("pc.recorder").CreateContact(create_request())
    await awaiting_verification(stack, created.reference)
    await stack.review("sgt.recorder").Approve(review_pb2.ApproveRequest(reference=created.reference))
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
    return created.reference


JOURNEYS: dict[str, Callable[[Stack], Awaitable[str]]] = {
    "approved": approved_first_time,
    "returned-amended-approved": returned_amended_approved,
}


async def record(name: str) -> None:
    env = await start_temporal()
    try:
        with tempfile.TemporaryDirectory() as data_dir:
            async with running_stack(env.client, Path(data_dir)) as stack:
                for journey, drive in JOURNEYS.items():
                    reference = await drive(stack)
                    handle = env.client.get_workflow_handle(reference)
                    await handle.result()
                    history = await handle.fetch_history()
                    path = HERE / f"{name}-{journey}.json"
                    path.write_text(history.to_json())
                    print(f"recorded {path.relative_to(HERE.parent.parent)}")
    finally:
        await env.shutdown()


if __name__ == "__main__":
    asyncio.run(record(sys.argv[1] if len(sys.argv) > 1 else "current"))
