"""What a caller sees when serving a call fails unexpectedly: a clean status, never a leak.

A dependency that is down (Temporal, the service's database) is UNAVAILABLE, which
callers and activities retry. Anything else is a defect: INTERNAL with an incident id
that points at the log line. Neither the status message nor the log carries the
exception's text, which may hold request data; the log has the type and the stack.
"""

from __future__ import annotations

import logging
import traceback
import uuid

import grpc
from sqlalchemy.exc import DBAPIError, OperationalError
from temporalio.client import WorkflowUpdateRPCTimeoutOrCancelledError
from temporalio.service import RPCError, RPCStatusCode

log = logging.getLogger(__name__)

# CANCELLED: the server gave up on a query because the workflow task timed out (a busy worker).
TRANSIENT_TEMPORAL_CODES = frozenset(
    {
        RPCStatusCode.UNAVAILABLE,
        RPCStatusCode.DEADLINE_EXCEEDED,
        RPCStatusCode.RESOURCE_EXHAUSTED,
        RPCStatusCode.CANCELLED,
    }
)


def is_dependency_down(error: Exception) -> bool:
    if isinstance(error, RPCError):
        return error.status in TRANSIENT_TEMPORAL_CODES
    if isinstance(error, DBAPIError):
        return isinstance(error, OperationalError) or error.connection_invalidated
    return isinstance(error, WorkflowUpdateRPCTimeoutOrCancelledError | TimeoutError | ConnectionError)


def error_kind(error: Exception) -> str:
    """The error's type, with the status of a Temporal call (never the message)."""
    if isinstance(error, RPCError):
        return f"RPCError {error.status.name}"
    return type(error).__name__


def status_for_unexpected(method: str, error: Exception) -> tuple[grpc.StatusCode, str]:
    """The status and message for an error no servicer turned into a refusal; logs it."""
    incident = uuid.uuid4().hex[:12]
    if is_dependency_down(error):
        log.warning("%s: dependency unavailable (%s, incident %s)", method, error_kind(error), incident)
        return grpc.StatusCode.UNAVAILABLE, f"temporarily unavailable; try again (incident {incident})"
    stack = "".join(traceback.format_tb(error.__traceback__))
    log.error("%s: unexpected %s (incident %s)\n%s", method, error_kind(error), incident, stack)
    return grpc.StatusCode.INTERNAL, f"internal error (incident {incident}); the operators have the details"
