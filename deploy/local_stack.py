"""Bring the whole Contact101 stack up on one machine with embedded defaults.

Temporal dev server (SQLite file, UI), the four gRPC services, a worker, the inbox poller,
the online-report form and the officer's desk, each its own process with its log under data/logs/. A child
that exits is started again after a pause; one in a crash loop stops the stack. Ctrl-C (or
SIGTERM) stops them all, newest first. A stack whose ports already answer does not start.
"""

from __future__ import annotations

import asyncio
import os
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

import aiohttp
import grpc
from grpc_health.v1 import health_pb2, health_pb2_grpc

from contact101.rpc.channels import channel_to
from contact101.runtime.config import SERVICE_NAMES, Settings, get_settings
from contact101.runtime.process_start import keep_files_private
from contact101.temporal.dev_server import dev_server_command
from deploy.processes import CODEC_SERVER, PROCESSES, Process
from deploy.restart_policy import CRASH_LOOP_EXITS, QUICK_EXIT_SECONDS, Restarts

STARTUP_TIMEOUT_SECONDS = 60.0
STOP_TIMEOUT_SECONDS = 15.0


@dataclass
class Child:
    name: str
    process: subprocess.Popen[bytes]
    log: Path
    command: list[str]
    environment: dict[str, str]
    started_at: float = field(default_factory=time.monotonic)

    def again(self) -> Child:
        """The same command started anew, its output appended to the same log."""
        return spawn(self.name, self.command, self.log.parent, self.environment)


# sh -c STILL_SPAWNED NAME SPAWNER_PID COMMAND...: exec COMMAND if SPAWNER_PID is the parent.
STILL_SPAWNED = 'if [ "$PPID" != "$1" ]; then exit 1; fi; shift; exec "$@"'


def ending_with_spawner(command: list[str]) -> list[str]:
    """command run so that it gets SIGTERM when this process dies, even by SIGKILL (Linux).

    setpriv sets the parent-death signal and execs the command. Doing it ourselves in a
    preexec_fn would make Python fork instead of vfork, and a fork runs gRPC's child fork
    handler, which crashes the child when close_fds shuts gRPC's epoll descriptor
    (grpc/grpc#43055: "epoll_wait error: Bad file descriptor", exit code -6). The signal
    follows the spawning thread, not the process: only the main thread asks for it.

    A spawner that dies before setpriv has set the signal would leave the child running, so
    a shell between them checks, once the signal is set, that its parent is still the
    spawner, and only then execs the command (same process id).
    """
    setpriv = shutil.which("setpriv")
    from_main_thread = threading.current_thread() is threading.main_thread()
    if sys.platform != "linux" or setpriv is None or not from_main_thread:
        return command
    still_spawned = ["/bin/sh", "-c", STILL_SPAWNED, "spawned", str(os.getpid())]
    return [setpriv, "--pdeathsig", "TERM", "--", *still_spawned, *command]


def spawn(name: str, command: list[str], logs: Path, environment: Mapping[str, str] | None = None) -> Child:
    """Start command in its own session, its output appended to logs/NAME.log; environment
    defaults to this process's. Spawned from the main thread, the child ends when this process does."""
    log = logs / f"{name}.log"
    variables = dict(environment if environment is not None else os.environ)
    with log.open("ab") as output:
        process = subprocess.Popen(
            ending_with_spawner(command),
            stdout=output,
            stderr=subprocess.STDOUT,
            start_new_session=True,
            env=variables,
        )
    return Child(name, process, log, command, variables)


def last_lines(log: Path, count: int = 30) -> str:
    """The end of a child's log, for a message about why it stopped."""
    return "\n".join(log.read_text(errors="replace").splitlines()[-count:])


