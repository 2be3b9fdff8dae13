"""Scale-out on one machine: two replicas of every service and two workers, each a real process,
on one PostgreSQL server and one Temporal server, driven by many contacts at once.

Every case completes once, crime numbers and contact references are unique and gap-free,
nothing is lost. Clients spread their calls over both replicas of a service (round robin
over an `ipv4:` address list, as over a headless Service's DNS name in Kubernetes), and
replicas starting together migrate their schema in turn.
"""

from __future__ import annotations

import asyncio
import os
import statistics
import time
import uuid
from collections import defaultdict
from collections.abc import AsyncIterator, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import pytest
from temporalio.testing import WorkflowEnvironment

from contact101.runtime.config import SERVICE_NAMES, Settings
from contact101.v1 import case_pb2, intake_pb2, review_pb2
from deploy.local_stack import Child, spawn, stop_all, wait_until_serving
from deploy.process_stack import free_port
from deploy.processes import SERVICES, WORKER
from tests.postgres import PostgresServer
from tests.stack import Stack, count_rows, eventually, phone_theft

pytestmark = pytest.mark.slow

REPLICAS = 2
WORKERS = 2
CONTACTS = 100
AT_ONCE = 25  # contacts in flight together
RETRIED = 4  # every RETRIED-th contact is sent twice at once (a client's retry)


@contextmanager
def processes() -> Iterator[list[Child]]:
    """Processes started into the list are stopped (SIGTERM, then SIGKILL) on the way out."""
    started: list[Child] = []
    try:
        yield started
    finally:
        stop_all(started)


@dataclass
class ScaledOut:
    stack: Stack
    processes: list[Child]


@pytest.fixture
async def scaled_out(
    postgres: PostgresServer, temporal_env: WorkflowEnvironment, tmp_path: Path
) -> AsyncIterator[ScaledOut]:
    """The system with REPLICAS processes per service and WORKERS worker processes."""
    ports = {service: [free_port() for _ in range(REPLICAS)] for service in SERVICE_NAMES}
    configured = {
        "data_dir": str(tmp_path),
        "temporal_target": temporal_env.client.service_client.config.target_host,
        "task_queue": f"scale-out-{uuid.uuid4()}",
        "database_url": postgres.create_database("scale_out"),
        "database_setup": "migrate",
        "telemetry_exporter": "none",
        **{
            f"{service}_address": "ipv4:" + ",".join(f"127.0.0.1:{port}" for port in ports[service])
            for service in SERVICE_NAMES
        },
    }
    settings = Settings.model_validate(configured)
    environment = {name: value for name, value in os.environ.items() if not name.startswith("CONTACT101_")}
    environment.update({f"CONTACT101_{name.upper()}": value for name, value in configured.items()})
    with processes() as started:
        for service in SERVICES:
            for replica, port in enumerate(ports[service.name]):
                listen = {**environment, "CONTACT101_LISTEN_ADDRESS": f"127.0.0.1:{port}"}
                started.append(spawn(f"{service.name}-{replica}", service.command(), tmp_path, listen))
        for process, address in zip(
            started,
            [f"127.0.0.1:{port}" for service in SERVICE_NAMES for port in ports[service]],
            strict=True,
        ):
            await wait_until_serving(address, process, settings)
        for worker in range(WORKERS):
            started.append(spawn(f"worker-{worker}", WORKER.command(), tmp_path, environment))
        stack = Stack(settings=settings, temporal=temporal_env.client)
        try:
            yield ScaledOut(stack, started)
        finally:
            await stack.close_channels()
        assert all(process.process.poll() is None for process in started), "a process died under load"


class VerificationQueue:
    """The supervisors' queue, read as a supervisor would (one page a second for every case)
    rather than each case asking Temporal for itself many times a second."""

    def __init__(self, stack: Stack) -> None:
        self._stack = stack
        self._arrivals: dict[str, asyncio.Event] = defaultdict(asyncio.Event)

    async def arrival(self, reference: str) -> None:
        await asyncio.wait_for(self._arrivals[reference].wait(), timeout=180)

    async def watch(self) -> None:
        request = review_pb2.ListAwaitingVerificationRequest(limit=1000)
        while True:
            queue = await self._stack.review("sgt.scale").ListAwaitingVerification(request)
            for item in queue.items:
                self._arrivals[item.reference].set()
            await asyncio.sleep(1.0)


