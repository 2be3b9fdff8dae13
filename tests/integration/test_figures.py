"""Managers' performance figures: computed from the services' databases, checked by hand."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import grpc
import pytest
from google.protobuf import json_format
from sqlalchemy.orm import Session
from temporalio.testing import WorkflowEnvironment

from cli.volume_chart import volume_chart, write_volume_chart
from contact101.data.figure_arithmetic import deadline_bucket, median, percent, percentile, share
from contact101.data.service_database import service_engine
from contact101.v1 import (
    case_pb2,
    common_pb2,
    crime_decision_pb2,
    figures_pb2,
    intake_pb2,
    review_pb2,
    safeguarding_pb2,
)
from services.crime.models import CrimeDecisionRecord
from services.intake.models import Contact
from services.review.models import Review
from services.safeguarding.models import RiskAssessmentRecord, VictimReferralRecord
from tests.stack import Stack, create_request, eventually, running_stack
from workflows.clocks import is_open, timestamp

Bucket = figures_pb2.DeadlineBucket
MONDAY = datetime(2026, 1, 5, 9, 0, tzinfo=UTC)  # the seeded week: Monday 5 to Friday 9 January 2026


def minutes(count: float) -> timedelta:
    return timedelta(minutes=count)


def test_the_median_and_p90_of_verification_times() -> None:
    times = [minutes(10 * n) for n in range(1, 11)]
    assert median(times) == minutes(55)
    assert percentile(times, 90) == minutes(90)
    assert percentile([minutes(7)], 90) == minutes(7)
    assert median([]) == percentile([], 90) == timedelta(0)


def test_shares_and_deadline_buckets() -> None:
    assert share([True, False, True]) == figures_pb2.Share(count=2, out_of=3)
    assert percent(figures_pb2.Share(count=5, out_of=6)) == "83.3% (5 of 6)"
    assert percent(figures_pb2.Share()) == "-"
    now = MONDAY
    assert deadline_bucket(None, now) == Bucket.DEADLINE_BUCKET_NO_DEADLINE
    assert deadline_bucket(now - minutes(1), now) == Bucket.DEADLINE_BUCKET_OVERDUE
    assert deadline_bucket(now + timedelta(hours=24), now) == Bucket.DEADLINE_BUCKET_DUE_WITHIN_24_HOURS
    assert deadline_bucket(now + timedelta(hours=25), now) == Bucket.DEADLINE_BUCKET_DUE_LATER


def assessment(
    reference: str, version: int, grade: str, at: datetime, resolved: bool
) -> RiskAssessmentRecord:
    message = safeguarding_pb2.RiskAssessment(
        reference=reference, grade=common_pb2.RiskGrade.Value(f"RISK_GRADE_{grade}")
    )
    message.first_contact.resolved = resolved
    return RiskAssessmentRecord(
        reference=reference,
        contact_version=version,
        grade=f"RISK_GRADE_{grade}",
        rule_version="seeded",
        assessed_at=at,
        assessment_json=json_format.MessageToJson(message),
    )


def referral(
    reference: str, reported: datetime, referred: datetime, due: date, made: bool = True
) -> VictimReferralRecord:
    return VictimReferralRecord(
        reference=reference,
        referred=made,
        status="REFERRED" if made else "VICTIM_OPTED_OUT",
        reason="seeded",
        due_date=due,
        rule_version="seeded",
        reported_at=reported,
        referred_at=referred,
        referral_json=json_format.MessageToJson(
            safeguarding_pb2.VictimReferral(reference=reference, referred=made)
        ),
    )


def decision(reference: str, version: int, reported: datetime, took: timedelta) -> CrimeDecisionRecord:
    return CrimeDecisionRecord(
        reference=reference,
        contact_version=version,
        recorded=True,
        crime_number=None,
        offence_code="49",
        offence_name="Other theft",
        notifiable=True,
        reason="seeded",
        rule_version="seeded",
        reported_at=reported,
        decided_at=reported + took,
        decision_due_at=reported + timedelta(hours=24),
        decision_json=json_format.MessageToJson(
            crime_decision_pb2.CrimeDecision(reference=reference, recorded=True)
        ),
    )


def review(reference: str, submitted: datetime, took: timedelta | None) -> Review:
    return Review(
        reference=reference,
        submission=1,
        officer_id="pc.seeded",
        grade="RISK_GRADE_SCHEDULED",
        crime_recorded=True,
        state="VERIFICATION_STATE_APPROVED" if took else "VERIFICATION_STATE_AWAITING",
        submitted_at=submitted,
        supervisor_id="sgt.seeded" if took else None,
        reasons=[],
        decided_at=submitted + took if took else None,
    )


async def awaiting_verification(stack: Stack, reference: str) -> case_pb2.CaseView:
    return await eventually(
        lambda: stack.intake("pc.figures").GetCase(intake_pb2.GetCaseRequest(reference=reference)),
        lambda case: case.status == case_pb2.CASE_STATUS_AWAITING_VERIFICATION,
    )


def seed(stack: Stack, service: str, rows: list[object]) -> None:
    engine = service_engine(stack.settings, service)
    try:
        with Session(engine) as session, session.begin():
            session.add_all(rows)
    finally:
        engine.dispose()


def received(reference: str, channel: str, at: datetime) -> Contact:
    return Contact(
        reference=reference,
        request_id=f"seeded-{reference}",
        request_digest="",
        officer_id="pc.seeded",
        channel=f"CHANNEL_{channel}",
        received_at=at,
    )


def seed_the_week(stack: Stack) -> None:
    """Six contacts in the week (two resolved at first contact) and one the week after."""
    day = [MONDAY + timedelta(days=n) for n in range(5)]
    later = MONDAY + timedelta(days=8)
    seed(
        stack,
        "intake",
        [
            received("101-20260105-0001", "PHONE", day[0]),
            received("101-20260105-0002", "EMAIL", day[0]),
            received("101-20260106-0001", "PHONE", day[1]),
            received("101-20260107-0001", "ONLINE", day[2]),
            received("101-20260108-0001", "EMAIL", day[3]),
            received("101-20260109-0001", "PHONE", day[4]),
            received("101-20260113-0001", "EMAIL", later),  # outside the window
        ],
    )
    seed(
        stack,
        "safeguarding",
        [
            assessment("101-20260105-0001", 1, "SCHEDULED", day[0], resolved=False),
            assessment("101-20260105-0002", 1, "PRIORITY", day[0], resolved=False),
            assessment("101-20260105-0002", 2, "EMERGENCY", day[1], resolved=False),  # re-graded
            assessment("101-20260106-0001", 1, "RESOLVED_WITHOUT_DEPLOYMENT", day[1], resolved=True),
            assessment("101-20260107-0001", 1, "RESOLVED_WITHOUT_DEPLOYMENT", day[2], resolved=True),
            assessment("101-20260108-0001", 1, "SCHEDULED", day[3], resolved=False),
            assessment("101-20260109-0001", 1, "SCHEDULED", day[4], resolved=False),
            assessment("101-20260113-0001", 1, "SCHEDULED", later, resolved=True),  # outside the window
            referral("101-20260105-0001", day[0], day[1], date(2026, 1, 7)),  # in time
            referral("101-20260105-0002", day[0], day[2], date(2026, 1, 7)),  # on the due date: in time
            referral("101-20260108-0001", day[3], day[4] + timedelta(days=4), date(2026, 1, 12)),  # late
            referral("101-20260109-0001", day[4], day[4], date(2026, 1, 13), made=False),  # opted out
            referral("101-20260113-0001", later, later, date(2026, 1, 15)),  # outside the window
        ],
    )
    seed(
        stack,
        "crime",
        [
            decision("101-20260105-0001", 1, day[0], minutes(5)),
            decision("101-20260105-0002", 1, day[0], timedelta(hours=23, minutes=59)),
            decision("101-20260105-0002", 2, day[1], timedelta(hours=30)),  # a re-decision: not counted
            decision("101-20260108-0001", 1, day[3], timedelta(hours=25)),  # late
            decision("101-20260109-0001", 1, day[4], timedelta(hours=24)),  # exactly 24 h: in time
            decision("101-20260113-0001", 1, later, timedelta(hours=48)),  # outside the window
        ],
    )
    seed(
        stack,
        "review",
        [
            *(review(f"101-20260105-{n:04d}", day[n % 5], minutes(10 * n)) for n in range(1, 11)),
            review("101-20260109-0099", day[4], None),  # still awaiting: no time to verification yet
            review("101-20260113-0001", later, minutes(500)),  # outside the window
        ],
    )


@pytest.fixture(scope="module")
async def figures_stack(
    temporal_env: WorkflowEnvironment, tmp_path_factory: pytest.TempPathFactory
) -> AsyncIterator[Stack]:
    """A stack of its own, so that its databases and task queue hold only what the test puts there."""
    async with running_stack(temporal_env.client, Path(tmp_path_factory.mktemp("figures"))) as stack:
        yield stack


async def test_the_figures_match_a_seeded_week(figures_stack: Stack, tmp_path: Path) -> None:
    stack = figures_stack
    seed_the_week(stack)
    open_cases = []
    for _ in range(2):
        created = await stack.intake("pc.figures").CreateContact(create_request())
        open_cases.append(await awaiting_verification(stack, created.reference))
    week = figures_pb2.FiguresWindow()
    week.since.FromDatetime(datetime(2026, 1, 5, tzinfo=UTC))
    week.until.FromDatetime(datetime(2026, 1, 10, tzinfo=UTC))

    async def figures_now() -> review_pb2.PerformanceFigures:
        return await stack.review("mgr.figures").GetPerformanceFigures(week)

    figures = await eventually(
        figures_now, lambda found: sum(count.cases for count in found.open_by_grade) == len(open_cases)
    )

    assert figures.contacts == 6
    assert figures.first_contact_resolution == figures_pb2.Share(count=2, out_of=6)
    assert figures.crime_decisions_within_24_hours == figures_pb2.Share(count=3, out_of=4)
    assert figures.victim_referrals_within_2_working_days == figures_pb2.Share(count=2, out_of=3)
    assert figures.verifications == 10
    assert figures.verification_median.ToTimedelta() == minutes(55)
    assert figures.verification_p90.ToTimedelta() == minutes(90)
    assert [(volume.date, volume.grade, volume.contacts) for volume in figures.daily_volumes] == [
        ("2026-01-05", common_pb2.RISK_GRADE_EMERGENCY, 1),  # its grade now, on the day it came in
        ("2026-01-05", common_pb2.RISK_GRADE_SCHEDULED, 1),
        ("2026-01-06", common_pb2.RISK_GRADE_RESOLVED_WITHOUT_DEPLOYMENT, 1),
        ("2026-01-07", common_pb2.RISK_GRADE_RESOLVED_WITHOUT_DEPLOYMENT, 1),
        ("2026-01-08", common_pb2.RISK_GRADE_SCHEDULED, 1),
        ("2026-01-09", common_pb2.RISK_GRADE_SCHEDULED, 1),
    ]
    assert [(volume.date, volume.grade, volume.contacts) for volume in figures.daily_volumes_first_grade] == [
        ("2026-01-05", common_pb2.RISK_GRADE_PRIORITY, 1),  # the grade it was first given
        ("2026-01-05", common_pb2.RISK_GRADE_SCHEDULED, 1),
        ("2026-01-06", common_pb2.RISK_GRADE_RESOLVED_WITHOUT_DEPLOYMENT, 1),
        ("2026-01-07", common_pb2.RISK_GRADE_RESOLVED_WITHOUT_DEPLOYMENT, 1),
        ("2026-01-08", common_pb2.RISK_GRADE_SCHEDULED, 1),
        ("2026-01-09", common_pb2.RISK_GRADE_SCHEDULED, 1),
    ]
    assert [(count.channel, count.contacts) for count in figures.contacts_by_channel] == [
        (common_pb2.CHANNEL_PHONE, 3),
        (common_pb2.CHANNEL_EMAIL, 2),
        (common_pb2.CHANNEL_ONLINE, 1),
    ]
    assert list(figures.open_by_grade) == [
        figures_pb2.GradeCount(grade=common_pb2.RISK_GRADE_SCHEDULED, cases=2)
    ]
    computed_at = figures.computed_at.ToDatetime(tzinfo=UTC)
    expected_buckets: dict[int, int] = {}
    for case in open_cases:
        nearest = min((timestamp(clock.due_at) for clock in case.clocks if is_open(clock)), default=None)
        bucket = deadline_bucket(nearest, computed_at)
        expected_buckets[bucket] = expected_buckets.get(bucket, 0) + 1
    assert {count.bucket: count.cases for count in figures.open_by_deadline} == expected_buckets

    chart = tmp_path / "volumes.png"
    write_volume_chart(figures, chart)
    assert chart.read_bytes().startswith(b"\x89PNG")
    drawn = volume_chart(figures)
    first_axes, now_axes = drawn.axes
    days = ["Mon 05 Jan", "Tue 06 Jan", "Wed 07 Jan", "Thu 08 Jan", "Fri 09 Jan"]
    assert [tick.get_text() for tick in now_axes.get_xticklabels()] == days  # every day of the window
    assert "first given" in first_axes.get_title() and "grade now" in now_axes.get_title()
    for axes in drawn.axes:
        assert all(float(tick).is_integer() for tick in axes.get_yticks()), axes.get_yticks()
    drawn.canvas.draw()
    legend = drawn.legends[0].get_window_extent()
    assert not any(legend.overlaps(axes.get_window_extent()) for axes in drawn.axes)
    whole = drawn.bbox
    assert whole.x0 <= legend.x0 and legend.x1 <= whole.x1 and whole.y0 <= legend.y0, "all of it is shown"


async def test_figures_are_for_supervisors_and_managers_only(figures_stack: Stack) -> None:
    with pytest.raises(grpc.aio.AioRpcError) as refused:
        await figures_stack.review("pc.nosy", role="contact_officer").GetPerformanceFigures(
            figures_pb2.FiguresWindow()
        )
    assert refused.value.code() == grpc.StatusCode.PERMISSION_DENIED
    backwards = figures_pb2.FiguresWindow()
    backwards.since.FromDatetime(datetime(2026, 1, 10, tzinfo=UTC))
    backwards.until.FromDatetime(datetime(2026, 1, 5, tzinfo=UTC))
    with pytest.raises(grpc.aio.AioRpcError) as invalid:
        await figures_stack.review("sgt.figures").GetPerformanceFigures(backwards)
    assert invalid.value.code() == grpc.StatusCode.INVALID_ARGUMENT
    assert "until" in (invalid.value.details() or "")
