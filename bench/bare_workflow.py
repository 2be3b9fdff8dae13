"""The baseline: a bare workflow shaped like a case (activities, then an Update), doing no work.

Its shape is measured from a real case's history, so that the baseline has as many
activities of the same kind (ordinary or local) as a case, before and during approval.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from temporalio import activity, workflow

STEP_TIMEOUT = timedelta(seconds=10)


@dataclass(frozen=True)
class BareShape:
    """Activities before the case awaits verification, and during the approval Update."""

    steps_before_queue: int
    steps_in_approval: int
    local: bool


@activity.defn
async def no_op(step: int) -> int:
    return step


async def run_steps(count: int, local: bool) -> None:
    for step in range(count):
        if local:
            await workflow.execute_local_activity(no_op, step, start_to_close_timeout=STEP_TIMEOUT)
        else:
            await workflow.execute_activity(no_op, step, start_to_close_timeout=STEP_TIMEOUT)


@workflow.defn
class BareCaseWorkflow:
    def __init__(self) -> None:
        self._awaiting = False
        self._verified = False

    @workflow.run
    async def run(self, shape: BareShape) -> None:
        await run_steps(shape.steps_before_queue, shape.local)
        self._awaiting = True
        await workflow.wait_condition(lambda: self._verified)

    @workflow.update
    async def verify(self, shape: BareShape) -> None:
        """The supervisor's approval: waits for the case to reach the queue, then records it."""
        await workflow.wait_condition(lambda: self._awaiting)
        await run_steps(shape.steps_in_approval, shape.local)
        self._verified = True
