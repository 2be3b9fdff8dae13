"""Which case a crime number belongs to: a crime number is never reused (CrimeNumber)."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from services.crime.models import CrimeNumber


def reference_of_crime(sessions: sessionmaker[Session], crime_number: str) -> str:
    """The reference of the case with this crime number, or "" when none has it."""
    with sessions() as session:
        reference = session.scalars(
            select(CrimeNumber.reference).where(CrimeNumber.crime_number == crime_number.strip().upper())
        ).one_or_none()
    return reference or ""
