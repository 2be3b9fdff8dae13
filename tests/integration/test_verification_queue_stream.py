"""The verification queue streamed by review (WatchAwaitingVerification): a case arrives and
leaves without anyone asking again, through another replica than the one deciding it, and the
most urgent comes first."""

from __future__ import annotations

import asyncio
import random
from collections.abc import AsyncIterator, Callable
from datetime import UTC, datetime, timedelta

import grpc
import pytest

from contact101.rpc.auth import issue_token
from contact101.rpc.channels import open_channel
from contact101.v1 import common_pb2, review_pb2, review_pb2_grpc
from services.review import server as review_server
from tests.cases import new_case_awaiting_verification
from tests.stack import Stack

Queue = review_pb2.VerificationQueue


@pytest.fixture
async def other_replica(stack: Stack) -> AsyncIterator[review_pb2_grpc.ReviewServiceAsyncStub]:
    """A second review replica on the stack's database, as a supervisor reaches it."""
    replica = await review_server.start(stack.settings, "127.0.0.1:0", stack.temporal)
    token = issue_token(stack.settings, "sgt.watcher", "supervisor")
    channel = open_channel(f"127.0.0.1:{replica.port}", lambda: token, stack.settings)
    try:
        yield review_pb2_grpc.ReviewServiceStub(channel)
    finally:
        await channel.close(None)
        await replica.stop(0)


async def next_queue_where(
    stream: grpc.aio.UnaryStreamCall[review_pb2.WatchAwaitingVerificationRequest, Queue],
    accept: Callable[[Queue], bool],
    within: float = 30,
) -> Queue:
    async def read() -> Queue:
        async for queue in stream:
            if accept(queue):
                return queue
        raise AssertionError("the stream ended")

    return await asyncio.wait_for(read(), within)


def references(queue: Queue) -> list[str]:
    return [item.reference for item in queue.items]


async def test_a_case_arrives_in_the_stream_and_leaves_it_when_approved_through_another_replica(
    stack: Stack, other_replica: review_pb2_grpc.ReviewServiceAsyncStub
) -> None:
    stream = other_replica.WatchAwaitingVerification(review_pb2.WatchAwaitingVerificationRequest(limit=1000))
    try:
        await next_queue_where(stream, lambda _queue: True)
        case = await new_case_awaiting_verification(stack, officer="pc.streamed")
        arrived = await next_queue_where(stream, lambda queue: case.reference in references(queue))
        item = next(item for item in arrived.items if item.reference == case.reference)
        assert (item.officer_id, item.grade) == ("pc.streamed", case.risk.grade)
        assert item.HasField("due_at") and arrived.HasField("as_of")

        await stack.review("sgt.decider").Approve(review_pb2.ApproveRequest(reference=case.reference))
        await next_queue_where(stream, lambda queue: case.reference not in references(queue))
    finally:
        stream.cancel()


async def test_alerted_cases_come_first_then_the_soonest_deadline(stack: Stack) -> None:
    system = stack.review("contact101-service", "service")
    day = f"1999{random.randint(1, 12):02d}{random.randint(1, 28):02d}"
    later, sooner, alerted = (f"101-{day}-{random.randint(1000, 9999)}{n}" for n in range(3))
    now = datetime.now(UTC)
    for reference, due in ((later, now + timedelta(hours=3)), (sooner, now + timedelta(hours=1))):
        request = review_pb2.SubmitForVerificationRequest(
            reference=reference, submission=1, officer_id="pc.order", grade=common_pb2.RISK_GRADE_SCHEDULED
        )
        request.due_at.FromDatetime(due)
        await system.SubmitForVerification(request)
    emergency = review_pb2.SubmitForVerificationRequest(
        reference=alerted, submission=1, officer_id="pc.order", grade=common_pb2.RISK_GRADE_EMERGENCY
    )
    emergency.due_at.FromDatetime(now + timedelta(hours=4))
    await system.SubmitForVerification(emergency)
    await system.RaiseAlert(
        review_pb2.RaiseAlertRequest(
            reference=alerted, kind="EMERGENCY", grade=common_pb2.RISK_GRADE_EMERGENCY, detail="dispatched"
        )
    )

    stream = stack.review("sgt.order").WatchAwaitingVerification(
        review_pb2.WatchAwaitingVerificationRequest(limit=1000)
    )
    try:
        queue = await next_queue_where(
            stream, lambda queue: {later, sooner, alerted} <= set(references(queue))
        )
    finally:
        stream.cancel()
    order = [reference for reference in references(queue) if reference in {later, sooner, alerted}]
    assert order == [alerted, sooner, later]
    assert alerted in {alert.reference for alert in queue.alerts}
    assert references(queue).index(alerted) < min(
        index
        for index, item in enumerate(queue.items)
        if item.reference not in {a.reference for a in queue.alerts}
    )


async def test_an_officer_may_not_watch_the_queue(stack: Stack) -> None:
    stream = stack.review("pc.nosy", "contact_officer").WatchAwaitingVerification(
        review_pb2.WatchAwaitingVerificationRequest()
    )
    with pytest.raises(grpc.aio.AioRpcError) as refused:
        await next_queue_where(stream, lambda _queue: True)
    assert refused.value.code() == grpc.StatusCode.PERMISSION_DENIED
