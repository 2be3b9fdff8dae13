"""The one place a process connects to Temporal, so every client shares converter and interceptors."""

from __future__ import annotations

import dataclasses
from pathlib import Path

from temporalio.client import Client, Interceptor
from temporalio.contrib.opentelemetry import TracingInterceptor
from temporalio.converter import DataConverter, DefaultFailureConverterWithEncodedAttributes
from temporalio.service import TLSConfig

from contact101.runtime.config import Settings
from contact101.temporal.payload_encryption import (
    EncryptionCodec,
    RefusingPayloadConverter,
    payload_keys,
)


def data_converter(settings: Settings) -> DataConverter:
    """Payloads encrypted with the configured key, failure messages and stack traces too;
    payloads that come in unencrypted are refused."""
    return dataclasses.replace(
        DataConverter.default,
        payload_converter_class=RefusingPayloadConverter,
        payload_codec=EncryptionCodec(payload_keys(settings)),
        failure_converter_class=DefaultFailureConverterWithEncodedAttributes,
    )


def tracing_interceptors() -> list[Interceptor]:
    """Spans for starts, updates, queries, workflows and activities, in the caller's trace.

    On the client only: workers built on the client take them from it.
    """
    return [TracingInterceptor()]


def temporal_tls(settings: Settings) -> TLSConfig | None:
    """TLS towards the Temporal frontend as configured; None leaves it to the API key (on with one)."""
    if not settings.temporal_tls:
        return None

    def read(path: Path | None) -> bytes | None:
        return path.read_bytes() if path else None

    return TLSConfig(
        server_root_ca_cert=read(settings.temporal_tls_ca_file),
        client_cert=read(settings.temporal_tls_cert_file),
        client_private_key=read(settings.temporal_tls_key_file),
        domain=settings.temporal_tls_server_name or None,
    )


async def connect_temporal(settings: Settings) -> Client:
    return await Client.connect(
        settings.temporal_target,
        namespace=settings.temporal_namespace,
        tls=temporal_tls(settings),
        api_key=settings.temporal_api_key.get_secret_value() or None,
        data_converter=data_converter(settings),
        interceptors=tracing_interceptors(),
    )
