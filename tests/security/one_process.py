"""One Contact101 process started for real, for tests of how it starts and what it logs."""

from __future__ import annotations

import secrets
import signal
import subprocess
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from deploy import process_stack
from deploy.processes import Process

ROOT = Path(__file__).resolve().parents[2]
START_SECONDS = 30.0


def strong_key() -> str:
    """A key as a force makes one (`openssl rand -base64 48`)."""
    return secrets.token_urlsafe(48)


def process_environment(data_dir: Path, **settings: str) -> dict[str, str]:
    """A loopback environment of free ports in data_dir, plus CONTACT101_<NAME> settings."""
    environment = process_stack.stack_environment(data_dir)
    environment["CONTACT101_TELEMETRY_EXPORTER"] = "none"
    environment.update({f"CONTACT101_{name.upper()}": value for name, value in settings.items()})
    return environment


def run_to_the_end(command: list[str], environment: dict[str, str]) -> subprocess.CompletedProcess[str]:
    """command run until it exits (a process refusing to start exits at once)."""
    return subprocess.run(
        command, cwd=ROOT, env=environment, capture_output=True, text=True, timeout=START_SECONDS
    )


@dataclass
class Started:
    process: subprocess.Popen[str]
    output: list[str]

    def stop(self) -> str:
        """SIGTERM, then everything it wrote."""
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
        remaining, _ = self.process.communicate(timeout=START_SECONDS)
        return "".join(self.output) + remaining


@contextmanager
def listening(process: Process, environment: dict[str, str]) -> Iterator[Started]:
    """process started and logging that it listens; stopped afterwards."""
    child = subprocess.Popen(
        process.command(), cwd=ROOT, env=environment, stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT, text=True,
    )  # fmt: skip
    assert child.stdout is not None
    started = Started(child, [])
    deadline = time.monotonic() + START_SECONDS
    try:
        for line in child.stdout:
            started.output.append(line)
            if "listening on port" in line:
                break
            assert time.monotonic() < deadline, "".join(started.output)
        else:
            raise AssertionError(f"{process.name} ended before listening:\n" + "".join(started.output))
        yield started
    finally:
        if child.poll() is None:
            child.kill()
            child.communicate()
