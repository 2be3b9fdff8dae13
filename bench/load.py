"""Load on a running Contact101: contacts created over gRPC, a scripted supervisor approving them.

Closed loop (a fixed number of contacts in flight, each created, then approved when it
reaches the verification queue) measures throughput; open loop (contacts created at a
fixed arrival rate, whatever the system does) measures the create-contact RPC's latency.
"""

from __future__ import annotations

import asyncio
import contextlib
import time
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import TypeVar

import grpc

from contact101.rpc.auth import issue_token
from contact101.rpc.channels import open_channel
from contact101.runtime.config import Settings
from contact101.v1 import common_pb2, intake_pb2, intake_pb2_grpc, review_pb2, review_pb2_grpc
from desk.supervisor_pages import QUEUE_SHOWN
from workflows.case_client import UPDATE_ASKS

T = TypeVar("T")
# A refused approval, or a queue stream that ended, is tried again after this pause.
RETRY_SECONDS = 0.5
RPC_TIMEOUT_SECONDS = 60.0
# Review asks Temporal for an approval's outcome up to UPDATE_ASKS times, each ask answered
# within about 30 s: the supervisor waits for all of them rather than give up before review.
APPROVE_TIMEOUT_SECONDS = UPDATE_ASKS * 30.0 + RPC_TIMEOUT_SECONDS
# How long a case may take to be approved before the run is given up: on a slow machine the
# last approvals of a burst wait minutes.
APPROVED_WITHIN_SECONDS = 900.0
# People reporting: a pool smaller than the contacts, so that repeat victims and repeat
# locations turn up as they would in a force's history (the repeat search has work to do).
PEOPLE = 2_000
STREETS = 300


def contact(number: int) -> intake_pb2.CreateContactRequest:
    """The number-th contact of a run: a theft with a victim and a line of enquiry."""
    person, street = number % PEOPLE, number % STREETS
    details = common_pb2.ContactDetails(
        channel=common_pb2.CHANNEL_PHONE,
        caller=common_pb2.Person(
            name=f"Bench Caller {person}",
            date_of_birth=f"19{50 + person % 50:02d}-0{1 + person % 9}-1{person % 10}",
            phone=f"07700 9{person:05d}",
            postcode="LS1 4AP",
        ),
        caller_is_victim=True,
        what_happened="My phone was stolen from my table at the cafe while I was paying",
        location=f"{street} Briggate, Leeds",
        location_postcode="LS1 6HD",
        suspects=[common_pb2.Suspect(description="man in a red hoodie, about 20")],
        lines_of_enquiry=[
            common_pb2.LineOfEnquiry(kind=common_pb2.LINE_OF_ENQUIRY_KIND_CCTV, detail="cafe CCTV")
        ],
    )
    details.occurred_at.FromDatetime(datetime.now(UTC) - timedelta(hours=2))
    return intake_pb2.CreateContactRequest(request_id=str(uuid.uuid4()), contact=details)


@dataclass
class Callers:
    """A contact officer's and a supervisor's channels, open for the whole run."""

    intake: intake_pb2_grpc.IntakeServiceAsyncStub
    review: review_pb2_grpc.ReviewServiceAsyncStub
    channels: list[grpc.aio.Channel]

    @classmethod
    def of(cls, settings: Settings) -> Callers:
        def channel(service: str, user: str, role: str) -> grpc.aio.Channel:
            token = issue_token(settings, user, role)
            return open_channel(settings.address_of(service), lambda: token, settings)

        intake = channel("intake", "pc.bench", "contact_officer")
        review = channel("review", "sgt.bench", "supervisor")
        return cls(
            intake_pb2_grpc.IntakeServiceStub(intake),
            review_pb2_grpc.ReviewServiceStub(review),
            [intake, review],
        )

    async def close(self) -> None:
        for channel in self.channels:
            await channel.close(None)


