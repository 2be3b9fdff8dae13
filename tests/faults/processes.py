"""Contact101 as real processes on loopback, for fault tests: the Temporal dev server (SQLite
file), the four services and a worker, each started, killed, frozen, stopped or restarted
on its own. Every process gets CONTACT101_* settings pointing at a temporary data folder
and free ports; its output goes to data/logs/NAME.log.
"""

from __future__ import annotations

import asyncio
import os
import signal
import socket
import sys
import time
from collections.abc import Awaitable, Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

import grpc
from temporalio.client import Client

from contact101.auth import issue_token
from contact101.config import SERVICE_NAMES, Settings
from contact101.dev_server import dev_server_command
from contact101.grpc_client import open_channel
from contact101.temporal_client import connect_temporal
from contact101.v1 import common_pb2, intake_pb2, intake_pb2_grpc, review_pb2, review_pb2_grpc
from deploy.local_stack import STOP_TIMEOUT_SECONDS, Child, spawn, stop_all, wait_until_serving
from tests.faults.records import cases_not_exactly_once, personal_data_written_out


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def stack_environment(data_dir: Path) -> dict[str, str]:
    """This process's environment without CONTACT101_*, plus a data folder and free ports."""
    environment = {key: value for key, value in os.environ.items() if not key.startswith("CONTACT101_")}
    environment.update(
        {
            "CONTACT101_DATA_DIR": str(data_dir),
            "CONTACT101_TEMPORAL_TARGET": f"127.0.0.1:{free_port()}",
            "CONTACT101_TEMPORAL_UI_PORT": str(free_port()),
            **{f"CONTACT101_{name.upper()}_ADDRESS": f"127.0.0.1:{free_port()}" for name in SERVICE_NAMES},
        }
    )
    return environment


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
class ProcessStack:
    environment: dict[str, str]
    settings: Settings
    children: dict[str, Child] = field(default_factory=dict)
    faults: list[str] = field(default_factory=list)
    figures: list[Figures] = field(default_factory=list)

    @classmethod
    def in_folder(cls, data_dir: Path) -> ProcessStack:
        environment = stack_environment(data_dir)
        prefix = "CONTACT101_"
        ours = {
            key.removeprefix(prefix).lower(): value
            for key, value in environment.items()
            if key.startswith(prefix)
        }
        return cls(environment, Settings.model_validate(ours))

    @property
    def logs(self) -> Path:
        folder = self.settings.data_dir / "logs"
        folder.mkdir(parents=True, exist_ok=True)
        return folder

    def command(self, name: str) -> list[str]:
        if name == "temporal":
            return dev_server_command(self.settings)
        if name == "worker":
            return [sys.executable, "-m", "workflows.worker"]
        return [sys.executable, "-m", f"services.{name}.server"]

    async def start(self, name: str) -> None:
        """Start the process and, for the server and services, wait until it answers health checks."""
        child = spawn(name, self.command(name), self.logs, self.environment)
        self.children[name] = child
        if name == "temporal":
            await wait_until_serving(self.settings.temporal_target, child)
        elif name in SERVICE_NAMES:
            await wait_until_serving(self.settings.address_of(name), child, self.settings)

    async def start_all(self) -> None:
        await self.start("temporal")
        await asyncio.gather(*(self.start(name) for name in (*SERVICE_NAMES, "worker")))

    def signal(self, name: str, signum: signal.Signals) -> None:
        self.faults.append(f"{signum.name} {name}")
        self.children[name].process.send_signal(signum)

    def kill(self, name: str) -> None:
        """SIGKILL: the process dies at once, mid-whatever it was doing."""
        self.signal(name, signal.SIGKILL)
        self.children[name].process.wait(STOP_TIMEOUT_SECONDS)

    def stop(self, name: str) -> None:
        """SIGTERM: the process shuts down as it would in a deployment."""
        self.faults.append(f"SIGTERM {name}")
        stop_all([self.children[name]])

    def freeze(self, name: str) -> None:
        """SIGSTOP: the process holds its connections but answers nothing (a hung service)."""
        self.signal(name, signal.SIGSTOP)

    def thaw(self, name: str) -> None:
        self.children[name].process.send_signal(signal.SIGCONT)

    def stop_all(self) -> None:
        for child in self.children.values():
            if child.process.poll() is None:
                child.process.send_signal(signal.SIGCONT)  # a frozen process cannot stop
        stop_all(list(self.children.values()))
        self.children.clear()

    def report(self) -> str:
        lines = [str(figures) for figures in self.figures]
        cases, lost = sum(f.cases for f in self.figures), sum(f.lost for f in self.figures)
        faults = f"{len(self.faults)} faults injected ({', '.join(self.faults)})"
        lines.append(f"in all: {cases} cases, {faults}, {lost} lost")
        return "\nfault figures:\n  " + "\n  ".join(lines)

    async def temporal(self) -> Client:
        return await connect_temporal(self.settings)


@dataclass
class Caller:
    """A user of the stack over gRPC, as the CLI would be."""

    stack: ProcessStack
    user: str
    role: str

    def channel(self, service: str) -> grpc.aio.Channel:
        token = issue_token(self.stack.settings, self.user, self.role)
        return open_channel(self.stack.settings.address_of(service), lambda: token, self.stack.settings)

    async def create(self, request: intake_pb2.CreateContactRequest) -> str:
        async with self.channel("intake") as channel:
            response = await intake_pb2_grpc.IntakeServiceStub(channel).CreateContact(request, timeout=30)
        return response.reference

    async def case(self, reference: str) -> common_pb2.CaseView:
        async with self.channel("intake") as channel:
            return await intake_pb2_grpc.IntakeServiceStub(channel).GetCase(
                intake_pb2.GetCaseRequest(reference=reference), timeout=10
            )

    async def approve(self, reference: str, within: float = 30) -> common_pb2.CaseView:
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
    caller: Caller, references: Iterable[str], statuses: set[common_pb2.CaseStatus.ValueType]
) -> bool:
    """Whether every case is in one of statuses; a case that cannot answer yet is not."""
    try:
        cases = await asyncio.gather(*(caller.case(reference) for reference in references))
    except grpc.aio.AioRpcError as error:
        if error.code() in (grpc.StatusCode.UNAVAILABLE, grpc.StatusCode.DEADLINE_EXCEEDED):
            return False
        raise
    return all(case.status in statuses for case in cases)


async def see_cases_through(stack: ProcessStack, references: list[str], within: float) -> tuple[float, int]:
    """Wait for the cases to await verification, approve each; the seconds that took and how
    many cases were lost (not closed, or without exactly one record of each kind). Checks on
    the way that no process wrote the cases' personal data to its log or traces."""
    officer = Caller(stack, "pc.fault", "contact_officer")
    supervisor = Caller(stack, "sgt.fault", "supervisor")
    awaiting = {common_pb2.CASE_STATUS_AWAITING_VERIFICATION}
    seconds = await until(
        lambda: all_in_status(officer, references, awaiting), within, "cases awaiting verification"
    )
    closed = [await supervisor.approve(reference) for reference in references]
    not_closed = {case.reference for case in closed if case.status != common_pb2.CASE_STATUS_CLOSED}
    assert personal_data_written_out(stack.settings) == [], "no personal data in logs or traces"
    return seconds, len(not_closed | cases_not_exactly_once(stack.settings, references))
