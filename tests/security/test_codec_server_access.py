"""The codec server decrypts only for an authenticated operator or supervisor, records every
decode in the case's audit trail, and answers the Temporal UI's requests (query string and all).

A real case on the real stack; the codec server in its own process; its payloads from the
real Temporal history.
"""

from __future__ import annotations

import json
from collections.abc import Iterator

import aiohttp
import pytest
from google.protobuf import json_format
from temporalio.api.common.v1 import Payload, Payloads, WorkflowExecution
from temporalio.api.workflowservice.v1 import GetWorkflowExecutionHistoryRequest

from contact101.rpc.auth import issue_token
from contact101.v1 import common_pb2, review_pb2
from tests.codec_servers import codec_server_process
from tests.stack import Stack, create_request, eventually, phone_theft

CALLER = "Philippa Quorndon-Vale"
UI = "http://localhost:8233"


async def post(url: str, body: bytes, headers: dict[str, str]) -> tuple[int, dict[str, str], bytes]:
    """POST without blocking the loop the stack's services answer on."""
    async with aiohttp.ClientSession() as session, session.post(url, data=body, headers=headers) as response:
        return response.status, dict(response.headers), await response.read()


@pytest.fixture(scope="module")
def codec_url(stack: Stack, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    settings = {
        "token_key": stack.settings.token_key.get_secret_value(),
        "review_address": stack.settings.review_address,
        "payload_key": stack.settings.payload_key.get_secret_value(),
        "payload_key_id": stack.settings.payload_key_id,
    }
    with codec_server_process(tmp_path_factory.mktemp("codec"), settings) as url:
        yield url


@pytest.fixture(scope="module")
async def case_input(stack: Stack) -> tuple[str, bytes]:
    """A new case's reference and its workflow input as the Temporal UI sends it to /decode."""
    caller = common_pb2.Person(name=CALLER, phone="07700 900123")
    created = await stack.intake("pc.codec").CreateContact(create_request(phone_theft(caller=caller)))
    history = await stack.temporal.workflow_service.get_workflow_execution_history(
        GetWorkflowExecutionHistoryRequest(
            namespace=stack.temporal.namespace, execution=WorkflowExecution(workflow_id=created.reference)
        )
    )
    started = history.history.events[0].workflow_execution_started_event_attributes
    assert CALLER.encode() not in started.input.SerializeToString(), "Temporal holds ciphertext"
    return created.reference, json_format.MessageToJson(started.input).encode()


def bearer(stack: Stack, user: str, role: str) -> dict[str, str]:
    return {
        "Content-Type": "application/json",
        "Authorization": f"Bearer {issue_token(stack.settings, user, role)}",
    }


def decoded(body: bytes) -> list[Payload]:
    return list(json_format.Parse(body, Payloads()).payloads)


async def test_without_a_token_nothing_is_decrypted(codec_url: str, case_input: tuple[str, bytes]) -> None:
    _, body = case_input
    for path in ("/decode", "/default/decode", "/encode"):
        status, _, answer = await post(codec_url + path, body, {"Content-Type": "application/json"})
        assert status == 401, path
        assert CALLER.encode() not in answer
    status, _, answer = await post(
        codec_url + "/decode", body, {"Content-Type": "application/json", "Origin": UI}
    )
    assert status == 401 and CALLER.encode() not in answer


async def test_only_operators_and_supervisors_may_decode(
    stack: Stack, codec_url: str, case_input: tuple[str, bytes]
) -> None:
    _, body = case_input
    for role in ("contact_officer", "decision_maker", "service"):
        status, _, answer = await post(codec_url + "/decode", body, bearer(stack, f"someone.{role}", role))
        assert status == 403, role
        assert CALLER.encode() not in answer
    forged = {"Content-Type": "application/json", "Authorization": "Bearer not.a.token"}
    assert (await post(codec_url + "/decode", body, forged))[0] == 401


async def test_an_operator_sees_the_input_and_the_audit_trail_says_so(
    stack: Stack, codec_url: str, case_input: tuple[str, bytes]
) -> None:
    reference, body = case_input
    url = codec_url + "/api/v1/namespaces/default/decode?preserveStorageRefs=true"
    status, _, answer = await post(
        url, body, {**bearer(stack, "ops.patel", "operator"), "X-Namespace": "default"}
    )
    assert status == 200, answer
    assert CALLER.encode() in b"".join(payload.data for payload in decoded(answer))

    history = await eventually(
        lambda: stack.review("insp.audit", "operator").GetCaseHistory(
            review_pb2.GetCaseHistoryRequest(reference=reference)
        ),
        lambda history: any(read.reader_id == "ops.patel" for read in history.reads),
    )
    [read] = [access for access in history.reads if access.reader_id == "ops.patel"]
    assert read.reader_role == common_pb2.ROLE_OPERATOR
    assert read.reference == reference and read.payloads >= 1
    assert read.through == "temporal codec server"


async def test_the_temporal_uis_origin_may_call_it_and_no_other(
    stack: Stack, codec_url: str, case_input: tuple[str, bytes]
) -> None:
    _, body = case_input
    headers = bearer(stack, "sgt.codec", "supervisor")
    status, answered, _ = await post(
        codec_url + "/decode?preserveStorageRefs=true", body, {**headers, "Origin": UI}
    )
    assert (status, answered.get("Access-Control-Allow-Origin")) == (200, UI)
    status, answered, answer = await post(
        codec_url + "/decode", body, {**headers, "Origin": "http://localhost:9999"}
    )
    assert status == 403 and "Access-Control-Allow-Origin" not in answered
    assert CALLER.encode() not in answer
    assert "message" in json.loads(answer)


async def test_a_cases_payloads_name_their_case(case_input: tuple[str, bytes]) -> None:
    reference, body = case_input
    [payload] = decoded(body)
    assert payload.metadata["workflow-id"] == reference.encode()
