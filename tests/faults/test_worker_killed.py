"""The worker dies (SIGKILL) while activities are in flight; a new worker finishes every case,
and no crime number, referral or verification request is made twice."""

from __future__ import annotations

import asyncio
import time

from contact101.v1 import case_pb2
from tests.faults.processes import Caller, FaultStack, Figures, all_in_status, see_cases_through, until
from tests.faults.records import distinct_crime_numbers
from tests.stack import create_request

CASES = 5


async def test_a_killed_worker_is_replaced_and_every_case_completes_exactly_once(
    processes: FaultStack,
) -> None:
    started = time.monotonic()
    officer = Caller(processes, "pc.fault", "contact_officer")
    processes.freeze("crime")  # holds every case at its crime decision, the activity in flight
    try:
        references = list(await asyncio.gather(*(officer.create(create_request()) for _ in range(CASES))))
        deciding = {case_pb2.CASE_STATUS_DECIDING_CRIME}
        await until(lambda: all_in_status(officer, references, deciding), 30, "cases at the crime decision")
        processes.kill("worker")
    finally:
        processes.thaw("crime")
    await processes.start("worker")

    _, lost = await see_cases_through(processes, references, within=90)
    processes.figures.append(Figures("worker SIGKILL mid-case", CASES, 2, lost, time.monotonic() - started))
    assert lost == 0
    assert distinct_crime_numbers(processes.settings, references) == CASES
