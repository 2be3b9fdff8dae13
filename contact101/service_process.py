"""Running one Contact101 service as its own process."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable

from contact101.config import Settings, get_settings
from contact101.grpc_server import RunningServer, run_until_signalled
from contact101.structured_logging import configure_logging as configure_logging
from contact101.telemetry import process_telemetry


def serve_forever(name: str, start: Callable[[Settings, str | None], Awaitable[RunningServer]]) -> None:
    """Start the service from the process's settings and serve until SIGINT/SIGTERM, listening
    on listen_address when that is set (in a container), else on the service's own address."""

    async def main() -> None:
        configure_logging(name)
        settings = get_settings()
        async with process_telemetry(settings, name):
            running = await start(settings, settings.listen_address or None)
            await run_until_signalled(running, name)

    asyncio.run(main())
