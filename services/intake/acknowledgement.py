"""What the sender of an emailed contact is told: its reference, at once.

Intake queues the acknowledgement in the caller outbox when it records the contact, under an
id of its own (REFERENCE/acknowledgement, apart from the case workflow's notifications), and
delivers it there and then. A repeated create queues nothing new and delivers whatever is
still undelivered, so a crash in between still ends with the acknowledgement sent.
"""

from __future__ import annotations

from sqlalchemy.orm import Session, sessionmaker

from contact101.v1 import case_pb2
from services.intake import outbox


def acknowledgement_text(reference: str) -> str:
    return (
        f"Thank you for your email. We have recorded it with the reference {reference}; please "
        "quote it if you contact us about this again. In an emergency, call 999."
    )


def acknowledge_email(sessions: sessionmaker[Session], reference: str) -> None:
    """Queue the acknowledgement (once) and deliver the case's undelivered notifications."""
    acknowledgement = case_pb2.CallerNotification(
        notification_id=f"{reference}/acknowledgement",
        reference=reference,
        kind=case_pb2.NOTIFICATION_KIND_ACKNOWLEDGEMENT,
        message=acknowledgement_text(reference),
    )
    outbox.send(sessions, reference, [acknowledgement])
