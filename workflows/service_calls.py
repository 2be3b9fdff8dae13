"""How the case workflow runs an activity: every service call with the same timeouts and retries.

Service calls run as local activities: in the worker, inside the workflow task that asked
for them, each leaving one marker in the history, so a case's steps take one round trip to
the Temporal server instead of three each. A retry that waits longer than the local retry
threshold waits on a durable timer, so a service down for hours costs a timer per attempt,
not a workflow task held open.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import TypeVar

from temporalio import workflow

from workflows.activities import CaseActivities
from workflows.activity_options import (
    LOCAL_RETRY_THRESHOLD,
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
    return await workflow.execute_local_activity_method(
        activity,
        request,
        start_to_close_timeout=SERVICE_CALL_ATTEMPT_TIMEOUT,
        schedule_to_close_timeout=SERVICE_CALL_TOTAL_TIMEOUT,
        retry_policy=SERVICE_CALL_RETRY,
        local_retry_threshold=LOCAL_RETRY_THRESHOLD,
    )
