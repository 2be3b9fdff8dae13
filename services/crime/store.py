"""Reading and writing crime decisions. Each function is one transaction."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from contact101.db import insert_once
from services.crime.crime_numbers import crime_number_for
from services.crime.models import CrimeDecisionRecord
from services.crime.ncrs import Decision


def record_decision(
    sessions: sessionmaker[Session],
    reference: str,
    contact_version: int,
    reported_at: datetime,
    decision: Decision,
) -> CrimeDecisionRecord:
    """Store the decision on this version of the contact, or return the one already stored."""

    def make(session: Session) -> CrimeDecisionRecord:
        return CrimeDecisionRecord(
            reference=reference,
            contact_version=contact_version,
            recorded=decision.recorded,
            crime_number=crime_number_for(session, reference, reported_at) if decision.recorded else None,
            offence_code=decision.offence_code,
            offence_name=decision.offence_name,
            notifiable=decision.notifiable,
            reason=decision.reason,
            rule_version=decision.rule_version,
            reported_at=reported_at,
            decided_at=datetime.now(UTC),
        )

    return insert_once(
        sessions,
        lambda session: session.scalars(
            select(CrimeDecisionRecord).where(
                CrimeDecisionRecord.reference == reference,
                CrimeDecisionRecord.contact_version == contact_version,
            )
        ).one_or_none(),
        make,
    )
