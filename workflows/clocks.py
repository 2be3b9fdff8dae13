"""Statutory clocks: the deadlines a case must meet, as pure functions over Clock messages.

Each clock runs from a start to a due time and escalates to the duty inspector once a
configured share of its time has gone, before it can breach. The case workflow keeps one
durable timer for the nearest moment any clock changes state; these functions say what the
clocks are and what passing time does to them, so they are tested without a workflow.

A clock whose deadline changes (a re-grade, an earlier victim-update duty) moves in place:
its revision goes up, so its escalations are told apart from the earlier deadline's.
"""

from __future__ import annotations

from collections.abc import Iterable, MutableSequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from google.protobuf.duration_pb2 import Duration
from google.protobuf.timestamp_pb2 import Timestamp

from contact101.v1 import case_pb2, common_pb2, review_pb2, safeguarding_pb2
from workflows.case_texts import KEY_EVENTS

CRIME_DECISION = "crime_decision"
VICTIM_REFERRAL = "victim_referral"
VICTIM_UPDATE = "victim_update"
ATTENDANCE = "attendance"
VERIFICATION = "verification"

State = case_pb2.ClockState
OPEN_STATES = frozenset({State.CLOCK_STATE_RUNNING, State.CLOCK_STATE_ESCALATED})
# A referral waiting for the victim's explicit consent is still due.
AWAITING_CONSENT = "AWAITING_CONSENT"

Clocks = MutableSequence[case_pb2.Clock]


@dataclass(frozen=True)
class Escalation:
    """A clock reaching an escalation stage, to be reported to the duty inspector's queue."""

    clock: str
    revision: int
    due_at: datetime
    stage: review_pb2.EscalationStage.ValueType
    at: datetime

    @classmethod
    def of(
        cls, clock: case_pb2.Clock, stage: review_pb2.EscalationStage.ValueType, at: datetime
    ) -> Escalation:
        return cls(clock.name, clock.revision, timestamp(clock.due_at), stage, at)


def timestamp(stamp: Timestamp) -> datetime:
    return stamp.ToDatetime(tzinfo=UTC)


def is_open(clock: case_pb2.Clock | None) -> bool:
    return clock is not None and clock.state in OPEN_STATES


def find(clocks: Iterable[case_pb2.Clock], name: str) -> case_pb2.Clock | None:
    return next((clock for clock in clocks if clock.name == name), None)


def escalation_point(started_at: datetime, due_at: datetime, fraction: float) -> datetime:
    """When a clock running from started_at to due_at escalates: never after it is due."""
    share = min(max(fraction, 0.0), 1.0)
    return started_at + (due_at - started_at) * share


def set_clock(
    clocks: Clocks,
    name: str,
    basis: str,
    started_at: datetime,
    due_at: datetime,
    fraction: float,
    now: datetime,
) -> Escalation | None:
    """Start clock name, or restart it with a new deadline (its revision goes up).

    Returns the resolution of the earlier deadline's escalation, when it had one open.
    """
    clock = find(clocks, name)
    revision = 0
    resolved = None
    if clock is None:
        clock = case_pb2.Clock()
        clocks.append(clock)
        clock = clocks[-1]
    else:
        resolved = end(clocks, name, now, State.CLOCK_STATE_STOPPED)
        revision = clock.revision + 1
        clock.Clear()
    clock.name = name
    clock.basis = basis
    clock.state = State.CLOCK_STATE_RUNNING
    clock.revision = revision
    clock.started_at.FromDatetime(started_at)
    clock.due_at.FromDatetime(due_at)
    clock.escalate_at.FromDatetime(escalation_point(started_at, due_at, fraction))
    return resolved


def end(clocks: Clocks, name: str, at: datetime, state: State.ValueType) -> Escalation | None:
    """Meet (or stop) clock name; a breached clock keeps its breach and records when it ended.

    Returns the resolution to report when the clock had been escalated or breached.
    """
    clock = find(clocks, name)
    if clock is None or clock.HasField("ended_at"):
        return None
    was_escalated = clock.HasField("escalated_at") or clock.HasField("breached_at")
    if clock.state in OPEN_STATES:
        clock.state = state
    clock.ended_at.FromDatetime(at)
    return Escalation.of(clock, review_pb2.ESCALATION_STAGE_RESOLVED, at) if was_escalated else None


