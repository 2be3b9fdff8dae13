"""The case-start outbox with Temporal up: the case starts within CreateContact, and its row
keeps no second copy of the contact."""

from __future__ import annotations

from tests.cases import case_of
from tests.stack import Stack, count_rows, create_request


async def test_a_case_starts_at_once_and_its_start_keeps_no_copy_of_the_contact(stack: Stack) -> None:
    created = await stack.intake("pc.starts").CreateContact(create_request())
    assert (await case_of(stack, created.reference)).reference == created.reference
    starts = {"reference": created.reference, "failed_attempts": 0}
    assert count_rows(stack.settings, "intake", "case_starts", **starts, started_at=None) == 0
    assert count_rows(stack.settings, "intake", "case_starts", **starts, case_opened=b"") == 1
