"""200 creates at once, one in ten repeating another's request id: exactly one contact and
one case workflow per request id."""

from __future__ import annotations

import asyncio
import random
import sqlite3
import time

from temporalio.client import WorkflowExecutionStatus

from contact101.v1 import intake_pb2
from tests.faults.processes import Caller, FaultStack, Figures
from tests.stack import create_request

CREATES = 200
DUPLICATES = CREATES // 10


def contacts_with_request_ids(processes: FaultStack, request_ids: set[str]) -> int:
    marks = ", ".join("?" for _ in request_ids)
    with sqlite3.connect(processes.settings.data_dir / "intake.db") as connection:
        row = connection.execute(
            f"select count(*) from contacts where request_id in ({marks})", tuple(request_ids)
        )
        return int(row.fetchone()[0])


async def test_concurrent_creates_with_repeated_request_ids_give_one_case_each(
    processes: FaultStack,
) -> None:
    started = time.monotonic()
    officer = Caller(processes, "pc.load", "contact_officer")
    unique = [create_request() for _ in range(CREATES - DUPLICATES)]
    requests: list[intake_pb2.CreateContactRequest] = unique + random.sample(unique, DUPLICATES)
    random.shuffle(requests)

    references = await asyncio.gather(*(officer.create(request) for request in requests))
    answered_in = time.monotonic() - started
    by_request: dict[str, set[str]] = {request.request_id: set() for request in requests}
    for request, reference in zip(requests, references, strict=True):
        by_request[request.request_id].add(reference)
    assert all(len(found) == 1 for found in by_request.values()), "a repeated request id gives the same case"
    cases = set(references)
    assert len(cases) == CREATES - DUPLICATES
    assert contacts_with_request_ids(processes, set(by_request)) == len(cases)

    temporal = await processes.temporal()
    handles = [temporal.get_workflow_handle(reference) for reference in cases]
    described = await asyncio.gather(*(handle.describe() for handle in handles))
    running = [d for d in described if d.status == WorkflowExecutionStatus.RUNNING]
    # The cases' work is not what this test measures: stop it rather than load the next tests.
    await asyncio.gather(*(handle.terminate(reason="load test done") for handle in handles))

    lost = len(cases) - len(running)
    processes.figures.append(
        Figures(
            f"{CREATES} concurrent creates, {DUPLICATES} repeats",
            len(cases),
            0,
            lost,
            time.monotonic() - started,
        )
    )
    print(f"\n{CREATES} concurrent creates answered in {answered_in:.1f}s")
    assert lost == 0
