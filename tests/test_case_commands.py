"""`contact101 add-info | history | escalations | cancel-crime | show` against the real stack."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator

import pytest
from typer.testing import CliRunner

from contact101.cli.main import app
from contact101.config import SERVICE_NAMES, get_settings
from tests.cases import audited_actions, new_case_awaiting_verification
from tests.stack import Stack

runner = CliRunner()


@pytest.fixture
def cli_environment(stack: Stack, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """The CLI's settings point at the test stack."""
    for service in SERVICE_NAMES:
        monkeypatch.setenv(f"CONTACT101_{service.upper()}_ADDRESS", stack.settings.address_of(service))
    monkeypatch.setenv("CONTACT101_TOKEN_KEY", stack.settings.token_key.get_secret_value())
    monkeypatch.setenv("CONTACT101_TELEMETRY_EXPORTER", "none")
    get_settings.cache_clear()
    yield
    get_settings.cache_clear()


def contact101(*arguments: str) -> str:
    """The CLI's output (run it in a thread: it runs its own event loop), or fail with it."""
    result = runner.invoke(app, list(arguments))
    assert result.exit_code == 0, result.output
    return result.output


async def test_information_history_and_cancellation_from_the_command_line(
    stack: Stack, cli_environment: None
) -> None:
    case = await new_case_awaiting_verification(stack, "pc.cli")
    reference = case.reference

    added = await asyncio.to_thread(
        contact101,
        "--as", "pc.cli:contact_officer", "add-info", reference,
        "--source", "caller", "--text", "He came back with a knife", "--touches-risk",
    )  # fmt: skip
    assert f"{reference}: information added (version 2); risk graded priority" in added

    cancelled = await asyncio.to_thread(
        contact101,
        "--as", "dm.cli:decision_maker", "cancel-crime", reference,
        "--category", "duplicate", "--related", "CR-2026-000001", "--reason", "reported twice",
    )  # fmt: skip
    assert f"crime {case.crime.crime_number} cancelled (duplicate)" in cancelled

    shown = await asyncio.to_thread(contact101, "--as", "sgt.cli:supervisor", "show", reference)
    assert "Clocks" in shown and "Crime cancelled" in shown and "He came back with a knife" in shown

    await audited_actions(stack, reference, count=8)
    trail = await asyncio.to_thread(contact101, "--as", "sgt.cli:supervisor", "history", reference)
    for action in ("create", "assess", "decide", "refer", "submit", "update", "cancel"):
        assert f" {action} " in trail
    assert "dm.cli (decision maker)" in trail

    queue = await asyncio.to_thread(contact101, "--as", "insp.cli:supervisor", "escalations", "--all")
    assert "Duty inspector" in queue
