"""The whole system on real parts for tests: Temporal dev server, four gRPC services, a worker."""

from __future__ import annotations

import asyncio
import time
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import TypeVar

import grpc
from temporalio.client import Client
from temporalio.testing import WorkflowEnvironment

from contact101.auth import issue_token
from contact101.config import SERVICE_NAMES, Settings
from contact101.dev_server import TEMPORAL_CLI
from contact101.grpc_client import open_channel
from contact101.grpc_server import RunningServer
from contact101.v1 import common_pb2, intake_pb2, intake_pb2_grpc, review_pb2_grpc
from services.crime import server as crime_server
from services.intake import server as intake_server
from services.review import server as review_server
from services.safeguarding import server as safeguarding_server
from workflows.worker import build_worker

T = TypeVar("T")


async def start_temporal() -> WorkflowEnvironment:
    return await WorkflowEnvironment.start_local(
        dev_server_existing_path=str(TEMPORAL_CLI), dev_server_log_level="error"
    )


@dataclass
class Stack:
    settings: Settings
    temporal: Client
    servers: dict[str, RunningServer] = field(default_factory=dict)
    channels: dict[tuple[str, str, str], grpc.aio.Channel] = field(default_factory=dict)

    def channel(self, service: str, user: str, role: str) -> grpc.aio.Channel:
        """One channel per service and caller, kept open for the stack's life."""
        key = (service, user, role)
        if key not in self.channels:
            token = issue_token(self.settings, user, role)
            self.channels[key] = open_channel(self.settings.address_of(service), lambda: token)
        return self.channels[key]

    def intake(self, user: str, role: str = "contact_officer") -> intake_pb2_grpc.IntakeServiceAsyncStub:
        return intake_pb2_grpc.IntakeServiceStub(self.channel("intake", user, role))

    def review(self, user: str, role: str = "supervisor") -> review_pb2_grpc.ReviewServiceAsyncStub:
        return review_pb2_grpc.ReviewServiceStub(self.channel("review", user, role))

    async def close_channels(self) -> None:
        for channel in self.channels.values():
            await channel.close(None)


async def start_services(settings: Settings, temporal: Client) -> dict[str, RunningServer]:
    """The four services on free loopback ports."""
    loopback = "127.0.0.1:0"
    return {
        "intake": await intake_server.start(settings, loopback, temporal),
        "crime": await crime_server.start(settings, loopback),
        "safeguarding": await safeguarding_server.start(settings, loopback),
        "review": await review_server.start(settings, loopback, temporal),
    }


def with_addresses(settings: Settings, servers: dict[str, RunningServer]) -> Settings:
    return settings.model_copy(
        update={f"{name}_address": f"127.0.0.1:{servers[name].port}" for name in SERVICE_NAMES}
    )


@asynccontextmanager
async def running_stack(temporal: Client, data_dir: Path) -> AsyncIterator[Stack]:
    """Services and a worker on a task queue of their own, with SQLite files in data_dir."""
    settings = Settings(
        data_dir=data_dir,
        task_queue=f"cases-{uuid.uuid4()}",
        temporal_target=temporal.service_client.config.target_host,
    )
    servers = await start_services(settings, temporal)
    settings = with_addresses(settings, servers)
    try:
        async with build_worker(temporal, settings):
            stack = Stack(settings=settings, temporal=temporal, servers=servers)
            try:
                yield stack
            finally:
                await stack.close_channels()
    finally:
        for server in servers.values():
            await server.stop(0)


async def eventually(probe: Callable[[], Awaitable[T]], accept: Callable[[T], bool], within: float = 30) -> T:
    """probe() again and again until accept(result), or fail after `within` seconds."""
    deadline = time.monotonic() + within
    while True:
        result = await probe()
        if accept(result):
            return result
        if time.monotonic() > deadline:
            raise AssertionError(f"condition not met within {within}s; last result:\n{result}")
        await asyncio.sleep(0.1)


def phone_theft(**overrides: object) -> common_pb2.ContactDetails:
    """A typical 101 phone call: a phone stolen from the caller, with CCTV; fields may be overridden."""
    fields: dict[str, object] = {
        "channel": common_pb2.CHANNEL_PHONE,
        "caller": common_pb2.Person(
            name="Alex Example", date_of_birth="1990-04-01", phone="07700 900123", postcode="LS1 4AP"
        ),
        "caller_is_victim": True,
        "what_happened": "My phone was stolen from my table at the cafe while I was paying",
        "location": "Cafe Nero, 12 Briggate, Leeds",
        "location_postcode": "LS1 6HD",
        "suspects": [common_pb2.Suspect(description="man in a red hoodie, about 20")],
        "lines_of_enquiry": [
            common_pb2.LineOfEnquiry(kind=common_pb2.LINE_OF_ENQUIRY_KIND_CCTV, detail="cafe CCTV")
        ],
    }
    fields.update(overrides)
    contact = common_pb2.ContactDetails(**fields)  # type: ignore[arg-type]
    if "occurred_at" not in overrides:
        contact.occurred_at.FromDatetime(datetime.now(UTC) - timedelta(hours=2))
    return contact


def create_request(contact: common_pb2.ContactDetails | None = None) -> intake_pb2.CreateContactRequest:
    return intake_pb2.CreateContactRequest(request_id=str(uuid.uuid4()), contact=contact or phone_theft())
