"""What happens to a recorded crime after the decision: cancellations, outcomes and new information.

Each function is one transaction and idempotent: storing the same thing again returns
what was stored first.
"""

from __future__ import annotations

from datetime import UTC

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from contact101.data.database import insert_once
from contact101.v1 import case_pb2, crime_decision_pb2
from services.crime.models import CrimeCancellationRecord, CrimeInformationRecord, CrimeOutcomeRecord


def record_cancellation(
    sessions: sessionmaker[Session], reference: str, cancellation: crime_decision_pb2.CrimeCancellation
) -> CrimeCancellationRecord:
    return insert_once(
        sessions,
        lambda session: session.scalars(
            select(CrimeCancellationRecord).where(CrimeCancellationRecord.reference == reference)
        ).one_or_none(),
        lambda _session: CrimeCancellationRecord(
            reference=reference,
            crime_number=cancellation.crime_number,
            category=crime_decision_pb2.CancellationCategory.Name(cancellation.category),
            reason=cancellation.reason,
            related=cancellation.related,
            decision_maker_id=cancellation.actor.id,
            cancelled_at=cancellation.cancelled_at.ToDatetime(tzinfo=UTC),
        ),
    )


def record_outcome(
    sessions: sessionmaker[Session], reference: str, outcome: crime_decision_pb2.CrimeOutcome
) -> CrimeOutcomeRecord:
    return insert_once(
        sessions,
        lambda session: session.scalars(
            select(CrimeOutcomeRecord).where(CrimeOutcomeRecord.reference == reference)
        ).one_or_none(),
        lambda _session: CrimeOutcomeRecord(
            reference=reference,
            crime_number=outcome.crime_number,
            outcome_type=outcome.outcome_type,
            reason=outcome.reason,
            rule_version=outcome.rule_version,
            assigned_by=outcome.actor.id,
            assigned_at=outcome.assigned_at.ToDatetime(tzinfo=UTC),
        ),
    )


def record_information(
    sessions: sessionmaker[Session],
    reference: str,
    crime_number: str,
    information: case_pb2.CaseInformation,
) -> CrimeInformationRecord:
    return insert_once(
        sessions,
        lambda session: session.scalars(
            select(CrimeInformationRecord).where(
                CrimeInformationRecord.reference == reference,
                CrimeInformationRecord.contact_version == information.contact_version,
            )
        ).one_or_none(),
        lambda _session: CrimeInformationRecord(
            reference=reference,
            crime_number=crime_number,
            contact_version=information.contact_version,
            source=case_pb2.InformationSource.Name(information.source),
            text=information.text,
            touches_risk=information.touches_risk,
            attended=information.attended,
            recorded_by=information.actor.id,
            received_at=information.received_at.ToDatetime(tzinfo=UTC),
        ),
    )
