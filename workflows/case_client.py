"""How services start, read and act on case workflows, with workflow refusals as gRPC refusals.

Every case a service opens and every decision it sends for a person it authenticated carries
its signed assertion (contact101/temporal/assertions.py), which the case workflow checks.

A case is never too old to update: an Update for a case whose workflow has ended reopens it,
as update-with-start of a new run under the same reference that starts from the ended run's
result (the case as it stood) and is signed for the person who asked. Only one run of a case
is open at a time (a reopening that meets a run already open joins it). Intake's first start
of a case never reopens one (REJECT_DUPLICATE): reopening is this module's explicit operation.
An Update that needs a status a closed case no longer has (verify, amend) is refused in words.
"""

from __future__ import annotations

import asyncio
import contextlib
import uuid
from collections.abc import Callable
from datetime import timedelta
from typing import Any, TypeVar

from temporalio.client import (
    Client,
    WithStartWorkflowOperation,
    WorkflowExecutionStatus,
    WorkflowHandle,
    WorkflowUpdateFailedError,
    WorkflowUpdateRPCTimeoutOrCancelledError,
)
from temporalio.common import WorkflowIDConflictPolicy, WorkflowIDReusePolicy
from temporalio.exceptions import ApplicationError, WorkflowAlreadyStartedError
from temporalio.service import RPCError, RPCStatusCode
from temporalio.workflow import UpdateMethodMultiParam

from contact101.rpc.refusals import NotFound, WrongState, refusal_from
from contact101.temporal.assertions import OPENING, REOPENING, AssertionKeys, Occasion, sign
from contact101.v1 import case_pb2, common_pb2, crime_decision_pb2
from workflows.case_details import summary
from workflows.contact_workflow import (
    ADD_INFORMATION_UPDATE,
    AMEND_UPDATE,
    CANCEL_CRIME_UPDATE,
    RECORD_OUTCOME_UPDATE,
    REQUIRED_STATUS,
    VERIFY_UPDATE,
    ContactWorkflow,
    not_in_status,
)

# A person's decision on a case, as one of ContactWorkflow's Updates takes it.
Decision = TypeVar(
    "Decision",
    case_pb2.VerificationDecision,
    case_pb2.Amendment,
    case_pb2.CaseInformation,
    crime_decision_pb2.CrimeCancellation,
    crime_decision_pb2.CrimeOutcome,
)
# One of ContactWorkflow's Updates taking a Decision; every one answers with the case as it then stands.
CaseUpdate = UpdateMethodMultiParam[[ContactWorkflow, Decision], Any]
CaseHandle = WorkflowHandle[ContactWorkflow, case_pb2.CaseOpened]

# Temporal answers an Update's call within about 30 s. An Update the worker has not taken up
# by then (a busy, frozen or restarting worker) is asked for again under the same id, so
# that it is carried out once and its caller gets its outcome: up to this many times.
UPDATE_ASKS = 4
# Between asks for an Update Temporal dropped with its failed workflow task: 1, 2, then 3 times this.
NOT_READY_PAUSE_SECONDS = 1.0
# What asking for a dropped Update's outcome answers when the workflow never took it up.
NOT_TAKEN_UP = (RPCError, WorkflowUpdateFailedError, WorkflowUpdateRPCTimeoutOrCancelledError)


async def start_case(
    client: Client, keys: AssertionKeys, task_queue: str, opened: case_pb2.CaseOpened
) -> None:
    """Start the case's workflow, with intake's assertion; starting a case that runs or has closed
    is a no-op (its reference is its workflow id, and a reference names one case for ever)."""
    signed = case_pb2.CaseOpened()
    signed.CopyFrom(opened)
    officer = common_pb2.Actor(id=opened.officer_id, role=opened.officer_role)
    sign(keys, signed, officer, Occasion(OPENING, opened.reference))
    with contextlib.suppress(WorkflowAlreadyStartedError):  # it ran and closed: started already
        await client.start_workflow(
            ContactWorkflow.run,
            signed,
            id=opened.reference,
            task_queue=task_queue,
            id_conflict_policy=WorkflowIDConflictPolicy.USE_EXISTING,
            id_reuse_policy=WorkflowIDReusePolicy.REJECT_DUPLICATE,
            static_summary=summary(opened),
        )


async def read_case(client: Client, reference: str) -> case_pb2.CaseView:
    handle: CaseHandle = client.get_workflow_handle_for(ContactWorkflow.run, reference)
    try:
        return await handle.query(ContactWorkflow.case)
    except RPCError as error:
        if error.status == RPCStatusCode.NOT_FOUND:
            raise NotFound(f"no case with reference {reference}") from None
        raise


async def verify(
    client: Client, keys: AssertionKeys, reference: str, decision: case_pb2.VerificationDecision
) -> case_pb2.CaseView:
    """A supervisor's approval or return of the case."""
    return await _update(client, keys, reference, ContactWorkflow.verify, VERIFY_UPDATE, decision)


async def amend(
    client: Client, keys: AssertionKeys, reference: str, amendment: case_pb2.Amendment
) -> case_pb2.CaseView:
    """An officer's amendment of a returned case."""
    return await _update(client, keys, reference, ContactWorkflow.amend, AMEND_UPDATE, amendment)


async def add_information(
    client: Client, keys: AssertionKeys, reference: str, information: case_pb2.CaseInformation
) -> case_pb2.CaseView:
    """New information on the case, relayed to whoever owns it."""
    return await _update(
        client, keys, reference, ContactWorkflow.add_information, ADD_INFORMATION_UPDATE, information
    )


