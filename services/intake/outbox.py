"""The caller-notification outbox: each send queues its notifications and drains the case's.

Queuing is idempotent on the notification id. Delivery is at least once: a notification is
marked delivered only after the sender took it, so a crash in between sends it again, with
the same id for the gateway to drop the repeat. The sender is where a force plugs in its
SMS or email gateway; the default one logs that it delivered (never the message or address).
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

from google.protobuf import json_format
from sqlalchemy import select, update
from sqlalchemy.orm import Session, sessionmaker

from contact101.data.database import insert_once
from contact101.rpc.refusals import NotFound
from contact101.v1 import case_pb2, common_pb2
from services.intake.models import CallerNotificationRecord, Contact, ContactVersion

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Recipient:
    """Where the caller asked to be told: personal data, never logged."""

    channel: str  # sms or email
    address: str


Sender = Callable[[case_pb2.CallerNotification, Recipient], None]


def log_delivery(notification: case_pb2.CallerNotification, recipient: Recipient) -> None:
    log.info("delivered notification %s by %s", notification.notification_id, recipient.channel)


def send(
    sessions: sessionmaker[Session],
    reference: str,
    notifications: Sequence[case_pb2.CallerNotification],
    deliver_with: Sender = log_delivery,
) -> list[CallerNotificationRecord]:
    """Queue the notifications, then deliver the case's undelivered ones; every notification of
    the case delivered so far."""
    for notification in notifications:
        _queue(sessions, notification)
    return _deliver(sessions, reference, deliver_with)


def _queue(
    sessions: sessionmaker[Session], notification: case_pb2.CallerNotification
) -> CallerNotificationRecord:
    """Put the notification in the outbox, or return the one already there with its id."""
    return insert_once(
        sessions,
        lambda session: _find(session, notification.notification_id),
        lambda _session: CallerNotificationRecord(
            notification_id=notification.notification_id,
            reference=notification.reference,
            kind=case_pb2.NotificationKind.Name(notification.kind),
            message=notification.message,
            queued_at=datetime.now(UTC),
        ),
    )


def _deliver(
    sessions: sessionmaker[Session], reference: str, deliver_with: Sender
) -> list[CallerNotificationRecord]:
    """Deliver the case's undelivered notifications; every notification of the case delivered so far."""
    pending = _notifications(sessions, reference, delivered=False)
    if pending:
        recipient = _recipient(sessions, reference)
        for row in pending:
            _deliver_one(sessions, row, recipient, deliver_with)
    return _notifications(sessions, reference, delivered=True)


def _deliver_one(
    sessions: sessionmaker[Session], row: CallerNotificationRecord, recipient: Recipient, send: Sender
) -> None:
    """Count the attempt, send, then mark it delivered: a crash between sends it again."""
    with sessions.begin() as session:
        session.execute(
            update(CallerNotificationRecord)
            .where(CallerNotificationRecord.id == row.id)
            .values(delivery_attempts=CallerNotificationRecord.delivery_attempts + 1)
        )
    send(as_message(row), recipient)
    with sessions.begin() as session:
        session.execute(
            update(CallerNotificationRecord)
            .where(CallerNotificationRecord.id == row.id, CallerNotificationRecord.delivered_at.is_(None))
            .values(delivered_at=datetime.now(UTC))
        )


def _notifications(
    sessions: sessionmaker[Session], reference: str, delivered: bool
) -> list[CallerNotificationRecord]:
    delivered_at = CallerNotificationRecord.delivered_at
    with sessions() as session:
        return list(
            session.scalars(
                select(CallerNotificationRecord)
                .where(
                    CallerNotificationRecord.reference == reference,
                    delivered_at.is_not(None) if delivered else delivered_at.is_(None),
                )
                .order_by(CallerNotificationRecord.id)
            )
        )


def as_message(row: CallerNotificationRecord) -> case_pb2.CallerNotification:
    message = case_pb2.CallerNotification(
        notification_id=row.notification_id,
        reference=row.reference,
        kind=case_pb2.NotificationKind.Value(row.kind),
        message=row.message,
    )
    message.queued_at.FromDatetime(row.queued_at)
    if row.delivered_at is not None:
        message.delivered_at.FromDatetime(row.delivered_at)
    return message


def _find(session: Session, notification_id: str) -> CallerNotificationRecord | None:
    return session.scalars(
        select(CallerNotificationRecord).where(CallerNotificationRecord.notification_id == notification_id)
    ).one_or_none()


def _recipient(sessions: sessionmaker[Session], reference: str) -> Recipient:
    """The caller's phone (by text message) or else email, from the latest version of the contact."""
    with sessions() as session:
        contact = session.scalars(select(Contact).where(Contact.reference == reference)).one_or_none()
        if contact is None:
            raise NotFound(f"no contact with reference {reference}")
        latest = session.scalars(
            select(ContactVersion)
            .where(ContactVersion.contact_id == contact.id)
            .order_by(ContactVersion.version.desc())
            .limit(1)
        ).one()
    caller = json_format.Parse(latest.details_json, common_pb2.ContactDetails()).caller
    return Recipient("sms", caller.phone) if caller.phone else Recipient("email", caller.email)
