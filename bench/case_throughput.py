"""How fast cases reach the verification queue and close, against a bare Temporal baseline.

Both run on one in-memory Temporal dev server in this process: the baseline is a workflow
with the same number of activities and an Update that do nothing; Contact101 is the real
stack (four gRPC services, SQLite, the worker). Each drives CASES cases, CONCURRENCY at once:
start → reaches the verification queue → approved. Run:

    .venv/bin/python -m bench.case_throughput [CASES] [CONCURRENCY]
"""

from __future__ import annotations

import asyncio
import statistics
import sys
import tempfile
import time
import uuid
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from pathlib import Path

from temporalio.client import Client
from temporalio.worker import Worker

from bench.bare_workflow import BareCaseWorkflow, no_op
from contact101.v1 import common_pb2, intake_pb2, review_pb2
from tests.stack import Stack, create_request, eventually, running_stack, start_temporal

POLL_SECONDS = 0.05


@dataclass
class Figures:
    name: str
    seconds: float
    to_queue: list[float]
    to_close: list[float]

    def row(self) -> str:
        rate = len(self.to_close) / self.seconds
        queue_p50, queue_p95 = percentile(self.to_queue, 50), percentile(self.to_queue, 95)
        close_p50 = percentile(self.to_close, 50)
        return (
            f"{self.name:<22} {rate:7.1f}/s  queue p50 {queue_p50:6.0f} ms  p95 {queue_p95:6.0f} ms"
            f"  close p50 {close_p50:6.0f} ms"
        )


def percentile(values: list[float], rank: int) -> float:
    return statistics.quantiles(values, n=100)[rank - 1] * 1000 if len(values) > 1 else values[0] * 1000


async def drive(
    name: str, cases: int, concurrency: int, one_case: Callable[[], Awaitable[tuple[float, float]]]
) -> Figures:
    gate = asyncio.Semaphore(concurrency)

    async def bounded() -> tuple[float, float]:
        async with gate:
            return await one_case()

    started = time.perf_counter()
    results = await asyncio.gather(*(bounded() for _ in range(cases)))
    return Figures(name, time.perf_counter() - started, [r[0] for r in results], [r[1] for r in results])


async def bare_case(client: Client, task_queue: str) -> tuple[float, float]:
    started = time.perf_counter()
    handle = await client.start_workflow(
        BareCaseWorkflow.run, id=f"bare-{uuid.uuid4()}", task_queue=task_queue
    )
    await eventually(lambda: handle.query(BareCaseWorkflow.awaiting), bool, every=POLL_SECONDS)
    queued = time.perf_counter() - started
    await handle.execute_update(BareCaseWorkflow.verify)
    return queued, time.perf_counter() - started


async def contact101_case(stack: Stack) -> tuple[float, float]:
    started = time.perf_counter()
    created = await stack.intake("pc.bench").CreateContact(create_request())

    await eventually(
        lambda: stack.intake("pc.bench").GetCase(intake_pb2.GetCaseRequest(reference=created.reference)),
        lambda case: case.status == common_pb2.CASE_STATUS_AWAITING_VERIFICATION,
        every=POLL_SECONDS,
    )
    to_queue = time.perf_counter() - started
    await stack.review("sgt.bench").Approve(review_pb2.ApproveRequest(reference=created.reference))
    return to_queue, time.perf_counter() - started


async def main(cases: int, concurrency: int) -> None:
    env = await start_temporal()
    try:
        task_queue = f"bare-{uuid.uuid4()}"
        async with Worker(
            env.client, task_queue=task_queue, workflows=[BareCaseWorkflow], activities=[no_op]
        ):
            baseline = await drive(
                "bare Temporal baseline", cases, concurrency, lambda: bare_case(env.client, task_queue)
            )
        with tempfile.TemporaryDirectory() as data_dir:
            async with running_stack(env.client, Path(data_dir)) as stack:
                measured = await drive(
                    "Contact101 full stack", cases, concurrency, lambda: contact101_case(stack)
                )
    finally:
        await env.shutdown()
    print(f"\n{cases} cases, {concurrency} at once, in-memory dev server, this machine:")
    print(baseline.row())
    print(measured.row())
    slowdown = measured.seconds / baseline.seconds
    print(f"Contact101 takes {slowdown:.1f}x the bare baseline's wall time for the same cases")


if __name__ == "__main__":
    arguments = [int(a) for a in sys.argv[1:3]]
    asyncio.run(main(*(arguments + [100, 20][len(arguments) :])))
