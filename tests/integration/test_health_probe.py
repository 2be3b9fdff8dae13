"""The container health check: `python -m contact101.rpc.health_probe HOST:PORT` exits 0 only when SERVING."""

from __future__ import annotations

import asyncio
import os
import sys

from deploy.process_stack import free_port
from tests.stack import Stack


async def probe(address: str) -> tuple[int | None, str]:
    """The probe's exit code and what it printed (run without blocking the servers' event loop)."""
    environment = {name: value for name, value in os.environ.items() if not name.startswith("CONTACT101_")}
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "contact101.rpc.health_probe",
        address,
        env=environment,
        stdout=asyncio.subprocess.PIPE,
    )
    output, _ = await asyncio.wait_for(process.communicate(), timeout=30)
    return process.returncode, output.decode().strip()


async def test_a_serving_service_passes_and_a_silent_port_fails(stack: Stack) -> None:
    assert await probe(stack.settings.address_of("crime")) == (0, "SERVING")
    assert await probe(f"127.0.0.1:{free_port()}") == (1, "NOT SERVING")
