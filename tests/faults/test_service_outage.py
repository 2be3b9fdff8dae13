"""A service is down for a minute with cases in flight: activities retry with backoff (not
a storm of calls) and every case completes once it is back."""

from __future__ import annotations

import asyncio
import json
import time

import pytest

from contact101.v1 import case_pb2
from tests.faults.processes import Caller, FaultStack, Figures, all_in_status, see_cases_through, until
from tests.stack import create_request

CASES = 5
OUTAGE_SECONDS = 60


def failed_attempts(processes: FaultStack, activity_type: str, references: list[str]) -> list[int]:
    """The last failed attempt of activity_type for each case, as the worker logged it."""
    last: dict[str, int] = dict.fromkeys(references, 0)
    for line in (processes.logs / "worker.log").read_text().splitlines():
        failure = json.loads(line).get("temporal_activity", {}) if line.startswith("{") else {}
        if failure.get("activity_type") == activity_type and failure.get("workflow_id") in last:
            last[failure["workflow_id"]] = max(last[failure["workflow_id"]], failure["attempt"])
    return [last[reference] for reference in references]


@pytest.mark.slow
async def test_cases_wait_out_a_service_outage_and_then_complete(processes: FaultStack) -> None:
    started = time.monotonic()
    officer = Caller(processes, "pc.fault", "contact_officer")
    processes.stop("crime")
    references = list(await asyncio.gather(*(officer.create(create_request()) for _ in range(CASES))))
    deciding = {case_pb2.CASE_STATUS_DECIDING_CRIME}
    await until(lambda: all_in_status(officer, references, deciding), 30, "cases at the crime decision")
    await asyncio.sleep(OUTAGE_SECONDS - (time.monotonic() - started))

    attempts = failed_attempts(processes, "decide_crime", references)
    print(f"\ndecide_crime attempts after {OUTAGE_SECONDS}s down: {attempts}")
    assert all(3 <= attempt <= 10 for attempt in attempts), "retried with backoff: 1, 2, 4, 8, 16, 30 s apart"

    await processes.start("crime")
    _, lost = await see_cases_through(processes, references, within=60)
    processes.figures.append(Figures("crime service down 60 s", CASES, 1, lost, time.monotonic() - started))
    assert lost == 0
