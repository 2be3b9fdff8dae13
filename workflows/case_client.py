"""How services start, read and act on case workflows, with workflow refusals as gRPC refusals."""

from __future__ import annotations

from google.protobuf.message import Message
from temporalio.client import Client, WorkflowHandle, WorkflowUpdateFailedError
from temporalio.common import WorkflowIDConflictPolicy
from temporalio.exceptions import ApplicationError
from temporalio.service import RPCError, RPCStatusCode

from contact101.errors import InvalidRequest, NotFound, PermissionDenied, Refusal, WrongState
from contact101.v1 import common_pb2
from workflows.contact_workflow import CASE_QUERY, ContactWorkflow

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
        case: common_pb2.CaseView = await handle.execute_update(
            update, argument, result_type=common_pb2.CaseView
        )
        return case
    except WorkflowUpdateFailedError as failure:
        cause = failure.cause
        if isinstance(cause, ApplicationError):
            raise REFUSALS_BY_CODE.get(cause.type or "", WrongState)(cause.message) from None
        raise
    except RPCError as error:
        if error.status == RPCStatusCode.NOT_FOUND:
            raise NotFound(f"no open case with reference {reference}") from None
        raise
