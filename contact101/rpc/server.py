"""Running a Contact101 gRPC service: auth, refusals as status codes, health and reflection.

Every service builds its servicer, names the action each of its methods takes (a permission
of contact101/rules/permissions.py), and hands both to `serve` (a process) or `start_server`
(in tests).
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator, Awaitable, Callable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import grpc
from google.protobuf.message import DecodeError
from grpc_health.v1 import health, health_pb2, health_pb2_grpc
from grpc_health.v1._async import HealthServicer
from grpc_reflection.v1alpha import reflection
from opentelemetry.instrumentation.grpc import aio_server_interceptor
from opentelemetry.instrumentation.grpc.filters import health_check, negate

from contact101.rpc.auth import (
    identity_from_metadata,
    require_permission,
    role_name,
    set_current_identity,
)
from contact101.rpc.channels import message_size_options
from contact101.rpc.fault_status import status_for_unexpected
from contact101.rpc.rate_limit import RateLimit
from contact101.rpc.refusals import InvalidRequest, Refusal
from contact101.rpc.tls import server_credentials
from contact101.rules.permissions import Permission
from contact101.runtime.config import Settings
from contact101.runtime.telemetry import tag_case_of
from contact101.v1 import common_pb2

log = logging.getLogger(__name__)

MethodPermissions = Mapping[str, Permission]
NOBODY = Permission("call a method no permission names", frozenset())
Behaviour = Callable[[Any, "grpc.aio.ServicerContext[Any, Any]"], Awaitable[Any]]
Streaming = Callable[[Any, "grpc.aio.ServicerContext[Any, Any]"], AsyncIterator[Any]]
Parse = Callable[[bytes], Any]
if TYPE_CHECKING:
    Handler = grpc.RpcMethodHandler[Any, Any]
    ServerInterceptor = grpc.aio.ServerInterceptor[Any, Any]
else:
    ServerInterceptor = grpc.aio.ServerInterceptor


class GuardInterceptor(ServerInterceptor):
    """Authenticates every call to a Contact101 method, checks its permission, and maps refusals.

    A method missing from method_permissions is refused for every caller: access is granted, never assumed.
    Health and reflection stay open so that probes and tools work without a token. Given a
    rate limit, each person's calls are counted against it (service identities' are not).
    """

    def __init__(
        self,
        settings: Settings,
        service_full_name: str,
        method_permissions: MethodPermissions,
        rate_limit: RateLimit | None = None,
    ) -> None:
        self._settings = settings
        self._prefix = f"/{service_full_name}/"
        self._method_permissions = method_permissions
        self._rate_limit = rate_limit

    async def intercept_service(
        self,
        continuation: Callable[[grpc.HandlerCallDetails], Awaitable[Handler]],
        handler_call_details: grpc.HandlerCallDetails,
    ) -> Handler:
        handler = await continuation(handler_call_details)
        method = handler_call_details.method
        if handler is None or not method.startswith(self._prefix):
            return handler
        name = method.removeprefix(self._prefix)
        permission = self._method_permissions.get(name, NOBODY)
        parse: Parse = handler.request_deserializer or bytes  # generated handlers: Message.FromString
        # The request arrives as bytes (no deserializer): the guard parses it only once the
        # caller is authenticated and admitted, and bytes that are no request are refused.
        if handler.unary_unary is not None:
            behaviour: Behaviour = handler.unary_unary  # type: ignore[assignment]  # aio handlers are coroutines
            return grpc.unary_unary_rpc_method_handler(
                self._guard(name, permission, parse, behaviour),
                request_deserializer=None,
                response_serializer=handler.response_serializer,
            )
        if handler.unary_stream is not None:
            streaming: Streaming = handler.unary_stream  # type: ignore[assignment]  # async generators
            return grpc.unary_stream_rpc_method_handler(
                self._guard_stream(name, permission, parse, streaming),
                request_deserializer=None,
                response_serializer=handler.response_serializer,
            )
        return grpc.unary_unary_rpc_method_handler(refuse_streaming(name))

    def _admit(self, name: str, permission: Permission, parse: Parse, body: bytes, context: Any) -> Any:
        """The request, once its caller is authenticated, allowed and within the rate limit."""
        identity = identity_from_metadata(self._settings, tuple(context.invocation_metadata() or ()))
        require_permission(identity, permission, name)
        if self._rate_limit is not None and identity.role != common_pb2.ROLE_SERVICE:
            self._rate_limit.take(identity.user_id)
        request = parsed_request(name, parse, body)
        set_current_identity(identity)
        tag_case_of(request)
        log.info("rpc %s by %s (%s)", name, identity.user_id, role_name(identity.role))
        return request

    def _guard(self, name: str, permission: Permission, parse: Parse, behaviour: Behaviour) -> Behaviour:
        async def guarded(body: bytes, context: grpc.aio.ServicerContext[Any, Any]) -> Any:
            try:
                return await behaviour(self._admit(name, permission, parse, body, context), context)
            except Refusal as refusal:
                await context.abort(refusal.code, refusal.message)
            except grpc.aio.AbortError:
                raise
            except Exception as error:
                await context.abort(*status_for_unexpected(name, error))

        return guarded

    def _guard_stream(
        self, name: str, permission: Permission, parse: Parse, behaviour: Streaming
    ) -> Streaming:
        """A server-streaming method, guarded as a unary one: a refusal ends the stream with its status."""

        async def guarded(body: bytes, context: grpc.aio.ServicerContext[Any, Any]) -> AsyncIterator[Any]:
            try:
                async for message in behaviour(self._admit(name, permission, parse, body, context), context):
                    yield message
            except Refusal as refusal:
                await context.abort(refusal.code, refusal.message)
            except grpc.aio.AbortError:
                raise
            except Exception as error:
                await context.abort(*status_for_unexpected(name, error))

        return guarded


def parsed_request(name: str, parse: Parse, body: bytes) -> Any:
    """The request in body, or InvalidRequest when the bytes are not one (corrupt, bad UTF-8)."""
    try:
        return parse(body)
    except DecodeError:
        raise InvalidRequest(f"{name}: the request is not a valid protobuf message") from None


def refuse_streaming(name: str) -> Behaviour:
    """Client-streaming methods are refused until the guard learns to check them: closed, never open."""

    async def refuse(_request: Any, context: grpc.aio.ServicerContext[Any, Any]) -> Any:
        await context.abort(
            grpc.StatusCode.PERMISSION_DENIED, f"{name}: client-streaming calls are not admitted"
        )

    return refuse


@dataclass
class RunningServer:
    server: grpc.aio.Server
    port: int
    health: HealthServicer
    # Work the service does beside answering calls, cancelled when it stops.
    background: list[asyncio.Task[None]] = field(default_factory=list)

    async def stop(self, grace: float = 5.0) -> None:
        await self.health.enter_graceful_shutdown()
        await self.server.stop(grace)
        for task in self.background:
            task.cancel()
        await asyncio.gather(*self.background, return_exceptions=True)


# Clients reconnect every few minutes, and so find replicas added since (DNS is resolved
# again on reconnection); calls in flight get a grace period to finish.
RECONNECT_NOW_AND_THEN = [
    ("grpc.max_connection_age_ms", 300_000),
    ("grpc.max_connection_age_grace_ms", 30_000),
]
# gRPC binds with SO_REUSEPORT unless told not to: a second server on a port already served
# would then start without a word and take half its calls. Without it, binding fails.
ONE_SERVER_A_PORT = [("grpc.so_reuseport", 0)]


async def start_server(
    settings: Settings,
    address: str,
    service_full_name: str,
    method_permissions: MethodPermissions,
    register: Callable[[grpc.aio.Server], None],
    rate_limit: RateLimit | None = None,
) -> RunningServer:
    """Start a server on address (port 0 picks a free one) with health checking and reflection."""
    # The tracing interceptor comes first, so that the guard runs inside the call's span;
    # health probes, every few seconds, make no spans.
    tracing = aio_server_interceptor(filter_=negate(health_check()))  # type: ignore[no-untyped-call]
    interceptors = [tracing, GuardInterceptor(settings, service_full_name, method_permissions, rate_limit)]
    options = [*RECONNECT_NOW_AND_THEN, *ONE_SERVER_A_PORT, *message_size_options(settings)]
    server = grpc.aio.server(interceptors=interceptors, options=options)
    register(server)
    health_servicer = HealthServicer()
    health_pb2_grpc.add_HealthServicer_to_server(health_servicer, server)
    reflection.enable_server_reflection(
        [service_full_name, health.SERVICE_NAME, reflection.SERVICE_NAME], server
    )
    port = (
        server.add_secure_port(address, server_credentials(settings))
        if settings.tls
        else server.add_insecure_port(address)
    )
    await server.start()
    await health_servicer.set(service_full_name, health_pb2.HealthCheckResponse.SERVING)
    await health_servicer.set("", health_pb2.HealthCheckResponse.SERVING)
    return RunningServer(server=server, port=port, health=health_servicer)
