"""The crime service's own tables: recording decisions and the crime number sequence."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from contact101.data.database import CreatedAtMixin, UtcDateTime, rule_version_column, service_metadata
from contact101.data.sequences import SequenceMixin


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
    rule_version: Mapped[str] = rule_version_column()
    reported_at: Mapped[datetime] = mapped_column(UtcDateTime)
    decided_at: Mapped[datetime] = mapped_column(UtcDateTime)
    decision_due_at: Mapped[datetime] = mapped_column(UtcDateTime)  # the case's crime-decision clock
    family: Mapped[str] = mapped_column(String(32), default="")  # the classification family
    # ALLOCATED or FILED for a recorded crime (minimum standards of investigation), else empty.
    investigation: Mapped[str] = mapped_column(String(16), default="")
    team: Mapped[str] = mapped_column(String(100), default="")
    decision_json: Mapped[str] = mapped_column(Text)  # the whole CrimeDecision, as protobuf JSON


class CrimeNumber(CreatedAtMixin, CrimeBase):
    """A crime number belongs to one victim's crime in one case for good: never reused, kept
    across re-decisions. Victim 0 is the case's principal victim (or no individual victim)."""

    __tablename__ = "crime_numbers"
    __table_args__ = (UniqueConstraint("reference", "victim_index"),)

    crime_number: Mapped[str] = mapped_column(String(32), primary_key=True)
    reference: Mapped[str] = mapped_column(String(32), index=True)
    victim_index: Mapped[int] = mapped_column(default=0)


class CrimeNumberSequence(SequenceMixin, CrimeBase):
    __tablename__ = "crime_number_sequences"


class CrimeCancellationRecord(CreatedAtMixin, CrimeBase):
    """A decision maker's cancellation (or transfer) of a recorded crime: at most one per case."""

    __tablename__ = "crime_cancellations"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    reference: Mapped[str] = mapped_column(String(32), unique=True)
    crime_number: Mapped[str] = mapped_column(String(32))
    category: Mapped[str] = mapped_column(String(64))
    reason: Mapped[str] = mapped_column(Text)
    related: Mapped[str] = mapped_column(String(200))
    decision_maker_id: Mapped[str] = mapped_column(String(128))
    cancelled_at: Mapped[datetime] = mapped_column(UtcDateTime)


class CrimeInformationRecord(CreatedAtMixin, CrimeBase):
    """New information on a case, relayed to the crime record that owns it."""

    __tablename__ = "crime_information"
    __table_args__ = (UniqueConstraint("reference", "contact_version"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    reference: Mapped[str] = mapped_column(String(32), index=True)
    crime_number: Mapped[str] = mapped_column(String(32), index=True)
    contact_version: Mapped[int]
    source: Mapped[str] = mapped_column(String(48))
    text: Mapped[str] = mapped_column(Text)
    touches_risk: Mapped[bool]
    attended: Mapped[bool]
    recorded_by: Mapped[str] = mapped_column(String(128))
    received_at: Mapped[datetime] = mapped_column(UtcDateTime)


class CrimeOutcomeRecord(CreatedAtMixin, CrimeBase):
    """The outcome a recorded crime was closed with (Home Office outcomes framework): at most one per case."""

    __tablename__ = "crime_outcomes"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    reference: Mapped[str] = mapped_column(String(32), unique=True)
    crime_number: Mapped[str] = mapped_column(String(32))
    outcome_type: Mapped[str] = mapped_column(String(8))
    reason: Mapped[str] = mapped_column(Text)
    rule_version: Mapped[str] = rule_version_column()
    assigned_by: Mapped[str] = mapped_column(String(128))
    assigned_at: Mapped[datetime] = mapped_column(UtcDateTime)