async def work_one_case(stack: Stack, queue: VerificationQueue, n: int) -> tuple[str, float]:
    """Record a contact (twice at once when it is a retried one), approve it once it is queued
    for verification; its reference and the seconds from recording to the queue."""
    request = intake_pb2.CreateContactRequest(request_id=str(uuid.uuid4()), contact=phone_theft())
    officer = stack.intake(f"pc.{n % 7}")
    began = time.monotonic()
    copies = 2 if n % RETRIED == 0 else 1
    created = await asyncio.gather(*(officer.CreateContact(request) for _ in range(copies)))
    assert len({response.reference for response in created}) == 1, "a retried create made two cases"
    reference = created[0].reference
    await queue.arrival(reference)
    waited = time.monotonic() - began

    async def case() -> case_pb2.CaseView:
        return await stack.intake("pc.reader").GetCase(intake_pb2.GetCaseRequest(reference=reference))

    awaiting = case_pb2.CASE_STATUS_AWAITING_VERIFICATION
    await eventually(case, lambda view: view.status == awaiting, within=60, every=0.5)
    approved = await stack.review("sgt.scale").Approve(review_pb2.ApproveRequest(reference=reference))
    assert approved.status == case_pb2.CASE_STATUS_CLOSED
    return reference, waited


async def test_replicas_and_workers_complete_every_case_once_with_gap_free_numbers(
    scaled_out: ScaledOut,
) -> None:
    stack = scaled_out.stack
    slots = asyncio.Semaphore(AT_ONCE)
    queue = VerificationQueue(stack)

    async def limited(n: int) -> tuple[str, float]:
        async with slots:
            return await work_one_case(stack, queue, n)

    began = time.monotonic()
    async with asyncio.TaskGroup() as group:  # a failing queue reader fails the test at once
        watching = group.create_task(queue.watch())
        cases = [group.create_task(limited(n)) for n in range(CONTACTS)]
        await asyncio.wait(cases)
        watching.cancel()
    elapsed = time.monotonic() - began
    results = [case.result() for case in cases]

    references = sorted(reference for reference, _ in results)
    day = datetime.now(UTC).strftime("%Y%m%d")
    assert references == [f"101-{day}-{n:04d}" for n in range(1, CONTACTS + 1)]

    views = [
        await stack.intake("pc.reader").GetCase(intake_pb2.GetCaseRequest(reference=reference))
        for reference in references
    ]
    assert all(view.status == case_pb2.CASE_STATUS_CLOSED for view in views)
    for view in views:
        actions = [entry.action for entry in view.history]
        assert actions.count("decide") == 1 and actions.count("approve") == 1, actions
    crime_numbers = sorted(view.crime.crime_number for view in views)
    year = datetime.now(UTC).year
    assert crime_numbers == [f"CR-{year}-{n:06d}" for n in range(1, CONTACTS + 1)]

    settings = stack.settings
    assert count_rows(settings, "intake", "contacts") == CONTACTS
    assert count_rows(settings, "crime", "crime_decisions") == CONTACTS
    assert count_rows(settings, "crime", "crime_numbers") == CONTACTS
    assert count_rows(settings, "review", "reviews") == CONTACTS
    workflows = [w async for w in stack.temporal.list_workflows(f"TaskQueue = '{settings.task_queue}'")]
    assert sorted(w.id for w in workflows) == references

    for process in scaled_out.processes:
        if not process.name.startswith("worker"):
            assert "rpc " in process.log.read_text(), f"{process.name} was never called"

    waits = sorted(wait for _, wait in results)
    print(
        f"\nscale-out: {CONTACTS} cases ({CONTACTS // RETRIED} created twice at once), {AT_ONCE} in flight, "
        f"{REPLICAS} replicas per service, {WORKERS} workers, PostgreSQL: {elapsed:.1f}s, "
        f"{CONTACTS / elapsed:.1f} cases/s; from recording to the verification queue "
        f"p50 {statistics.median(waits):.2f}s, p95 {waits[int(0.95 * len(waits)) - 1]:.2f}s, "
        f"max {waits[-1]:.2f}s"
    )
