"""The codec server speaks Temporal's remote codec protocol to the UI: encode, decode, CORS."""

from __future__ import annotations

import json
import ssl
import threading
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from google.protobuf import json_format
from temporalio.api.common.v1 import Payload, Payloads

from contact101.rpc.dev_certs import write_dev_certs
from contact101.rpc.tls import tls_files
from contact101.runtime.config import Settings
from contact101.temporal.codec_server import codec_server

UI = "http://localhost:8233"
PLAIN = Payload(metadata={"encoding": b"json/plain"}, data=b'{"caller": "Alex Example"}')


@contextmanager
def serving(settings: Settings) -> Iterator[str]:
    server = codec_server(settings.model_copy(update={"codec_server_address": "127.0.0.1:0"}))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    scheme = "https" if settings.tls else "http"
    try:
        yield f"{scheme}://localhost:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture
def endpoint(tmp_path: Path) -> Iterator[str]:
    with serving(Settings(data_dir=tmp_path)) as url:
        yield url


def post(
    url: str, body: bytes, headers: dict[str, str] | None = None, context: ssl.SSLContext | None = None
) -> tuple[int, dict[str, str], bytes]:
    request = urllib.request.Request(url, data=body, method="POST", headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=10, context=context) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read()


def as_json(*payloads: Payload) -> bytes:
    return json_format.MessageToJson(Payloads(payloads=payloads)).encode()


def payloads_of(body: bytes) -> list[Payload]:
    return list(json_format.Parse(body, Payloads()).payloads)


def test_what_it_encodes_it_decodes(endpoint: str) -> None:
    headers = {"Content-Type": "application/json", "X-Namespace": "default"}
    status, _, encoded = post(f"{endpoint}/encode", as_json(PLAIN), headers)
    assert status == 200
    [ciphertext] = payloads_of(encoded)
    assert ciphertext.metadata["encoding"] == b"binary/encrypted"
    assert b"Alex" not in ciphertext.data
    status, _, decoded = post(f"{endpoint}/default/decode", as_json(ciphertext, PLAIN), headers)
    assert (status, payloads_of(decoded)) == (200, [PLAIN, PLAIN])


def test_the_temporal_ui_may_call_it_and_other_pages_may_not(endpoint: str) -> None:
    preflight = urllib.request.Request(
        f"{endpoint}/decode",
        method="OPTIONS",
        headers={"Origin": UI, "Access-Control-Request-Headers": "content-type,x-namespace"},
    )
    with urllib.request.urlopen(preflight, timeout=10) as response:
        assert response.headers["Access-Control-Allow-Origin"] == UI
        assert "X-Namespace" in response.headers["Access-Control-Allow-Headers"]
        assert "POST" in response.headers["Access-Control-Allow-Methods"]
    status, headers, _ = post(f"{endpoint}/decode", as_json(PLAIN), {"Origin": UI})
    assert (status, headers["Access-Control-Allow-Origin"]) == (200, UI)
    status, headers, _ = post(f"{endpoint}/decode", as_json(PLAIN), {"Origin": "https://evil.example"})
    assert status == 403 and "Access-Control-Allow-Origin" not in headers


def test_bad_requests_get_clear_answers(endpoint: str) -> None:
    assert post(f"{endpoint}/transcode", as_json(PLAIN))[0] == 404
    status, _, body = post(f"{endpoint}/decode", b"{not json")
    assert status == 400 and "message" in json.loads(body)
    foreign = Payload(
        metadata={"encoding": b"binary/encrypted", "encryption-key-id": b"other"}, data=b"x" * 40
    )
    status, _, body = post(f"{endpoint}/decode", as_json(foreign))
    assert status == 400 and "other" in json.loads(body)["message"]


def test_with_tls_on_it_serves_https(tmp_path: Path) -> None:
    settings = Settings(data_dir=tmp_path, tls=True)
    write_dev_certs(tls_files(settings))
    with serving(settings) as endpoint:
        context = ssl.create_default_context(cafile=str(tls_files(settings).ca))
        status, _, body = post(f"{endpoint}/encode", as_json(PLAIN), context=context)
        assert status == 200 and len(payloads_of(body)) == 1
