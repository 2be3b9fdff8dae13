"""Timeouts and retry policies of every activity the case workflow runs."""

from __future__ import annotations

from datetime import timedelta

from temporalio.common import RetryPolicy

from contact101.rpc.refusals import NON_RETRYABLE_ERROR_TYPES

# A downstream service may be down for minutes: keep retrying with backoff, capped at 30 s,
# for up to a day before the case is failed for an operator to look at.
SERVICE_CALL_RETRY = RetryPolicy(
    initial_interval=timedelta(seconds=1),
    backoff_coefficient=2.0,
    maximum_interval=timedelta(seconds=30),
    # Refusals a service gives that no retry can change.
    non_retryable_error_types=NON_RETRYABLE_ERROR_TYPES,
)
SERVICE_CALL_ATTEMPT_TIMEOUT = timedelta(seconds=15)
SERVICE_CALL_TOTAL_TIMEOUT = timedelta(days=1)
# A local activity's retries wait in the worker up to this long; longer backoffs wait on a
# durable timer (a new workflow task). While a call retries in the worker its workflow task
# stays open, so a clock coming due then is noted a few seconds late: keep this short.
LOCAL_RETRY_THRESHOLD = timedelta(seconds=2)
