"""Every activity is safe to run twice: Temporal retries an activity whose worker died after
the service acted, so the second run must find the first run's work and write nothing new."""

from __future__ import annotations

import asyncio
import inspect
import sqlite3
import uuid
from collections.abc import AsyncIterator, Callable
from pathlib import Path
from typing import Any, get_type_hints

import pytest
from google.protobuf.message import Message
from temporalio.testing import ActivityEnvironment, WorkflowEnvironment

from contact101.v1 import intake_pb2, intake_pb2_grpc
from tests.quiet_services import QuietServices, quiet_services
from tests.rpc_catalogue import valid_requests
from tests.stack import count_rows, create_request
from workflows.activities import CaseActivities
from workflows.worker import service_stubs


@pytest.fixture(scope="module")
async def services(
    temporal_env: WorkflowEnvironment, tmp_path_factory: pytest.TempPathFactory
) -> AsyncIterator[QuietServices]:
    async with quiet_services(temporal_env.client, Path(tmp_path_factory.mktemp("twice"))) as running:
        yield running


def request_type(activity: Callable[..., Any]) -> type[Message]:
    first = next(iter(inspect.signature(activity).parameters))
    hint: type[Message] = get_type_hints(activity)[first]
    return hint


def new_reference() -> str:
    return f"101-20000101-{uuid.uuid4().int % 10**8:08d}"


async def new_contact(services: QuietServices) -> str:
    stub = intake_pb2_grpc.IntakeServiceStub(services.channel("intake", "contact_officer"))
    created: intake_pb2.CreateContactResponse = await stub.CreateContact(create_request())
    return created.reference


def amended_versions(services: QuietServices, reference: str) -> int:
    """How many stored versions of the contact are amendments."""
    with sqlite3.connect(services.settings.data_dir / "intake.db") as connection:
        rows = connection.execute(
            "select count(*) from contact_versions v join contacts c on c.id = v.contact_id"
            " where c.reference = ? and v.version > 1",
            (reference,),
        )
        return int(rows.fetchone()[0])


def inputs_by_type(reference: str, amendable: str) -> dict[type[Message], Message]:
    return {type(request): request for request in valid_requests(reference, amendable).values()}


def activities_of(services: QuietServices) -> list[Callable[..., Any]]:
    return CaseActivities(service_stubs(services.settings)).all()


def test_every_activity_has_an_input_to_prove_it_with(services: QuietServices) -> None:
    inputs = inputs_by_type(new_reference(), new_reference())
    missing = [
        activity.__name__ for activity in activities_of(services) if request_type(activity) not in inputs
    ]
    assert missing == [], "add a valid request for these activities' RPCs to tests/rpc_catalogue.py"


async def test_a_second_run_of_each_activity_returns_the_first_result_and_writes_nothing(
    services: QuietServices,
) -> None:
    inputs = inputs_by_type(new_reference(), await new_contact(services))
    environment = ActivityEnvironment()
    for activity in activities_of(services):
        request = inputs.get(request_type(activity))
        if request is None:
            continue
        first = await environment.run(activity, request)
        written = services.fingerprint()
        second = await environment.run(activity, request)
        assert second == first, activity.__name__
        assert services.fingerprint() == written, f"{activity.__name__} wrote again on its second run"


async def test_two_runs_at_once_leave_one_record_of_each_kind(services: QuietServices) -> None:
    reference, amendable = new_reference(), await new_contact(services)
    inputs = inputs_by_type(reference, amendable)
    environment = ActivityEnvironment()
    for activity in activities_of(services):
        request = inputs.get(request_type(activity))
        if request is not None:
            first, second = await asyncio.gather(
                environment.run(activity, request), environment.run(activity, request)
            )
            assert first == second, activity.__name__
    settings = services.settings
    once = {
        ("safeguarding", "risk_assessments"): count_rows(
            settings, "safeguarding", "risk_assessments", reference=reference
        ),
        ("crime", "crime_decisions"): count_rows(settings, "crime", "crime_decisions", reference=reference),
        ("crime", "crime_numbers"): count_rows(settings, "crime", "crime_numbers", reference=reference),
        ("safeguarding", "victim_referrals"): count_rows(
            settings, "safeguarding", "victim_referrals", reference=reference
        ),
        ("review", "reviews"): count_rows(settings, "review", "reviews", reference=reference),
        ("intake", "contact_versions"): amended_versions(services, amendable),
    }
    assert once == dict.fromkeys(once, 1)