@dataclass
class ScriptedSupervisor:
    """Works the verification queue as a supervisor's desk shows it, from review's stream:
    approves each case as it arrives there, and never asks for the queue itself."""

    review: review_pb2_grpc.ReviewServiceAsyncStub
    approved: dict[str, asyncio.Future[float]] = field(default_factory=dict)
    waiting: set[str] = field(default_factory=set)  # the cases in the queue as last streamed
    taken: set[str] = field(default_factory=set)  # the cases being approved, or approved
    approvals: set[asyncio.Task[None]] = field(default_factory=set)
    refused: list[str] = field(default_factory=list)

    def expect(self, reference: str) -> asyncio.Future[float]:
        """A future that gets the moment (perf_counter) the case was approved."""
        return self.approved.setdefault(reference, asyncio.get_running_loop().create_future())

    async def approval_of(self, reference: str) -> float:
        """The moment the case was approved; an error naming the last refusals if it never is."""
        try:
            return await asyncio.wait_for(asyncio.shield(self.expect(reference)), APPROVED_WITHIN_SECONDS)
        except TimeoutError:
            refusals = "\n".join(self.refused[-5:]) or "none"
            waited = f"{APPROVED_WITHIN_SECONDS:.0f} s"
            message = f"{reference} not approved within {waited}; last refusals:\n{refusals}"
            raise RuntimeError(message) from None

    async def work(self) -> None:
        """Listen to the queue for as long as the run lasts, listening again if the stream ends."""
        while True:
            stream = self.review.WatchAwaitingVerification(
                review_pb2.WatchAwaitingVerificationRequest(limit=QUEUE_SHOWN)
            )
            try:
                async for queue in stream:
                    self._arrived(queue)
            except grpc.aio.AioRpcError as error:
                self.refused.append(f"queue stream: {error.code().name} {error.details()}")
            finally:
                stream.cancel()
            await asyncio.sleep(RETRY_SECONDS)

    def _arrived(self, queue: review_pb2.VerificationQueue) -> None:
        self.waiting = {item.reference for item in queue.items}
        for reference in self.waiting - self.taken:
            self.taken.add(reference)
            approval = asyncio.create_task(self._approve(reference))
            self.approvals.add(approval)
            approval.add_done_callback(self.approvals.discard)

    async def _approve(self, reference: str) -> None:
        """Approve the case; one that cannot be approved yet is tried again after a pause, for
        as long as the stream still shows it in the queue (one that leaves it unapproved is
        taken again if it comes back)."""
        while reference in self.waiting:
            try:
                await self.review.Approve(
                    review_pb2.ApproveRequest(reference=reference), timeout=APPROVE_TIMEOUT_SECONDS
                )
            except grpc.aio.AioRpcError as error:
                self.refused.append(f"{reference}: {error.code().name} {error.details()}")
                await asyncio.sleep(RETRY_SECONDS)
                continue
            future = self.expect(reference)
            if not future.done():
                future.set_result(time.perf_counter())
            return
        self.taken.discard(reference)


@contextlib.asynccontextmanager
async def supervising(callers: Callers) -> AsyncIterator[ScriptedSupervisor]:
    supervisor = ScriptedSupervisor(callers.review)
    task = asyncio.create_task(supervisor.work())
    try:
        yield supervisor
    finally:
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task


@dataclass(frozen=True)
class ClosedLoop:
    """What a closed-loop run measured: its wall time and each case's seconds to verified."""

    seconds: float
    to_verified: list[float]

    @property
    def per_second(self) -> float:
        return len(self.to_verified) / self.seconds


async def closed_loop(
    numbers: Iterator[int], concurrency: int, one_case: Callable[[int], Awaitable[float]]
) -> ClosedLoop:
    """Run a case for each number, concurrency of them at a time."""
    durations: list[float] = []

    async def slot() -> None:
        for number in numbers:
            durations.append(await one_case(number))

    started = time.perf_counter()
    await asyncio.gather(*(slot() for _ in range(concurrency)))
    return ClosedLoop(time.perf_counter() - started, durations)


def contact_to_verified(
    callers: Callers, supervisor: ScriptedSupervisor
) -> Callable[[int], Awaitable[float]]:
    async def one_case(number: int) -> float:
        started = time.perf_counter()
        created = await callers.intake.CreateContact(contact(number), timeout=RPC_TIMEOUT_SECONDS)
        return await supervisor.approval_of(created.reference) - started

    return one_case


@dataclass(frozen=True)
class OpenLoop:
    """What an open-loop run measured: each call's latency and the rate achieved."""

    latencies: list[float]
    achieved_per_second: float


async def open_loop(
    rate: float, seconds: float, numbers: Iterator[int], call: Callable[[int], Awaitable[T]]
) -> tuple[OpenLoop, list[T]]:
    """Call at a fixed arrival rate for seconds, not waiting for one call before the next."""
    count = round(rate * seconds)
    latencies: list[float] = []

    async def timed(number: int) -> T:
        started = time.perf_counter()
        result = await call(number)
        latencies.append(time.perf_counter() - started)
        return result

    started = time.perf_counter()
    calls = []
    for index in range(count):
        await asyncio.sleep(max(0.0, started + index / rate - time.perf_counter()))
        calls.append(asyncio.create_task(timed(next(numbers))))
    issuing = time.perf_counter() - started
    results = await asyncio.gather(*calls)
    return OpenLoop(latencies, (count - 1) / issuing if count > 1 else rate), list(results)
