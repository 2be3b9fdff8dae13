"""Contact101's cost per contact on the embedded stack, beside a bare-Temporal baseline.

    .venv/bin/python -m bench [--profile smoke|standard|slow] [--json PATH]

Starts the durable embedded stack (Temporal dev server on a SQLite file, the four services
on SQLite, the worker; each its own process) in a temporary folder, and measures in one run:
throughput to verified with a scripted supervisor (approving each case as review's queue
stream shows it, as a supervisor's desk would), the same against a bare workflow of the
case's shape, create-contact latency at fixed arrival rates (5 and 10 a second) each beside a
bare start_workflow at the same rate, preview latency (issue 16; `--profile preview` measures
it alone), each process's CPU and memory, under load and idle with the supervisor's stream
open, a py-spy profile of the hottest service, and (slow profile) the cost per contact with
1k and with 10k cases already in the databases.
"""

from __future__ import annotations

import asyncio
import itertools
import os
import tempfile
import time
import uuid
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Annotated

import typer
from temporalio.client import Client, WorkflowHandle
from temporalio.worker import Worker

from bench.bare_workflow import BareCaseWorkflow, BareShape, no_op
from bench.case_shape import shape_of_case
from bench.hot_spots import record, summarise
from bench.load import (
    Callers,
    ClosedLoop,
    OpenLoop,
    ScriptedSupervisor,
    closed_loop,
    contact,
    contact_to_verified,
    open_loop,
    supervising,
)
from bench.machine import describe_machine
from bench.previews import preview_latency
from bench.process_usage import cpu_spent, usage_of
from bench.profiles import PREVIEW_ONLY, PROFILES, Profile
from bench.report import print_run, write_json
from bench.run_figures import LOAD_GENERATOR, Growth, Latency, Run, Throughput, percentile_ms
from deploy.process_stack import ProcessStack

WARMUP_CONTACTS = 20
# After the warm-up, before the idle reading: the last cases' steps after their approval end.
SETTLE_SECONDS = 2.0
DEFAULT_JSON = Path("data/bench/latest.json")
NOT_PROFILED = frozenset({"temporal", LOAD_GENERATOR})

app = typer.Typer(add_completion=False)


@asynccontextmanager
async def embedded_stack() -> AsyncIterator[tuple[ProcessStack, Callers]]:
    with tempfile.TemporaryDirectory(prefix="contact101-bench-") as folder:
        stack = ProcessStack.in_folder(Path(folder) / "data")
        try:
            await stack.start_all()
            callers = Callers.of(stack.settings)
            try:
                yield stack, callers
            finally:
                await callers.close()
        finally:
            stack.stop_all()


def process_ids(stack: ProcessStack) -> dict[str, int]:
    return {name: child.process.pid for name, child in stack.children.items()} | {LOAD_GENERATOR: os.getpid()}


def throughput(loop: ClosedLoop, concurrency: int) -> Throughput:
    durations = loop.to_verified
    return Throughput(
        len(durations),
        concurrency,
        loop.per_second,
        percentile_ms(durations, 50),
        percentile_ms(durations, 95),
    )


def latency(loop: OpenLoop, rate: float, seconds: float) -> Latency:
    seen = loop.latencies
    return Latency(
        rate,
        seconds,
        loop.achieved_per_second,
        percentile_ms(seen, 50),
        percentile_ms(seen, 95),
        percentile_ms(seen, 99),
    )


async def approved_all(supervisor: ScriptedSupervisor, references: list[str]) -> None:
    await asyncio.gather(*(supervisor.approval_of(reference) for reference in references))


async def idle_cpu(pids: dict[str, int], seconds: float) -> dict[str, float]:
    """Each process's CPU seconds over seconds with no contacts, the supervisor's stream open."""
    await asyncio.sleep(SETTLE_SECONDS)
    before = usage_of(pids)
    await asyncio.sleep(seconds)
    return cpu_spent(before, usage_of(pids))


