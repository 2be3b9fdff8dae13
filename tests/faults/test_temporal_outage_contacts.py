"""Temporal is down for a minute while officers record contacts, and nobody retries: every
contact is recorded at once with its reference, and each gets its case (clocks, crime
decision, verification queue) from intake's case starter once Temporal is back."""

from __future__ import annotations

import asyncio
import time

import grpc
import pytest

from tests.faults.processes import Caller, FaultStack, Figures, see_cases_through, until
from tests.faults.records import distinct_crime_numbers
from tests.stack import count_rows, create_request

CONTACTS = 20
OUTAGE_SECONDS = 60
# What an officer on the phone may wait for the reference with Temporal down: intake's
# first start waits 8 s for a Temporal that may only be busy.
ANSWERED_WITHIN_SECONDS = 12


async def all_opened(officer: Caller, references: list[str]) -> bool:
    """Whether every case has its workflow and answers; intake answers UNAVAILABLE for a
    recorded contact whose case is not started yet (and for all while Temporal is down), and
    a case's query waits for the worker (back to Temporal a little after it)."""
    try:
        await asyncio.gather(*(officer.case(reference) for reference in references))
    except grpc.aio.AioRpcError as error:
        if error.code() in (grpc.StatusCode.UNAVAILABLE, grpc.StatusCode.DEADLINE_EXCEEDED):
            return False
        raise
    return True


@pytest.mark.slow
async def test_contacts_recorded_while_temporal_is_down_all_get_their_cases(processes: FaultStack) -> None:
    started = time.monotonic()
    officer = Caller(processes, "pc.outage", "contact_officer")
    processes.stop("temporal")
    try:
        references = list(await asyncio.gather(*(officer.create(create_request()) for _ in range(CONTACTS))))
        answered_in = time.monotonic() - started
        print(f"\n{CONTACTS} contacts recorded with Temporal down, answered in {answered_in:.1f}s")
        assert len(set(references)) == CONTACTS
        assert answered_in < ANSWERED_WITHIN_SECONDS, f"references given after {answered_in:.1f}s"
        waiting = [
            count_rows(processes.settings, "intake", "case_starts", reference=r, started_at=None)
            for r in references
        ]
        assert waiting == [1] * CONTACTS, "every contact waits, recorded, for its case"
        await asyncio.sleep(OUTAGE_SECONDS - (time.monotonic() - started))
    finally:
        await processes.start("temporal")

    await until(lambda: all_opened(officer, references), 60, "every case started by intake")
    _, lost = await see_cases_through(processes, references, within=120)
    processes.figures.append(
        Figures("Temporal down 60 s, contacts not retried", CONTACTS, 1, lost, time.monotonic() - started)
    )
    assert lost == 0
    assert distinct_crime_numbers(processes.settings, references) == CONTACTS
    for reference in references:
        assert count_rows(processes.settings, "intake", "case_starts", reference=reference) == 1
        assert (
            count_rows(processes.settings, "intake", "case_starts", reference=reference, started_at=None) == 0
        )
