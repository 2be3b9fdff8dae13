"""What callers see when serving fails: clean status codes, never the exception's text."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator, Awaitable, Callable
from typing import Any

import grpc
import pytest
from sqlalchemy.exc import OperationalError
from temporalio.service import RPCError, RPCStatusCode

from contact101.rpc.auth import issue_token
from contact101.rpc.channels import open_channel
from contact101.rpc.refusals import InvalidField
from contact101.rpc.server import RunningServer, start_server
from contact101.rules import permissions
from contact101.runtime.config import Settings

SERVICE = "contact101.v1.GuardProbe"
SECRET = "Jane Roe, 07700 900999"


def failing(error: Exception) -> Callable[[bytes, Any], Awaitable[bytes]]:
    async def behaviour(_request: bytes, _context: Any) -> bytes:
        raise error

    return behaviour


async def stream(_request: bytes, _context: Any) -> AsyncIterator[bytes]:
    yield b""


async def streamed_refusal(_request: bytes, _context: Any) -> AsyncIterator[bytes]:
    yield b""
    raise InvalidField("limit", "is bad")


async def upload(_requests: AsyncIterator[bytes], _context: Any) -> bytes:
    return b""


BEHAVIOURS: dict[str, grpc.RpcMethodHandler[Any, Any]] = {
    "Bug": grpc.unary_unary_rpc_method_handler(failing(KeyError(SECRET))),
    "DatabaseDown": grpc.unary_unary_rpc_method_handler(
        failing(OperationalError(f"insert {SECRET}", {}, Exception("database is locked")))
    ),
    "TemporalDown": grpc.unary_unary_rpc_method_handler(
        failing(RPCError(f"unreachable {SECRET}", RPCStatusCode.UNAVAILABLE, b""))
    ),
    "Refused": grpc.unary_unary_rpc_method_handler(failing(InvalidField("contact.caller.phone", "is bad"))),
    "Watch": grpc.unary_stream_rpc_method_handler(stream),
    "WatchRefused": grpc.unary_stream_rpc_method_handler(streamed_refusal),
    "Upload": grpc.stream_unary_rpc_method_handler(upload),
    "WatchForSupervisors": grpc.unary_stream_rpc_method_handler(stream),
}


@pytest.fixture
async def probe(tmp_path: Any) -> AsyncIterator[tuple[Settings, RunningServer]]:
    settings = Settings(data_dir=tmp_path)
    anyone = permissions.CARRY_OUT_CASE_STEP
    running = await start_server(
        settings,
        "127.0.0.1:0",
        SERVICE,
        dict.fromkeys(BEHAVIOURS, anyone) | {"WatchForSupervisors": permissions.VERIFY_CASE},
        lambda server: server.add_generic_rpc_handlers(
            [grpc.method_handlers_generic_handler(SERVICE, BEHAVIOURS)]
        ),
    )
    yield settings, running
    await running.stop(0)


async def status_of(
    probe: tuple[Settings, RunningServer], method: str, streaming: bool = False
) -> grpc.aio.AioRpcError:
    settings, running = probe
    token = issue_token(settings, "contact101-service", "service")
    async with open_channel(f"127.0.0.1:{running.port}", lambda: token) as channel:
        with pytest.raises(grpc.aio.AioRpcError) as failure:
            if streaming:
                async for _ in channel.unary_stream(f"/{SERVICE}/{method}", None, None)(b"", timeout=5):
                    pass
            else:
                await channel.unary_unary(f"/{SERVICE}/{method}", None, None)(b"", timeout=5)
    return failure.value


async def test_a_defect_is_internal_with_an_incident_id_and_no_detail(
    probe: tuple[Settings, RunningServer], caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.DEBUG):
        error = await status_of(probe, "Bug")
    assert error.code() == grpc.StatusCode.INTERNAL
    assert "incident" in (error.details() or "")
    assert SECRET not in (error.details() or "")
    assert "KeyError" in caplog.text
    assert SECRET not in caplog.text


@pytest.mark.parametrize("method", ["DatabaseDown", "TemporalDown"])
async def test_a_dependency_that_is_down_is_unavailable(
    probe: tuple[Settings, RunningServer], caplog: pytest.LogCaptureFixture, method: str
) -> None:
    with caplog.at_level(logging.DEBUG):
        error = await status_of(probe, method)
    assert error.code() == grpc.StatusCode.UNAVAILABLE
    assert SECRET not in (error.details() or "") and SECRET not in caplog.text


async def test_a_refusal_keeps_its_code_and_message(probe: tuple[Settings, RunningServer]) -> None:
    error = await status_of(probe, "Refused")
    assert (error.code(), error.details()) == (
        grpc.StatusCode.INVALID_ARGUMENT,
        "contact.caller.phone: is bad",
    )


async def test_a_server_streaming_method_streams_to_a_caller_it_admits(
    probe: tuple[Settings, RunningServer],
) -> None:
    settings, running = probe
    token = issue_token(settings, "contact101-service", "service")
    async with open_channel(f"127.0.0.1:{running.port}", lambda: token) as channel:
        call = channel.unary_stream(f"/{SERVICE}/Watch", None, None)(b"", timeout=5)
        assert [message async for message in call] == [b""]


async def test_a_server_streaming_method_is_guarded_like_a_unary_one(
    probe: tuple[Settings, RunningServer],
) -> None:
    """Its caller authenticated and its permission checked (a service is no supervisor), its
    refusals with their code and message."""
    wrong_role = await status_of(probe, "WatchForSupervisors", streaming=True)
    assert wrong_role.code() == grpc.StatusCode.PERMISSION_DENIED
    assert "only a supervisor can verify a case" in (wrong_role.details() or "")
    refused = await status_of(probe, "WatchRefused", streaming=True)
    assert (refused.code(), refused.details()) == (grpc.StatusCode.INVALID_ARGUMENT, "limit: is bad")


async def test_a_client_streaming_method_is_refused_until_the_guard_checks_it(
    probe: tuple[Settings, RunningServer],
) -> None:
    settings, running = probe
    token = issue_token(settings, "contact101-service", "service")
    async with open_channel(f"127.0.0.1:{running.port}", lambda: token) as channel:
        with pytest.raises(grpc.aio.AioRpcError) as failure:
            await channel.stream_unary(f"/{SERVICE}/Upload", None, None)(
                iter([b""]), metadata=(("authorization", f"Bearer {token}"),), timeout=5
            )
    assert failure.value.code() == grpc.StatusCode.PERMISSION_DENIED


async def test_a_second_server_on_a_port_already_served_refuses_to_start(
    probe: tuple[Settings, RunningServer],
) -> None:
    """Not a silent share of the port (gRPC's SO_REUSEPORT), which would split the calls between
    two services, or two stacks, without a word."""
    settings, running = probe
    with pytest.raises(RuntimeError):
        await start_server(settings, f"127.0.0.1:{running.port}", SERVICE, {}, lambda server: None)
