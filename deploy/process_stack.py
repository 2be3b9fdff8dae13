"""Contact101 as real processes on loopback, each started, killed, frozen, stopped or restarted
on its own: the Temporal dev server (SQLite file) and the processes a case needs. Every process
gets CONTACT101_* settings pointing at one data folder and free ports; its output goes to
data/logs/NAME.log. The fault tests and the benchmark run the system this way.
"""

from __future__ import annotations

import asyncio
import os
import random
import signal
import socket
from dataclasses import dataclass, field
from pathlib import Path
from typing import Self

from temporalio.client import Client

from contact101.runtime.config import SERVICE_NAMES, Settings
from contact101.temporal.client import connect_temporal
from contact101.temporal.dev_server import dev_server_command
from deploy.local_stack import STOP_TIMEOUT_SECONDS, Child, spawn, stop_all, wait_until_serving
from deploy.processes import CASE_PROCESSES, process_named

# Below Linux's ephemeral range (32768-60999), from which the kernel hands out port 0 binds and
# outgoing connections: a port chosen here is not the one another process's bind(0) gets next.
CHOSEN_PORTS = range(20_000, 32_000)


def free_port() -> int:
    """A port free on 127.0.0.1 now, chosen at random (two processes choosing at once, as two
    test processes do, rarely pick the same one)."""
    while True:
        port = random.choice(CHOSEN_PORTS)
        with socket.socket() as probe:
            try:
                probe.bind(("127.0.0.1", port))
            except OSError:
                continue
            return port


def stack_environment(data_dir: Path) -> dict[str, str]:
    """This process's environment without CONTACT101_*, plus a data folder and free ports."""
    environment = {key: value for key, value in os.environ.items() if not key.startswith("CONTACT101_")}
    environment.update(
        {
            "CONTACT101_DATA_DIR": str(data_dir),
            "CONTACT101_TEMPORAL_TARGET": f"127.0.0.1:{free_port()}",
            "CONTACT101_TEMPORAL_UI_PORT": str(free_port()),
            **{
                f"CONTACT101_{name.upper()}_ADDRESS": f"127.0.0.1:{free_port()}"
                for name in (*SERVICE_NAMES, "online_reports", "desk")
            },
        }
    )
    return environment


@dataclass
class ProcessStack:
    environment: dict[str, str]
    settings: Settings
    children: dict[str, Child] = field(default_factory=dict)
    faults: list[str] = field(default_factory=list)

    @classmethod
    def in_folder(cls, data_dir: Path) -> Self:
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

    async def start(self, name: str) -> None:
        """Start the Temporal server or one of the case's processes, and wait until it answers
        its health check if it has one."""
        if name == "temporal":
            child = spawn(name, dev_server_command(self.settings), self.logs, self.environment)
            self.children[name] = child
            await wait_until_serving(self.settings.temporal_target, child)
            return
        process = process_named(name)
        child = spawn(name, process.command(), self.logs, self.environment)
        self.children[name] = child
        if process.health == "grpc":
            await wait_until_serving(process.health_address(self.settings), child, self.settings)

    async def start_all(self) -> None:
        await self.start("temporal")
        await asyncio.gather(*(self.start(process.name) for process in CASE_PROCESSES))

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

    async def temporal(self) -> Client:
        return await connect_temporal(self.settings)
