"""The crime service's own tables: recording decisions and the crime number sequence."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from contact101.db import CreatedAtMixin, UtcDateTime, service_metadata
from contact101.sequences import SequenceMixin


class CrimeBase(DeclarativeBase):
    metadata = service_metadata()


class CrimeDecisionRecord(CreatedAtMixin, CrimeBase):
    """One NCRS decision on one version of a contact."""

    __tablename__ = "crime_decisions"
    __table_args__ = (UniqueConstraint("reference", "contact_version"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    reference: Mapped[str] = mapped_column(String(32), index=True)
    contact_version: Mapped[int]
    recorded: Mapped[bool]
    crime_number: Mapped[str | None] = mapped_column(String(32))
    offence_code: Mapped[str] = mapped_column(String(16))
    offence_name: Mapped[str] = mapped_column(String(200))
    notifiable: Mapped[bool]
    reason: Mapped[str] = mapped_column(Text)
    rule_version: Mapped[str] = mapped_column(String(32))
    reported_at: Mapped[datetime] = mapped_column(UtcDateTime)
    decided_at: Mapped[datetime] = mapped_column(UtcDateTime)


class CrimeNumber(CreatedAtMixin, CrimeBase):
    """A crime number belongs to one case for good: never reused, kept across re-decisions."""

    __tablename__ = "crime_numbers"

    crime_number: Mapped[str] = mapped_column(String(32), primary_key=True)
    reference: Mapped[str] = mapped_column(String(32), unique=True)


class CrimeNumberSequence(SequenceMixin, CrimeBase):
    __tablename__ = "crime_number_sequences"