async def wait_until_ready(child: Child, ready: Callable[[], Awaitable[bool]]) -> None:
    """Ask ready() every 0.2 s until it says yes; give up if child exits or takes too long."""
    deadline = time.monotonic() + STARTUP_TIMEOUT_SECONDS
    while True:
        if child.process.poll() is not None:
            raise SystemExit(
                f"{child.name} exited with code {child.process.returncode}; the end of {child.log}:\n"
                + last_lines(child.log)
            )
        if await ready():
            return
        if time.monotonic() > deadline:
            raise SystemExit(
                f"{child.name} did not start within {STARTUP_TIMEOUT_SECONDS:.0f}s; see {child.log}"
            )
        await asyncio.sleep(0.2)


async def wait_until_serving(address: str, child: Child, settings: Settings | None = None) -> None:
    """Poll gRPC health at address until it says SERVING (the Temporal frontend answers health too).

    With settings, the channel is a Contact101 service's: over TLS when that is on.
    """
    async with channel_to(address, settings) as channel:
        stub = health_pb2_grpc.HealthStub(channel)

        async def serving() -> bool:
            try:
                response = await stub.Check(health_pb2.HealthCheckRequest(), timeout=1)
            except grpc.aio.AioRpcError:
                return False
            return bool(response.status == health_pb2.HealthCheckResponse.SERVING)

        await wait_until_ready(child, serving)


async def wait_until_healthy(url: str, child: Child) -> None:
    """Poll an HTTP health check until it answers with success."""
    async with aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=1)) as session:

        async def healthy() -> bool:
            try:
                async with session.get(url) as response:
                    return response.ok
            except (aiohttp.ClientError, TimeoutError):
                return False

        await wait_until_ready(child, healthy)


def online_reports_url(settings: Settings) -> str:
    return f"http://{settings.online_reports_address}/"


def desk_url(settings: Settings) -> str:
    return f"{settings.desk_public_url or f'http://{settings.desk_address}'}".rstrip("/") + "/"


def stop_all(children: list[Child]) -> None:
    for child in reversed(children):
        if child.process.poll() is None:
            child.process.send_signal(signal.SIGTERM)
            try:
                child.process.wait(STOP_TIMEOUT_SECONDS)
            except subprocess.TimeoutExpired:
                child.process.kill()
                child.process.wait()
        print(f"  stopped {child.name}")


async def start_process(process: Process, settings: Settings, logs: Path) -> Child:
    """Start one of the system's processes and wait until it answers its health check, if it has one."""
    child = spawn(process.name, process.command(), logs)
    if process.health == "grpc":
        await wait_until_serving(process.health_address(settings), child, settings)
    elif process.health == "http":
        await wait_until_healthy(process.health_address(settings), child)
    return child


async def bring_up(settings: Settings, children: list[Child]) -> None:
    logs = settings.data_dir / "logs"
    logs.mkdir(parents=True, exist_ok=True)
    temporal = spawn("temporal", dev_server_command(settings), logs)
    children.append(temporal)
    await wait_until_serving(settings.temporal_target, temporal)
    optional = (CODEC_SERVER,) if settings.temporal_ui_codec_endpoint else ()
    for process in (*PROCESSES, *optional):
        children.append(await start_process(process, settings, logs))


def listening_ports(settings: Settings) -> dict[str, str]:
    """Each address the stack will listen on, by the setting that names it."""
    addresses = {
        "CONTACT101_TEMPORAL_TARGET": settings.temporal_target,
        "CONTACT101_TEMPORAL_UI_PORT": f"127.0.0.1:{settings.temporal_ui_port}",
        **{f"CONTACT101_{name.upper()}_ADDRESS": settings.address_of(name) for name in SERVICE_NAMES},
        "CONTACT101_ONLINE_REPORTS_ADDRESS": settings.online_reports_address,
        "CONTACT101_DESK_ADDRESS": settings.desk_address,
    }
    if settings.temporal_ui_codec_endpoint:
        addresses["CONTACT101_CODEC_SERVER_ADDRESS"] = settings.codec_server_address
    return addresses


