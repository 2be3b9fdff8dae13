"""How the case workflow runs an activity: every service call with the same timeouts and retries."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import TypeVar

from temporalio import workflow

from workflows.activities import CaseActivities
from workflows.activity_options import (
    SERVICE_CALL_ATTEMPT_TIMEOUT,
    SERVICE_CALL_RETRY,
    SERVICE_CALL_TOTAL_TIMEOUT,
)

RequestT = TypeVar("RequestT")
ResultT = TypeVar("ResultT")


async def run_activity(
    activity: Callable[[CaseActivities, RequestT], Awaitable[ResultT]], request: RequestT
) -> ResultT:
    """Run activity on request; retried with backoff for up to a day, then the case fails."""
    return await workflow.execute_activity_method(
        activity,
        request,
        start_to_close_timeout=SERVICE_CALL_ATTEMPT_TIMEOUT,
        schedule_to_close_timeout=SERVICE_CALL_TOTAL_TIMEOUT,
        retry_policy=SERVICE_CALL_RETRY,
    )