async def contact101_figures(profile: Profile, run: Run, numbers: Iterator[int]) -> None:
    async with embedded_stack() as (stack, callers), supervising(callers) as supervisor:
        one_case = contact_to_verified(callers, supervisor)
        await closed_loop(itertools.islice(numbers, WARMUP_CONTACTS), profile.concurrency, one_case)
        pids = process_ids(stack)
        run.idle_seconds = profile.idle_seconds
        run.idle_cpu_seconds = await idle_cpu(pids, profile.idle_seconds)
        before = usage_of(pids)
        loop = await closed_loop(itertools.islice(numbers, profile.contacts), profile.concurrency, one_case)
        run.cpu_seconds = cpu_spent(before, usage_of(pids))
        run.throughput = throughput(loop, profile.concurrency)

        for rate in profile.rates:
            created, references = await open_loop(
                rate,
                profile.latency_seconds,
                numbers,
                lambda number: callers.intake.CreateContact(contact(number), timeout=60),
            )
            run.intake_latency.append(latency(created, rate, profile.latency_seconds))
            await approved_all(supervisor, [response.reference for response in references])
        run.preview_latency = await preview_latency(callers, profile.previews)

        client = await Client.connect(
            stack.settings.temporal_target, namespace=stack.settings.temporal_namespace
        )
        shape = await shape_of_case(client, next(iter(supervisor.approved)))
        run.shape = {
            "activities_before_queue": shape.steps_before_queue,
            "activities_in_approval": shape.steps_in_approval,
            "local_activities": shape.local,
        }
        await baseline_figures(client, shape, profile, run)

        hottest = max(
            (name for name in run.cpu_seconds if name not in NOT_PROFILED), key=run.cpu_seconds.__getitem__
        )
        run.profiled_process = hottest
        collapsed = stack.settings.data_dir / "profile.txt"
        spy = record(pids[hottest], profile.profile_seconds, collapsed)
        while_profiling = itertools.takewhile(lambda _: spy.poll() is None, numbers)
        await closed_loop(while_profiling, profile.concurrency, one_case)
        spy.wait()
        spots = summarise(collapsed)
        run.hot_spots = {"samples": spots.samples, "own": spots.own, "ours": spots.ours}


async def baseline_figures(client: Client, shape: BareShape, profile: Profile, run: Run) -> None:
    """The bare workflow of the same shape on the same server: throughput, then start latency."""
    task_queue = f"bench-bare-{uuid.uuid4()}"

    async def start(_: int) -> WorkflowHandle[BareCaseWorkflow, None]:
        return await client.start_workflow(
            BareCaseWorkflow.run, shape, id=f"bare-{uuid.uuid4()}", task_queue=task_queue
        )

    async def bare_case(number: int) -> float:
        started = time.perf_counter()
        handle = await start(number)
        await handle.execute_update(BareCaseWorkflow.verify, shape)
        return time.perf_counter() - started

    async with Worker(client, task_queue=task_queue, workflows=[BareCaseWorkflow], activities=[no_op]):
        await closed_loop(iter(range(WARMUP_CONTACTS)), profile.concurrency, bare_case)
        loop = await closed_loop(iter(range(profile.contacts)), profile.concurrency, bare_case)
        run.baseline = throughput(loop, profile.concurrency)
        for rate in profile.rates:
            started, _ = await open_loop(rate, profile.latency_seconds, itertools.count(), start)
            run.start_workflow_latency.append(latency(started, rate, profile.latency_seconds))


async def growth_figures(profile: Profile, run: Run, numbers: Iterator[int]) -> None:
    """On a fresh stack: memory before and after profile.growth_to contacts, and the time per
    contact once a tenth of them, then all of them, are in the databases."""
    async with embedded_stack() as (stack, callers), supervising(callers) as supervisor:
        one_case = contact_to_verified(callers, supervisor)
        await closed_loop(itertools.islice(numbers, WARMUP_CONTACTS), profile.concurrency, one_case)
        pids = process_ids(stack)
        run.rss_mib_before = {name: usage.rss_mib for name, usage in usage_of(pids).items()}
        done = WARMUP_CONTACTS
        for checkpoint in (profile.growth_to // 10, profile.growth_to):
            filling = itertools.islice(numbers, max(0, checkpoint - done))
            await closed_loop(filling, profile.concurrency, one_case)
            window = await closed_loop(
                itertools.islice(numbers, profile.growth_window), profile.concurrency, one_case
            )
            done = checkpoint + profile.growth_window
            run.growth.append(
                Growth(
                    checkpoint,
                    profile.growth_window,
                    window.seconds / profile.growth_window * 1000,
                    percentile_ms(window.to_verified, 50),
                )
            )
        run.rss_mib_after = {name: usage.rss_mib for name, usage in usage_of(pids).items()}


async def measure(name: str) -> Run:
    profile = PROFILES[name]
    run = Run(machine=describe_machine(), profile=name)
    numbers = itertools.count()
    if profile.contacts == PREVIEW_ONLY:
        async with embedded_stack() as (_stack, callers):
            run.preview_latency = await preview_latency(callers, profile.previews)
        return run
    await contact101_figures(profile, run, numbers)
    if profile.growth_to:
        await growth_figures(profile, run, numbers)
    return run


@app.command()
def main(
    profile: Annotated[str, typer.Option(help=f"one of {', '.join(PROFILES)}")] = "standard",
    json_path: Annotated[Path, typer.Option("--json", help="where to write the figures")] = DEFAULT_JSON,
) -> None:
    """Measure, print the figures as tables and write them as JSON."""
    if profile not in PROFILES:
        raise typer.BadParameter(
            f"{profile!r}: expected one of {', '.join(PROFILES)}", param_hint="--profile"
        )
    run = asyncio.run(measure(profile))
    print_run(run)
    write_json(run, json_path)
    print(f"figures written to {json_path}")


if __name__ == "__main__":
    app()
