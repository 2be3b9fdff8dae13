"""Contacts resolved or redirected at first contact, kept in the intake database with the agency."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from contact101.data.database import insert_once
from contact101.rpc.refusals import NotFound
from contact101.v1 import common_pb2, safeguarding_pb2
from services.intake.models import Contact, FirstContactResolutionRecord


def record_resolution(
    sessions: sessionmaker[Session],
    reference: str,
    contact_version: int,
    resolution: safeguarding_pb2.FirstContactResolution,
) -> safeguarding_pb2.FirstContactResolution:
    """Store the resolution of this contact version; storing it again changes nothing."""
    with sessions() as session:
        if session.scalars(select(Contact.id).where(Contact.reference == reference)).first() is None:
            raise NotFound(f"no contact with reference {reference}")
    record = insert_once(
        sessions,
        lambda session: session.scalars(
            select(FirstContactResolutionRecord).where(
                FirstContactResolutionRecord.reference == reference,
                FirstContactResolutionRecord.contact_version == contact_version,
            )
        ).one_or_none(),
        lambda _session: FirstContactResolutionRecord(
            reference=reference,
            contact_version=contact_version,
            outcome=common_pb2.FirstContactOutcome.Name(resolution.outcome),
            agency=resolution.agency,
            advice=resolution.advice,
            rule_version=resolution.rule_version,
            resolved_at=datetime.now(UTC),
        ),
    )
    return safeguarding_pb2.FirstContactResolution(
        outcome=common_pb2.FirstContactOutcome.Value(record.outcome),
        resolved=True,
        agency=record.agency,
        advice=record.advice,
        reason=resolution.reason,
        rule_version=record.rule_version,
    )
