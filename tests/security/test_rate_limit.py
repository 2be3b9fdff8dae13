"""Intake serves each person at most so many requests: one token (or one stolen password)
cannot flood it, and everybody else is served meanwhile."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from pathlib import Path

import grpc
import pytest
from temporalio.testing import WorkflowEnvironment

from tests.stack import Stack, count_rows, create_request, running_stack

BURST = 3


@pytest.fixture
async def limited(temporal_env: WorkflowEnvironment, tmp_path: Path) -> AsyncIterator[Stack]:
    async with running_stack(
        temporal_env.client, tmp_path, intake_rate_burst=BURST, intake_rate_per_second=0.2
    ) as stack:
        yield stack


async def test_a_flood_from_one_person_is_refused_and_others_are_served(limited: Stack) -> None:
    flooder = limited.intake("pc.flood")
    served = [await flooder.CreateContact(create_request()) for _ in range(BURST)]
    with pytest.raises(grpc.aio.AioRpcError) as refused:
        await flooder.CreateContact(create_request())
    assert refused.value.code() == grpc.StatusCode.RESOURCE_EXHAUSTED
    details = refused.value.details() or ""
    assert "pc.flood" in details and "try again in" in details, details
    assert count_rows(limited.settings, "intake", "contacts", officer_id="pc.flood") == len(served)

    assert (await limited.intake("pc.calm").CreateContact(create_request())).created


async def test_the_allowance_comes_back_with_time(limited: Stack) -> None:
    officer = limited.intake("pc.patient")
    for _ in range(BURST):
        await officer.CreateContact(create_request())
    await asyncio.sleep(1 / 0.2 + 0.5)
    assert (await officer.CreateContact(create_request())).created
