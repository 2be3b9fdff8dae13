"""The codec server: Temporal's remote codec protocol over HTTP, for the Temporal UI and CLI.

`POST /encode` and `POST /decode` (also under a namespace, `/{namespace}/decode`) take and
give `{"payloads": [...]}` in protobuf JSON. Browsers may call it only from the configured
origins (the Temporal UI). It holds the payload key: run it where operators are trusted,
on loopback by default.

    contact101 codec-server
    temporal server start-dev --ui-codec-endpoint http://127.0.0.1:8234
    temporal workflow show -w 101-20261123-0001 --codec-endpoint http://127.0.0.1:8234
"""

from __future__ import annotations

import json
import logging
import ssl
from collections.abc import Callable
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from google.protobuf import json_format
from temporalio.api.common.v1 import Payload, Payloads

from contact101.rpc.tls import tls_files
from contact101.runtime.config import Settings, get_settings
from contact101.runtime.service_process import configure_logging
from contact101.temporal.payload_encryption import PayloadKeys, UndecryptablePayload, decrypt, encrypt

log = logging.getLogger(__name__)

MAX_BODY_BYTES = 8 * 1024 * 1024
ALLOWED_HEADERS = "Content-Type, X-Namespace, Authorization"


def allowed_origins(settings: Settings) -> frozenset[str]:
    """The configured origins, or the local Temporal UI's."""
    if settings.codec_cors_origins:
        return frozenset(settings.codec_cors_origins)
    port = settings.temporal_ui_port
    return frozenset({f"http://localhost:{port}", f"http://127.0.0.1:{port}"})


def codec_handler(keys: PayloadKeys, origins: frozenset[str]) -> type[BaseHTTPRequestHandler]:
    operations: dict[str, Callable[[PayloadKeys, Payload], Payload]] = {"encode": encrypt, "decode": decrypt}

    class CodecHandler(BaseHTTPRequestHandler):
        def do_OPTIONS(self) -> None:
            if self._refused_origin():
                return
            self.send_response(HTTPStatus.NO_CONTENT)
            self._cors_headers()
            self.end_headers()

        def do_POST(self) -> None:
            if self._refused_origin():
                return
            operation = operations.get(self.path.rstrip("/").rpartition("/")[2])
            if operation is None:
                self._message(HTTPStatus.NOT_FOUND, "POST /encode or /decode")
                return
            length = int(self.headers.get("Content-Length") or 0)
            if length > MAX_BODY_BYTES:
                self._message(HTTPStatus.REQUEST_ENTITY_TOO_LARGE, "body too large")
                return
            try:
                payloads = json_format.Parse(self.rfile.read(length), Payloads())
                answer = Payloads(payloads=[operation(keys, payload) for payload in payloads.payloads])
            except (json_format.ParseError, UndecryptablePayload, UnicodeDecodeError) as error:
                self._message(HTTPStatus.BAD_REQUEST, str(error))
                return
            self._reply(HTTPStatus.OK, json_format.MessageToJson(answer).encode())

        def _refused_origin(self) -> bool:
            """A browser page from another origin gets nothing, not even an encoding."""
            origin = self.headers.get("Origin")
            if origin is None or origin in origins:
                return False
            self._message(HTTPStatus.FORBIDDEN, f"origin {origin} is not allowed")
            return True

        def _message(self, status: HTTPStatus, message: str) -> None:
            self._reply(status, json.dumps({"message": message}).encode())

        def _reply(self, status: HTTPStatus, body: bytes) -> None:
            self.send_response(status)
            self._cors_headers()
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def _cors_headers(self) -> None:
            origin = self.headers.get("Origin", "")
            if origin in origins:
                self.send_header("Access-Control-Allow-Origin", origin)
                self.send_header("Access-Control-Allow-Credentials", "true")
                self.send_header("Access-Control-Allow-Methods", "POST, OPTIONS")
                self.send_header("Access-Control-Allow-Headers", ALLOWED_HEADERS)
                self.send_header("Vary", "Origin")

        def log_message(self, format: str, *args: object) -> None:
            log.info("%s %s", self.address_string(), format % args)

    return CodecHandler


def codec_server(settings: Settings) -> ThreadingHTTPServer:
    """The server on settings' codec_server_address (port 0 picks one), HTTPS when TLS is on."""
    host, _, port = settings.codec_server_address.rpartition(":")
    handler = codec_handler(PayloadKeys.from_settings(settings), allowed_origins(settings))
    server = ThreadingHTTPServer((host, int(port)), handler)
    if settings.tls:
        files = tls_files(settings)
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        context.load_cert_chain(files.cert, files.key)
        server.socket = context.wrap_socket(server.socket, server_side=True)
    return server


def serve(settings: Settings) -> None:
    """Serve until interrupted, logging to stderr."""
    configure_logging()
    server = codec_server(settings)
    scheme = "https" if settings.tls else "http"
    log.info("codec server on %s://%s:%d", scheme, *server.server_address[:2])
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()


if __name__ == "__main__":
    serve(get_settings())
