"""Supervisor alerts: raised by the case workflow (a contact graded emergency), listed newest first."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from contact101.data.database import insert_once
from contact101.v1 import common_pb2, review_pb2
from services.review.models import AlertRecord

ALERT_KINDS = frozenset({"EMERGENCY"})


def as_alert(record: AlertRecord) -> review_pb2.Alert:
    alert = review_pb2.Alert(
        reference=record.reference,
        kind=record.kind,
        grade=common_pb2.RiskGrade.Value(record.grade),
        detail=record.detail,
    )
    alert.raised_at.FromDatetime(record.raised_at)
    return alert


def raise_alert(sessions: sessionmaker[Session], request: review_pb2.RaiseAlertRequest) -> review_pb2.Alert:
    """Store the alert, or return the one already raised for this case and kind."""
    record = insert_once(
        sessions,
        lambda session: session.scalars(
            select(AlertRecord).where(
                AlertRecord.reference == request.reference, AlertRecord.kind == request.kind
            )
        ).one_or_none(),
        lambda _session: AlertRecord(
            reference=request.reference,
            kind=request.kind,
            grade=common_pb2.RiskGrade.Name(request.grade),
            detail=request.detail,
            raised_at=datetime.now(UTC),
        ),
    )
    return as_alert(record)


def recent_alerts(sessions: sessionmaker[Session], limit: int) -> list[review_pb2.Alert]:
    with sessions() as session:
        records = session.scalars(
            select(AlertRecord).order_by(AlertRecord.raised_at.desc(), AlertRecord.id.desc()).limit(limit)
        )
        return [as_alert(record) for record in records]
