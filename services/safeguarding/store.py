"""Reading and writing risk assessments and referrals. Each function is one transaction."""

from __future__ import annotations

from datetime import UTC, datetime

from google.protobuf import json_format
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from contact101.db import insert_once
from contact101.v1 import common_pb2
from services.safeguarding.models import RiskAssessmentRecord, VictimReferralRecord
from services.safeguarding.victims import Referral


def record_assessment(
    sessions: sessionmaker[Session], contact_version: int, assessment: common_pb2.RiskAssessment
) -> common_pb2.RiskAssessment:
    """Store the assessment of this contact version, or return the one already stored."""

    def make(_session: Session) -> RiskAssessmentRecord:
        assessment.assessed_at.FromDatetime(datetime.now(UTC))
        return RiskAssessmentRecord(
            reference=assessment.reference,
            contact_version=contact_version,
            grade=common_pb2.RiskGrade.Name(assessment.grade),
            rule_version=assessment.rule_version,
            assessed_at=assessment.assessed_at.ToDatetime(tzinfo=UTC),
            assessment_json=json_format.MessageToJson(assessment),
        )

    row = insert_once(
        sessions,
        lambda session: session.scalars(
            select(RiskAssessmentRecord).where(
                RiskAssessmentRecord.reference == assessment.reference,
                RiskAssessmentRecord.contact_version == contact_version,
            )
        ).one_or_none(),
        make,
    )
    return json_format.Parse(row.assessment_json, common_pb2.RiskAssessment())


def record_referral(
    sessions: sessionmaker[Session], reference: str, reported_at: datetime, referral: Referral
) -> VictimReferralRecord:
    """Store the case's referral, or return the one already stored."""
    return insert_once(
        sessions,
        lambda session: session.scalars(
            select(VictimReferralRecord).where(VictimReferralRecord.reference == reference)
        ).one_or_none(),
        lambda _session: VictimReferralRecord(
            reference=reference,
            referred=referral.referred,
            status=referral.status,
            reason=referral.reason,
            due_date=referral.due_date,
            rule_version=referral.rule_version,
            reported_at=reported_at,
            referred_at=datetime.now(UTC),
        ),
    )
