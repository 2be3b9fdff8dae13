"""The safeguarding service's own tables: risk assessments and victim referrals."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Date, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from contact101.db import CreatedAtMixin, UtcDateTime, service_metadata


class SafeguardingBase(DeclarativeBase):
    metadata = service_metadata()


class RiskAssessmentRecord(CreatedAtMixin, SafeguardingBase):
    """One THRIVE assessment of one version of a contact; the assessment itself as protobuf JSON."""

    __tablename__ = "risk_assessments"
    __table_args__ = (UniqueConstraint("reference", "contact_version"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    reference: Mapped[str] = mapped_column(String(32), index=True)
    contact_version: Mapped[int]
    grade: Mapped[str] = mapped_column(String(48))
    rule_version: Mapped[str] = mapped_column(String(32))
    assessed_at: Mapped[datetime] = mapped_column(UtcDateTime)
    assessment_json: Mapped[str] = mapped_column(Text)


class VictimReferralRecord(CreatedAtMixin, SafeguardingBase):
    """The victim-support referral of a case: one per case."""

    __tablename__ = "victim_referrals"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    reference: Mapped[str] = mapped_column(String(32), unique=True)
    referred: Mapped[bool]
    status: Mapped[str] = mapped_column(String(48))
    reason: Mapped[str] = mapped_column(Text)
    due_date: Mapped[date] = mapped_column(Date)
    rule_version: Mapped[str] = mapped_column(String(32))
    reported_at: Mapped[datetime] = mapped_column(UtcDateTime)
    referred_at: Mapped[datetime] = mapped_column(UtcDateTime)
