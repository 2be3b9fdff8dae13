"""Contact101 as real processes on loopback, for fault tests: the Temporal dev server (SQLite
file), the four services and a worker, each started, killed, frozen, stopped or restarted
on its own. Every process gets CONTACT101_* settings pointing at a temporary data folder
and free ports; its output goes to data/logs/NAME.log.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable, Iterable
from dataclasses import dataclass, field

import grpc

from contact101.rpc.auth import issue_token
from contact101.rpc.channels import open_channel
from contact101.v1 import case_pb2, intake_pb2, intake_pb2_grpc, review_pb2, review_pb2_grpc
from deploy.process_stack import ProcessStack
from tests.faults.records import cases_not_exactly_once, personal_data_written_out


@dataclass(frozen=True)
class Figures:
    """What one fault test did and found."""

    test: str
    cases: int
    faults: int
    lost: int
    seconds: float

    def __str__(self) -> str:
        return (
            f"{self.test}: {self.cases} cases, {self.faults} faults injected, "
            f"{self.lost} cases lost, {self.seconds:.1f}s"
        )


@dataclass
class FaultStack(ProcessStack):
    """The process stack of a fault test, with what each test did and found."""

    figures: list[Figures] = field(default_factory=list)

    def report(self) -> str:
        lines = [str(figures) for figures in self.figures]
        cases, lost = sum(f.cases for f in self.figures), sum(f.lost for f in self.figures)
        faults = f"{len(self.faults)} faults injected ({', '.join(self.faults)})"
        lines.append(f"in all: {cases} cases, {faults}, {lost} lost")
        return "\nfault figures:\n  " + "\n  ".join(lines)


@dataclass
class Caller:
    """A user of the stack over gRPC, as the CLI would be."""

    stack: FaultStack
    user: str
    role: str

    def channel(self, service: str) -> grpc.aio.Channel:
        token = issue_token(self.stack.settings, self.user, self.role)
        return open_channel(self.stack.settings.address_of(service), lambda: token, self.stack.settings)

    async def create(self, request: intake_pb2.CreateContactRequest) -> str:
        async with self.channel("intake") as channel:
            response = await intake_pb2_grpc.IntakeServiceStub(channel).CreateContact(request, timeout=30)
        return response.reference

    async def case(self, reference: str) -> case_pb2.CaseView:
        async with self.channel("intake") as channel:
            return await intake_pb2_grpc.IntakeServiceStub(channel).GetCase(
                intake_pb2.GetCaseRequest(reference=reference), timeout=10
            )

    async def approve(self, reference: str, within: float = 30) -> case_pb2.CaseView:
        async with self.channel("review") as channel:
            return await review_pb2_grpc.ReviewServiceStub(channel).Approve(
                review_pb2.ApproveRequest(reference=reference), timeout=within
            )


async def until(condition: Callable[[], Awaitable[bool]], within: float, what: str) -> float:
    """Wait until condition() holds; the seconds it took. Fails after `within` seconds."""
    started = time.monotonic()
    while not await condition():
        if time.monotonic() - started > within:
            raise AssertionError(f"{what}: not within {within:.0f}s")
        await asyncio.sleep(0.25)
    return time.monotonic() - started


async def all_in_status(
    caller: Caller, references: Iterable[str], statuses: set[case_pb2.CaseStatus.ValueType]
) -> bool:
    """Whether every case is in one of statuses; a case that cannot answer yet is not."""
    try:
        cases = await asyncio.gather(*(caller.case(reference) for reference in references))
    except grpc.aio.AioRpcError as error:
        if error.code() in (grpc.StatusCode.UNAVAILABLE, grpc.StatusCode.DEADLINE_EXCEEDED):
            return False
        raise
    return all(case.status in statuses for case in cases)


async def see_cases_through(stack: FaultStack, references: list[str], within: float) -> tuple[float, int]:
    """Wait for the cases to await verification, approve each; the seconds that took and how
    many cases were lost (not closed, or without exactly one record of each kind). Checks on
    the way that no process wrote the cases' personal data to its log or traces."""
    officer = Caller(stack, "pc.fault", "contact_officer")
    supervisor = Caller(stack, "sgt.fault", "supervisor")
    awaiting = {case_pb2.CASE_STATUS_AWAITING_VERIFICATION}
    seconds = await until(
        lambda: all_in_status(officer, references, awaiting), within, "cases awaiting verification"
    )
    closed = [await supervisor.approve(reference) for reference in references]
    not_closed = {case.reference for case in closed if case.status != case_pb2.CASE_STATUS_CLOSED}
    assert personal_data_written_out(stack.settings) == [], "no personal data in logs or traces"
    return seconds, len(not_closed | cases_not_exactly_once(stack.settings, references))
