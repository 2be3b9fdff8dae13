"""How services start, read and act on case workflows, with workflow refusals as gRPC refusals."""

from __future__ import annotations

import contextlib
import uuid
from typing import Any, TypeVar

from google.protobuf.message import Message
from temporalio.client import (
    Client,
    WorkflowHandle,
    WorkflowUpdateFailedError,
    WorkflowUpdateRPCTimeoutOrCancelledError,
)
from temporalio.common import WorkflowIDConflictPolicy, WorkflowIDReusePolicy
from temporalio.exceptions import ApplicationError, WorkflowAlreadyStartedError
from temporalio.service import RPCError, RPCStatusCode
from temporalio.workflow import UpdateMethodMultiParam

from contact101.rpc.refusals import InvalidRequest, NotFound, PermissionDenied, Refusal, WrongState
from contact101.v1 import common_pb2, intake_pb2, review_pb2
from workflows.contact_workflow import ContactWorkflow

M = TypeVar("M", bound=Message)
# One of ContactWorkflow's Updates taking an M; every one answers with the case as it then stands.
CaseUpdate = UpdateMethodMultiParam[[ContactWorkflow, M], Any]

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
    """Start the case's workflow; starting a case that runs or has closed is a no-op (its
    reference is its workflow id, and a reference names one case for ever)."""
    with contextlib.suppress(WorkflowAlreadyStartedError):  # it ran and closed: started already
        await client.start_workflow(
            ContactWorkflow.run,
            opened,
            id=opened.reference,
            task_queue=task_queue,
            id_conflict_policy=WorkflowIDConflictPolicy.USE_EXISTING,
            id_reuse_policy=WorkflowIDReusePolicy.REJECT_DUPLICATE,
        )


async def read_case(client: Client, reference: str) -> common_pb2.CaseView:
    handle: WorkflowHandle[ContactWorkflow, common_pb2.CaseView] = client.get_workflow_handle_for(
        ContactWorkflow.run, reference
    )
    try:
        return await handle.query(ContactWorkflow.case)
    except RPCError as error:
        if error.status == RPCStatusCode.NOT_FOUND:
            raise NotFound(f"no case with reference {reference}") from None
        raise


async def verify(
    client: Client, reference: str, decision: review_pb2.VerificationDecision
) -> common_pb2.CaseView:
    """A supervisor's approval or return of the case."""
    return await _update(client, reference, ContactWorkflow.verify, decision)


async def amend(client: Client, reference: str, amendment: intake_pb2.Amendment) -> common_pb2.CaseView:
    """An officer's amendment of a returned case."""
    return await _update(client, reference, ContactWorkflow.amend, amendment)


async def add_information(
    client: Client, reference: str, information: common_pb2.CaseInformation
) -> common_pb2.CaseView:
    """New information on the case, relayed to whoever owns it."""
    return await _update(client, reference, ContactWorkflow.add_information, information)


async def cancel_crime(
    client: Client, reference: str, cancellation: common_pb2.CrimeCancellation
) -> common_pb2.CaseView:
    """A decision maker's cancellation of the case's crime."""
    return await _update(client, reference, ContactWorkflow.cancel_crime, cancellation)


async def _update(
    client: Client,
    reference: str,
    update: CaseUpdate[M],
    argument: M,
) -> common_pb2.CaseView:
    """Run a case Update; a refusal by its validator or handler comes back as a Refusal."""
    handle = client.get_workflow_handle_for(ContactWorkflow.run, reference)
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
    handle: WorkflowHandle[ContactWorkflow, common_pb2.CaseView],
    update: CaseUpdate[M],
    argument: M,
) -> common_pb2.CaseView:
    """The Update's outcome, asked for up to UPDATE_ASKS times under one id."""
    update_id = str(uuid.uuid4())

    async def ask() -> common_pb2.CaseView:
        case: common_pb2.CaseView = await handle.execute_update(update, argument, id=update_id)
        return case

    for _ in range(UPDATE_ASKS - 1):
        try:
            return await ask()
        except WorkflowUpdateRPCTimeoutOrCancelledError:
            continue
    return await ask()
