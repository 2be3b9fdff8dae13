"""A worker whose cache of cases is full evicts one to take the next, and the evicted case,
replayed from its history through the sandbox when it next moves, carries on as before."""

from __future__ import annotations

import asyncio
from pathlib import Path

from temporalio.testing import WorkflowEnvironment

from contact101.v1 import case_pb2, intake_pb2, review_pb2
from tests.stack import Stack, create_request, eventually, phone_theft, running_stack

CASES = 3


async def awaiting_verification(stack: Stack, reference: str) -> None:
    await eventually(
        lambda: stack.intake("pc.cache").GetCase(intake_pb2.GetCaseRequest(reference=reference)),
        lambda case: case.status == case_pb2.CASE_STATUS_AWAITING_VERIFICATION,
    )


async def test_cases_evicted_from_a_one_case_cache_are_approved_and_closed(
    temporal_env: WorkflowEnvironment, tmp_path: Path
) -> None:
    async with running_stack(temporal_env.client, tmp_path / "data", worker_cached_cases=1) as stack:
        officer = stack.intake("pc.cache")
        created = [await officer.CreateContact(create_request(phone_theft())) for _ in range(CASES)]
        references = [response.reference for response in created]
        await asyncio.gather(*(awaiting_verification(stack, reference) for reference in references))
        for reference in references:  # each approval finds its case evicted by the one after it
            approved = await stack.review("sgt.cache").Approve(review_pb2.ApproveRequest(reference=reference))
            assert approved.status == case_pb2.CASE_STATUS_CLOSED
            assert [entry.action for entry in approved.history][-2:] == ["submit", "approve"]
