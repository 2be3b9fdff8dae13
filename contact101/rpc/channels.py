"""Client channels that carry a bearer token on every call."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

import grpc

from contact101.rpc.tls import channel_credentials, channel_options
from contact101.runtime.config import Settings

if TYPE_CHECKING:
    ClientInterceptor = grpc.aio.UnaryUnaryClientInterceptor[Any, Any]
    StreamingClientInterceptor = grpc.aio.UnaryStreamClientInterceptor[Any, Any]
else:
    ClientInterceptor = grpc.aio.UnaryUnaryClientInterceptor
    StreamingClientInterceptor = grpc.aio.UnaryStreamClientInterceptor


def with_token(details: grpc.aio.ClientCallDetails, token: str) -> grpc.aio.ClientCallDetails:
    metadata = grpc.aio.Metadata(*(details.metadata or ()))
    metadata.add("authorization", f"Bearer {token}")
    return grpc.aio.ClientCallDetails(
        method=details.method,
        timeout=details.timeout,
        metadata=metadata,
        credentials=details.credentials,
        wait_for_ready=details.wait_for_ready,
    )


class _BearerToken:
    """Adds `authorization: Bearer <token>` to a call's metadata."""

    def __init__(self, token: Callable[[], str]) -> None:
        self._token = token

    def _carrying_token(self, details: grpc.aio.ClientCallDetails) -> grpc.aio.ClientCallDetails:
        return with_token(details, self._token())


class BearerTokenInterceptor(_BearerToken, ClientInterceptor):
    """The bearer token on every unary call."""

    async def intercept_unary_unary(
        self,
        continuation: Callable[[grpc.aio.ClientCallDetails, Any], Any],
        client_call_details: grpc.aio.ClientCallDetails,
        request: Any,
    ) -> Any:
        return await continuation(self._carrying_token(client_call_details), request)


class StreamingBearerTokenInterceptor(_BearerToken, StreamingClientInterceptor):
    """The bearer token on every server-streaming call (gRPC takes one kind per interceptor)."""

    async def intercept_unary_stream(
        self,
        continuation: Callable[[grpc.aio.ClientCallDetails, Any], Any],
        client_call_details: grpc.aio.ClientCallDetails,
        request: Any,
    ) -> Any:
        return await continuation(self._carrying_token(client_call_details), request)


BALANCED = [("grpc.lb_policy_name", "round_robin")]
MESSAGE_HEADROOM = 64 * 1024  # room for the rest of a message that carries a file's content


def message_limit(settings: Settings) -> int:
    """The largest message sent or received, in bytes: one attachment's content
    (CONTACT101_MAX_ATTACHMENT_BYTES) and the rest of its message."""
    return settings.max_attachment_bytes + MESSAGE_HEADROOM


def message_size_options(settings: Settings) -> list[tuple[str, int]]:
    limit = message_limit(settings)
    return [("grpc.max_receive_message_length", limit), ("grpc.max_send_message_length", limit)]


def channel_to(
    address: str, settings: Settings | None = None, interceptors: Sequence[Any] = ()
) -> grpc.aio.Channel:
    """A channel to address, over TLS when settings turn it on (CONTACT101_TLS).

    Calls are spread round robin over every server the address resolves to: the replicas
    behind `dns:///intake:50051`, or those listed in `ipv4:127.0.0.1:50051,127.0.0.1:50061`.
    """
    if settings is not None and settings.tls:
        return grpc.aio.secure_channel(
            address,
            channel_credentials(settings),
            options=[*BALANCED, *message_size_options(settings), *channel_options(settings)],
            interceptors=interceptors,
        )
    options = [*BALANCED, *message_size_options(settings)] if settings is not None else BALANCED
    return grpc.aio.insecure_channel(address, options=options, interceptors=interceptors)


def open_channel(
    address: str, token: Callable[[], str], settings: Settings | None = None, traced: bool = True
) -> grpc.aio.Channel:
    """A channel to address that sends token() with every call, over TLS when settings turn it on;
    traced, its calls carry the current trace (OpenTelemetry's instrumentation, slow to load, is
    loaded only then: a CLI command that traces nothing starts without it)."""
    if not traced:
        return channel_to(address, settings, [BearerTokenInterceptor(token)])
    from opentelemetry.instrumentation.grpc import aio_client_interceptors

    tracing = aio_client_interceptors()  # type: ignore[no-untyped-call]
    bearer = [BearerTokenInterceptor(token), StreamingBearerTokenInterceptor(token)]
    return channel_to(address, settings, [*tracing, *bearer])
