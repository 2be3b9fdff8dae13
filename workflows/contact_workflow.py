"""ContactWorkflow: one durable workflow per contact, its id the contact reference.

    received → risk assessed → crime decision → victim referral (when there is a victim)
             → awaiting verification → approved and closed,
                                     ↘ returned → amended → (assessed again) ...

A contact graded emergency is sent to emergency dispatch and the supervisors are alerted
right after the assessment; one resolved or redirected at first contact skips the crime
decision and the referral, and still goes to verification.

All along the way:
- statutory clocks run as durable timers, escalating to the duty inspector before they breach;
- new information can arrive at any time: appended to the record, relayed to the crime
  record that owns it, and the risk assessed again when it touches risk;
- a decision maker can cancel or transfer the recorded crime, or close it with its outcome;
- every action goes to the audit trail, and the caller hears of the outcome.
A closed case's workflow ends once every clock is met, stopped or breached, its result the
case as it stands; a long-lived case continues as new, carrying the same. A case is never too
old to update: an Update for a case whose workflow ended reopens it in a new run under the same
reference (workflows/case_client.py), starting from that result; information that raises the
grade of a closed case sends it back to a supervisor.

Deterministic: every side effect is an activity; time comes from workflow.now().
"""

from __future__ import annotations

import asyncio
import contextlib
from datetime import UTC, datetime
from typing import Any

from temporalio import workflow
from temporalio.common import SearchAttributeUpdate

with workflow.unsafe.imports_passed_through():
    from contact101.labels import label
    from contact101.rpc.edge_checks import MAX_TEXT
    from contact101.rpc.refusals import InvalidRequest, PermissionDenied, WrongState
    from contact101.rules import permissions
    from contact101.rules.victims import has_victim
    from contact101.temporal.assertions import (
        OPENING,
        REOPENING,
        Asserted,
        Occasion,
        assertion_refusal,
        keys_in_workflow,
    )
    from contact101.v1 import (
        case_pb2,
        common_pb2,
        crime_decision_pb2,
        crime_pb2,
        intake_pb2,
        review_pb2,
        safeguarding_pb2,
    )
    from workflows import case_details, case_texts
    from workflows.activities import CaseActivities
    from workflows.case_diff import CaseFields, case_fields, changed_values, changes, reviewed_fields
    from workflows.case_metrics import CaseMetrics, observations
    from workflows.case_outbox import CaseOutbox
    from workflows.clocks import CaseClocks, escalation_change, escalation_text
    from workflows.search_attributes import case_search_attributes, changed
    from workflows.service_calls import run_activity

Status = case_pb2.CaseStatus
CASE_QUERY = "case"
NOT_APPLICABLE = "NOT_APPLICABLE"  # a victim referral status: no crime the Victims' Code applies to
VERIFY_UPDATE = "verify"
AMEND_UPDATE = "amend"
ADD_INFORMATION_UPDATE = "add_information"
CANCEL_CRIME_UPDATE = "cancel_crime"
RECORD_OUTCOME_UPDATE = "record_outcome"
# The Updates that only a case in a given status takes, the status in words: refused on a case
# whose workflow has ended, as on a running one.
REQUIRED_STATUS = {
    VERIFY_UPDATE: (Status.CASE_STATUS_AWAITING_VERIFICATION, "awaiting verification"),
    AMEND_UPDATE: (Status.CASE_STATUS_RETURNED_FOR_REWORK, "returned for rework"),
}
# Who recorded a case may not cancel its crime; nobody who worked on it (recorded it, or added
# information: a new contact version) may verify it.
RECORDING_ACTIONS = frozenset({"create", "amend"})
# A raised grade or a new crime sends a case to a supervisor again: a closed case, or one already
# waiting, whose queue entry then shows the case as it now stands.
VERIFIED_AGAIN_WHEN = frozenset({Status.CASE_STATUS_CLOSED, Status.CASE_STATUS_AWAITING_VERIFICATION})
WORK_ACTIONS = RECORDING_ACTIONS | {"update"}
SERVICE = common_pb2.Actor(id="contact101", role=common_pb2.ROLE_SERVICE)
# Update ids carried into the next run: enough to recognise any client retry across continue-as-new.
HANDLED_UPDATES_KEPT = 500


