"""`./dev up` keeps its processes running: a crashed child is restarted, a crash loop stops the
stack saying which child, a second stack on the same ports refuses, and its files are private."""

from __future__ import annotations

import contextlib
import stat
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import psutil
import pytest

from deploy import process_stack
from tests.command_line import INSTALLED_CLI as CLI

ROOT = Path(__file__).resolve().parents[2]
OFFICER = ("--as", "pc.smith:contact_officer")


@dataclass
class Launcher:
    """`python -m deploy.local_stack` with its output read as it comes."""

    process: subprocess.Popen[str]
    lines: list[str] = field(default_factory=list)

    @classmethod
    def start(cls, environment: dict[str, str]) -> Launcher:
        process = subprocess.Popen(
            [sys.executable, "-m", "deploy.local_stack"], cwd=ROOT, env=environment,
            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
        )  # fmt: skip
        launcher = cls(process)
        threading.Thread(target=launcher._read, daemon=True).start()
        return launcher

    def _read(self) -> None:
        assert self.process.stdout is not None
        for line in self.process.stdout:
            self.lines.append(line)

    @property
    def output(self) -> str:
        return "".join(self.lines)

    def wait_for(self, text: str, within: float = 90) -> None:
        deadline = time.monotonic() + within
        while text not in self.output:
            if self.process.poll() is not None and text not in self.output:
                time.sleep(0.5)  # the reader may still be catching up
                assert text in self.output, f"launcher ended without {text!r}:\n{self.output}"
            assert time.monotonic() < deadline, f"no {text!r} within {within:.0f}s:\n{self.output}"
            time.sleep(0.2)

    def child_pid(self, module: str) -> int:
        """The pid of the launcher's child running `python -m module`, once there is one."""
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            for child in psutil.Process(self.process.pid).children():
                try:
                    if module in child.cmdline():
                        return child.pid
                except psutil.NoSuchProcess:
                    continue
            time.sleep(0.2)
        raise AssertionError(f"no child runs {module}:\n{self.output}")

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.send_signal(2)  # SIGINT, as Ctrl-C
            try:
                self.process.wait(60)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


@pytest.fixture
def launched(tmp_path: Path) -> Iterator[tuple[Launcher, dict[str, str]]]:
    environment = process_stack.stack_environment(tmp_path / "data")
    launcher = Launcher.start(environment)
    try:
        launcher.wait_for("Ctrl-C stops everything")
        yield launcher, environment
    finally:
        launcher.stop()


def contact101(environment: dict[str, str], *arguments: str) -> str:
    result = subprocess.run(
        [str(CLI), *arguments], env=environment, capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout


def wait_for_case(environment: dict[str, str], reference: str, text: str) -> None:
    deadline = time.monotonic() + 60
    while text not in contact101(environment, "--as", "sgt.jones:supervisor", "show", reference):
        assert time.monotonic() < deadline, f"case {reference} never showed {text!r}"
        time.sleep(0.5)


def report(environment: dict[str, str]) -> str:
    return contact101(
        environment, *OFFICER, "report", "--channel", "phone", "--caller", "Sam Caller",
        "--what", "Someone smashed my car window overnight", "--where", "Rose Street car park",
    ).strip()  # fmt: skip


def test_a_killed_worker_is_restarted_and_the_stack_keeps_working(
    launched: tuple[Launcher, dict[str, str]],
) -> None:
    launcher, environment = launched
    worker = launcher.child_pid("workflows.worker")
    psutil.Process(worker).kill()
    launcher.wait_for("restarting worker")
    assert launcher.child_pid("workflows.worker") != worker

    reference = report(environment)
    wait_for_case(environment, reference, "status: awaiting verification")
    assert launcher.process.poll() is None, launcher.output


def test_the_stacks_files_are_its_users_alone(launched: tuple[Launcher, dict[str, str]]) -> None:
    _, environment = launched
    wait_for_case(environment, report(environment), "status: awaiting verification")
    data = Path(environment["CONTACT101_DATA_DIR"])
    assert open_to_others(data) == []
    made = {path.name for path in data.rglob("*")}
    assert {"logs", "worker.log", "intake.db", "temporal.db", "telemetry"} <= made, made


def open_to_others(folder: Path) -> list[str]:
    """Each file or folder under folder (and itself) that its group or others may use, with its mode."""
    found = []
    for path in [folder, *folder.rglob("*")]:
        try:
            mode = path.stat().st_mode
        except FileNotFoundError:  # a SQLite journal, gone already
            continue
        if mode & 0o077:
            found.append(f"{path.relative_to(folder)} {stat.filemode(mode)}")
    return found


def test_a_second_stack_on_the_same_ports_refuses_to_start(
    launched: tuple[Launcher, dict[str, str]],
) -> None:
    launcher, environment = launched
    second = subprocess.run(
        [sys.executable, "-m", "deploy.local_stack"], cwd=ROOT, env=environment,
        capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    output = second.stdout + second.stderr
    assert second.returncode != 0, output
    assert "Contact101 is up" not in output
    temporal_port = environment["CONTACT101_TEMPORAL_TARGET"].rsplit(":", 1)[1]
    assert f"port {temporal_port}" in output and "already answering" in output, output
    assert launcher.process.poll() is None  # the first stack is untouched
    contact101(environment, "--as", "sgt.jones:supervisor", "queue")


def test_a_crash_loop_stops_the_stack_naming_the_child_and_showing_its_log(
    launched: tuple[Launcher, dict[str, str]],
) -> None:
    launcher, environment = launched
    worker_log = Path(environment["CONTACT101_DATA_DIR"]) / "logs" / "worker.log"
    deadline = time.monotonic() + 60
    while "polling task queue" not in worker_log.read_text():  # it has something to show
        assert time.monotonic() < deadline, worker_log.read_text()
        time.sleep(0.2)
    while launcher.process.poll() is None and "keeps crashing" not in launcher.output:
        with contextlib.suppress(psutil.NoSuchProcess, AssertionError):
            psutil.Process(launcher.child_pid("workflows.worker")).kill()
        time.sleep(0.3)
    launcher.wait_for("stopped temporal")
    launcher.process.wait(30)
    assert launcher.process.returncode != 0
    assert "worker keeps crashing" in launcher.output
    last_line = worker_log.read_text().strip().splitlines()[-1]
    assert last_line in launcher.output, f"the end of its log, {last_line!r}, is missing:\n{launcher.output}"
