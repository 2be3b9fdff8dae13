"""The codec server: Temporal's remote codec protocol over HTTP, for operators and supervisors.

`POST .../encode` and `POST .../decode` (only the last part of the path counts, the query
string never: the Temporal UI posts to `/decode?preserveStorageRefs=true`) take and give
`{"payloads": [...]}` in protobuf JSON. Every request needs an operator's or a supervisor's
Contact101 token: `Authorization: Bearer <token>` (the Temporal CLI's `--codec-auth`), or the
session cookie its sign-in page (`GET /`) sets for the Temporal UI, which sends it when its
codec settings include cross-origin credentials. Browsers may call it only from the
configured origins (the Temporal UI).

Decoding is access to personal data: each payload names its case (the workflow id, set when
it was encrypted), the review service records who read which case before any plaintext
leaves, and a payload that names no case stays encrypted.

    contact101 codec-server
    temporal server start-dev --ui-codec-endpoint http://localhost:8234
    temporal workflow show -w 101-20261123-0001 --codec-endpoint http://localhost:8234 \\
        --codec-auth "Bearer $(contact101 token --user ops.patel --role operator)"
"""

from __future__ import annotations

import html
import logging
import ssl
from collections import Counter
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import UTC, datetime

import grpc
import jwt
from aiohttp import web
from google.protobuf import json_format
from temporalio.api.common.v1 import Payload, Payloads

from contact101.rpc.auth import Identity, service_token_source, verify_token
from contact101.rpc.channels import open_channel
from contact101.rpc.edge_checks import REFERENCE
from contact101.rpc.refusals import Unauthenticated
from contact101.rpc.tls import tls_files
from contact101.runtime.config import Settings
from contact101.runtime.service_process import serve_forever
from contact101.temporal.payload_encryption import (
    ENCODING,
    PayloadKeys,
    UndecryptablePayload,
    decrypt,
    encrypt,
    payload_keys,
    workflow_id_of,
)
from contact101.v1 import common_pb2, review_pb2, review_pb2_grpc

log = logging.getLogger(__name__)

MAX_BODY_BYTES = 8 * 1024 * 1024
ALLOWED_HEADERS = "Content-Type, X-Namespace, Authorization, Authorization-Extras"
READERS = frozenset({common_pb2.ROLE_OPERATOR, common_pb2.ROLE_SUPERVISOR})
SESSION_COOKIE = "contact101_codec"
THROUGH = "temporal codec server"
RECORD_TIMEOUT_SECONDS = 10.0

Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]


def allowed_origins(settings: Settings) -> frozenset[str]:
    """The configured origins, or the local Temporal UI's."""
    if settings.codec_cors_origins:
        return frozenset(settings.codec_cors_origins)
    port = settings.temporal_ui_port
    return frozenset({f"http://localhost:{port}", f"http://127.0.0.1:{port}"})


class Refused(Exception):
    """A request the codec server will not answer: its HTTP status and why, said as JSON."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message

    def response(self) -> web.Response:
        headers = {"WWW-Authenticate": "Bearer"} if self.status == 401 else {}
        return web.json_response({"message": self.message}, status=self.status, headers=headers)


def token_of(request: web.Request) -> str:
    """The bearer token of the Authorization header, else the sign-in page's cookie."""
    header = request.headers.get("Authorization")
    if header is None:
        return request.cookies.get(SESSION_COOKIE, "")
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise Refused(401, "Authorization must be 'Bearer <token>'")
    return token.strip()


