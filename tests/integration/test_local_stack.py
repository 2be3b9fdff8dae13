"""The README's way in: the launcher brings every process up, the CLI drives a case, Ctrl-C stops all."""

from __future__ import annotations

import base64
import json
import re
import signal
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from contact101.temporal.dev_server import TEMPORAL_CLI
from deploy import process_stack
from tests.command_line import INSTALLED_CLI as CLI
from tests.inbox_messages import deliver, enquiry, names_in

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def stack_environment(tmp_path: Path) -> dict[str, str]:
    """A stack on free ports, its Temporal UI pointed at the codec server (which it then starts)."""
    environment = process_stack.stack_environment(tmp_path / "data")
    codec_port = process_stack.free_port()
    environment["CONTACT101_CODEC_SERVER_ADDRESS"] = f"127.0.0.1:{codec_port}"
    environment["CONTACT101_TEMPORAL_UI_CODEC_ENDPOINT"] = f"http://localhost:{codec_port}"
    return environment


@pytest.fixture
def local_stack(stack_environment: dict[str, str]) -> Iterator[subprocess.Popen[str]]:
    launcher = subprocess.Popen(
        [sys.executable, "-m", "deploy.local_stack"],
        cwd=ROOT,
        env=stack_environment,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    assert launcher.stdout is not None
    lines = []
    for line in launcher.stdout:
        lines.append(line)
        if "Ctrl-C stops everything" in line:
            break
    else:
        pytest.fail("launcher ended before the stack was up:\n" + "".join(lines))
    yield launcher
    if launcher.poll() is None:  # the test failed before its own clean stop
        launcher.send_signal(signal.SIGINT)
        try:
            launcher.communicate(timeout=60)
        except subprocess.TimeoutExpired:
            launcher.kill()


def contact101(environment: dict[str, str], *arguments: str) -> str:
    result = subprocess.run(
        [str(CLI), *arguments], env=environment, capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout


def temporal_workflow_show(environment: dict[str, str], reference: str, *arguments: str) -> str:
    """The payloads `temporal workflow show` gives for a case through the stack's codec server
    (as an operator runs it), their data decoded from base64, and what it said on stderr."""
    result = subprocess.run(
        [
            str(TEMPORAL_CLI), "workflow", "show", "--workflow-id", reference, "--output", "json",
            "--address", environment["CONTACT101_TEMPORAL_TARGET"],
            "--codec-endpoint", environment["CONTACT101_TEMPORAL_UI_CODEC_ENDPOINT"], *arguments,
        ],
        env=environment, capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    data = re.findall(r'"data": "([A-Za-z0-9+/=]*)"', result.stdout)
    return "\n".join(base64.b64decode(value).decode(errors="replace") for value in data) + result.stderr


def wait_for(environment: dict[str, str], reference: str, text: str) -> str:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        shown = contact101(environment, "--as", "sgt.jones:supervisor", "show", reference)
        if text in shown:
            return shown
        time.sleep(0.5)
    pytest.fail(f"case {reference} never showed {text!r}")


def test_launcher_cli_and_clean_stop(
    local_stack: subprocess.Popen[str], stack_environment: dict[str, str]
) -> None:
    officer = ("--as", "pc.smith:contact_officer")
    output = contact101(
        stack_environment, *officer, "report",
        "--channel", "phone", "--caller", "Sam Caller", "--caller-phone", "07700 900456",
        "--what", "Someone smashed my car window overnight", "--where", "Rose Street car park",
        "--postcode", "EH2 2PR", "--line", "cctv: car park camera",
    )  # fmt: skip
    reference = output.strip()
    assert re.fullmatch(r"101-\d{8}-\d{4}", reference), output
    enquiries = Path(stack_environment["CONTACT101_DATA_DIR"]) / "inbox" / "enquiries"
    deliver(enquiries, enquiry())  # the inbox poller records it within seconds

    wait_for(stack_environment, reference, "status: awaiting verification")
    queue = contact101(stack_environment, "--as", "sgt.jones:supervisor", "queue")
    assert reference in queue

    refused = subprocess.run(
        [str(CLI), "--as", "pc.smith:supervisor", "approve", reference],
        env=stack_environment, capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    assert refused.returncode == 1
    assert "PERMISSION_DENIED" in refused.stderr

    contact101(
        stack_environment, "--as", "sgt.jones:supervisor", "return", reference, "--reason", "add the time"
    )
    contact101(
        stack_environment, *officer, "amend", reference, "--when", "2026-01-05T23:00", "--note", "time added"
    )
    wait_for(stack_environment, reference, "(submission 2)")
    contact101(stack_environment, "--as", "sgt.jones:supervisor", "approve", reference)
    shown = wait_for(stack_environment, reference, "status: closed")
    assert "Criminal damage" in shown
    assert "approve" in shown

    shown_by_temporal = temporal_workflow_show(stack_environment, reference)
    assert "Sam Caller" not in shown_by_temporal, "the codec server decrypts for no one without a token"
    operator = contact101(stack_environment, "token", "--user", "ops.patel", "--role", "operator").strip()
    shown_by_temporal = temporal_workflow_show(
        stack_environment, reference, "--codec-auth", f"Bearer {operator}"
    )
    assert "Sam Caller" in shown_by_temporal, shown_by_temporal
    trail = contact101(stack_environment, "--as", "sgt.jones:supervisor", "history", reference)
    assert "ops.patel (operator)" in trail, "the audit trail says who read the case decrypted"

    traced = contact101(stack_environment, "trace", reference)
    for span in ("contact101 report", "IntakeService/CreateContact", "RunActivity:assess_risk", "INSERT"):
        assert span in traced, traced
    chart = Path(stack_environment["CONTACT101_DATA_DIR"]) / "volumes.png"
    stats = contact101(stack_environment, "--as", "sgt.jones:supervisor", "stats", "--chart", str(chart))
    assert "First-contact resolution" in stats and "Open cases by grade" in stats, stats
    assert re.search(r"email\W+1\b", stats) and len(names_in(enquiries / "cur")) == 1, stats
    assert chart.read_bytes().startswith(b"\x89PNG")
    intake_log = Path(stack_environment["CONTACT101_DATA_DIR"]) / "logs" / "intake.log"
    logged = [json.loads(line) for line in intake_log.read_text().splitlines() if line.startswith("{")]
    assert any(line.get("trace_id") for line in logged), "service logs are JSON lines with trace ids"

    form = f"http://{stack_environment['CONTACT101_ONLINE_REPORTS_ADDRESS']}/"
    with urllib.request.urlopen(form, timeout=10) as response:
        assert "Report a crime or incident" in response.read().decode()
    desk = f"http://{stack_environment['CONTACT101_DESK_ADDRESS']}/sign-in"
    with urllib.request.urlopen(desk, timeout=10) as response:
        assert "Sign in to the desk" in response.read().decode()

    local_stack.send_signal(signal.SIGINT)
    remaining, _ = local_stack.communicate(timeout=60)
    assert local_stack.returncode == 0
    for process in (
        "codec-server",
        "desk",
        "online-reports",
        "inbox",
        "worker",
        "review",
        "safeguarding",
        "crime",
        "intake",
        "temporal",
    ):
        assert f"stopped {process}" in remaining
