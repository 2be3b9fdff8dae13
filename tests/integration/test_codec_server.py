"""The codec server speaks Temporal's remote codec protocol to the UI: encode, decode, CORS."""

from __future__ import annotations

import json
import ssl
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

import aiohttp
import pytest
from google.protobuf import json_format
from temporalio.api.common.v1 import Payload, Payloads

from contact101.rpc.auth import issue_token
from contact101.rpc.dev_certs import write_dev_certs
from contact101.rpc.tls import tls_files
from contact101.runtime.config import Settings
from contact101.temporal.codec_server import start
from contact101.temporal.payload_encryption import encrypt, payload_keys
from tests.stack import Stack

UI = "http://localhost:8233"
PLAIN = Payload(metadata={"encoding": b"json/plain"}, data=b'{"caller": "Alex Example"}')
CASE = "101-20261123-0042"


@asynccontextmanager
async def serving(settings: Settings) -> AsyncIterator[str]:
    running = await start(settings, "127.0.0.1:0")
    scheme = "https" if settings.tls else "http"
    try:
        yield f"{scheme}://localhost:{running.port}"
    finally:
        await running.stop()


@pytest.fixture
async def endpoint(stack: Stack) -> AsyncIterator[str]:
    async with serving(stack.settings) as url:
        yield url


def supervisor(settings: Settings) -> dict[str, str]:
    return {"Authorization": f"Bearer {issue_token(settings, 'sgt.codec', 'supervisor')}"}


async def post(
    url: str, body: bytes, headers: dict[str, str] | None = None, context: ssl.SSLContext | None = None
) -> tuple[int, dict[str, str], bytes]:
    async with (
        aiohttp.ClientSession() as session,
        session.post(url, data=body, headers=headers or {}, ssl=context or True) as response,
    ):
        return response.status, dict(response.headers), await response.read()


def as_json(*payloads: Payload) -> bytes:
    return json_format.MessageToJson(Payloads(payloads=payloads)).encode()


def payloads_of(body: bytes) -> list[Payload]:
    return list(json_format.Parse(body, Payloads()).payloads)


async def test_what_it_encodes_it_decodes_once_the_payload_names_its_case(
    stack: Stack, endpoint: str
) -> None:
    headers = {"Content-Type": "application/json", "X-Namespace": "default", **supervisor(stack.settings)}
    status, _, encoded = await post(f"{endpoint}/encode", as_json(PLAIN), headers)
    assert status == 200
    [ciphertext] = payloads_of(encoded)
    assert ciphertext.metadata["encoding"] == b"binary/encrypted"
    assert b"Alex" not in ciphertext.data
    of_a_case = encrypt(payload_keys(stack.settings), PLAIN, workflow_id=CASE)
    status, _, decoded = await post(
        f"{endpoint}/default/decode", as_json(ciphertext, of_a_case, PLAIN), headers
    )
    assert (status, payloads_of(decoded)) == (200, [ciphertext, PLAIN, PLAIN]), (
        "no case named: kept encrypted"
    )


async def test_the_temporal_ui_may_call_it_and_other_pages_may_not(stack: Stack, endpoint: str) -> None:
    preflight = {"Origin": UI, "Access-Control-Request-Headers": "content-type,x-namespace,authorization"}
    async with (
        aiohttp.ClientSession() as session,
        session.options(f"{endpoint}/decode", headers=preflight) as response,
    ):
        assert response.headers["Access-Control-Allow-Origin"] == UI
        assert "X-Namespace" in response.headers["Access-Control-Allow-Headers"]
        assert "Authorization" in response.headers["Access-Control-Allow-Headers"]
        assert "POST" in response.headers["Access-Control-Allow-Methods"]
    status, headers, _ = await post(
        f"{endpoint}/decode", as_json(PLAIN), {"Origin": UI, **supervisor(stack.settings)}
    )
    assert (status, headers["Access-Control-Allow-Origin"]) == (200, UI)
    evil = {"Origin": "https://evil.example", **supervisor(stack.settings)}
    status, headers, _ = await post(f"{endpoint}/decode", as_json(PLAIN), evil)
    assert status == 403 and "Access-Control-Allow-Origin" not in headers


async def test_bad_requests_get_clear_answers(stack: Stack, endpoint: str) -> None:
    headers = supervisor(stack.settings)
    assert (await post(f"{endpoint}/transcode", as_json(PLAIN), headers))[0] == 404
    status, _, body = await post(f"{endpoint}/decode", b"{not json", headers)
    assert status == 400 and "message" in json.loads(body)
    foreign = Payload(
        metadata={"encoding": b"binary/encrypted", "encryption-key-id": b"other"}, data=b"x" * 40
    )
    status, _, body = await post(f"{endpoint}/decode", as_json(foreign), headers)
    assert status == 400 and "other" in json.loads(body)["message"]


async def test_with_tls_on_it_serves_https(tmp_path: Path) -> None:
    settings = Settings(data_dir=tmp_path, tls=True)
    write_dev_certs(tls_files(settings))
    async with serving(settings) as endpoint:
        context = ssl.create_default_context(cafile=str(tls_files(settings).ca))
        status, _, body = await post(
            f"{endpoint}/encode", as_json(PLAIN), supervisor(settings), context=context
        )
        assert status == 200 and len(payloads_of(body)) == 1
