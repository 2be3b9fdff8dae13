"""How services start, read and act on case workflows, with workflow refusals as gRPC refusals."""

from __future__ import annotations

import uuid
from typing import Any

from google.protobuf.message import Message
from temporalio.client import (
    Client,
    WorkflowHandle,
    WorkflowUpdateFailedError,
    WorkflowUpdateRPCTimeoutOrCancelledError,
)
from temporalio.common import WorkflowIDConflictPolicy
from temporalio.exceptions import ApplicationError
from temporalio.service import RPCError, RPCStatusCode

from contact101.errors import InvalidRequest, NotFound, PermissionDenied, Refusal, WrongState
from contact101.v1 import common_pb2
from workflows.contact_workflow import CASE_QUERY, ContactWorkflow

# Temporal answers an Update's call within about 30 s. An Update the worker has not taken up
# by then (a busy, frozen or restarting worker) is asked for again under the same id, so
# that it is carried out once and its caller gets its outcome: up to this many times.
UPDATE_ASKS = 4
REFUSALS_BY_CODE: dict[str, type[Refusal]] = {
    "PERMISSION_DENIED": PermissionDenied,
    "FAILED_PRECONDITION": WrongState,
    "NOT_FOUND": NotFound,
    "INVALID_ARGUMENT": InvalidRequest,
}


async def start_case(client: Client, task_queue: str, opened: common_pb2.CaseOpened) -> None:
    """Start the case's workflow; starting a case that already runs is a no-op."""
    await client.start_workflow(
        ContactWorkflow.run,
        opened,
        id=opened.reference,
        task_queue=task_queue,
        id_conflict_policy=WorkflowIDConflictPolicy.USE_EXISTING,
    )


async def read_case(client: Client, reference: str) -> common_pb2.CaseView:
    handle: WorkflowHandle[ContactWorkflow, common_pb2.CaseView] = client.get_workflow_handle_for(
        ContactWorkflow.run, reference
    )
    try:
        case: common_pb2.CaseView = await handle.query(CASE_QUERY, result_type=common_pb2.CaseView)
        return case
    except RPCError as error:
        if error.status == RPCStatusCode.NOT_FOUND:
            raise NotFound(f"no case with reference {reference}") from None
        raise


async def update_case(client: Client, reference: str, update: str, argument: Message) -> common_pb2.CaseView:
    """Run a case Update; a refusal by its validator or handler comes back as a Refusal."""
    handle = client.get_workflow_handle(reference)
    try:
        return await _execute_update(handle, update, argument)
    except WorkflowUpdateFailedError as failure:
        cause = failure.cause
        if isinstance(cause, ApplicationError):
            raise REFUSALS_BY_CODE.get(cause.type or "", WrongState)(cause.message) from None
        raise
    except RPCError as error:
        if error.status == RPCStatusCode.NOT_FOUND:
            raise NotFound(f"no open case with reference {reference}") from None
        raise


async def _execute_update(
    handle: WorkflowHandle[Any, Any], update: str, argument: Message
) -> common_pb2.CaseView:
    """The Update's outcome, asked for up to UPDATE_ASKS times under one id."""
    update_id = str(uuid.uuid4())

    async def ask() -> common_pb2.CaseView:
        case: common_pb2.CaseView = await handle.execute_update(
            update, argument, id=update_id, result_type=common_pb2.CaseView
        )
        return case

    for _ in range(UPDATE_ASKS - 1):
        try:
            return await ask()
        except WorkflowUpdateRPCTimeoutOrCancelledError:
            continue
    return await ask()
