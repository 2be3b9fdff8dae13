"""Outside the local stack no process starts on a public, placeholder, short or missing key."""

from __future__ import annotations

from pathlib import Path

import pytest

from deploy.process_stack import free_port
from deploy.processes import PROCESSES, Process, process_named
from tests.command_line import INSTALLED_CLI as CLI
from tests.security.one_process import listening, process_environment, run_to_the_end, strong_key

SAFEGUARDING = process_named("safeguarding")
EXAMPLE_SECRET = "CHANGE-ME"  # deploy/example.env, deploy/kubernetes/secret.example.yaml


def assert_refused(command: list[str], environment: dict[str, str], setting: str) -> str:
    result = run_to_the_end(command, environment)
    output = result.stdout + result.stderr
    assert result.returncode != 0, output
    assert setting in output, output
    assert "listening" not in output, output
    return output


EVERY_PROCESS = [pytest.param(process, id=process.name) for process in PROCESSES]


@pytest.mark.parametrize("process", EVERY_PROCESS)
def test_no_process_starts_in_production_on_the_example_secret(process: Process, tmp_path: Path) -> None:
    environment = process_environment(
        tmp_path,
        environment="production",
        token_key=EXAMPLE_SECRET,
        payload_key=strong_key(),
        assertion_key=strong_key(),
    )
    assert_refused(process.command(), environment, "CONTACT101_TOKEN_KEY")


@pytest.mark.parametrize(
    ("keys", "setting"),
    [
        ({"payload_key": strong_key()}, "CONTACT101_TOKEN_KEY"),  # the development default
        ({"token_key": strong_key()}, "CONTACT101_PAYLOAD_KEY"),
        ({"token_key": "", "payload_key": strong_key()}, "CONTACT101_TOKEN_KEY"),
        ({"token_key": "short-but-not-a-placeholder", "payload_key": strong_key()}, "CONTACT101_TOKEN_KEY"),
        (
            {
                "token_key": strong_key(),
                "payload_key": strong_key(),
                "payload_previous_keys": '{"old-1": "CHANGE-ME"}',
            },
            "CONTACT101_PAYLOAD_PREVIOUS_KEYS",
        ),
        (
            {
                "token_key": strong_key(),
                "payload_key": strong_key(),
                "database_url": "postgresql://contact101:CHANGE-ME@127.0.0.1:1/contact101",
            },
            "CONTACT101_DATABASE_URL",
        ),
    ],
    ids=["token key unset", "payload key unset", "empty", "short", "previous key", "database password"],
)
def test_production_refuses_each_weak_secret_naming_its_setting(
    keys: dict[str, str], setting: str, tmp_path: Path
) -> None:
    environment = process_environment(tmp_path, environment="production", **keys)
    assert_refused(SAFEGUARDING.command(), environment, setting)


def test_listening_beyond_loopback_counts_as_production(tmp_path: Path) -> None:
    environment = process_environment(tmp_path, listen_address=f"0.0.0.0:{free_port()}")
    output = assert_refused(SAFEGUARDING.command(), environment, "CONTACT101_TOKEN_KEY")
    assert "CONTACT101_PAYLOAD_KEY" in output  # every weak secret is named at once


def test_a_codec_server_for_the_network_refuses_development_keys(tmp_path: Path) -> None:
    environment = process_environment(tmp_path)
    command = [str(CLI), "codec-server", "--address", f"0.0.0.0:{free_port()}"]
    assert_refused(command, environment, "CONTACT101_PAYLOAD_KEY")


def test_production_starts_on_strong_keys(tmp_path: Path) -> None:
    environment = process_environment(
        tmp_path,
        environment="production",
        token_key=strong_key(),
        payload_key=strong_key(),
        assertion_key=strong_key(),
    )
    with listening(SAFEGUARDING, environment) as started:
        output = started.stop()
    assert "development" not in output


def test_the_local_stack_starts_on_development_keys(tmp_path: Path) -> None:
    with listening(SAFEGUARDING, process_environment(tmp_path)) as started:
        started.stop()


def test_config_warns_of_development_keys(tmp_path: Path) -> None:
    shown = run_to_the_end([str(CLI), "config"], process_environment(tmp_path))
    assert shown.returncode == 0, shown.stderr
    assert "warning" in shown.stderr.lower()
    assert "CONTACT101_TOKEN_KEY" in shown.stderr and "CONTACT101_PAYLOAD_KEY" in shown.stderr

    strong = process_environment(
        tmp_path, token_key=strong_key(), payload_key=strong_key(), assertion_key=strong_key()
    )
    shown = run_to_the_end([str(CLI), "config"], strong)
    assert shown.returncode == 0 and "warning" not in shown.stderr.lower(), shown.stderr
