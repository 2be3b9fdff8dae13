"""deploy/compose.yaml run for real with podman-compose, over the stand-ins of
compose.stand-ins.yaml: brought up, looked at container by container, and torn down.

Podman 4.3 runs no health checks on its own, podman-compose does not wait on `service_healthy`
there, and its `--requires` links fail once a one-shot dependency has exited. So the stack is
brought up in the order of the Compose file's `depends_on`, a group of services at a time, each
group once its dependencies' conditions hold: healthy is the container's own Compose health
check passing, completed is its exit code 0.
"""

from __future__ import annotations

import json
import os
import secrets
import subprocess
import sys
import time
from collections import defaultdict
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from tests.containers.engine import HERE, ROOT, Images, engine_environment, podman

COMPOSE_FILES = (ROOT / "deploy" / "compose.yaml", HERE / "compose.stand-ins.yaml")
# Health checks run at once: each is a Python process; more than the cores only slows them.
PROBES_AT_ONCE = 2
PODMAN_COMPOSE = Path(sys.executable).with_name("podman-compose")


@dataclass(frozen=True)
class ComposeStack:
    """A running Compose project and the secrets it was started with."""

    project: str
    environment: dict[str, str]
    # Containers whose health check has passed: a service waited for once is not probed again.
    healthy: set[str] = field(default_factory=set)

    def compose(self, *arguments: str, timeout: float = 120) -> str:
        files = [argument for path in COMPOSE_FILES for argument in ("-f", str(path))]
        result = subprocess.run(
            [str(PODMAN_COMPOSE), "-p", self.project, *files, *arguments],
            env=self.environment,
            capture_output=True,
            text=True,
            timeout=timeout,
        )
        assert result.returncode == 0, (
            f"podman-compose {' '.join(arguments)}:\n{result.stdout}\n{result.stderr}"
        )
        return result.stdout

    def services(self) -> dict[str, dict[str, Any]]:
        """The services the stack runs (profiles left out), as the two files make them."""
        services: dict[str, dict[str, Any]] = yaml.safe_load(self.compose("config"))["services"]
        return services

    def up(self, within: float) -> None:
        """Start every service after what it depends on, as the Compose file orders them."""
        services = self.services()
        met: set[str] = set()
        for group in start_order(services):
            waits = {
                name: condition for name, condition in conditions(services, group).items() if name not in met
            }
            self.wait_healthy(
                [name for name, condition in waits.items() if condition == "service_healthy"], within
            )
            for name, condition in waits.items():
                if condition == "service_completed_successfully":
                    self.wait_completed(name, within)
            met.update(waits)
            self.compose("up", "--detach", "--no-build", "--no-deps", *group, timeout=within)

    def wait_completed(self, service: str, within: float) -> None:
        """Wait for the one-shot service to finish, and fail unless it succeeded."""
        (name,) = self.containers(running=False)[service]
        started = time.monotonic()
        while (state := self.state(name))[0] not in ("exited", "stopped"):
            assert time.monotonic() - started < within, f"{name} still {state[0]} after {within:.0f}s"
            time.sleep(0.5)
        assert state[1] == "0", f"{name} exited with {state[1]}\n{self.logs({name})}"

    def state(self, container: str) -> tuple[str, str]:
        status, exit_code = podman(
            "inspect", "--format", "{{.State.Status}} {{.State.ExitCode}}", container
        ).stdout.split()
        return status, exit_code

    def containers(self, running: bool = True) -> dict[str, list[str]]:
        """The names of the project's containers (only those running, unless not running), by
        Compose service."""
        listing = ["ps", "--filter", f"label=io.podman.compose.project={self.project}", "--format", "json"]
        listed = json.loads(podman(*listing, *([] if running else ["--all"])).stdout)
        by_service: dict[str, list[str]] = defaultdict(list)
        for container in listed:
            by_service[container["Labels"]["com.docker.compose.service"]].append(container["Names"][0])
        return {service: sorted(names) for service, names in by_service.items()}

    def wait_healthy(self, services: list[str], within: float) -> float:
        """Run each container's own health check, a few at once, until every one of the
        services' passes; the seconds that took."""
        started = time.monotonic()
        running = self.containers()
        waiting = {name for service in services for name in running.get(service, [])}
        assert waiting or not services, f"no containers of {services}"
        waiting -= self.healthy
        with ThreadPoolExecutor(max_workers=PROBES_AT_ONCE) as pool:
            while waiting:
                checks = dict(zip(waiting, pool.map(healthy, waiting), strict=True))
                self.healthy.update(name for name, passed in checks.items() if passed)
                waiting -= self.healthy
                if waiting and time.monotonic() - started > within:
                    raise AssertionError(
                        f"not healthy within {within:.0f}s: {sorted(waiting)}\n{self.logs(waiting)}"
                    )
                time.sleep(0.5 if waiting else 0)
        return time.monotonic() - started

    def logs(self, containers: set[str]) -> str:
        def tail(name: str) -> str:
            result = podman("logs", "--tail", "30", name, check=False)
            return result.stdout + result.stderr

        return "\n".join(f"--- {name}\n{tail(name)}" for name in sorted(containers))

    def tear_down(self) -> None:
        """Stop and remove every container at once (podman-compose would one by one), then the
        project's network and volumes."""
        for _attempt in range(3):
            everything = [name for names in self.containers(running=False).values() for name in names]
            if not everything:
                break
            # A container that stops by itself while podman is killing it fails the whole
            # command ("container state improper"), so remove what is left again.
            podman("rm", "--force", "--time", "5", *everything, timeout=120, check=False)
        left = self.containers(running=False)
        assert not left, f"containers left after tear-down: {left}"
        self.compose("down", "--volumes", timeout=120)

    def host_address(self, container: str, port: int) -> str:
        """Where the host reaches the container's published port."""
        return podman("port", container, str(port)).stdout.strip().splitlines()[0]


