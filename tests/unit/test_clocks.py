"""The statutory clocks as pure rules: when they escalate, breach, move and settle."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from hypothesis import given
from hypothesis import strategies as st

from contact101.rules.working_days import holiday_calendar
from contact101.runtime.config import Settings
from contact101.v1 import case_pb2, common_pb2, review_pb2, safeguarding_pb2
from services.intake.clock_policy import clock_policy, end_of_working_days
from workflows import clocks

REPORTED = datetime(2026, 11, 23, 9, 30, tzinfo=UTC)  # a Monday
State = case_pb2.ClockState


def new_case(policy: case_pb2.ClockPolicy | None = None) -> tuple[case_pb2.CaseView, clocks.CaseClocks]:
    case = case_pb2.CaseView(reference="101-20261123-0001")
    case.received_at.FromDatetime(REPORTED)
    return case, clocks.CaseClocks(case, policy or clock_policy(Settings(), REPORTED))


def clock(case: case_pb2.CaseView, name: str) -> case_pb2.Clock:
    found = clocks.find(case.clocks, name)
    assert found is not None, f"no {name} clock"
    return found


def test_the_crime_decision_is_due_24_hours_after_the_report_and_escalates_at_three_quarters() -> None:
    case, case_clocks = new_case()
    case_clocks.opened(REPORTED)
    decision = clock(case, clocks.CRIME_DECISION)
    assert clocks.timestamp(decision.due_at) == REPORTED + timedelta(hours=24)
    assert clocks.timestamp(decision.escalate_at) == REPORTED + timedelta(hours=18)
    assert case_clocks.next_change_at() == REPORTED + timedelta(hours=18)


def test_an_open_clock_escalates_then_breaches_and_a_late_decision_resolves_it() -> None:
    case, case_clocks = new_case()
    case_clocks.opened(REPORTED)
    assert case_clocks.advance(REPORTED + timedelta(hours=17)) == []

    escalated = case_clocks.advance(REPORTED + timedelta(hours=18))
    assert [e.stage for e in escalated] == [review_pb2.ESCALATION_STAGE_ESCALATED]
    assert clock(case, clocks.CRIME_DECISION).state == State.CLOCK_STATE_ESCALATED
    assert case_clocks.next_change_at() == REPORTED + timedelta(hours=24)

    breached = case_clocks.advance(REPORTED + timedelta(hours=24, seconds=1))
    assert [e.stage for e in breached] == [review_pb2.ESCALATION_STAGE_BREACHED]
    assert case_clocks.next_change_at() is None

    case_clocks.take_escalations()
    case_clocks.decided(REPORTED + timedelta(hours=30))
    late = clock(case, clocks.CRIME_DECISION)
    assert late.state == State.CLOCK_STATE_BREACHED and late.HasField("ended_at")
    assert [e.stage for e in case_clocks.take_escalations()] == [review_pb2.ESCALATION_STAGE_RESOLVED]
    assert case_clocks.all_settled()


def test_a_clock_met_in_time_never_escalates() -> None:
    case, case_clocks = new_case()
    case_clocks.opened(REPORTED)
    case_clocks.decided(REPORTED + timedelta(minutes=5))
    assert clock(case, clocks.CRIME_DECISION).state == State.CLOCK_STATE_MET
    assert case_clocks.advance(REPORTED + timedelta(days=3)) == []
    assert case_clocks.take_escalations() == []


def test_a_regrade_moves_the_attendance_deadline_and_a_resolved_grade_stops_it() -> None:
    case, case_clocks = new_case()
    scheduled = safeguarding_pb2.RiskAssessment(grade=common_pb2.RISK_GRADE_SCHEDULED)
    case_clocks.graded(scheduled, REPORTED)
    attendance = clock(case, clocks.ATTENDANCE)
    assert clocks.timestamp(attendance.due_at) == REPORTED + timedelta(hours=48)

    case_clocks.graded(scheduled, REPORTED + timedelta(hours=1))
    assert attendance.revision == 0, "the same grade leaves the deadline alone"

    regraded_at = REPORTED + timedelta(hours=2)
    case_clocks.graded(safeguarding_pb2.RiskAssessment(grade=common_pb2.RISK_GRADE_PRIORITY), regraded_at)
    assert clocks.timestamp(attendance.due_at) == regraded_at + timedelta(hours=1)
    assert attendance.revision == 1
    assert "priority" in attendance.basis

    case_clocks.graded(
        safeguarding_pb2.RiskAssessment(grade=common_pb2.RISK_GRADE_RESOLVED_WITHOUT_DEPLOYMENT), regraded_at
    )
    assert attendance.state == State.CLOCK_STATE_STOPPED


def test_an_escalated_clock_that_moves_resolves_its_old_escalation() -> None:
    case, case_clocks = new_case()
    case_clocks.graded(safeguarding_pb2.RiskAssessment(grade=common_pb2.RISK_GRADE_PRIORITY), REPORTED)
    case_clocks.advance(REPORTED + timedelta(minutes=50))
    case_clocks.take_escalations()
    case_clocks.graded(
        safeguarding_pb2.RiskAssessment(grade=common_pb2.RISK_GRADE_SCHEDULED), REPORTED + timedelta(hours=1)
    )
    resolved = case_clocks.take_escalations()
    assert [(e.revision, e.stage) for e in resolved] == [(0, review_pb2.ESCALATION_STAGE_RESOLVED)]
    assert clock(case, clocks.ATTENDANCE).state == State.CLOCK_STATE_RUNNING


def test_victim_clocks_start_with_the_referral_and_a_new_vulnerability_brings_the_update_forward() -> None:
    case, case_clocks = new_case()
    referral = safeguarding_pb2.VictimReferral(referred=True, status="REFERRED")
    case_clocks.referred(referral, REPORTED + timedelta(minutes=2))
    assert clock(case, clocks.VICTIM_REFERRAL).state == State.CLOCK_STATE_MET
    update = clock(case, clocks.VICTIM_UPDATE)
    five_days = clocks.timestamp(update.due_at)

    case.referral.CopyFrom(referral)
    child = safeguarding_pb2.RiskAssessment(
        grade=common_pb2.RISK_GRADE_SCHEDULED,
        vulnerability_flags=["CHILD"],
        enhanced_rights=True,
        enhanced_rights_reasons=["under 18"],
    )
    case_clocks.graded(child, REPORTED + timedelta(hours=3))
    assert clocks.timestamp(update.due_at) < five_days
    assert "enhanced" in update.basis and update.revision == 1


def test_a_referral_awaiting_consent_keeps_its_clock_running() -> None:
    case, case_clocks = new_case()
    case_clocks.referred(safeguarding_pb2.VictimReferral(status="AWAITING_CONSENT"), REPORTED)
    assert clock(case, clocks.VICTIM_REFERRAL).state == State.CLOCK_STATE_RUNNING


def test_cancelling_the_crime_stops_the_victims_code_clocks() -> None:
    case, case_clocks = new_case()
    case_clocks.referred(safeguarding_pb2.VictimReferral(status="AWAITING_CONSENT"), REPORTED)
    case_clocks.crime_cancelled(REPORTED + timedelta(hours=1))
    assert {c.name: c.state for c in case.clocks} == {
        clocks.VICTIM_REFERRAL: State.CLOCK_STATE_STOPPED,
        clocks.VICTIM_UPDATE: State.CLOCK_STATE_STOPPED,
    }


def test_verification_restarts_with_every_submission() -> None:
    case, case_clocks = new_case()
    first_due = case_clocks.submitted(REPORTED)
    case_clocks.verified(REPORTED + timedelta(hours=1))
    second_due = case_clocks.submitted(REPORTED + timedelta(hours=2))
    assert first_due == REPORTED + timedelta(hours=4)
    assert second_due == REPORTED + timedelta(hours=6)
    verification = clock(case, clocks.VERIFICATION)
    assert verification.state == State.CLOCK_STATE_RUNNING and verification.revision == 1


def test_working_day_deadlines_end_at_local_midnight_after_weekends_and_holidays() -> None:
    zone = ZoneInfo("Europe/London")
    calendar = holiday_calendar()
    friday_evening = datetime(2026, 12, 18, 23, 30, tzinfo=UTC)  # Friday 23:30 in London
    # Monday 21 and Tuesday 22 December are the two working days; the referral is due by their end.
    assert end_of_working_days(friday_evening, 2, calendar, zone) == datetime(2026, 12, 23, 0, 0, tzinfo=UTC)
    christmas_eve = datetime(2026, 12, 24, 10, 0, tzinfo=UTC)  # Thursday; 25th and 28th are holidays
    assert end_of_working_days(christmas_eve, 1, calendar, zone) == datetime(2026, 12, 30, 0, 0, tzinfo=UTC)


@given(
    started=st.datetimes(
        min_value=datetime(2020, 1, 1), max_value=datetime(2030, 1, 1), timezones=st.just(UTC)
    ),
    span=st.timedeltas(min_value=timedelta(seconds=1), max_value=timedelta(days=30)),
    fraction=st.floats(min_value=-1, max_value=2, allow_nan=False),
)
def test_a_clock_always_escalates_before_or_when_it_is_due(
    started: datetime, span: timedelta, fraction: float
) -> None:
    point = clocks.escalation_point(started, started + span, fraction)
    assert started <= point <= started + span


@given(steps=st.lists(st.timedeltas(min_value=timedelta(0), max_value=timedelta(hours=30)), max_size=8))
def test_no_clock_breaches_before_it_is_due_and_every_breach_was_escalated_first(
    steps: list[timedelta],
) -> None:
    _case, case_clocks = new_case()
    case_clocks.opened(REPORTED)
    stages = []
    for step in sorted(steps):
        for escalation in case_clocks.advance(REPORTED + step):
            stages.append(escalation.stage)
            if escalation.stage == review_pb2.ESCALATION_STAGE_BREACHED:
                assert step >= timedelta(hours=24)
    if review_pb2.ESCALATION_STAGE_BREACHED in stages:
        assert stages == [review_pb2.ESCALATION_STAGE_ESCALATED, review_pb2.ESCALATION_STAGE_BREACHED]
