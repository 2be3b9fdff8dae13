"""Scale-out on one machine: two replicas of every service and two workers, each a real process,
on one PostgreSQL server and one Temporal server, driven by many contacts at once.

Every case completes once, crime numbers and contact references are unique and gap-free,
nothing is lost. Clients spread their calls over both replicas of a service (round robin
over an `ipv4:` address list, as over a headless Service's DNS name in Kubernetes), and
replicas starting together migrate their schema in turn.

Throughput is measured a worker at a time: the same number of contacts with one worker,
then again with a second worker added to the same services, PostgreSQL and Temporal server,
and the gain per added worker is printed (README, "Capacity for England and Wales").
"""

from __future__ import annotations

import asyncio
import os
import socket
import statistics
import time
import uuid
from collections import defaultdict
from collections.abc import AsyncIterator, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import psutil
import pytest
from temporalio.api.enums.v1 import TaskQueueType
from temporalio.api.taskqueue.v1 import TaskQueue
from temporalio.api.workflowservice.v1 import DescribeTaskQueueRequest
from temporalio.testing import WorkflowEnvironment

from bench.process_usage import cpu_spent, usage_of
from contact101.runtime.config import SERVICE_NAMES, Settings
from contact101.v1 import case_pb2, intake_pb2, review_pb2
from deploy.local_stack import Child, spawn, stop_all, wait_until_ready, wait_until_serving
from deploy.process_stack import free_port
from deploy.processes import SERVICES, WORKER
from tests.postgres import PostgresServer
from tests.stack import Stack, count_rows, eventually, phone_theft

pytestmark = pytest.mark.slow

REPLICAS = 2
WORKERS = 2  # added one at a time, a timed phase with each count
WARM_UP = 5  # contacts before each timed phase, so that it does not time a new worker's first cases
PER_PHASE = 60  # contacts timed with each worker count; the queue is read once a second, so ±1 s a phase
CONTACTS = WORKERS * (WARM_UP + PER_PHASE)
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
    environment: dict[str, str]
    logs: Path

    @property
    def workers(self) -> list[Child]:
        return [process for process in self.processes if process.name.startswith("worker")]

    async def add_worker(self) -> None:
        """One more worker process, once Temporal has seen it poll for the cases' workflow tasks."""
        worker = spawn(f"worker-{len(self.workers)}", WORKER.command(), self.logs, self.environment)
        self.processes.append(worker)
        request = DescribeTaskQueueRequest(
            namespace=self.stack.temporal.namespace,
            task_queue=TaskQueue(name=self.stack.settings.task_queue),
            task_queue_type=TaskQueueType.TASK_QUEUE_TYPE_WORKFLOW,
        )

        async def polling() -> bool:
            described = await self.stack.temporal.workflow_service.describe_task_queue(request)
            return any(poller.identity == identity_of(worker) for poller in described.pollers)

        await wait_until_ready(worker, polling)


def identity_of(worker: Child) -> str:
    """The identity a worker process gives Temporal (the SDK's default: pid@host)."""
    return f"{worker.process.pid}@{socket.gethostname()}"


@pytest.fixture
async def scaled_out(
    postgres: PostgresServer, temporal_env: WorkflowEnvironment, tmp_path: Path
) -> AsyncIterator[ScaledOut]:
    """The system with REPLICAS processes per service and no worker yet."""
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
        stack = Stack(settings=settings, temporal=temporal_env.client)
        try:
            yield ScaledOut(stack, started, environment, tmp_path)
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


