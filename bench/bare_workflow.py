"""The baseline: a bare workflow shaped like a case (activities, then an Update), doing no work."""

from __future__ import annotations

from datetime import timedelta

from temporalio import activity, workflow

STEPS = 5  # assess, decide, refer, submit, record verification


@activity.defn
async def no_op(step: int) -> int:
    return step


@workflow.defn
class BareCaseWorkflow:
    def __init__(self) -> None:
        self._awaiting = False
        self._verified = False

    @workflow.run
    async def run(self) -> None:
        for step in range(STEPS - 1):
            await workflow.execute_activity(no_op, step, start_to_close_timeout=timedelta(seconds=10))
        self._awaiting = True
        await workflow.wait_condition(lambda: self._verified)

    @workflow.query
    def awaiting(self) -> bool:
        return self._awaiting

    @workflow.update
    async def verify(self) -> None:
        await workflow.execute_activity(no_op, STEPS, start_to_close_timeout=timedelta(seconds=10))
        self._verified = True
