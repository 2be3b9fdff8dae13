"""The safeguarding service's own tables: assessments, referrals, contact history, emergency dispatches."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Date, Integer, String, Text, UniqueConstraint, false
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from contact101.data.database import CreatedAtMixin, UtcDateTime, rule_version_column, service_metadata


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
    rule_version: Mapped[str] = rule_version_column()
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
    rule_version: Mapped[str] = rule_version_column()
    reported_at: Mapped[datetime] = mapped_column(UtcDateTime)
    referred_at: Mapped[datetime] = mapped_column(UtcDateTime)
    enhanced_rights: Mapped[bool] = mapped_column(default=False)
    referral_json: Mapped[str] = mapped_column(Text)  # the whole VictimReferral, as protobuf JSON


class ContactKeyRecord(CreatedAtMixin, SafeguardingBase):
    """Who (victim) or where (address) an assessed contact is about, as a SHA-256 digest of a
    normalised key: the history repeat victims and repeat locations are found in. Only the
    latest assessed version of each contact keeps its keys."""

    __tablename__ = "contact_keys"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    reference: Mapped[str] = mapped_column(String(32), index=True)
    contact_version: Mapped[int]
    kind: Mapped[str] = mapped_column(String(16))  # VICTIM or LOCATION
    digest: Mapped[str] = mapped_column(String(64), index=True)
    occurred_at: Mapped[datetime] = mapped_column(UtcDateTime)
    asb: Mapped[bool]  # an anti-social behaviour complaint
    domestic_abuse: Mapped[bool] = mapped_column(
        default=False, server_default=false()
    )  # reported as domestic abuse


class SafeguardingReferralRecord(CreatedAtMixin, SafeguardingBase):
    """A MARAC, MASH, neighbourhood-team or welfare-check referral made by an assessment."""

    __tablename__ = "safeguarding_referrals"
    __table_args__ = (UniqueConstraint("reference", "contact_version", "kind"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    reference: Mapped[str] = mapped_column(String(32), index=True)
    contact_version: Mapped[int]
    kind: Mapped[str] = mapped_column(String(48))
    recipient: Mapped[str] = mapped_column(String(200))
    reason: Mapped[str] = mapped_column(Text)
    rule_version: Mapped[str] = rule_version_column()
    made_at: Mapped[datetime] = mapped_column(UtcDateTime)


class EmergencyDispatchRecord(CreatedAtMixin, SafeguardingBase):
    """A contact graded emergency, sent to the emergency dispatch queue: at most once per case."""

    __tablename__ = "emergency_dispatches"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    reference: Mapped[str] = mapped_column(String(32), unique=True)
    dispatch_id: Mapped[str] = mapped_column(String(48), unique=True)
    contact_version: Mapped[int]
    reason: Mapped[str] = mapped_column(Text)
    attend_within_minutes_urban: Mapped[int]
    attend_within_minutes_rural: Mapped[int]
    rule_version: Mapped[str] = rule_version_column()
    dispatched_at: Mapped[datetime] = mapped_column(UtcDateTime)
