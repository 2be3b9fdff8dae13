"""The launcher's children: they end when the launcher dies, even by SIGKILL, and starting
them while gRPC channels are busy does not crash them (grpc/grpc#43055)."""

from __future__ import annotations

import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import psutil
import pytest

ROOT = Path(__file__).resolve().parents[2]


def alive(pid: int) -> bool:
    """Whether the process runs: one that has ended but that no parent has reaped yet (a zombie,
    as an orphan stays until PID 1 reaps it, late on some machines) has ended."""
    try:
        return psutil.Process(pid).status() != psutil.STATUS_ZOMBIE
    except psutil.NoSuchProcess:
        return False


@pytest.mark.skipif(sys.platform != "linux", reason="the parent-death signal is Linux's")
def test_a_child_ends_when_its_launcher_is_killed(tmp_path: Path) -> None:
    launcher = subprocess.Popen(
        [
            sys.executable,
            "-c",
            textwrap.dedent(
                f"""
                import sys, time
                from pathlib import Path
                from deploy.local_stack import spawn
                child = spawn("sleeper", ["sleep", "120"], Path({str(tmp_path)!r}))
                print(child.process.pid, flush=True)
                time.sleep(120)
                """
            ),
        ],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert launcher.stdout is not None
    child = int(launcher.stdout.readline())
    assert alive(child)

    launcher.send_signal(signal.SIGKILL)
    launcher.wait(timeout=10)
    deadline = time.monotonic() + 10
    while alive(child) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not alive(child), "the child outlived its launcher"


def test_children_started_while_grpc_calls_run_all_start(tmp_path: Path) -> None:
    """Children spawned between the awaits of busy grpc.aio calls (as the launcher and the
    benchmark do while waiting for health checks): each one runs its command."""
    script = textwrap.dedent(
        f"""
        import asyncio, grpc
        from pathlib import Path
        from grpc_health.v1 import health, health_pb2, health_pb2_grpc
        from deploy.local_stack import spawn

        async def main():
            server = grpc.aio.server()
            health_pb2_grpc.add_HealthServicer_to_server(health.aio.HealthServicer(), server)
            port = server.add_insecure_port("127.0.0.1:0")
            await server.start()
            stub = health_pb2_grpc.HealthStub(grpc.aio.insecure_channel(f"127.0.0.1:{{port}}"))
            running = True
            async def check():
                while running:
                    await stub.Check(health_pb2.HealthCheckRequest())
            checking = [asyncio.create_task(check()) for _ in range(4)]
            children = []
            for number in range(200):
                children.append(spawn(f"child{{number}}", ["true"], Path({str(tmp_path)!r})))
                await asyncio.sleep(0.001)
            codes = {{child.process.wait() for child in children}}
            running = False
            await asyncio.gather(*checking)
            print(sorted(codes))

        asyncio.run(main())
        """
    )
    result = subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[0]", "a child died before it ran its command: " + result.stdout