def answering(address: str) -> bool:
    host, _, port = address.rpartition(":")
    try:
        with socket.create_connection((host.strip("[]") or "127.0.0.1", int(port)), timeout=0.5):
            return True
    except (OSError, ValueError):
        return False


def refuse_ports_in_use(settings: Settings) -> None:
    """Exit, naming the port, when something already answers where the stack would listen
    (another stack, most likely): its health checks would pass for ours."""
    for setting, address in listening_ports(settings).items():
        if answering(address):
            port = address.rpartition(":")[2]
            raise SystemExit(
                f"port {port} ({setting}={address}) is already answering: another Contact101 "
                f"(or something else) is running there. Stop it, or set {setting} to another port."
            )


def keep_running(children: list[Child], stopping: Callable[[], bool]) -> None:
    """Until stopping(): start again every child that exits, after a pause that grows while
    it keeps crashing; a child in a crash loop ends this with SystemExit, after its log's end."""
    restarts = {child.name: Restarts() for child in children}
    restart_at: dict[str, float] = {}
    while not stopping():
        now = time.monotonic()
        for index, child in enumerate(children):
            if child.name in restart_at:
                if now >= restart_at[child.name]:
                    del restart_at[child.name]
                    children[index] = child.again()
                    print(f"  restarted {child.name}", flush=True)
                continue
            code = child.process.poll()
            if code is None:
                continue
            pause = restarts[child.name].pause_after_exit(now - child.started_at)
            if pause is None:
                crashing = (
                    f"{CRASH_LOOP_EXITS} times in a row, each within {QUICK_EXIT_SECONDS:.0f}s of starting"
                )
                print(
                    f"{child.name} keeps crashing ({crashing}; last exit code {code}). "
                    f"The end of {child.log}:\n{last_lines(child.log)}",
                    flush=True,
                )
                raise SystemExit(1)
            print(f"{child.name} exited with code {code}; restarting {child.name} in {pause:g}s", flush=True)
            restart_at[child.name] = now + pause
        time.sleep(0.2)


def print_where(settings: Settings, children: list[Child]) -> None:
    print("\nContact101 is up:")
    print(f"  Temporal server   {settings.temporal_target} (namespace {settings.temporal_namespace})")
    print(f"  Temporal UI       http://localhost:{settings.temporal_ui_port}")
    for service in SERVICE_NAMES:
        print(f"  {service:<17} {settings.address_of(service)}")
    print(f"  worker            task queue {settings.task_queue}")
    every = f"every {settings.inbox_poll_interval.total_seconds():g}s"
    for name, folder in settings.inbox_folders().items():
        print(f"  inbox {name:<11} {folder.resolve()} (Maildir, read {every})")
    print(f"  online reports    {online_reports_url(settings)}")
    print(f"  officer's desk    {desk_url(settings)}  (accounts: .venv/bin/contact101 desk-user add --help)")
    if settings.temporal_ui_codec_endpoint:
        endpoint = settings.temporal_ui_codec_endpoint
        print(f"  codec server      {endpoint} (operators sign in there to see case data in the UI)")
    print(
        f"  data              {settings.data_dir.resolve()}  (logs in {settings.data_dir.resolve() / 'logs'})"
    )
    print("\nTry: .venv/bin/contact101 --as pc.smith:contact_officer report --help")
    print("Ctrl-C stops everything.\n")


def main() -> None:
    settings = get_settings()
    children: list[Child] = []
    stopping = False

    def request_stop(signum: int, _frame: object) -> None:
        nonlocal stopping
        stopping = True

    keep_files_private()
    refuse_ports_in_use(settings)
    signal.signal(signal.SIGINT, request_stop)
    signal.signal(signal.SIGTERM, request_stop)
    try:
        asyncio.run(bring_up(settings, children))
        print_where(settings, children)
        keep_running(children, lambda: stopping)
    finally:
        print("\nStopping Contact101:")
        stop_all(children)


if __name__ == "__main__":
    main()
