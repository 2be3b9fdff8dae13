"""Crime numbers: `CR-YYYY-NNNNNN`, a gap-free sequence per year, never reused.

One crime per victim: each victim's crime in a case has its own number, allocated the
first time the case records it and kept across re-decisions.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from contact101.data.sequences import next_in_sequence
from services.crime.models import CrimeNumber, CrimeNumberSequence

FORCE_PREFIX = "CR"


def crime_numbers_for(session: Session, reference: str, victims: int, reported_at: datetime) -> list[str]:
    """The crime numbers of the case's first `victims` crimes, allocating those not yet numbered."""
    existing = {
        row.victim_index: row.crime_number
        for row in session.scalars(select(CrimeNumber).where(CrimeNumber.reference == reference))
    }
    numbers = []
    for index in range(victims):
        if index not in existing:
            year = reported_at.year
            number = f"{FORCE_PREFIX}-{year}-{next_in_sequence(session, CrimeNumberSequence, str(year)):06d}"
            session.add(CrimeNumber(crime_number=number, reference=reference, victim_index=index))
            existing[index] = number
        numbers.append(existing[index])
    return numbers
