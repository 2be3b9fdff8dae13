"""ContactWorkflow: one durable workflow per contact, its id the contact reference.

    received → risk assessed → crime decision → victim referral (when there is a victim of
    a recorded crime) → awaiting verification → approved and closed,
                                              ↘ returned → amended → (assessed again) ...

Deterministic: every side effect is an activity; time comes from workflow.now().
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from typing import TypeVar

from temporalio import workflow
from temporalio.exceptions import ApplicationError

with workflow.unsafe.imports_passed_through():
    from contact101.v1 import common_pb2, crime_pb2, intake_pb2, review_pb2, safeguarding_pb2
    from workflows.activities import CaseActivities
    from workflows.activity_options import (
        SERVICE_CALL_ATTEMPT_TIMEOUT,
        SERVICE_CALL_RETRY,
        SERVICE_CALL_TOTAL_TIMEOUT,
    )

RequestT = TypeVar("RequestT")
ResultT = TypeVar("ResultT")
Status = common_pb2.CaseStatus
CASE_QUERY = "case"
VERIFY_UPDATE = "verify"
AMEND_UPDATE = "amend"
WORK_ACTIONS = frozenset({"create", "amend"})


def refuse(message: str, code: str) -> ApplicationError:
    """A business refusal; code is the gRPC status name the caller should see."""
    return ApplicationError(message, type=code, non_retryable=True)


@workflow.defn
class ContactWorkflow:
    def __init__(self) -> None:
        self._case = common_pb2.CaseView()
        self._lock = asyncio.Lock()

    @workflow.run
    async def run(self, opened: common_pb2.CaseOpened) -> common_pb2.CaseView:
        self._open(opened)
        while True:
            await self._work_the_case()
            await self._submit_for_verification()
            await workflow.wait_condition(
                lambda: self._case.status != Status.CASE_STATUS_AWAITING_VERIFICATION
            )
            if self._case.status == Status.CASE_STATUS_CLOSED:
                break
            await workflow.wait_condition(lambda: self._case.status != Status.CASE_STATUS_RETURNED_FOR_REWORK)
        await workflow.wait_condition(workflow.all_handlers_finished)
        return self._case

    @workflow.query(name=CASE_QUERY)
    def case(self) -> common_pb2.CaseView:
        return self._case

    @workflow.update(name=VERIFY_UPDATE)
    async def verify(self, decision: review_pb2.VerificationDecision) -> common_pb2.CaseView:
        async with self._lock:
            self._require_awaiting_verification()
            await self._call(
                CaseActivities.record_verification,
                review_pb2.RecordVerificationRequest(
                    reference=self._case.reference,
                    submission=self._case.verification.submission,
                    decision=decision,
                ),
            )
            verification = self._case.verification
            verification.supervisor_id = decision.actor.id
            verification.decided_at.FromDatetime(workflow.now())
            del verification.reasons[:]
            if decision.approved:
                verification.state = common_pb2.VERIFICATION_STATE_APPROVED
                self._record("approve", decision.actor, "work verified; case closed")
                self._case.status = Status.CASE_STATUS_CLOSED
            else:
                verification.state = common_pb2.VERIFICATION_STATE_RETURNED
                verification.reasons.extend(decision.reasons)
                self._record("return", decision.actor, "; ".join(decision.reasons))
                self._case.status = Status.CASE_STATUS_RETURNED_FOR_REWORK
            return self._case

    @verify.validator
    def validate_verify(self, decision: review_pb2.VerificationDecision) -> None:
        self._require_awaiting_verification()
        if decision.actor.role != common_pb2.ROLE_SUPERVISOR:
            raise refuse("only a supervisor can verify a case", "PERMISSION_DENIED")
        if decision.actor.id in self._officers_who_worked_the_case():
            raise refuse(
                f"{decision.actor.id} worked on case {self._case.reference} and cannot verify it",
                "PERMISSION_DENIED",
            )
        if not decision.approved and not any(reason.strip() for reason in decision.reasons):
            raise refuse("reasons: returning a case needs at least one reason", "INVALID_ARGUMENT")

    @workflow.update(name=AMEND_UPDATE)
    async def amend(self, amendment: intake_pb2.Amendment) -> common_pb2.CaseView:
        async with self._lock:
            self._require_returned()
            version = self._case.contact_version + 1
            await self._call(
                CaseActivities.record_amendment,
                intake_pb2.RecordAmendmentRequest(
                    reference=self._case.reference,
                    version=version,
                    contact=amendment.contact,
                    officer_id=amendment.actor.id,
                ),
            )
            self._case.contact.CopyFrom(amendment.contact)
            self._case.contact_version = version
            self._record("amend", amendment.actor, amendment.note or f"contact amended to version {version}")
            self._case.status = Status.CASE_STATUS_RECEIVED
            return self._case

    @amend.validator
    def validate_amend(self, amendment: intake_pb2.Amendment) -> None:
        self._require_returned()
        if amendment.actor.role != common_pb2.ROLE_CONTACT_OFFICER:
            raise refuse("only a contact officer can amend a case", "PERMISSION_DENIED")

    def _open(self, opened: common_pb2.CaseOpened) -> None:
        case = self._case
        case.reference = opened.reference
        case.officer_id = opened.officer_id
        case.received_at.CopyFrom(opened.received_at)
        case.contact.CopyFrom(opened.contact)
        case.contact_version = 1
        case.status = Status.CASE_STATUS_RECEIVED
        case.verification.state = common_pb2.VERIFICATION_STATE_NOT_REQUESTED
        officer = common_pb2.Actor(id=opened.officer_id, role=common_pb2.ROLE_CONTACT_OFFICER)
        channel = common_pb2.Channel.Name(opened.contact.channel).removeprefix("CHANNEL_").lower()
        self._record("create", officer, f"contact received by {channel}")

    async def _work_the_case(self) -> None:
        case = self._case
        case.status = Status.CASE_STATUS_ASSESSING_RISK
        risk = await self._call(
            CaseActivities.assess_risk,
            safeguarding_pb2.AssessRiskRequest(
                reference=case.reference, contact_version=case.contact_version, contact=case.contact
            ),
        )
        case.risk.CopyFrom(risk)
        self._record_by_service("assess", f"graded {common_pb2.RiskGrade.Name(risk.grade)}")

        case.status = Status.CASE_STATUS_DECIDING_CRIME
        crime = await self._call(
            CaseActivities.decide_crime,
            crime_pb2.DecideCrimeRequest(
                reference=case.reference,
                contact_version=case.contact_version,
                contact=case.contact,
                risk=case.risk,
                reported_at=case.received_at,
            ),
        )
        case.crime.CopyFrom(crime)
        outcome = f"crime {crime.crime_number} recorded" if crime.recorded else "no crime recorded"
        self._record_by_service("decide", f"{outcome}: {crime.reason}")

        if crime.recorded and self._has_victim():
            case.status = Status.CASE_STATUS_REFERRING_VICTIM
            referral = await self._call(
                CaseActivities.refer_victim,
                safeguarding_pb2.ReferVictimRequest(
                    reference=case.reference, contact=case.contact, crime=crime, reported_at=case.received_at
                ),
            )
            case.referral.CopyFrom(referral)
            self._record_by_service("refer", f"victim referral {referral.status}: {referral.reason}")

    async def _submit_for_verification(self) -> None:
        case = self._case
        submission = case.verification.submission + 1
        await self._call(
            CaseActivities.submit_for_verification,
            review_pb2.SubmitForVerificationRequest(
                reference=case.reference,
                submission=submission,
                officer_id=case.officer_id,
                grade=case.risk.grade,
                crime_recorded=case.crime.recorded,
            ),
        )
        case.verification.submission = submission
        case.verification.state = common_pb2.VERIFICATION_STATE_AWAITING
        case.status = Status.CASE_STATUS_AWAITING_VERIFICATION
        self._record_by_service("submit", f"submitted for verification ({submission})")

    async def _call(
        self, activity: Callable[[CaseActivities, RequestT], Awaitable[ResultT]], request: RequestT
    ) -> ResultT:
        return await workflow.execute_activity_method(
            activity,
            request,
            start_to_close_timeout=SERVICE_CALL_ATTEMPT_TIMEOUT,
            schedule_to_close_timeout=SERVICE_CALL_TOTAL_TIMEOUT,
            retry_policy=SERVICE_CALL_RETRY,
        )

    def _require_awaiting_verification(self) -> None:
        if self._case.status != Status.CASE_STATUS_AWAITING_VERIFICATION:
            state = Status.Name(self._case.status).removeprefix("CASE_STATUS_")
            raise refuse(
                f"case {self._case.reference} is not awaiting verification (it is {state})",
                "FAILED_PRECONDITION",
            )

    def _require_returned(self) -> None:
        if self._case.status != Status.CASE_STATUS_RETURNED_FOR_REWORK:
            state = Status.Name(self._case.status).removeprefix("CASE_STATUS_")
            raise refuse(
                f"case {self._case.reference} is not returned for rework (it is {state})",
                "FAILED_PRECONDITION",
            )

    def _officers_who_worked_the_case(self) -> set[str]:
        return {entry.actor_id for entry in self._case.history if entry.action in WORK_ACTIONS}

    def _has_victim(self) -> bool:
        contact = self._case.contact
        return contact.caller_is_victim or bool(contact.victim.name.strip())

    def _record(self, action: str, actor: common_pb2.Actor, detail: str) -> None:
        entry = self._case.history.add(action=action, actor_id=actor.id, actor_role=actor.role, detail=detail)
        entry.at.FromDatetime(workflow.now())

    def _record_by_service(self, action: str, detail: str) -> None:
        self._record(action, common_pb2.Actor(id="contact101", role=common_pb2.ROLE_SERVICE), detail)