@dataclass(frozen=True)
class Phase:
    """One timed batch of contacts with a given number of workers."""

    workers: int
    results: list[tuple[str, float]]  # each case's reference and seconds to the verification queue
    seconds: float
    worker_cpu_seconds: float  # of every worker process together
    service_cpu_seconds: float  # of every service replica together
    machine_busy: float  # the share of every core's time spent busy, by any process on the machine

    @property
    def cases_per_second(self) -> float:
        return len(self.results) / self.seconds

    def describe(self, previous: Phase | None) -> str:
        added = ""
        if previous is not None:
            gain = (self.cases_per_second - previous.cases_per_second) / (self.workers - previous.workers)
            added = f" ({gain:+.1f} cases/s, {gain / previous.cases_per_second:+.0%}, per added worker)"
        return (
            f"  {self.workers} worker{'s' if self.workers > 1 else ''}: {len(self.results)} cases in "
            f"{self.seconds:.1f}s, {self.cases_per_second:.1f} cases/s{added}; CPU ms per case: workers "
            f"{1000 * self.worker_cpu_seconds / len(self.results):.0f}, services "
            f"{1000 * self.service_cpu_seconds / len(self.results):.0f}; machine {self.machine_busy:.0%} busy"
        )


async def test_replicas_and_workers_complete_every_case_once_with_gap_free_numbers(
    scaled_out: ScaledOut,
) -> None:
    stack = scaled_out.stack
    slots = asyncio.Semaphore(AT_ONCE)
    queue = VerificationQueue(stack)

    async def limited(n: int) -> tuple[str, float]:
        async with slots:
            return await work_one_case(stack, queue, n)

    async def contacts(numbers: range) -> list[tuple[str, float]]:
        return list(await asyncio.gather(*(limited(n) for n in numbers)))

    async def timed(numbers: range) -> Phase:
        pids = {process.name: process.process.pid for process in scaled_out.processes}
        before = usage_of(pids)
        psutil.cpu_percent()  # the machine's busy share from here
        began = time.monotonic()
        results = await contacts(numbers)
        seconds = time.monotonic() - began
        busy = psutil.cpu_percent() / 100
        spent = cpu_spent(before, usage_of(pids))
        workers = sum(cpu for name, cpu in spent.items() if name.startswith("worker"))
        services = sum(cpu for name, cpu in spent.items() if not name.startswith("worker"))
        return Phase(len(scaled_out.workers), results, seconds, workers, services, busy)

    phases: list[Phase] = []
    warm_ups: list[tuple[str, float]] = []
    async with asyncio.TaskGroup() as group:  # a failing queue reader fails the test at once
        watching = group.create_task(queue.watch())
        for phase_number in range(WORKERS):
            await scaled_out.add_worker()
            first = phase_number * (WARM_UP + PER_PHASE)
            warm_ups += await contacts(range(first, first + WARM_UP))
            phases.append(await timed(range(first + WARM_UP, first + WARM_UP + PER_PHASE)))
        watching.cancel()
    results = warm_ups + [result for phase in phases for result in phase.results]

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
    last = phases[-1]
    completed_by = {
        event.workflow_task_completed_event_attributes.identity
        for reference, _ in last.results
        for event in (await stack.temporal.get_workflow_handle(reference).fetch_history()).events
        if event.HasField("workflow_task_completed_event_attributes")
    }
    assert completed_by == {identity_of(worker) for worker in scaled_out.workers}, "a worker took no cases"

    waits = sorted(wait for _, wait in results)
    print(
        f"\nscale-out: {CONTACTS} cases ({len(range(0, CONTACTS, RETRIED))} created twice at once), "
        f"{AT_ONCE} in flight, {REPLICAS} replicas per service, PostgreSQL, one Temporal dev server, "
        f"{psutil.cpu_count()} cores (load average {psutil.getloadavg()[0]:.1f} at the end); "
        f"with each worker count {WARM_UP} to warm up, then {PER_PHASE} timed:"
    )
    for index, phase in enumerate(phases):
        print(phase.describe(phases[index - 1] if index else None))
    print(
        f"  from recording to the verification queue p50 {statistics.median(waits):.2f}s, "
        f"p95 {waits[int(0.95 * len(waits)) - 1]:.2f}s, max {waits[-1]:.2f}s"
    )