@workflow.defn
class ContactWorkflow:
    @workflow.init
    def __init__(self, opened: case_pb2.CaseOpened) -> None:
        """The case as it stands before any step runs, so that an Update arriving with the
        first task (a retry following the case into a new run) finds it."""
        self._case = case_pb2.CaseView()
        self._lock = asyncio.Lock()
        self._published: list[SearchAttributeUpdate[Any]] = []
        self._unpublished = False
        self._observed = case_pb2.CaseView()
        self._metrics = CaseMetrics(workflow.metric_meter())
        self._clocks = CaseClocks(self._case, opened.clock_policy)
        self._outbox = CaseOutbox(opened.reference)
        self._audited: CaseFields = {}
        self._ended = False
        self._continue_as_new_after = opened.continue_as_new_after_events
        self._handled_updates = list(opened.handled_updates)
        self._reviewed: CaseFields = dict(opened.reviewed_fields)
        self._refused = self._opening_refusal(opened)
        if self._refused:
            self._case.reference = opened.reference
            self._case.status = Status.CASE_STATUS_REFUSED
            self._ended = True
        elif opened.HasField("resumed"):
            self._resume(opened)
        else:
            self._open(opened)

    @workflow.run
    async def run(self, opened: case_pb2.CaseOpened) -> case_pb2.CaseOpened:
        """Work the case until it is closed and its clocks settled; the result is the case as it
        then stands, carried as a new run of it starts (the case's last view is its `resumed`)."""
        if self._refused:
            # Nothing was done: no service called, nothing audited. Operators find the run
            # failed, with CaseStatus REFUSED and the reason.
            self._tell_the_world()
            raise PermissionDenied(
                f"case {opened.reference} not opened by intake: {self._refused}"
            ).as_application_error()
        if not opened.HasField("resumed"):
            officer = common_pb2.Actor(id=opened.officer_id, role=opened.officer_role)
            channel = label(common_pb2.Channel, opened.contact.channel)
            self._record("create", officer, f"contact received by {channel}")
        elif opened.HasField("reopened_by"):
            self._record("reopen", opened.reopened_by, "case reopened to update it; its workflow had ended")
        await asyncio.gather(
            self._follow_the_case(opened),
            self._keep_the_clocks(),
            self._send_the_outbox(),
            self._publish_the_changes(),
        )
        return self._carried(opened)

    async def _follow_the_case(self, opened: case_pb2.CaseOpened) -> None:
        """Work the case whenever it is new or amended, until it is closed and its clocks settled."""
        while True:
            if self._case.status == Status.CASE_STATUS_RECEIVED:
                async with self._lock:
                    await self._work_the_case()
                    await self._submit_for_verification()
            await workflow.wait_condition(
                lambda: (
                    self._case.status == Status.CASE_STATUS_RECEIVED
                    or self._can_end()
                    or self._history_is_long()
                )
            )
            if self._can_end():
                self._ended = True
                return
            if self._history_is_long():
                await self._continue_as_new(opened)

    @workflow.query(name=CASE_QUERY)
    def case(self) -> case_pb2.CaseView:
        return self._case

    @workflow.update(name=VERIFY_UPDATE)
    async def verify(self, decision: case_pb2.VerificationDecision) -> case_pb2.CaseView:
        async with self._lock:
            if self._is_repeat():
                return self._case
            self._require_status(*REQUIRED_STATUS[VERIFY_UPDATE])
            await run_activity(
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
            self._clocks.verified(workflow.now())
            self._reviewed = reviewed_fields(self._case)
            if decision.approved:
                verification.state = case_pb2.VERIFICATION_STATE_APPROVED
                self._record("approve", decision.actor, "work verified; case closed")
                self._case.status = Status.CASE_STATUS_CLOSED
            else:
                verification.state = case_pb2.VERIFICATION_STATE_RETURNED
                verification.reasons.extend(decision.reasons)
                self._record("return", decision.actor, "; ".join(decision.reasons))
                self._case.status = Status.CASE_STATUS_RETURNED_FOR_REWORK
            return self._carried_out()

    @verify.validator
    def validate_verify(self, decision: case_pb2.VerificationDecision) -> None:
        self._require_assertion(decision, decision.actor)
        if self._is_repeat():
            return
        self._require_status(*REQUIRED_STATUS[VERIFY_UPDATE])
        self._require_permission(permissions.VERIFY_CASE, decision.actor)
        if decision.actor.id in self._officers_who_worked_the_case():
            raise PermissionDenied(
                f"{decision.actor.id} worked on case {self._case.reference} and cannot verify it"
            ).as_application_error()
        if not decision.approved and not any(reason.strip() for reason in decision.reasons):
            raise InvalidRequest("reasons: returning a case needs at least one reason").as_application_error()

    @workflow.update(name=AMEND_UPDATE)
    async def amend(self, amendment: case_pb2.Amendment) -> case_pb2.CaseView:
        async with self._lock:
            if self._is_repeat():
                return self._case
            self._require_status(*REQUIRED_STATUS[AMEND_UPDATE])
            version = self._case.contact_version + 1
            await run_activity(
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
            return self._carried_out()

    @amend.validator
    def validate_amend(self, amendment: case_pb2.Amendment) -> None:
        self._require_assertion(amendment, amendment.actor)
        if self._is_repeat():
            return
        self._require_status(*REQUIRED_STATUS[AMEND_UPDATE])
        self._require_permission(permissions.AMEND_CASE, amendment.actor)

    @workflow.update(name=ADD_INFORMATION_UPDATE)
    async def add_information(self, information: case_pb2.CaseInformation) -> case_pb2.CaseView:
        async with self._lock:
            case = self._case
            if self._is_repeat():
                return case
            added = case_pb2.CaseInformation()
            added.CopyFrom(information)
            added.ClearField("assertion")
            added.received_at.FromDatetime(workflow.now())
            added.contact_version = case.contact_version + 1
            contact = case_texts.with_information(case.contact, added)
            await run_activity(
                CaseActivities.record_amendment,
                intake_pb2.RecordAmendmentRequest(
                    reference=case.reference,
                    version=added.contact_version,
                    contact=contact,
                    officer_id=information.actor.id,
                ),
            )
            case.contact.CopyFrom(contact)
            case.contact_version = added.contact_version
            case.information.append(added)
            owner = await self._relay_to_owner(added)
            source = label(case_pb2.InformationSource, information.source)
            self._record("update", information.actor, f"information from {source} added; relayed to {owner}")
            if information.attended:
                self._clocks.attended(workflow.now())
            graded = case.risk.grade
            if information.touches_risk:
                await self._assess_risk()
            new_crime = await self._decide_again_on_new_offences(added)
            if information.key_event and self._clocks.key_event(added, workflow.now()):
                self._notify_caller(
                    case_pb2.NOTIFICATION_KIND_VICTIM_UPDATE,
                    case_texts.key_event_update(case, added.key_event),
                )
            if case.status in VERIFIED_AGAIN_WHEN and (raises(graded, case.risk.grade) or new_crime):
                await self._submit_for_verification()
            if information.source == case_pb2.INFORMATION_SOURCE_CALLER:
                self._notify_caller(
                    case_pb2.NOTIFICATION_KIND_INFORMATION_RECEIVED,
                    case_texts.information_received(case.reference),
                )
            return self._carried_out()

    @add_information.validator
    def validate_add_information(self, information: case_pb2.CaseInformation) -> None:
        self._require_assertion(information, information.actor)
        if self._is_repeat():
            return
        self._require_open_to_updates()
        self._require_permission(permissions.ADD_INFORMATION, information.actor)
        if not information.text.strip():
            raise InvalidRequest("text: new information needs some text").as_application_error()
        if len(case_texts.with_information(self._case.contact, information).what_happened) > MAX_TEXT:
            raise InvalidRequest(
                f"text: the case narrative would grow past {MAX_TEXT} characters; "
                "record the information with the crime or safeguarding record instead"
            ).as_application_error()

    @workflow.update(name=CANCEL_CRIME_UPDATE)
    async def cancel_crime(self, cancellation: crime_decision_pb2.CrimeCancellation) -> case_pb2.CaseView:
        async with self._lock:
            case = self._case
            if self._is_repeat():
                return case
            self._require_cancellable_crime()
            cancelled = crime_decision_pb2.CrimeCancellation()
            cancelled.CopyFrom(cancellation)
            cancelled.ClearField("assertion")
            cancelled.crime_number = case.crime.crime_number
            cancelled.cancelled_at.FromDatetime(workflow.now())
            await run_activity(
                CaseActivities.record_cancellation,
                crime_pb2.RecordCancellationRequest(reference=case.reference, cancellation=cancelled),
            )
            case.cancellation.CopyFrom(cancelled)
            self._clocks.crime_cancelled(workflow.now())
            category = label(crime_decision_pb2.CancellationCategory, cancelled.category)
            self._record(
                "cancel",
                cancelled.actor,
                f"crime {cancelled.crime_number} cancelled ({category}): {cancelled.reason}",
            )
            self._notify_caller(case_pb2.NOTIFICATION_KIND_CRIME_CANCELLED, case_texts.crime_cancelled(case))
            return self._carried_out()

    @cancel_crime.validator
    def validate_cancel_crime(self, cancellation: crime_decision_pb2.CrimeCancellation) -> None:
        self._require_assertion(cancellation, cancellation.actor)
        if self._is_repeat():
            return
        self._require_open_to_updates()
        self._require_permission(permissions.CANCEL_CRIME, cancellation.actor)
        if cancellation.actor.id in self._officers_who_recorded_the_case():
            raise PermissionDenied(
                f"{cancellation.actor.id} recorded case {self._case.reference} and cannot cancel its crime"
            ).as_application_error()
        self._require_cancellable_crime()
        if cancellation.category == crime_decision_pb2.CANCELLATION_CATEGORY_UNSPECIFIED:
            raise InvalidRequest(
                "category: give the reason category of the cancellation"
            ).as_application_error()
        if not cancellation.reason.strip():
            raise InvalidRequest("reason: a cancellation needs a reason").as_application_error()

    @workflow.update(name=RECORD_OUTCOME_UPDATE)
    async def record_outcome(self, outcome: crime_decision_pb2.CrimeOutcome) -> case_pb2.CaseView:
        async with self._lock:
            case = self._case
            if self._is_repeat():
                return case
            self._require_crime_without_outcome()
            assigned = crime_decision_pb2.CrimeOutcome()
            assigned.CopyFrom(outcome)
            assigned.ClearField("assertion")
            assigned.crime_number = case.crime.crime_number
            assigned.assigned_at.FromDatetime(workflow.now())
            await run_activity(
                CaseActivities.store_outcome,
                crime_pb2.StoreOutcomeRequest(reference=case.reference, outcome=assigned),
            )
            case.outcome.CopyFrom(assigned)
            self._clocks.crime_closed(workflow.now())
            self._record(
                "outcome",
                assigned.actor,
                f"crime {assigned.crime_number} closed with outcome {assigned.outcome_type} "
                f"({assigned.name}): {assigned.reason}",
                assigned.rule_version,
            )
            self._notify_caller(case_pb2.NOTIFICATION_KIND_CRIME_OUTCOME, case_texts.crime_outcome(case))
            return self._carried_out()

    @record_outcome.validator
    def validate_record_outcome(self, outcome: crime_decision_pb2.CrimeOutcome) -> None:
        self._require_assertion(outcome, outcome.actor)
        if self._is_repeat():
            return
        self._require_open_to_updates()
        self._require_permission(permissions.RECORD_OUTCOME, outcome.actor)
        self._require_crime_without_outcome()
        if not outcome.outcome_type or not outcome.name:
            raise InvalidRequest("outcome_type: give the crime's outcome type").as_application_error()
        if not outcome.reason.strip():
            raise InvalidRequest("reason: an outcome needs a reason").as_application_error()

    def _open(self, opened: case_pb2.CaseOpened) -> None:
        case = self._case
        case.reference = opened.reference
        case.officer_id = opened.officer_id
        case.received_at.CopyFrom(opened.received_at)
        case.contact.CopyFrom(opened.contact)
        case.contact_version = 1
        case.status = Status.CASE_STATUS_RECEIVED
        case.verification.state = case_pb2.VERIFICATION_STATE_NOT_REQUESTED
        self._clocks.opened(case.received_at.ToDatetime(tzinfo=UTC))

    def _resume(self, opened: case_pb2.CaseOpened) -> None:
        """Carry on a case that continued as new: the case as it stood, its clocks running on."""
        self._case.CopyFrom(opened.resumed)
        self._audited = case_fields(self._case)

    async def _work_the_case(self) -> None:
        case = self._case
        case.status = Status.CASE_STATUS_ASSESSING_RISK
        await self._assess_risk()
        if await self._resolved_at_first_contact():
            return

        case.status = Status.CASE_STATUS_DECIDING_CRIME
        await self._decide_crime()
        if has_victim(case.contact):
            case.status = Status.CASE_STATUS_REFERRING_VICTIM
            await self._refer_victim()
        self._tell_the_victim()

    async def _decide_crime(self) -> None:
        """The NCRS decision on the contact as it now stands."""
        case = self._case
        crime = await run_activity(
            CaseActivities.decide_crime,
            crime_pb2.DecideCrimeRequest(
                reference=case.reference,
                contact_version=case.contact_version,
                contact=case.contact,
                risk=case.risk,
                reported_at=case.received_at,
                decision_due_at=self._clocks.crime_decision_due_at(),
            ),
        )
        case.crime.CopyFrom(crime)
        self._clocks.decided(workflow.now())
        outcome = f"crime {crime.crime_number} recorded" if crime.recorded else "no crime recorded"
        self._record_by_service("decide", f"{outcome}: {crime.reason}", crime.rule_version)

    async def _refer_victim(self) -> None:
        case = self._case
        referral = await run_activity(
            CaseActivities.refer_victim,
            safeguarding_pb2.ReferVictimRequest(
                reference=case.reference,
                contact=case.contact,
                crime=case.crime,
                reported_at=case.received_at,
                risk=case.risk,
                deadlines=self._clocks.victims_code_deadlines(),
            ),
        )
        case.referral.CopyFrom(referral)
        if referral.status != NOT_APPLICABLE:
            self._clocks.referred(referral, workflow.now())
        self._record_by_service(
            "refer", f"victim referral {referral.status}: {referral.reason}", referral.rule_version
        )

    def _tell_the_victim(self) -> None:
        """The victim's first update, once the Victims' Code duty to update them has started."""
        case = self._case
        if self._clocks.needs_victim_update() and not self._victim_update_queued():
            self._notify_caller(case_pb2.NOTIFICATION_KIND_VICTIM_UPDATE, case_texts.victim_update(case))

    async def _decide_again_on_new_offences(self, information: case_pb2.CaseInformation) -> bool:
        """Information that adds offence facts or classifications to a case with no recorded crime
        (nor one cancelled: that stands) is decided again under NCRS; a crime now recorded has its
        victim referred and told. Whether it recorded a new crime."""
        case = self._case
        adds_offences = bool(information.offence_facts or information.offence_codes)
        if not adds_offences or case.crime.recorded:
            return False
        await self._decide_crime()
        if not case.crime.recorded:
            return False
        if has_victim(case.contact):
            await self._refer_victim()
        self._tell_the_victim()
        return True

    async def _assess_risk(self) -> None:
        """THRIVE on the contact as it now stands; the attendance and victim clocks follow the result."""
        case = self._case
        risk = await run_activity(
            CaseActivities.assess_risk,
            safeguarding_pb2.AssessRiskRequest(
                reference=case.reference, contact_version=case.contact_version, contact=case.contact
            ),
        )
        case.risk.CopyFrom(risk)
        self._clocks.graded(risk, workflow.now())
        self._record_by_service(
            "assess", f"graded {label(common_pb2.RiskGrade, risk.grade)}", risk.rule_version
        )
        await self._escalate_if_emergency()

    async def _escalate_if_emergency(self) -> None:
        """A contact graded emergency goes to emergency dispatch and the supervisors at once; once a case."""
        case = self._case
        if case.risk.grade != common_pb2.RISK_GRADE_EMERGENCY or case.HasField("emergency"):
            return
        dispatched = await run_activity(
            CaseActivities.escalate_emergency,
            safeguarding_pb2.EscalateEmergencyRequest(
                reference=case.reference, contact_version=case.contact_version, risk=case.risk
            ),
        )
        await run_activity(
            CaseActivities.alert_supervisors,
            review_pb2.RaiseAlertRequest(
                reference=case.reference,
                kind="EMERGENCY",
                grade=case.risk.grade,
                detail=f"sent to emergency dispatch as {dispatched.dispatch_id}: {case.risk.explanation}",
            ),
        )
        case.emergency.CopyFrom(dispatched)
        self._record_by_service(
            "escalate",
            f"graded emergency: sent to emergency dispatch ({dispatched.dispatch_id}); supervisors alerted",
            dispatched.rule_version,
        )

    async def _resolved_at_first_contact(self) -> bool:
        """Whether the officer's advice or redirect, let stand by the risk assessment, closes the work at
        intake: recorded with its agency, with no crime decision or victim referral (nor a recorded crime
        from an earlier version to undo)."""
        case = self._case
        resolution = case.risk.first_contact
        if not resolution.resolved or case.crime.recorded:
            return False
        await run_activity(
            CaseActivities.record_first_contact_resolution,
            intake_pb2.RecordFirstContactResolutionRequest(
                reference=case.reference, contact_version=case.contact_version, resolution=resolution
            ),
        )
        self._clocks.decided(workflow.now())
        self._record_by_service("resolve", resolution.reason, resolution.rule_version)
        return True

    async def _submit_for_verification(self) -> None:
        case = self._case
        submission = case.verification.submission + 1
        request = review_pb2.SubmitForVerificationRequest(
            reference=case.reference,
            submission=submission,
            officer_id=case.officer_id,
            grade=case.risk.grade,
            crime_recorded=case.crime.recorded,
        )
        request.due_at.FromDatetime(self._clocks.submitted(workflow.now()))
        self._await_verification(submission)
        self._record_by_service("submit", f"submitted for verification ({submission})")
        events = self._outbox.unsent_events()  # stored with the submission, in its transaction
        request.events.extend(events)
        await run_activity(CaseActivities.submit_for_verification, request)
        self._outbox.events_stored(events)

    def _await_verification(self, submission: int) -> None:
        """The case is awaiting verification: from the moment it can appear in the queue, so that
        a supervisor quick off the mark is not refused (the decision waits for the lock)."""
        case = self._case
        case.verification.submission = submission
        case.verification.state = case_pb2.VERIFICATION_STATE_AWAITING
        case.status = Status.CASE_STATUS_AWAITING_VERIFICATION

    async def _relay_to_owner(self, information: case_pb2.CaseInformation) -> str:
        """Pass new information to the crime record that owns the case; who owns it."""
        crime = self._case.crime
        if not crime.recorded or self._case.HasField("cancellation"):
            return "the contact record"
        await run_activity(
            CaseActivities.relay_to_crime_record,
            crime_pb2.RecordCrimeInformationRequest(
                reference=self._case.reference, crime_number=crime.crime_number, information=information
            ),
        )
        return f"crime record {crime.crime_number}"

    async def _keep_the_clocks(self) -> None:
        """One durable timer, set for the nearest moment a clock escalates or breaches."""
        while not self._ended:
            self._report_escalations()
            planned = self._clocks.next_change_at()
            if planned is None or planned > workflow.now():
                await self._wait_for_clocks(planned)
            if self._clocks.regular_update_due(workflow.now()):
                self._send_regular_update()
            self._clocks.advance(workflow.now())

    def _send_regular_update(self) -> None:
        """The update at the frequency agreed with the victim, sent as it falls due; the next starts."""
        case = self._case
        every_days = case.contact.victim_update_every_days
        self._notify_caller(case_pb2.NOTIFICATION_KIND_VICTIM_UPDATE, case_texts.regular_update(case))
        self._clocks.regular_update_sent(workflow.now())
        self._record_by_service("inform", f"victim updated, as agreed every {every_days} day(s)")

    async def _wait_for_clocks(self, planned: datetime | None) -> None:
        """Until planned, or sooner when a clock moved, one escalated or the case ended."""
        with contextlib.suppress(TimeoutError):
            await workflow.wait_condition(
                lambda: (
                    self._ended or bool(self._clocks.escalations) or self._clocks.next_change_at() != planned
                ),
                timeout=None if planned is None else planned - workflow.now(),
            )

    def _report_escalations(self) -> None:
        for escalation in self._clocks.take_escalations():
            self._outbox.add_escalation(escalation_change(self._case.reference, escalation))
            if escalation.stage != review_pb2.ESCALATION_STAGE_RESOLVED:
                self._record_by_service("escalate", escalation_text(escalation))

    async def _send_the_outbox(self) -> None:
        await self._outbox.send_until(lambda: not self._lock.locked(), lambda: self._ended, self._delivered)

    def _notify_caller(self, kind: case_pb2.NotificationKind.ValueType, message: str) -> None:
        case = self._case
        notification = case_pb2.CallerNotification(
            notification_id=f"{case.reference}/notification/{len(case.notifications) + 1}",
            reference=case.reference,
            kind=kind,
            message=message,
        )
        notification.queued_at.FromDatetime(workflow.now())
        case.notifications.append(notification)
        self._outbox.add_notification(notification)

    def _delivered(self, delivered: list[case_pb2.CallerNotification]) -> None:
        """Notifications the caller has been sent; a victim update meets its Victims' Code duty."""
        by_id = {notification.notification_id: notification for notification in delivered}
        for notification in self._case.notifications:
            sent = by_id.get(notification.notification_id)
            if sent is None or notification.HasField("delivered_at"):
                continue
            notification.delivered_at.CopyFrom(sent.delivered_at)
            if notification.kind == case_pb2.NOTIFICATION_KIND_VICTIM_UPDATE:
                self._clocks.victim_told(sent.delivered_at.ToDatetime(tzinfo=UTC))

    def _victim_update_queued(self) -> bool:
        return any(
            notification.kind == case_pb2.NOTIFICATION_KIND_VICTIM_UPDATE
            for notification in self._case.notifications
        )

    def _can_end(self) -> bool:
        """Closed, every clock settled, and nothing left to handle or send."""
        return (
            self._case.status == Status.CASE_STATUS_CLOSED
            and self._clocks.all_settled()
            and not self._clocks.escalations
            and workflow.all_handlers_finished()
            and self._outbox.is_idle()
        )

    def _history_is_long(self) -> bool:
        info = workflow.info()
        limit = self._continue_as_new_after
        return info.is_continue_as_new_suggested() or 0 < limit <= info.get_current_history_length()

    async def _continue_as_new(self, opened: case_pb2.CaseOpened) -> None:
        """Start a fresh history carrying the case, once no Update is mid-way and all is sent."""
        await workflow.wait_condition(
            lambda: (
                workflow.all_handlers_finished() and self._outbox.is_idle() and not self._clocks.escalations
            )
        )
        workflow.continue_as_new(self._carried(opened))

    def _carried(self, opened: case_pb2.CaseOpened) -> case_pb2.CaseOpened:
        """The case as it stands, as the next run of it starts."""
        carried = case_pb2.CaseOpened()
        carried.CopyFrom(opened)
        carried.ClearField("reopened_by")
        carried.ClearField("assertion")
        carried.resumed.CopyFrom(self._case)
        carried.handled_updates[:] = self._handled_updates
        carried.reviewed_fields.clear()
        carried.reviewed_fields.update(self._reviewed)
        return carried

    def _require_status(self, required: Status.ValueType, described: str) -> None:
        """Refuse unless the case's status is required; described says it in words."""
        if self._case.status != required:
            raise not_in_status(self._case, described).as_application_error()

    def _is_repeat(self) -> bool:
        """An Update this case already carried out: a client's retry that followed the case
        into its next run after continue-as-new. It is answered with the case, not done twice."""
        update = workflow.current_update_info()
        return update is not None and update.id in self._handled_updates

    def _carried_out(self) -> case_pb2.CaseView:
        update = workflow.current_update_info()
        if update is not None:
            self._handled_updates.append(update.id)
            del self._handled_updates[:-HANDLED_UPDATES_KEPT]
        self._publish()
        return self._case

    def _require_open_to_updates(self) -> None:
        if self._ended:
            raise WrongState(f"case {self._case.reference} is closed").as_application_error()

    def _require_cancellable_crime(self) -> None:
        case = self._case
        if not case.crime.recorded:
            raise WrongState(f"case {case.reference} has no recorded crime to cancel").as_application_error()
        if case.HasField("cancellation"):
            raise WrongState(
                f"crime {case.crime.crime_number} of case {case.reference} is already cancelled"
            ).as_application_error()

    def _require_crime_without_outcome(self) -> None:
        case = self._case
        if not case.crime.recorded:
            raise WrongState(f"case {case.reference} has no recorded crime to close").as_application_error()
        if case.HasField("cancellation"):
            raise WrongState(
                f"crime {case.crime.crime_number} of case {case.reference} is cancelled and has no outcome"
            ).as_application_error()
        if case.HasField("outcome"):
            raise WrongState(
                f"crime {case.crime.crime_number} of case {case.reference} already has outcome "
                f"{case.outcome.outcome_type} ({case.outcome.name})"
            ).as_application_error()

    def _officers_who_worked_the_case(self) -> set[str]:
        return {entry.actor_id for entry in self._case.history if entry.action in WORK_ACTIONS}

    def _officers_who_recorded_the_case(self) -> set[str]:
        return {entry.actor_id for entry in self._case.history if entry.action in RECORDING_ACTIONS}

    def _opening_refusal(self, opened: case_pb2.CaseOpened) -> str | None:
        """Why this run may not work the case; None when intake opened it or a service reopened
        it for a person it authenticated (the assertion held when the run started), or when the
        case continued as new, which only the case itself does."""
        info = workflow.info()
        if info.continued_run_id is not None:
            return None
        if opened.HasField("reopened_by"):
            actor, occasion = opened.reopened_by, Occasion(REOPENING, info.workflow_id)
        else:
            actor = common_pb2.Actor(id=opened.officer_id, role=opened.officer_role)
            occasion = Occasion(OPENING, info.workflow_id)
        return assertion_refusal(keys_in_workflow(), opened, actor, occasion, info.workflow_start_time)

    def _require_assertion(self, decision: Asserted, actor: common_pb2.Actor) -> None:
        """Refuse a decision without the signed word of the service that authenticated its actor
        for this very Update of this case: first of all, so that a forged one learns nothing."""
        update = workflow.current_update_info()
        occasion = Occasion(
            update.name if update else "", workflow.info().workflow_id, update.id if update else ""
        )
        refusal = assertion_refusal(keys_in_workflow(), decision, actor, occasion, workflow.now())
        if refusal:
            raise PermissionDenied(refusal).as_application_error()

    def _require_permission(self, permission: permissions.Permission, actor: common_pb2.Actor) -> None:
        if not permission.allows(actor.role):
            raise PermissionDenied(permission.refusal).as_application_error()

    def _record(self, action: str, actor: common_pb2.Actor, detail: str, rule_version: str = "") -> None:
        """Add the action to the case's history and audit trail, with the values it changed."""
        case = self._case
        entry = case.history.add(
            action=action, actor_id=actor.id, actor_role=actor.role, detail=detail, rule_version=rule_version
        )
        entry.at.FromDatetime(workflow.now())
        sequence = len(case.history) - 1
        audited = review_pb2.AuditEvent(
            event_id=f"{case.reference}/{sequence}", reference=case.reference, sequence=sequence, entry=entry
        )
        fields = case_fields(case)
        before, after = changed_values(self._audited, fields)
        audited.entry.before.update(before)
        audited.entry.after.update(after)
        self._audited = fields
        self._outbox.add_event(audited)
        if self._reviewed:
            del case.changes_since_review[:]
            case.changes_since_review.extend(changes(self._reviewed, reviewed_fields(case)))
        self._publish()

    def _record_by_service(self, action: str, detail: str, rule_version: str = "") -> None:
        self._record(action, SERVICE, detail, rule_version)

    def _publish(self) -> None:
        """Note that the case changed, for _publish_the_changes to tell the outside world."""
        self._unpublished = True

    async def _publish_the_changes(self) -> None:
        """Once the case changed and no step is under way: a step's service calls run inside one
        workflow task, whose commands reach Temporal together when it completes, so one upsert
        after the step carries what one before each call would (fewer history events, fewer
        visibility writes)."""
        while True:
            await workflow.wait_condition(
                lambda: (self._unpublished and not self._lock.locked()) or self._ended
            )
            if self._unpublished:
                self._tell_the_world()
            if self._ended:
                return

    def _tell_the_world(self) -> None:
        """The search attributes that changed, the live figures and the current details."""
        self._unpublished = False
        self._metrics.record(observations(self._observed, self._case))
        self._observed.CopyFrom(self._case)
        current = case_search_attributes(self._case)
        updates = changed(self._published, current)
        if updates:
            workflow.upsert_search_attributes(updates)
            self._published = current
        workflow.set_current_details(case_details.current_details(self._case))


def raises(before: common_pb2.RiskGrade.ValueType, after: common_pb2.RiskGrade.ValueType) -> bool:
    """Whether a new grade is more urgent than the one before (EMERGENCY is the most urgent)."""
    unspecified = common_pb2.RISK_GRADE_UNSPECIFIED
    return after != unspecified and (before == unspecified or after < before)


def not_in_status(case: case_pb2.CaseView, described: str) -> WrongState:
    """The refusal of an Update the case is not in the status for; described says that status in words."""
    state = Status.Name(case.status).removeprefix("CASE_STATUS_")
    return WrongState(f"case {case.reference} is not {described} (it is {state})")
