"""Running one Contact101 service as its own process."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable

from contact101.config import Settings, get_settings
from contact101.grpc_server import RunningServer, run_until_signalled


def configure_logging() -> None:
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(levelname)s %(message)s")


def serve_forever(name: str, start: Callable[[Settings], Awaitable[RunningServer]]) -> None:
    """Start the service from the process's settings and serve until SIGINT/SIGTERM."""

    async def main() -> None:
        configure_logging()
        running = await start(get_settings())
        await run_until_signalled(running, name)

    asyncio.run(main())