def meet(clocks: Clocks, name: str, at: datetime) -> Escalation | None:
    return end(clocks, name, at, State.CLOCK_STATE_MET)


def stop(clocks: Clocks, name: str, at: datetime) -> Escalation | None:
    return end(clocks, name, at, State.CLOCK_STATE_STOPPED)


def next_change_at(clocks: Iterable[case_pb2.Clock]) -> datetime | None:
    """The nearest moment an open clock escalates or breaches, or None when none is open."""
    moments = [
        timestamp(clock.escalate_at if clock.state == State.CLOCK_STATE_RUNNING else clock.due_at)
        for clock in clocks
        if clock.state in OPEN_STATES
    ]
    return min(moments, default=None)


def advance(clocks: Iterable[case_pb2.Clock], now: datetime) -> list[Escalation]:
    """Escalate and breach the open clocks whose moment has come; the escalations, in order."""
    escalations: list[Escalation] = []
    for clock in clocks:
        if clock.state == State.CLOCK_STATE_RUNNING and now >= timestamp(clock.escalate_at):
            clock.state = State.CLOCK_STATE_ESCALATED
            clock.escalated_at.FromDatetime(now)
            escalations.append(Escalation.of(clock, review_pb2.ESCALATION_STAGE_ESCALATED, now))
        if clock.state == State.CLOCK_STATE_ESCALATED and now >= timestamp(clock.due_at):
            clock.state = State.CLOCK_STATE_BREACHED
            clock.breached_at.FromDatetime(now)
            escalations.append(Escalation.of(clock, review_pb2.ESCALATION_STAGE_BREACHED, now))
    return escalations


def next_deadline(clocks: Iterable[case_pb2.Clock]) -> datetime | None:
    """The nearest due time of an open clock."""
    return min((timestamp(clock.due_at) for clock in clocks if clock.state in OPEN_STATES), default=None)


def all_settled(clocks: Iterable[case_pb2.Clock]) -> bool:
    return not any(clock.state in OPEN_STATES for clock in clocks)


def escalation_change(reference: str, escalation: Escalation) -> review_pb2.EscalationChange:
    change = review_pb2.EscalationChange(
        escalation_id=f"{reference}/{escalation.clock}/{escalation.revision}",
        reference=reference,
        clock=escalation.clock,
        stage=escalation.stage,
    )
    change.due_at.FromDatetime(escalation.due_at)
    change.at.FromDatetime(escalation.at)
    return change


def escalation_text(escalation: Escalation) -> str:
    due = escalation.due_at.strftime("%Y-%m-%d %H:%M:%S UTC")
    if escalation.stage == review_pb2.ESCALATION_STAGE_BREACHED:
        return f"{escalation.clock} breached: it was due {due}"
    return f"{escalation.clock} escalated to the duty inspector: due {due}"


def duration(value: Duration) -> timedelta:
    return value.ToTimedelta()


def attendance_target(
    policy: case_pb2.ClockPolicy, grade: common_pb2.RiskGrade.ValueType
) -> tuple[str, timedelta] | None:
    """The attendance deadline a grade sets, with its basis; None when this case's clocks do not keep it.

    Emergency attendance is kept by the emergency dispatch queue.
    """
    targets = {
        common_pb2.RISK_GRADE_PRIORITY: ("priority", policy.priority_attendance),
        common_pb2.RISK_GRADE_SCHEDULED: ("scheduled", policy.scheduled_attendance),
    }
    if grade not in targets:
        return None
    label, target = targets[grade]
    return f"attend within {describe(duration(target))} of a {label} grading", duration(target)


def describe(span: timedelta) -> str:
    """A span as people say it: 24 hours, 15 minutes, 3 seconds."""
    seconds = int(span.total_seconds())
    for unit, size in (("hour", 3_600), ("minute", 60)):
        if seconds >= size and seconds % size == 0:
            count = seconds // size
            return f"{count} {unit}{'s' if count != 1 else ''}"
    return f"{seconds} second{'s' if seconds != 1 else ''}"


