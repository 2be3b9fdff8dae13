"""Every RPC of every service, fed hypothesis-generated requests: arbitrary messages and valid
ones with fields replaced. A service never answers INTERNAL or UNKNOWN (nor hangs), never
falls over, and its database changes only when it accepts the request.

2,000 requests in all, shared evenly between the RPCs; `HYPOTHESIS_PROFILE=slow` sends
ten times as many.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from pathlib import Path

import grpc
import pytest
from google.protobuf.message import Message
from grpc_health.v1 import health_pb2, health_pb2_grpc
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from temporalio.testing import WorkflowEnvironment

from contact101.rpc.channels import channel_to, message_limit
from contact101.runtime.config import SERVICE_NAMES
from tests.message_strategies import messages, mutations_of
from tests.quiet_services import QuietServices, quiet_services
from tests.rpc_catalogue import ALL_RPCS, Rpc, role_for, valid_requests
from tests.stack import create_request

# 2,000 requests in all under the default profile (max_examples 100), 20,000 under `slow`.
TOTAL_EXAMPLES = 20 * settings().max_examples
EXAMPLES_PER_RPC = math.ceil(TOTAL_EXAMPLES / len(ALL_RPCS))
ANSWERS_TO_BAD_INPUT = {
    grpc.StatusCode.OK,
    grpc.StatusCode.INVALID_ARGUMENT,
    grpc.StatusCode.NOT_FOUND,
    grpc.StatusCode.FAILED_PRECONDITION,
    grpc.StatusCode.PERMISSION_DENIED,
    grpc.StatusCode.ALREADY_EXISTS,
}


@dataclass
class FuzzTarget:
    services: QuietServices
    amendable: str
    outcomes: Counter[tuple[str, str]] = field(default_factory=Counter)


@pytest.fixture(scope="module")
async def target(
    temporal_env: WorkflowEnvironment, tmp_path_factory: pytest.TempPathFactory
) -> AsyncIterator[FuzzTarget]:
    async with quiet_services(temporal_env.client, Path(tmp_path_factory.mktemp("fuzz"))) as services:
        create = next(rpc for rpc in ALL_RPCS if rpc.id == "intake.CreateContact")
        created = await create.callable(services.channel("intake", "contact_officer"))(create_request())
        fuzz = FuzzTarget(services, amendable=created.reference)
        yield fuzz
        print("\nfuzz outcomes by RPC and status:", dict(sorted(fuzz.outcomes.items())))


def requests_for(rpc: Rpc, amendable: str) -> st.SearchStrategy[Message]:
    arbitrary = messages(rpc.method.input_type)
    valid = valid_requests(amendable=amendable).get(rpc.id)
    return arbitrary if valid is None else st.one_of(arbitrary, mutations_of(valid))


async def still_serving(services: QuietServices, service: str) -> bool:
    async with channel_to(services.settings.address_of(service), services.settings) as channel:
        response = await health_pb2_grpc.HealthStub(channel).Check(health_pb2.HealthCheckRequest(), timeout=5)
    return bool(response.status == health_pb2.HealthCheckResponse.SERVING)


@pytest.mark.parametrize("rpc", ALL_RPCS, ids=[rpc.id for rpc in ALL_RPCS])
@settings(
    max_examples=EXAMPLES_PER_RPC,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(data=st.data())
async def test_a_fuzzed_request_gets_a_clean_answer_and_writes_only_when_accepted(
    target: FuzzTarget, rpc: Rpc, data: st.DataObject
) -> None:
    request = data.draw(requests_for(rpc, target.amendable), label="request")
    services = target.services
    before = services.fingerprint()
    try:
        await rpc.callable(services.channel(rpc.service, role_for(rpc)))(request, timeout=10)
        code = grpc.StatusCode.OK
    except grpc.aio.AioRpcError as error:
        code = error.code()
    target.outcomes[rpc.id, code.name] += 1
    if request.ByteSize() > message_limit(services.settings):  # a batch of many large drafts
        assert code == grpc.StatusCode.RESOURCE_EXHAUSTED, "the client refuses to send it"
    else:
        assert code in ANSWERS_TO_BAD_INPUT, f"{rpc.id} answered {code.name}"
    if code != grpc.StatusCode.OK:
        assert services.fingerprint() == before, f"{rpc.id} refused the request ({code.name}) but wrote"


async def answer_to(target: FuzzTarget, rpc: Rpc, request: Message) -> grpc.StatusCode:
    try:
        await rpc.callable(target.services.channel(rpc.service, role_for(rpc)))(request, timeout=10)
    except grpc.aio.AioRpcError as error:
        return error.code()
    return grpc.StatusCode.OK


@pytest.mark.parametrize("service", SERVICE_NAMES)
async def test_every_service_still_serves_after_the_fuzzing(target: FuzzTarget, service: str) -> None:
    assert sum(target.outcomes.values()) > 0, "run with the fuzzing tests"
    assert await still_serving(target.services, service)
    valid = valid_requests(amendable=target.amendable)
    calls = [rpc for rpc in ALL_RPCS if rpc.service == service and rpc.id in valid]
    assert calls, f"no valid request to call {service} with"
    for rpc in calls:
        code = await answer_to(target, rpc, valid[rpc.id])
        assert code in ANSWERS_TO_BAD_INPUT, f"{rpc.id} answered {code.name} after the fuzzing"
