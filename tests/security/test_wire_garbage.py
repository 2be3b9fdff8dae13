"""Bytes that are no request get INVALID_ARGUMENT and no stack trace; no token, no look at the bytes."""

from __future__ import annotations

import json
from pathlib import Path

import grpc
import pytest
from google.protobuf.descriptor import FieldDescriptor

from contact101.rpc.auth import issue_token, role_name
from contact101.rpc.channels import channel_to
from contact101.runtime.config import Settings
from deploy.processes import process_named
from tests.rpc_catalogue import ALL_RPCS, Rpc
from tests.security.one_process import listening, process_environment
from tests.stack import Stack

CORRUPT_WIRE = b"\xff\xff\xff\xff"
BAD_UTF8_IN_FIELD_1 = b"\x0a\x02\xff\xfe"  # field 1 (AssessRisk's reference), two bytes not UTF-8
ASSESS_RISK = "/contact101.v1.SafeguardingService/AssessRisk"


async def send_raw(
    settings: Settings, address: str, method: str, body: bytes, token: str | None
) -> grpc.StatusCode:
    metadata = (("authorization", f"Bearer {token}"),) if token else ()
    async with channel_to(address, settings) as channel:
        raw = channel.unary_unary(method, request_serializer=None, response_deserializer=None)
        try:
            await raw(body, metadata=metadata, timeout=10)
        except grpc.aio.AioRpcError as error:
            return error.code()
    return grpc.StatusCode.OK


async def test_a_service_process_answers_garbage_cleanly_and_logs_no_trace(tmp_path: Path) -> None:
    environment = process_environment(tmp_path)
    settings = Settings(_env_file=None)
    address = environment["CONTACT101_SAFEGUARDING_ADDRESS"]
    service = issue_token(settings, "contact101-service", "service")
    officer = issue_token(settings, "pc.smith", "contact_officer")
    with listening(process_named("safeguarding"), environment) as started:
        codes = {
            "corrupt": await send_raw(settings, address, ASSESS_RISK, CORRUPT_WIRE, service),
            "bad UTF-8": await send_raw(settings, address, ASSESS_RISK, BAD_UTF8_IN_FIELD_1, service),
            "no token": await send_raw(settings, address, ASSESS_RISK, CORRUPT_WIRE, None),
            "wrong role": await send_raw(settings, address, ASSESS_RISK, CORRUPT_WIRE, officer),
        }
        output = started.stop()
    assert codes == {
        "corrupt": grpc.StatusCode.INVALID_ARGUMENT,
        "bad UTF-8": grpc.StatusCode.INVALID_ARGUMENT,
        "no token": grpc.StatusCode.UNAUTHENTICATED,
        "wrong role": grpc.StatusCode.PERMISSION_DENIED,
    }
    assert "Traceback" not in output, output
    levels = [json.loads(line)["level"] for line in output.splitlines() if line.startswith("{")]
    assert "ERROR" not in levels, output


def bad_utf8_in_a_string_field(rpc: Rpc) -> list[bytes]:
    """A request whose first string field holds two bytes that are not UTF-8 (none without one)."""
    strings = [field for field in rpc.method.input_type.fields if field.type == FieldDescriptor.TYPE_STRING]
    if not strings:
        return []
    tag = strings[0].number << 3 | 2  # length-delimited
    assert tag < 0x80, "a one-byte tag: a string field numbered below 16"
    return [bytes([tag]) + b"\x02\xff\xfe"]


@pytest.mark.parametrize("rpc", ALL_RPCS, ids=[rpc.id for rpc in ALL_RPCS])
async def test_every_rpc_refuses_garbage_as_an_invalid_argument(stack: Stack, rpc: Rpc) -> None:
    role = role_name(min(rpc.allowed_roles()))
    token = issue_token(stack.settings, "someone", role)
    address = stack.settings.address_of(rpc.service)
    for body in (CORRUPT_WIRE, *bad_utf8_in_a_string_field(rpc)):
        assert (
            await send_raw(stack.settings, address, rpc.path, body, token) == grpc.StatusCode.INVALID_ARGUMENT
        )