def has_enhanced_rights(
    referral: safeguarding_pb2.VictimReferral, risk: safeguarding_pb2.RiskAssessment
) -> bool:
    """Whether the victim has enhanced rights (updates within 1 working day, not 5): so the
    referral found, or a later assessment found a vulnerability that gives them."""
    return referral.enhanced_rights or risk.enhanced_rights


def start_crime_decision(clocks: Clocks, policy: case_pb2.ClockPolicy, received_at: datetime) -> None:
    span = duration(policy.crime_decision)
    basis = f"crime-recording decision within {describe(span)} of the report"
    set_clock(
        clocks,
        CRIME_DECISION,
        basis,
        received_at,
        received_at + span,
        policy.escalate_at_fraction,
        received_at,
    )


def start_verification(
    clocks: Clocks, policy: case_pb2.ClockPolicy, submitted_at: datetime
) -> Escalation | None:
    """The supervisor's SLA runs afresh from every submission."""
    span = duration(policy.verification)
    basis = f"supervisor verification within {describe(span)} of submission"
    return set_clock(
        clocks,
        VERIFICATION,
        basis,
        submitted_at,
        submitted_at + span,
        policy.escalate_at_fraction,
        submitted_at,
    )


def after_grading(
    clocks: Clocks,
    policy: case_pb2.ClockPolicy,
    grade: common_pb2.RiskGrade.ValueType,
    graded_at: datetime,
) -> Escalation | None:
    """Start, move or stop the attendance clock for the grade the case now has."""
    attendance = find(clocks, ATTENDANCE)
    if attendance is not None and attendance.state == State.CLOCK_STATE_MET:
        return None
    target = attendance_target(policy, grade)
    if target is None:
        return stop(clocks, ATTENDANCE, graded_at) if is_open(attendance) else None
    basis, span = target
    if attendance is not None and attendance.basis == basis and is_open(attendance):
        return None
    return set_clock(
        clocks, ATTENDANCE, basis, graded_at, graded_at + span, policy.escalate_at_fraction, graded_at
    )


def victim_update_deadline(policy: case_pb2.ClockPolicy, enhanced: bool) -> tuple[str, datetime]:
    if enhanced:
        deadline = policy.victims_code.enhanced_update
        basis = f"victim update within {deadline.working_days} working day(s) of the report (enhanced rights)"
        return basis, timestamp(deadline.due_at)
    deadline = policy.victims_code.update
    return f"victim update within {deadline.working_days} working day(s) of the report", timestamp(
        deadline.due_at
    )


def agreed_day(policy: case_pb2.ClockPolicy) -> timedelta:
    """How long one day of a frequency agreed with the victim lasts: a day, unless configured."""
    return duration(policy.agreed_update_day) or timedelta(days=1)


def start_agreed_update(
    clocks: Clocks, policy: case_pb2.ClockPolicy, every_days: int, started_at: datetime
) -> Escalation | None:
    """The next update at the frequency agreed with the victim (Victims' Code Right 6), every_days
    after started_at. The case sends it itself when it falls due, so the clock escalates only as
    it is due (never, unless the case failed to send it)."""
    basis = f"victim update every {every_days} day(s), as agreed with the victim"
    due = started_at + every_days * agreed_day(policy)
    resolved = set_clock(clocks, VICTIM_UPDATE, basis, started_at, due, 1.0, started_at)
    started = find(clocks, VICTIM_UPDATE)
    assert started is not None
    started.every_days = every_days
    return resolved


