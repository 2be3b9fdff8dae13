"""Reading and writing crime decisions. Each function is one transaction."""

from __future__ import annotations

from datetime import UTC, datetime

from google.protobuf import json_format
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from contact101.data.database import insert_once
from contact101.v1 import crime_decision_pb2
from services.crime.crime_numbers import crime_numbers_for
from services.crime.models import CrimeDecisionRecord


def record_decision(
    sessions: sessionmaker[Session],
    reference: str,
    contact_version: int,
    reported_at: datetime,
    decision: crime_decision_pb2.CrimeDecision,
) -> crime_decision_pb2.CrimeDecision:
    """Store the decision on this version of the contact, with a crime number for each victim's
    crime, or return the decision already stored."""

    def make(session: Session) -> CrimeDecisionRecord:
        stored = crime_decision_pb2.CrimeDecision()
        stored.CopyFrom(decision)
        stored.reference = reference
        numbers = crime_numbers_for(session, reference, len(stored.crimes), reported_at)
        for crime, number in zip(stored.crimes, numbers, strict=True):
            crime.crime_number = number
        stored.crime_number = numbers[0] if numbers else ""
        stored.decided_at.FromDatetime(datetime.now(UTC))
        investigation = stored.investigation
        return CrimeDecisionRecord(
            reference=reference,
            contact_version=contact_version,
            recorded=stored.recorded,
            crime_number=stored.crime_number or None,
            offence_code=stored.offence_code,
            offence_name=stored.offence_name,
            notifiable=stored.notifiable,
            reason=stored.reason,
            rule_version=stored.rule_version,
            reported_at=reported_at,
            decided_at=stored.decided_at.ToDatetime(tzinfo=UTC),
            decision_due_at=stored.decision_due_at.ToDatetime(tzinfo=UTC),
            family=stored.family,
            investigation=("ALLOCATED" if investigation.allocated else "FILED") if stored.recorded else "",
            team=investigation.team,
            decision_json=json_format.MessageToJson(stored),
        )

    row = insert_once(
        sessions,
        lambda session: session.scalars(
            select(CrimeDecisionRecord).where(
                CrimeDecisionRecord.reference == reference,
                CrimeDecisionRecord.contact_version == contact_version,
            )
        ).one_or_none(),
        make,
    )
    return json_format.Parse(row.decision_json, crime_decision_pb2.CrimeDecision())
