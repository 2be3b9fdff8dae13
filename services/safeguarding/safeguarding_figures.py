"""The safeguarding service's part of the performance figures.

Contacts are counted when first assessed; a contact is resolved at first contact when that
first assessment found it resolved or redirected (the officer's outcome, with no risk that
keeps it open). The daily volumes count each contact on the day it was first assessed, twice:
by its latest grade and by the grade its first assessment gave.
"""

from __future__ import annotations

from google.protobuf import json_format
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from contact101.data.database import in_period
from contact101.data.figure_arithmetic import daily_volumes, share, window_bounds
from contact101.v1 import common_pb2, figures_pb2, safeguarding_pb2
from services.safeguarding.models import RiskAssessmentRecord, VictimReferralRecord


def resolved_at_first_contact(record: RiskAssessmentRecord) -> bool:
    assessment = json_format.Parse(
        record.assessment_json, safeguarding_pb2.RiskAssessment(), ignore_unknown_fields=True
    )
    return assessment.first_contact.resolved


def safeguarding_figures(
    sessions: sessionmaker[Session], window: figures_pb2.FiguresWindow
) -> safeguarding_pb2.SafeguardingFigures:
    since, until = window_bounds(window)
    first = in_period(
        select(RiskAssessmentRecord.reference).where(RiskAssessmentRecord.contact_version == 1),
        RiskAssessmentRecord.assessed_at,
        since,
        until,
    )
    referrals = in_period(
        select(VictimReferralRecord).where(VictimReferralRecord.referred),
        VictimReferralRecord.reported_at,
        since,
        until,
    )
    with sessions() as session:
        assessments = session.scalars(
            select(RiskAssessmentRecord)
            .where(RiskAssessmentRecord.reference.in_(first.scalar_subquery()))
            .order_by(RiskAssessmentRecord.reference, RiskAssessmentRecord.contact_version)
        ).all()
        referred = session.scalars(referrals).all()
    first_assessments = {row.reference: row for row in assessments if row.contact_version == 1}
    latest = {row.reference: row for row in assessments}
    return safeguarding_pb2.SafeguardingFigures(
        contacts=len(first_assessments),
        first_contact_resolution=share(resolved_at_first_contact(row) for row in first_assessments.values()),
        victim_referrals_in_time=share(row.referred_at.date() <= row.due_date for row in referred),
        daily_volumes=daily_volumes(
            (first_assessments[reference].assessed_at.date(), common_pb2.RiskGrade.Value(row.grade))
            for reference, row in latest.items()
        ),
        daily_volumes_first_grade=daily_volumes(
            (row.assessed_at.date(), common_pb2.RiskGrade.Value(row.grade))
            for row in first_assessments.values()
        ),
    )