def after_key_event(
    clocks: Clocks,
    policy: case_pb2.ClockPolicy,
    information: case_pb2.CaseInformation,
    enhanced: bool,
    now: datetime,
) -> tuple[bool, Escalation | None]:
    """The victim-update clock restarts from a key event (Victims' Code Right 6), when the case has
    the duty at all; whether it restarted, and the resolution of the deadline it replaced."""
    if find(clocks, VICTIM_UPDATE) is None:
        return False, None
    event = KEY_EVENTS[information.key_event]
    if enhanced:
        days, due = (
            policy.victims_code.enhanced_update.working_days,
            information.enhanced_key_event_update_due_at,
        )
        basis = f"victim update within {days} working day(s) of {event} (enhanced rights)"
    else:
        days, due = policy.victims_code.update.working_days, information.key_event_update_due_at
        basis = f"victim update within {days} working day(s) of {event}"
    return True, set_clock(
        clocks, VICTIM_UPDATE, basis, now, timestamp(due), policy.escalate_at_fraction, now
    )


def start_victim_clocks(
    clocks: Clocks,
    policy: case_pb2.ClockPolicy,
    received_at: datetime,
    enhanced: bool,
    now: datetime,
    agreed_every_days: int = 0,
) -> None:
    """The Victims' Code duties for the victim of a recorded crime (started once per case): updates
    at the frequency agreed with the victim, or else the first within the Code's working days."""
    fraction = policy.escalate_at_fraction
    if find(clocks, VICTIM_REFERRAL) is None:
        referral = policy.victims_code.referral
        basis = f"victim referral within {referral.working_days} working day(s) of the report"
        set_clock(clocks, VICTIM_REFERRAL, basis, received_at, timestamp(referral.due_at), fraction, now)
    if find(clocks, VICTIM_UPDATE) is not None:
        return
    if agreed_every_days:
        start_agreed_update(clocks, policy, agreed_every_days, received_at)
    else:
        basis, due = victim_update_deadline(policy, enhanced)
        set_clock(clocks, VICTIM_UPDATE, basis, received_at, due, fraction, now)


def after_reassessment(
    clocks: Clocks, policy: case_pb2.ClockPolicy, received_at: datetime, enhanced: bool, now: datetime
) -> Escalation | None:
    """Move an open victim-update clock when the victim's entitlement changed."""
    update = find(clocks, VICTIM_UPDATE)
    if update is None or not is_open(update) or "report" not in update.basis:
        return None  # an agreed frequency or a key event's deadline is not the report's
    basis, due = victim_update_deadline(policy, enhanced)
    if update.basis == basis:
        return None
    return set_clock(clocks, VICTIM_UPDATE, basis, received_at, due, policy.escalate_at_fraction, now)


