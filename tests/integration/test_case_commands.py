"""`contact101 add-info | history | escalations | cancel-crime | show` against the real stack."""

from __future__ import annotations

import asyncio

from tests.cases import audited_actions, new_case_awaiting_verification
from tests.command_line import contact101
from tests.stack import Stack


async def test_information_history_and_cancellation_from_the_command_line(
    stack: Stack, cli_environment: None
) -> None:
    case = await new_case_awaiting_verification(stack, "pc.cli")
    reference = case.reference

    added = await asyncio.to_thread(
        contact101,
        "--as", "pc.cli:contact_officer", "add-info", reference,
        "--source", "caller", "--text", "He came back with a knife", "--risk", "weapon",
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


async def test_a_key_event_from_the_command_line_restarts_the_victim_update_clock(
    stack: Stack, cli_environment: None
) -> None:
    case = await new_case_awaiting_verification(stack, "pc.cli")
    added = await asyncio.to_thread(
        contact101,
        "--as", "pc.cli:contact_officer", "add-info", case.reference,
        "--source", "officer", "--text", "Suspect charged today", "--key-event", "charge",
    )  # fmt: skip
    assert f"{case.reference}: information added" in added
    shown = await asyncio.to_thread(contact101, "--as", "sgt.cli:supervisor", "show", case.reference)
    assert "working day(s) of the charge" in shown, shown
    assert "[charge]: Suspect charged today" in shown, shown