@dataclass(frozen=True)
class CodecServer:
    settings: Settings
    keys: PayloadKeys
    origins: frozenset[str]
    review: review_pb2_grpc.ReviewServiceAsyncStub

    def reader(self, token: str) -> Identity:
        """The operator or supervisor whose token this is."""
        if not token:
            raise Refused(
                401,
                "an operator's or supervisor's token is needed: 'Authorization: Bearer <token>'"
                " or sign in at this server's address",
            )
        try:
            identity = verify_token(self.settings, token)
        except Unauthenticated as error:
            raise Refused(401, error.message) from None
        if identity.role not in READERS:
            raise Refused(
                403,
                f"decrypting case data needs role operator or supervisor;"
                f" {identity.user_id} is {identity.role_name}",
            )
        return identity

    @web.middleware
    async def cross_origin(self, request: web.Request, handler: Handler) -> web.StreamResponse:
        """Pages of other origins get nothing; the Temporal UI gets CORS headers on every answer."""
        origin = request.headers.get("Origin")
        own = f"{request.scheme}://{request.host}"
        if origin is not None and origin not in self.origins and origin != own:
            return Refused(403, f"origin {origin} is not allowed").response()
        try:
            response = await handler(request)
        except Refused as refused:
            response = refused.response()
        except web.HTTPException as error:  # the router's 404 and 405, a body over the limit
            response = web.json_response({"message": error.reason}, status=error.status)
        if origin in self.origins:
            response.headers.update(
                {
                    "Access-Control-Allow-Origin": origin,
                    "Access-Control-Allow-Credentials": "true",
                    "Access-Control-Allow-Methods": "POST, OPTIONS",
                    "Access-Control-Allow-Headers": ALLOWED_HEADERS,
                    "Vary": "Origin",
                }
            )
        return response

    async def preflight(self, request: web.Request) -> web.Response:
        return web.Response(status=204)

    async def convert(self, request: web.Request) -> web.Response:
        operation = request.path.rstrip("/").rpartition("/")[2]
        if operation not in ("encode", "decode"):
            raise Refused(404, "POST /encode or /decode")
        identity = self.reader(token_of(request))
        try:
            payloads = json_format.Parse(await request.read(), Payloads()).payloads
            if operation == "encode":
                answer = [encrypt(self.keys, payload) for payload in payloads]
            else:
                answer = await self.decode(identity, list(payloads))
        except (json_format.ParseError, UndecryptablePayload, UnicodeDecodeError) as error:
            raise Refused(400, str(error)) from None
        body = json_format.MessageToJson(Payloads(payloads=answer))
        return web.Response(text=body, content_type="application/json")

    async def decode(self, identity: Identity, payloads: list[Payload]) -> list[Payload]:
        """The payloads decrypted, once the review service has recorded the read of each case."""
        answer: list[Payload] = []
        read_of: Counter[str] = Counter()
        for payload in payloads:
            if payload.metadata.get("encoding") != ENCODING:
                answer.append(payload)
                continue
            plain = decrypt(self.keys, payload)
            case = workflow_id_of(payload)
            if REFERENCE.fullmatch(case):
                read_of[case] += 1
                answer.append(plain)
            else:
                answer.append(payload)  # whose data this is, nobody can say: it stays encrypted
        for case, count in read_of.items():
            await self.record_read(identity, case, count)
        return answer

    async def record_read(self, identity: Identity, reference: str, payloads: int) -> None:
        read = review_pb2.DataRead(
            reference=reference,
            reader_id=identity.user_id,
            reader_role=identity.role,
            payloads=payloads,
            through=THROUGH,
        )
        read.at.FromDatetime(datetime.now(UTC))
        try:
            await self.review.RecordDataRead(
                review_pb2.RecordDataReadRequest(read=read), timeout=RECORD_TIMEOUT_SECONDS
            )
        except grpc.aio.AioRpcError as error:
            log.warning("could not record %s reading %s: %s", identity.user_id, reference, error.code().name)
            raise Refused(
                503, f"the audit trail could not record this read of {reference}, so nothing was decrypted"
            ) from None
        log.info("%s (%s) read %d payloads of %s", identity.user_id, identity.role_name, payloads, reference)

    async def sign_in_page(self, request: web.Request) -> web.Response:
        return page("Sign in to decrypt case data", SIGN_IN_FORM + SIGN_OUT_FORM)

    async def sign_in(self, request: web.Request) -> web.Response:
        """Check the token pasted into the form and keep it in an HTTP-only cookie for the UI."""
        form = await request.post()
        token = str(form.get("token", "")).strip()
        try:
            identity = self.reader(token)
        except Refused as refused:
            return page(
                "Not signed in", f"<p>{html.escape(refused.message)}</p>{SIGN_IN_FORM}", refused.status
            )
        expires = expiry_of(token)
        response = page(
            "Signed in",
            f"<p>Signed in as {html.escape(identity.user_id)} ({identity.role_name}) until"
            f" {expires:%H:%M} UTC. The Temporal UI now shows case data decrypted, and every"
            f" case you open is recorded in its audit trail.</p>{SIGN_OUT_FORM}",
        )
        response.set_cookie(
            SESSION_COOKIE,
            token,
            max_age=max(0, int((expires - datetime.now(UTC)).total_seconds())),
            httponly=True,
            samesite="Strict",
            secure=self.settings.tls,
        )
        return response

    async def sign_out(self, request: web.Request) -> web.Response:
        response = page("Signed out", "<p>The Temporal UI no longer shows case data decrypted.</p>")
        response.del_cookie(SESSION_COOKIE)
        return response

    def app(self) -> web.Application:
        app = web.Application(client_max_size=MAX_BODY_BYTES, middlewares=[self.cross_origin])
        app.router.add_get("/", self.sign_in_page)
        app.router.add_post("/sign-in", self.sign_in)
        app.router.add_post("/sign-out", self.sign_out)
        app.router.add_route("OPTIONS", "/{path:.*}", self.preflight)
        app.router.add_post("/{path:.*}", self.convert)
        return app


