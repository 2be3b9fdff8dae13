"""The worker stops answering (SIGSTOP) while a supervisor approves a case, for longer than
Temporal holds an Update's call: the approval waits, and once the worker is back it is
carried out once and the supervisor gets the approved case, not an error."""

from __future__ import annotations

import asyncio
import time

from contact101.v1 import case_pb2, common_pb2
from tests.faults.processes import Caller, FaultStack, Figures, all_in_status, until
from tests.stack import create_request

FROZEN_SECONDS = 40  # Temporal gives up on an Update's call after about 30 s


async def test_an_approval_waits_out_a_frozen_worker_and_is_carried_out_once(processes: FaultStack) -> None:
    started = time.monotonic()
    officer = Caller(processes, "pc.fault", "contact_officer")
    supervisor = Caller(processes, "sgt.fault", "supervisor")
    reference = await officer.create(create_request())
    awaiting = {case_pb2.CASE_STATUS_AWAITING_VERIFICATION}
    await until(lambda: all_in_status(officer, [reference], awaiting), 60, "the case awaiting verification")

    processes.freeze("worker")
    try:
        approving = asyncio.create_task(supervisor.approve(reference, within=FROZEN_SECONDS + 60))
        await asyncio.sleep(FROZEN_SECONDS)
        assert not approving.done(), "the approval waits for the worker"
    finally:
        processes.thaw("worker")
    approved = await approving

    assert approved.status == case_pb2.CASE_STATUS_CLOSED
    approvals = [entry for entry in approved.history if entry.action == "approve"]
    assert [(entry.actor_id, entry.actor_role) for entry in approvals] == [
        ("sgt.fault", common_pb2.ROLE_SUPERVISOR)
    ]
    processes.figures.append(
        Figures("worker SIGSTOP during an approval", 1, 1, 0, time.monotonic() - started)
    )
