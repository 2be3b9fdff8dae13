"""Victims' Code Right 6 at a frequency agreed with the victim: the case keeps the update clock
repeating (one durable timer), sends each update as it falls due, shows the next in its view and
in the Temporal UI's current details, and stops when the crime has its outcome. Real Temporal
dev server, gRPC and SQLite, with an agreed "day" of 2 seconds."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from datetime import timedelta
from pathlib import Path

import pytest
from temporalio.api.sdk.v1 import WorkflowMetadata
from temporalio.testing import WorkflowEnvironment

from contact101.v1 import case_pb2, crime_pb2, review_pb2
from tests.cases import awaiting_verification, case_of, clock, eventually_case
from tests.stack import Stack, create_request, phone_theft, running_stack
from workflows import clocks

AGREED_DAY = timedelta(seconds=2)
EVERY = "as agreed every 1 day(s)"


@pytest.fixture(scope="module")
async def short_days(
    temporal_env: WorkflowEnvironment, tmp_path_factory: pytest.TempPathFactory
) -> AsyncIterator[Stack]:
    async with running_stack(
        temporal_env.client, Path(tmp_path_factory.mktemp("agreed-updates")), agreed_update_day=AGREED_DAY
    ) as running:
        yield running


def regular_updates(case: case_pb2.CaseView) -> list[case_pb2.CallerNotification]:
    return [n for n in case.notifications if EVERY in n.message]


async def test_updates_repeat_at_the_agreed_frequency_until_the_crime_has_its_outcome(
    short_days: Stack,
) -> None:
    created = await short_days.intake("pc.smith").CreateContact(
        create_request(phone_theft(victim_update_every_days=1))
    )
    case = await awaiting_verification(short_days, created.reference)
    first = clock(case, clocks.VICTIM_UPDATE)
    assert first.every_days == 1 and first.basis == "victim update every 1 day(s), as agreed with the victim"
    assert first.due_at.ToDatetime() - first.started_at.ToDatetime() == AGREED_DAY
    await short_days.review("sgt.first").Approve(review_pb2.ApproveRequest(reference=case.reference))

    repeated = await eventually_case(
        short_days,
        case.reference,
        lambda view: len(regular_updates(view)) >= 2 and clock(view, clocks.VICTIM_UPDATE).revision >= 2,
        within=30,
    )
    update = clock(repeated, clocks.VICTIM_UPDATE)
    assert update.every_days == 1 and update.state == case_pb2.CLOCK_STATE_RUNNING, "the next one is set"
    sent = regular_updates(repeated)
    assert all(n.kind == case_pb2.NOTIFICATION_KIND_VICTIM_UPDATE for n in sent)
    assert repeated.crime.crime_number in sent[0].message
    gap = sent[1].queued_at.ToDatetime() - sent[0].queued_at.ToDatetime()
    assert AGREED_DAY <= gap < AGREED_DAY * 3, "one update per agreed day"
    assert [entry.action for entry in repeated.history].count("inform") >= 2
    assert repeated.status == case_pb2.CASE_STATUS_CLOSED, "a closed case still keeps the victim updated"

    handle = short_days.temporal.get_workflow_handle(case.reference)
    metadata = await handle.query("__temporal_workflow_metadata", result_type=WorkflowMetadata)
    assert "**Victim updates:** every 1 day(s), as agreed; next " in metadata.current_details

    closed = await short_days.crime("dm.patel").RecordOutcome(
        crime_pb2.RecordOutcomeRequest(
            reference=case.reference, outcome_type="18", reason="no lines of enquiry"
        )
    )
    assert clock(closed, clocks.VICTIM_UPDATE).state == case_pb2.CLOCK_STATE_STOPPED
    await asyncio.sleep(AGREED_DAY.total_seconds() * 1.5)
    later = await case_of(short_days, case.reference)
    assert len(regular_updates(later)) == len(regular_updates(closed)), "no updates after the outcome"
    assert clock(later, clocks.VICTIM_UPDATE).state == case_pb2.CLOCK_STATE_STOPPED


async def test_without_an_agreed_frequency_the_first_update_is_the_only_one(short_days: Stack) -> None:
    created = await short_days.intake("pc.smith").CreateContact(create_request())
    case = await eventually_case(
        short_days,
        created.reference,
        lambda view: clock(view, clocks.VICTIM_UPDATE).state == case_pb2.CLOCK_STATE_MET,
    )
    update = clock(case, clocks.VICTIM_UPDATE)
    assert update.every_days == 0 and update.revision == 0
    await asyncio.sleep(AGREED_DAY.total_seconds() * 1.5)
    later = await case_of(short_days, case.reference)
    assert clock(later, clocks.VICTIM_UPDATE).revision == 0 and not regular_updates(later)
