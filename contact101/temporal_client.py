"""The one place a process connects to Temporal, so every client shares converter and interceptors."""

from __future__ import annotations

from temporalio.client import Client

from contact101.config import Settings


async def connect_temporal(settings: Settings) -> Client:
    return await Client.connect(settings.temporal_target, namespace=settings.temporal_namespace)
