"""The audit trail and the duty inspector's escalations. Each function is one transaction.

Audit events are only ever inserted: a repeated event id is skipped, never rewritten; so are
reads of a case's personal data, one row each.
An escalation moves forward through its stages (escalated, breached, resolved) and
records when it reached each; reporting a stage again changes nothing.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from contact101.v1 import case_pb2, common_pb2, review_pb2
from services.review.models import AuditEventRecord, DataReadRecord, EscalationRecord

Stage = review_pb2.EscalationStage
STAGE_ORDER = [
    Stage.ESCALATION_STAGE_ESCALATED,
    Stage.ESCALATION_STAGE_BREACHED,
    Stage.ESCALATION_STAGE_RESOLVED,
]
STAGE_TIME = {
    Stage.ESCALATION_STAGE_ESCALATED: "escalated_at",
    Stage.ESCALATION_STAGE_BREACHED: "breached_at",
    Stage.ESCALATION_STAGE_RESOLVED: "resolved_at",
}
RESOLVED = Stage.Name(Stage.ESCALATION_STAGE_RESOLVED)


def record(
    sessions: sessionmaker[Session],
    reference: str,
    events: Sequence[review_pb2.AuditEvent],
    escalations: Sequence[review_pb2.EscalationChange],
) -> int:
    """Store the events not stored before and move the escalations on; how many events the case has."""
    try:
        return _record_once(sessions, reference, events, escalations)
    except IntegrityError:
        # A concurrent attempt stored some of the same rows first; what is left is now missing only.
        return _record_once(sessions, reference, events, escalations)


def _record_once(
    sessions: sessionmaker[Session],
    reference: str,
    events: Sequence[review_pb2.AuditEvent],
    escalations: Sequence[review_pb2.EscalationChange],
) -> int:
    with sessions.begin() as session:
        add_new_events(session, events)
        for change in escalations:
            _move_escalation(session, change)
        session.flush()
        count = (
            select(func.count()).select_from(AuditEventRecord).where(AuditEventRecord.reference == reference)
        )
        return session.scalar(count) or 0


def add_new_events(session: Session, events: Sequence[review_pb2.AuditEvent]) -> None:
    """Add, in the session's transaction, the events not stored before."""
    if not events:
        return
    stored = set(
        session.scalars(
            select(AuditEventRecord.event_id).where(
                AuditEventRecord.event_id.in_([event.event_id for event in events])
            )
        )
    )
    session.add_all(_audit_row(event) for event in events if event.event_id not in stored)


def _audit_row(event: review_pb2.AuditEvent) -> AuditEventRecord:
    entry = event.entry
    return AuditEventRecord(
        event_id=event.event_id,
        reference=event.reference,
        sequence=event.sequence,
        action=entry.action,
        actor_id=entry.actor_id,
        actor_role=common_pb2.Role.Name(entry.actor_role),
        at=entry.at.ToDatetime(tzinfo=UTC),
        rule_version=entry.rule_version,
        detail=entry.detail,
        before=dict(entry.before),
        after=dict(entry.after),
    )


def _move_escalation(session: Session, change: review_pb2.EscalationChange) -> None:
    row = session.scalars(
        select(EscalationRecord).where(EscalationRecord.escalation_id == change.escalation_id)
    ).one_or_none()
    if row is None:
        row = EscalationRecord(
            escalation_id=change.escalation_id,
            reference=change.reference,
            clock=change.clock,
            due_at=change.due_at.ToDatetime(tzinfo=UTC),
            stage=Stage.Name(change.stage),
        )
        session.add(row)
    time_field = STAGE_TIME[change.stage]
    if getattr(row, time_field) is None:
        setattr(row, time_field, change.at.ToDatetime(tzinfo=UTC))
    if STAGE_ORDER.index(change.stage) > STAGE_ORDER.index(Stage.Value(row.stage)):
        row.stage = Stage.Name(change.stage)


def record_read(sessions: sessionmaker[Session], read: review_pb2.DataRead) -> DataReadRecord:
    """Store one read of a case's personal data."""
    row = DataReadRecord(
        reference=read.reference,
        reader_id=read.reader_id,
        reader_role=common_pb2.Role.Name(read.reader_role),
        at=read.at.ToDatetime(tzinfo=UTC),
        payloads=read.payloads,
        through=read.through,
    )
    with sessions.begin() as session:
        session.add(row)
    return row


def reads(sessions: sessionmaker[Session], reference: str) -> list[DataReadRecord]:
    with sessions() as session:
        query = select(DataReadRecord).where(DataReadRecord.reference == reference)
        return list(session.scalars(query.order_by(DataReadRecord.at, DataReadRecord.id)))


def history(sessions: sessionmaker[Session], reference: str) -> list[AuditEventRecord]:
    with sessions() as session:
        return list(
            session.scalars(
                select(AuditEventRecord)
                .where(AuditEventRecord.reference == reference)
                .order_by(AuditEventRecord.sequence)
            )
        )


def escalations(
    sessions: sessionmaker[Session], include_resolved: bool, limit: int
) -> list[EscalationRecord]:
    """Escalations oldest first; open ones only unless include_resolved."""
    query = select(EscalationRecord).order_by(EscalationRecord.escalated_at, EscalationRecord.id).limit(limit)
    if not include_resolved:
        query = query.where(EscalationRecord.stage != RESOLVED)
    with sessions() as session:
        return list(session.scalars(query))


def as_audit_event(row: AuditEventRecord) -> review_pb2.AuditEvent:
    entry = case_pb2.HistoryEntry(
        action=row.action,
        actor_id=row.actor_id,
        actor_role=common_pb2.Role.Value(row.actor_role),
        detail=row.detail,
        rule_version=row.rule_version,
        before=row.before,
        after=row.after,
    )
    entry.at.FromDatetime(row.at)
    return review_pb2.AuditEvent(
        event_id=row.event_id, reference=row.reference, sequence=row.sequence, entry=entry
    )


def as_data_read(row: DataReadRecord) -> review_pb2.DataRead:
    message = review_pb2.DataRead(
        reference=row.reference,
        reader_id=row.reader_id,
        reader_role=common_pb2.Role.Value(row.reader_role),
        payloads=row.payloads,
        through=row.through,
    )
    message.at.FromDatetime(row.at)
    return message


def as_escalation(row: EscalationRecord) -> review_pb2.Escalation:
    message = review_pb2.Escalation(
        escalation_id=row.escalation_id,
        reference=row.reference,
        clock=row.clock,
        stage=Stage.Value(row.stage),
    )
    message.due_at.FromDatetime(row.due_at)
    for field in STAGE_TIME.values():
        moment: datetime | None = getattr(row, field)
        if moment is not None:
            getattr(message, field).FromDatetime(moment)
    return message


def recorded_by(sessions: sessionmaker[Session], actor_id: str, limit: int) -> list[review_pb2.RecordedCase]:
    """The cases actor_id recorded (their `create` event), newest first."""
    with sessions() as session:
        rows = session.execute(
            select(AuditEventRecord.reference, AuditEventRecord.at)
            .where(AuditEventRecord.actor_id == actor_id, AuditEventRecord.action == "create")
            .order_by(AuditEventRecord.at.desc(), AuditEventRecord.id.desc())
            .limit(limit)
        )
        found = []
        for reference, at in rows:
            case = review_pb2.RecordedCase(reference=reference)
            case.recorded_at.FromDatetime(at)
            found.append(case)
        return found