async def cancel_crime(
    client: Client,
    keys: AssertionKeys,
    reference: str,
    cancellation: crime_decision_pb2.CrimeCancellation,
) -> case_pb2.CaseView:
    """A decision maker's cancellation of the case's crime."""
    return await _update(
        client, keys, reference, ContactWorkflow.cancel_crime, CANCEL_CRIME_UPDATE, cancellation
    )


async def record_outcome(
    client: Client, keys: AssertionKeys, reference: str, outcome: crime_decision_pb2.CrimeOutcome
) -> case_pb2.CaseView:
    """A decision maker's closing of the case's crime with its outcome."""
    return await _update(
        client, keys, reference, ContactWorkflow.record_outcome, RECORD_OUTCOME_UPDATE, outcome
    )


async def _update(
    client: Client,
    keys: AssertionKeys,
    reference: str,
    update: CaseUpdate[Decision],
    name: str,
    decision: Decision,
) -> case_pb2.CaseView:
    """Run a case Update with the service's assertion, on the case's open run or on a new run
    that reopens it; a refusal by its validator or handler comes back as a Refusal."""
    handle: CaseHandle = client.get_workflow_handle_for(ContactWorkflow.run, reference)

    def signed_for(update_id: str) -> Decision:
        signed = type(decision)()
        signed.CopyFrom(decision)
        sign(keys, signed, decision.actor, Occasion(name, reference, update_id))
        return signed

    try:
        if await _is_open(handle):
            try:
                return await _carried_out(handle, update, signed_for)
            except (WorkflowUpdateFailedError, RPCError):
                if await _is_open(handle):  # not a run that ended as the Update reached it
                    raise
        ended = await _ended_case(handle)
        if name in REQUIRED_STATUS:
            raise not_in_status(ended.resumed, REQUIRED_STATUS[name][1])
        reopening = _reopening(keys, ended, decision.actor)
        start = WithStartWorkflowOperation(
            ContactWorkflow.run,
            reopening,
            id=reference,
            task_queue=(await handle.describe()).task_queue,
            id_conflict_policy=WorkflowIDConflictPolicy.USE_EXISTING,
            id_reuse_policy=WorkflowIDReusePolicy.ALLOW_DUPLICATE,
            static_summary=summary(reopening),
        )
        update_id = str(uuid.uuid4())
        reopened: case_pb2.CaseView = await client.execute_update_with_start_workflow(
            update, signed_for(update_id), start_workflow_operation=start, id=update_id
        )
        return reopened
    except WorkflowUpdateFailedError as failure:
        cause = failure.cause
        if isinstance(cause, ApplicationError):
            raise refusal_from(cause.type or "", cause.message) from None
        raise


async def _carried_out(
    handle: CaseHandle, update: CaseUpdate[Decision], signed_for: Callable[[str], Decision]
) -> case_pb2.CaseView:
    """The Update's outcome on the open run. Temporal answers FAILED_PRECONDITION for an
    Update whose workflow task failed (a frozen worker answering after its task timed out),
    yet the workflow may still take that Update up from the worker's late answer. So, once
    the workflow has a new task, its outcome is asked for under its id; only an Update that
    is truly gone is asked for again, under a new id: up to UPDATE_ASKS times."""
    for attempt in range(1, UPDATE_ASKS + 1):
        update_id = str(uuid.uuid4())
        try:
            return await _execute_update(handle, update, signed_for(update_id), update_id)
        except RPCError as error:
            if error.status != RPCStatusCode.FAILED_PRECONDITION or attempt == UPDATE_ASKS:
                raise
        await asyncio.sleep(attempt * NOT_READY_PAUSE_SECONDS)  # while Temporal schedules a new task
        with contextlib.suppress(*NOT_TAKEN_UP):
            taken_up: case_pb2.CaseView = await handle.get_update_handle(update_id).result(
                rpc_timeout=timedelta(seconds=NOT_READY_PAUSE_SECONDS * 5)
            )
            return taken_up
    raise AssertionError("the last ask returns or raises")


async def _is_open(handle: CaseHandle) -> bool:
    """Whether the case's latest run is open; NotFound for a reference that never named a case."""
    try:
        description = await handle.describe()
    except RPCError as error:
        if error.status == RPCStatusCode.NOT_FOUND:
            raise NotFound(f"no case with reference {handle.id}") from None
        raise
    return description.status == WorkflowExecutionStatus.RUNNING


async def _ended_case(handle: CaseHandle) -> case_pb2.CaseOpened:
    """The case as its ended run left it; a case refused at its opening, or whose run was
    stopped by hand, cannot be reopened."""
    status = (await handle.describe()).status
    if status != WorkflowExecutionStatus.COMPLETED:
        ended = "was refused at its opening" if status == WorkflowExecutionStatus.FAILED else "was stopped"
        raise WrongState(f"case {handle.id} {ended} and cannot be updated")
    return await handle.result()


def _reopening(
    keys: AssertionKeys, ended: case_pb2.CaseOpened, actor: common_pb2.Actor
) -> case_pb2.CaseOpened:
    """The start of a new run of the case as it ended, signed for the actor who reopens it."""
    reopening = case_pb2.CaseOpened()
    reopening.CopyFrom(ended)
    reopening.reopened_by.CopyFrom(actor)
    sign(keys, reopening, actor, Occasion(REOPENING, ended.reference))
    return reopening


async def _execute_update(
    handle: CaseHandle,
    update: CaseUpdate[Decision],
    decision: Decision,
    update_id: str,
) -> case_pb2.CaseView:
    """The Update's outcome, asked for up to UPDATE_ASKS times under one id."""

    async def ask() -> case_pb2.CaseView:
        case: case_pb2.CaseView = await handle.execute_update(update, decision, id=update_id)
        return case

    for _ in range(UPDATE_ASKS - 1):
        try:
            return await ask()
        except WorkflowUpdateRPCTimeoutOrCancelledError:
            continue
    return await ask()
