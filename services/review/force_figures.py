"""The managers' performance figures, gathered by the review service.

Time to verification comes from this service's own queue; decisions in time from the crime
service, first-contact resolution, referrals and daily volumes from the safeguarding
service and contacts by channel from the intake service (each asked over gRPC with the
service identity); open cases from the running case workflows' search attributes (grade
and next deadline).
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker
from temporalio.client import Client

from contact101.data.database import in_period
from contact101.data.figure_arithmetic import (
    deadline_bucket,
    deadline_counts,
    grade_counts,
    median,
    percentile,
    window_bounds,
)
from contact101.rpc.auth import service_token_source
from contact101.rpc.channels import open_channel
from contact101.runtime.config import Settings
from contact101.temporal.search_attributes import NEXT_DEADLINE, RISK_GRADE
from contact101.v1 import (
    common_pb2,
    crime_pb2_grpc,
    figures_pb2,
    intake_pb2_grpc,
    review_pb2,
    safeguarding_pb2_grpc,
)
from services.review.models import Review

PART_DEADLINE_SECONDS = 30.0


def verification_times(sessions: sessionmaker[Session], window: figures_pb2.FiguresWindow) -> list[timedelta]:
    """Submission to the supervisor's decision, for each decided submission made in the window."""
    since, until = window_bounds(window)
    decided = in_period(
        select(Review.submitted_at, Review.decided_at).where(Review.decided_at.is_not(None)),
        Review.submitted_at,
        since,
        until,
    )
    with sessions() as session:
        return [
            decided_at - submitted_at for submitted_at, decided_at in session.execute(decided) if decided_at
        ]


def grade_of(name: str | None) -> common_pb2.RiskGrade.ValueType:
    return common_pb2.RiskGrade.Value(f"RISK_GRADE_{name}") if name else common_pb2.RISK_GRADE_UNSPECIFIED


async def open_cases(
    temporal: Client, task_queue: str, now: datetime
) -> tuple[list[figures_pb2.GradeCount], list[figures_pb2.DeadlineCount]]:
    """The running cases on task_queue by grade and by when their nearest clock is due."""
    query = f"WorkflowType = 'ContactWorkflow' AND ExecutionStatus = 'Running' AND TaskQueue = '{task_queue}'"
    grades, buckets = [], []
    async for execution in temporal.list_workflows(query):
        attributes = execution.typed_search_attributes
        grades.append(grade_of(attributes.get(RISK_GRADE)))
        buckets.append(deadline_bucket(attributes.get(NEXT_DEADLINE), now))
    return grade_counts(grades), deadline_counts(buckets)


@dataclass(frozen=True)
class FigureSources:
    sessions: sessionmaker[Session]
    temporal: Client
    task_queue: str
    crime: crime_pb2_grpc.CrimeServiceAsyncStub
    safeguarding: safeguarding_pb2_grpc.SafeguardingServiceAsyncStub
    intake: intake_pb2_grpc.IntakeServiceAsyncStub

    @classmethod
    def of(cls, settings: Settings, sessions: sessionmaker[Session], temporal: Client) -> FigureSources:
        token = service_token_source(settings)
        return cls(
            sessions=sessions,
            temporal=temporal,
            task_queue=settings.task_queue,
            crime=crime_pb2_grpc.CrimeServiceStub(open_channel(settings.crime_address, token, settings)),
            safeguarding=safeguarding_pb2_grpc.SafeguardingServiceStub(
                open_channel(settings.safeguarding_address, token, settings)
            ),
            intake=intake_pb2_grpc.IntakeServiceStub(open_channel(settings.intake_address, token, settings)),
        )

    async def figures(self, window: figures_pb2.FiguresWindow) -> review_pb2.PerformanceFigures:
        now = datetime.now(UTC)
        crime, safeguarding, intake, times, (open_by_grade, open_by_deadline) = await asyncio.gather(
            self.crime.GetCrimeFigures(window, timeout=PART_DEADLINE_SECONDS),
            self.safeguarding.GetSafeguardingFigures(window, timeout=PART_DEADLINE_SECONDS),
            self.intake.GetIntakeFigures(window, timeout=PART_DEADLINE_SECONDS),
            asyncio.to_thread(verification_times, self.sessions, window),
            open_cases(self.temporal, self.task_queue, now),
        )
        figures = review_pb2.PerformanceFigures(
            window=window,
            contacts=safeguarding.contacts,
            first_contact_resolution=safeguarding.first_contact_resolution,
            crime_decisions_within_24_hours=crime.decisions_in_time,
            victim_referrals_within_2_working_days=safeguarding.victim_referrals_in_time,
            verifications=len(times),
            open_by_grade=open_by_grade,
            open_by_deadline=open_by_deadline,
            daily_volumes=safeguarding.daily_volumes,
            daily_volumes_first_grade=safeguarding.daily_volumes_first_grade,
            contacts_by_channel=intake.contacts_by_channel,
        )
        figures.computed_at.FromDatetime(now)
        figures.verification_median.FromTimedelta(median(times))
        figures.verification_p90.FromTimedelta(percentile(times, 90))
        return figures
