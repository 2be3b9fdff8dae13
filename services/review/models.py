"""The review service's own table: one row per submission of a case for verification."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, Integer, String, UniqueConstraint
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from contact101.db import CreatedAtMixin, UtcDateTime, service_metadata


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
