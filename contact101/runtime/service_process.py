"""Running one Contact101 service as its own process."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from typing import Protocol

from contact101.runtime.config import Settings
from contact101.runtime.process_start import begin_process
from contact101.runtime.stop_signals import stop_on_signals
from contact101.runtime.structured_logging import configure_logging as configure_logging
from contact101.runtime.telemetry import process_telemetry

log = logging.getLogger(__name__)


class Serving(Protocol):
    """A started server: a gRPC service, or the online-report form over HTTP."""

    port: int

    async def stop(self) -> None:
        """Let requests in flight finish, then stop."""


def serve_forever(name: str, start: Callable[[Settings, str | None], Awaitable[Serving]]) -> None:
    """Start the service from the process's settings and serve until SIGINT/SIGTERM, listening
    on listen_address when that is set (in a container), else on the service's own address."""

    async def main() -> None:
        settings = begin_process(name)
        async with process_telemetry(settings, name):
            running = await start(settings, settings.listen_address or None)
            await run_until_signalled(running, name)

    asyncio.run(main())


async def run_until_signalled(running: Serving, name: str) -> None:
    """Serve until SIGINT or SIGTERM, then drain in-flight requests and stop."""
    stop = stop_on_signals()
    log.info("%s listening on port %d", name, running.port)
    await stop.wait()
    log.info("%s stopping", name)
    await running.stop()
