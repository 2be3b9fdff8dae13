"""The review service's own tables: the verification queue, audit trail, escalations and desk sign-ins."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from contact101.data.database import CreatedAtMixin, UtcDateTime, rule_version_column, service_metadata


class ReviewBase(DeclarativeBase):
    metadata = service_metadata()


class Review(CreatedAtMixin, ReviewBase):
    __tablename__ = "reviews"
    __table_args__ = (UniqueConstraint("reference", "submission"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    reference: Mapped[str] = mapped_column(String(32), index=True)
    submission: Mapped[int]
    officer_id: Mapped[str] = mapped_column(String(128))
    grade: Mapped[str] = mapped_column(String(48))
    crime_recorded: Mapped[bool]
    state: Mapped[str] = mapped_column(String(48), index=True)
    submitted_at: Mapped[datetime] = mapped_column(UtcDateTime)
    supervisor_id: Mapped[str | None] = mapped_column(String(128))
    reasons: Mapped[list[str]] = mapped_column(JSON, default=list)
    decided_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    due_at: Mapped[datetime | None] = mapped_column(UtcDateTime)


class AuditEventRecord(CreatedAtMixin, ReviewBase):
    """One action on a case, append-only: rows are inserted once and never changed."""

    __tablename__ = "audit_events"
    __table_args__ = (UniqueConstraint("reference", "sequence"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    event_id: Mapped[str] = mapped_column(String(64), unique=True)
    reference: Mapped[str] = mapped_column(String(32), index=True)
    sequence: Mapped[int]
    action: Mapped[str] = mapped_column(String(32))
    actor_id: Mapped[str] = mapped_column(String(128), index=True)
    actor_role: Mapped[str] = mapped_column(String(48))
    at: Mapped[datetime] = mapped_column(UtcDateTime)
    rule_version: Mapped[str] = rule_version_column()
    detail: Mapped[str] = mapped_column(Text)
    before: Mapped[dict[str, str]] = mapped_column(JSON, default=dict)
    after: Mapped[dict[str, str]] = mapped_column(JSON, default=dict)


class DataReadRecord(CreatedAtMixin, ReviewBase):
    """Someone saw a case's personal data decrypted outside the services: inserted, never changed."""

    __tablename__ = "data_reads"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    reference: Mapped[str] = mapped_column(String(32), index=True)
    reader_id: Mapped[str] = mapped_column(String(128))
    reader_role: Mapped[str] = mapped_column(String(48))
    at: Mapped[datetime] = mapped_column(UtcDateTime)
    payloads: Mapped[int]
    through: Mapped[str] = mapped_column(String(64))


class EscalationRecord(CreatedAtMixin, ReviewBase):
    """A case clock escalated to the duty inspector: one row per clock deadline."""

    __tablename__ = "escalations"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    escalation_id: Mapped[str] = mapped_column(String(96), unique=True)
    reference: Mapped[str] = mapped_column(String(32), index=True)
    clock: Mapped[str] = mapped_column(String(32))
    due_at: Mapped[datetime] = mapped_column(UtcDateTime)
    stage: Mapped[str] = mapped_column(String(48), index=True)
    escalated_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    breached_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    resolved_at: Mapped[datetime | None] = mapped_column(UtcDateTime)


class AlertRecord(CreatedAtMixin, ReviewBase):
    """Something supervisors must see now, such as a contact graded emergency: one per case and kind."""

    __tablename__ = "alerts"
    __table_args__ = (UniqueConstraint("reference", "kind"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    reference: Mapped[str] = mapped_column(String(32), index=True)
    kind: Mapped[str] = mapped_column(String(32))
    grade: Mapped[str] = mapped_column(String(48))
    detail: Mapped[str] = mapped_column(Text)
    raised_at: Mapped[datetime] = mapped_column(UtcDateTime, index=True)


class SearchRecord(CreatedAtMixin, ReviewBase):
    """A search of cases by personal data: who searched, when, by what kind of key, and the
    key's digest (never the name, number or address searched for)."""

    __tablename__ = "searches"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    search_id: Mapped[str] = mapped_column(String(64), unique=True)
    searcher_id: Mapped[str] = mapped_column(String(128), index=True)
    searcher_role: Mapped[str] = mapped_column(String(32))
    key_kind: Mapped[str] = mapped_column(String(32))
    key_digest: Mapped[str] = mapped_column(String(64), index=True)
    cases_found: Mapped[int]
    searched_at: Mapped[datetime] = mapped_column(UtcDateTime)


class SignInRecord(CreatedAtMixin, ReviewBase):
    """A person signing in to or out of the desk: inserted, never changed."""

    __tablename__ = "sign_ins"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    event_id: Mapped[str] = mapped_column(String(64), unique=True)
    person_id: Mapped[str] = mapped_column(String(128), index=True)
    person_role: Mapped[str] = mapped_column(String(48))
    kind: Mapped[str] = mapped_column(String(48))
    method: Mapped[str] = mapped_column(String(32))
    at: Mapped[datetime] = mapped_column(UtcDateTime, index=True)
