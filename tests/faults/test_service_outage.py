"""A service is down for a minute with cases in flight: activities retry with backoff (not
a storm of calls) and every case completes once it is back."""

from __future__ import annotations

import asyncio
import time

import pytest

from contact101.v1 import common_pb2
from tests.faults.processes import Caller, Figures, ProcessStack, all_in_status, see_cases_through, until
from tests.stack import create_request

CASES = 5
OUTAGE_SECONDS = 60


@pytest.mark.slow
async def test_cases_wait_out_a_service_outage_and_then_complete(processes: ProcessStack) -> None:
    started = time.monotonic()
    officer = Caller(processes, "pc.fault", "contact_officer")
    processes.stop("crime")
    references = list(await asyncio.gather(*(officer.create(create_request()) for _ in range(CASES))))
    deciding = {common_pb2.CASE_STATUS_DECIDING_CRIME}
    await until(lambda: all_in_status(officer, references, deciding), 30, "cases at the crime decision")
    await asyncio.sleep(OUTAGE_SECONDS - (time.monotonic() - started))

    temporal = await processes.temporal()
    attempts = []
    for reference in references:
        description = await temporal.get_workflow_handle(reference).describe()
        [pending] = description.raw_description.pending_activities
        assert pending.activity_type.name == "decide_crime"
        assert pending.last_failure.application_failure_info.type == "UNAVAILABLE"
        attempts.append(pending.attempt)
    print(f"\ndecide_crime attempts after {OUTAGE_SECONDS}s down: {attempts}")
    assert all(3 <= attempt <= 10 for attempt in attempts), "retried with backoff: 1, 2, 4, 8, 16, 30 s apart"

    await processes.start("crime")
    _, lost = await see_cases_through(processes, references, within=60)
    processes.figures.append(Figures("crime service down 60 s", CASES, 1, lost, time.monotonic() - started))
    assert lost == 0
