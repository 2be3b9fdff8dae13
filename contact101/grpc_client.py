"""Client channels that carry a bearer token on every call."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import grpc

if TYPE_CHECKING:
    ClientInterceptor = grpc.aio.UnaryUnaryClientInterceptor[Any, Any]
else:
    ClientInterceptor = grpc.aio.UnaryUnaryClientInterceptor


class BearerTokenInterceptor(ClientInterceptor):
    """Adds `authorization: Bearer <token>` to every unary call."""

    def __init__(self, token: Callable[[], str]) -> None:
        self._token = token

    async def intercept_unary_unary(
        self,
        continuation: Callable[[grpc.aio.ClientCallDetails, Any], Any],
        client_call_details: grpc.aio.ClientCallDetails,
        request: Any,
    ) -> Any:
        metadata = grpc.aio.Metadata(*(client_call_details.metadata or ()))
        metadata.add("authorization", f"Bearer {self._token()}")
        details = grpc.aio.ClientCallDetails(
            method=client_call_details.method,
            timeout=client_call_details.timeout,
            metadata=metadata,
            credentials=client_call_details.credentials,
            wait_for_ready=client_call_details.wait_for_ready,
        )
        return await continuation(details, request)


def open_channel(address: str, token: Callable[[], str]) -> grpc.aio.Channel:
    """A channel to address that sends token() with every call."""
    interceptors: list[Any] = [BearerTokenInterceptor(token)]
    return grpc.aio.insecure_channel(address, interceptors=interceptors)
