"""The Compose test lane: the image built from deploy/Dockerfile, and deploy/compose.yaml run on
it with podman-compose (stand-ins for the third-party images: tests/containers/), serving a
case from the host's CLI through two replicas of every service and two workers.
"""

from __future__ import annotations

import subprocess
import time
from pathlib import Path

import pytest

from contact101.runtime.config import SERVICE_NAMES
from deploy.processes import SERVICES, WORKER
from tests.command_line import INSTALLED_CLI as CLI
from tests.containers.compose_stack import ComposeStack, compose_stack
from tests.containers.engine import Images, build_images, podman, require_engine

pytestmark = pytest.mark.slow

GRPC_PORT = 50051


@pytest.fixture(scope="module")
def images() -> Images:
    require_engine()
    return build_images()


def cli(stack: ComposeStack, tmp_path: Path, *arguments: str) -> str:
    """The host's `contact101` CLI, calling replica 1 of intake and of review; its output."""
    containers = stack.containers()
    environment = {
        "PATH": "/usr/bin:/bin",
        "CONTACT101_DATA_DIR": str(tmp_path / "cli"),
        "CONTACT101_TOKEN_KEY": stack.environment["CONTACT101_TOKEN_KEY"],
        "CONTACT101_TELEMETRY_EXPORTER": "none",
        **{
            f"CONTACT101_{service.upper()}_ADDRESS": stack.host_address(containers[service][0], GRPC_PORT)
            for service in ("intake", "review")
        },
    }
    result = subprocess.run(
        [str(CLI), *arguments], env=environment, capture_output=True, text=True, timeout=60, cwd=tmp_path
    )
    assert result.returncode == 0, f"contact101 {' '.join(arguments)}:\n{result.stdout}\n{result.stderr}"
    return result.stdout


def until_in_queue(stack: ComposeStack, tmp_path: Path, reference: str, within: float) -> None:
    started = time.monotonic()
    while reference not in cli(stack, tmp_path, "--as", "sgt.jones:supervisor", "queue"):
        if time.monotonic() - started > within:
            everything = stack.containers()
            raise AssertionError(
                f"{reference} not awaiting verification within {within:.0f}s\n"
                + stack.logs({name for names in everything.values() for name in names})
            )
        time.sleep(1)


# The first test builds the images: on a machine that has none yet, about 7 minutes.
@pytest.mark.timeout(900)
def test_the_image_runs_as_its_own_user_and_stops_at_once_on_sigterm(images: Images) -> None:
    user, usage = podman("run", "--rm", images.app, "sh", "-c", "id -un && contact101 --help").stdout.split(
        "\n", 1
    )
    assert user == "contact101"
    assert "migrate" in usage, "the CLI runs in the image"
    container = podman("run", "--detach", images.app, "sleep", "600").stdout.strip()
    try:
        started = time.monotonic()
        podman("stop", "--time", "20", container, timeout=30)
        assert time.monotonic() - started < 5, "SIGTERM did not stop the container; SIGKILL did"
    finally:
        podman("rm", "--force", container)
    print(f"\nimage {images.app}: {images.size_mb():.0f} MB")


def test_a_compose_stack_of_the_image_takes_a_case_from_the_host_to_approval(
    images: Images, tmp_path: Path
) -> None:
    started = time.monotonic()
    with compose_stack(images, tmp_path / "maildir") as stack:
        running = stack.containers()
        for process in (*SERVICES, WORKER):
            assert len(running[process.name]) == 2, f"two replicas of {process.name}: {running}"
        stack.wait_healthy(list(SERVICE_NAMES), within=120)

        reference = cli(
            stack, tmp_path, "--as", "pc.smith:contact_officer", "report",
            "--channel", "phone", "--caller", "Alex Example", "--caller-phone", "07700900123",
            "--what", "My bicycle was stolen from outside the library overnight",
            "--where", "High Street, Anytown", "--postcode", "AB1 2CD",
        ).split()[0]  # fmt: skip
        until_in_queue(stack, tmp_path, reference, within=60)
        approved = cli(stack, tmp_path, "--as", "sgt.jones:supervisor", "approve", reference)
        assert f"{reference} approved" in approved
        up_seconds = time.monotonic() - started
    print(f"\ncompose stack: {reference} recorded and approved {up_seconds:.0f}s after `up`")