class CaseClocks:
    """The clocks of one case, kept in its CaseView, moved on by what happens to the case.

    Escalations and resolutions wait in `escalations` for the duty inspector's queue.
    """

    def __init__(self, case: case_pb2.CaseView, policy: case_pb2.ClockPolicy) -> None:
        self._case = case
        self._policy = policy
        self.escalations: list[Escalation] = []

    @property
    def _clocks(self) -> Clocks:
        return self._case.clocks

    def _changing(self, resolution: Escalation | None) -> None:
        if resolution is not None:
            self.escalations.append(resolution)

    def opened(self, received_at: datetime) -> None:
        start_crime_decision(self._clocks, self._policy, received_at)

    def graded(self, risk: safeguarding_pb2.RiskAssessment, at: datetime) -> None:
        """A (re-)assessment: the attendance target follows the grade, the victim-update duty the victim."""
        self._changing(after_grading(self._clocks, self._policy, risk.grade, at))
        enhanced = has_enhanced_rights(self._case.referral, risk)
        received_at = timestamp(self._case.received_at)
        self._changing(after_reassessment(self._clocks, self._policy, received_at, enhanced, at))

    def crime_decision_due_at(self) -> Timestamp:
        """When the crime-recording decision is due: its clock starts as the case opens."""
        decision = find(self._clocks, CRIME_DECISION)
        assert decision is not None, "the crime-decision clock starts as the case opens"
        return decision.due_at

    def victims_code_deadlines(self) -> safeguarding_pb2.VictimsCodeDeadlines:
        """The report's Victims' Code deadlines, which the victim's referral is dated by."""
        return self._policy.victims_code

    def decided(self, at: datetime) -> None:
        self._changing(meet(self._clocks, CRIME_DECISION, at))

    def referred(self, referral: safeguarding_pb2.VictimReferral, at: datetime) -> None:
        """The Victims' Code duties start for the victim of a recorded crime; the referral may meet one."""
        received_at = timestamp(self._case.received_at)
        enhanced = has_enhanced_rights(referral, self._case.risk)
        agreed = self._case.contact.victim_update_every_days
        start_victim_clocks(self._clocks, self._policy, received_at, enhanced, at, agreed)
        if referral.referred:
            self._changing(meet(self._clocks, VICTIM_REFERRAL, at))
        elif referral.status != AWAITING_CONSENT:
            self._changing(stop(self._clocks, VICTIM_REFERRAL, at))

    def key_event(self, information: case_pb2.CaseInformation, at: datetime) -> bool:
        """A key event of the investigation: the victim-update duty runs again from it."""
        enhanced = has_enhanced_rights(self._case.referral, self._case.risk)
        restarted, resolution = after_key_event(self._clocks, self._policy, information, enhanced, at)
        self._changing(resolution)
        return restarted

    def victim_told(self, at: datetime) -> None:
        """A victim update was delivered: it meets the duty it answered (a key event's, the report's),
        and the updates at the agreed frequency run on from it. An agreed update's own clock is
        kept by the case (regular_update_sent), not by delivery."""
        update = find(self._clocks, VICTIM_UPDATE)
        if update is None or update.every_days or not is_open(update):
            return
        self._changing(meet(self._clocks, VICTIM_UPDATE, at))
        self._schedule_agreed_update(at)

    def regular_update_due(self, now: datetime) -> bool:
        """Whether the update at the frequency agreed with the victim falls due now."""
        update = find(self._clocks, VICTIM_UPDATE)
        return (
            update is not None
            and bool(update.every_days)
            and is_open(update)
            and now >= timestamp(update.due_at)
        )

    def regular_update_sent(self, at: datetime) -> None:
        """The case sent the agreed update: its clock is met and the next one starts from it."""
        self._changing(meet(self._clocks, VICTIM_UPDATE, at))
        self._schedule_agreed_update(at)

    def _schedule_agreed_update(self, at: datetime) -> None:
        """While the crime is investigated, the next update at the frequency now agreed (the contact
        as amended says it; 0: no longer agreed)."""
        case = self._case
        every_days = case.contact.victim_update_every_days
        closed = case.HasField("cancellation") or case.HasField("outcome")
        if every_days and case.crime.recorded and not closed:
            self._changing(start_agreed_update(self._clocks, self._policy, every_days, at))

    def attended(self, at: datetime) -> None:
        self._changing(meet(self._clocks, ATTENDANCE, at))

    def submitted(self, at: datetime) -> datetime:
        """The verification SLA starts again; when verification is now due."""
        self._changing(start_verification(self._clocks, self._policy, at))
        return at + duration(self._policy.verification)

    def verified(self, at: datetime) -> None:
        self._changing(meet(self._clocks, VERIFICATION, at))

    def crime_closed(self, at: datetime) -> None:
        """The crime has its outcome: the updates at the agreed frequency end with the investigation."""
        update = find(self._clocks, VICTIM_UPDATE)
        if update is not None and update.every_days and is_open(update):
            self._changing(stop(self._clocks, VICTIM_UPDATE, at))

    def crime_cancelled(self, at: datetime) -> None:
        """The Victims' Code duties of a crime no longer recorded stop."""
        for name in (VICTIM_REFERRAL, VICTIM_UPDATE):
            if is_open(find(self._clocks, name)):
                self._changing(stop(self._clocks, name, at))

    def advance(self, now: datetime) -> list[Escalation]:
        """Escalate and breach what is due; the escalations (also kept for the queue)."""
        reached = advance(self._clocks, now)
        self.escalations.extend(reached)
        return reached

    def take_escalations(self) -> list[Escalation]:
        taken, self.escalations = self.escalations, []
        return taken

    def next_change_at(self) -> datetime | None:
        return next_change_at(self._clocks)

    def needs_victim_update(self) -> bool:
        return is_open(find(self._clocks, VICTIM_UPDATE))

    def all_settled(self) -> bool:
        return all_settled(self._clocks)