@contextmanager
def compose_stack(images: Images, maildir: Path) -> Iterator[ComposeStack]:
    """The Compose stack on the images, with fresh secrets, torn down (volumes too) afterwards."""
    maildir.mkdir(parents=True, exist_ok=True)
    maildir.chmod(0o777)
    environment = {
        **engine_environment(),
        "POSTGRES_PASSWORD": secrets.token_urlsafe(16),
        "CONTACT101_TOKEN_KEY": secrets.token_urlsafe(32),
        "CONTACT101_PAYLOAD_KEY": secrets.token_urlsafe(32),
        "CONTACT101_ASSERTION_KEY": secrets.token_urlsafe(32),
        "CONTACT101_IMAGE": images.app,
        "CONTACT101_POSTGRESQL_IMAGE": images.postgresql,
        "CONTACT101_TEMPORAL_IMAGE": images.temporal,
        "CONTACT101_MAILDIR": str(maildir),
    }
    stack = ComposeStack(f"contact101-lane-{os.getpid()}", environment)
    try:
        stack.up(within=120)
        yield stack
    finally:
        stack.tear_down()


def healthy(container: str) -> bool:
    """Whether the container's Compose health check passes now."""
    try:
        return podman("healthcheck", "run", container, check=False, timeout=60).returncode == 0
    except subprocess.TimeoutExpired:
        return False


def start_order(services: dict[str, dict[str, Any]]) -> list[list[str]]:
    """The services in groups: each group depends only on services of the groups before it."""
    groups: list[list[str]] = []
    started: set[str] = set()
    while len(started) < len(services):
        group = sorted(
            name
            for name, service in services.items()
            if name not in started and set(service.get("depends_on", {})) <= started
        )
        assert group, f"depends_on goes round in a circle among {set(services) - started}"
        groups.append(group)
        started.update(group)
    return groups


def conditions(services: dict[str, dict[str, Any]], group: list[str]) -> dict[str, str]:
    """What the group's services wait for, dependency by dependency."""
    return {
        dependency: how["condition"]
        for name in group
        for dependency, how in services[name].get("depends_on", {}).items()
    }