def expiry_of(token: str) -> datetime:
    """When a token that verify_token accepted expires."""
    claims = jwt.decode(token, options={"verify_signature": False})
    return datetime.fromtimestamp(float(claims["exp"]), UTC)


SIGN_IN_FORM = """<form method="post" action="/sign-in">
<label for="token">Your Contact101 token (operator or supervisor)</label>
<textarea id="token" name="token" rows="4" cols="60" required></textarea>
<button type="submit">Sign in</button>
</form>"""


SIGN_OUT_FORM = """<form method="post" action="/sign-out"><button type="submit">Sign out</button></form>"""


def page(title: str, body: str, status: int = 200) -> web.Response:
    text = (
        f'<!doctype html><html lang="en"><head><meta charset="utf-8"><title>{title}</title></head>'
        f"<body><h1>{title}</h1>{body}</body></html>"
    )
    return web.Response(
        text=text,
        status=status,
        content_type="text/html",
        headers={
            "Cache-Control": "no-store",
            "Content-Security-Policy": "default-src 'none'; form-action 'self'",
        },
    )


@dataclass
class RunningCodecServer:
    runner: web.AppRunner
    channel: grpc.aio.Channel
    port: int

    async def stop(self) -> None:
        await self.runner.cleanup()
        await self.channel.close(None)


async def start(settings: Settings, address: str | None = None) -> RunningCodecServer:
    """Serve on address (HOST:PORT, port 0 picks a free one), else codec_server_address;
    HTTPS when TLS is on."""
    host, _, port = (address or settings.codec_server_address).rpartition(":")
    channel = open_channel(settings.address_of("review"), service_token_source(settings), settings)
    server = CodecServer(
        settings=settings,
        keys=payload_keys(settings),
        origins=allowed_origins(settings),
        review=review_pb2_grpc.ReviewServiceStub(channel),
    )
    runner = web.AppRunner(server.app(), access_log=log)
    await runner.setup()
    context = None
    if settings.tls:
        files = tls_files(settings)
        context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        context.load_cert_chain(files.cert, files.key)
    await web.TCPSite(runner, host.strip("[]"), int(port), ssl_context=context).start()
    return RunningCodecServer(runner, channel, port=int(runner.addresses[0][1]))


def serve(address: str | None = None) -> None:
    """Serve from the process's settings until SIGINT or SIGTERM, on address when given."""
    serve_forever("codec-server", lambda settings, listen: start(settings, address or listen))


if __name__ == "__main__":
    serve()
