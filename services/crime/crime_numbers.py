"""Crime numbers: `CR-YYYY-NNNNNN`, a gap-free sequence per year, never reused."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from contact101.sequences import next_in_sequence
from services.crime.models import CrimeNumber, CrimeNumberSequence

FORCE_PREFIX = "CR"


def crime_number_for(session: Session, reference: str, reported_at: datetime) -> str:
    """The case's crime number, allocated the first time the case records a crime."""
    existing = session.scalars(select(CrimeNumber).where(CrimeNumber.reference == reference)).one_or_none()
    if existing is not None:
        return existing.crime_number
    year = reported_at.year
    number = f"{FORCE_PREFIX}-{year}-{next_in_sequence(session, CrimeNumberSequence, str(year)):06d}"
    session.add(CrimeNumber(crime_number=number, reference=reference))
    return number
