"""An email as a contact: the sender is the caller, the body the account, the files listed by digest.

Pure: what intake records for an email, and the request id that makes recording it
idempotent. The id is derived from the inbox and the Message-ID (or, for a message without
one, the SHA-256 of its bytes), so the same message is one contact however many times, or
by however many pollers at once, it is recorded.
"""

from __future__ import annotations

import hashlib
from datetime import datetime

from contact101.rpc.edge_checks import EARLIEST_DATE
from contact101.v1 import common_pb2
from services.intake.inbox.email_reading import ReceivedEmail


def request_id_for(inbox: str, received: ReceivedEmail) -> str:
    """email:INBOX:DIGEST, the same for every copy of one message in one inbox."""
    identity = f"message-id:{received.message_id}" if received.message_id else f"bytes:{received.digest}"
    return f"email:{inbox}:{hashlib.sha256(identity.encode()).hexdigest()}"


def email_contact(inbox: str, received: ReceivedEmail, now: datetime) -> common_pb2.ContactDetails:
    """The contact intake records for the email read from inbox at now.

    It is dated when the email was sent (the incident happened by then), or when it was read
    if its Date is missing, impossible or ahead of now. As with a call, the sender is taken to
    be the victim until an officer finds otherwise.
    """
    contact = common_pb2.ContactDetails(
        channel=common_pb2.CHANNEL_EMAIL,
        caller=common_pb2.Person(name=received.sender_name, email=received.sender_address),
        caller_is_victim=True,
        what_happened=received.body,
        email=common_pb2.InboundEmail(inbox=inbox, message_id=received.message_id, subject=received.subject),
        attachments=[
            common_pb2.Attachment(
                filename=file.filename,
                content_type=file.content_type,
                size=len(file.content),
                sha256=file.sha256,
            )
            for file in received.files
        ],
    )
    sent_at = received.sent_at
    usable = sent_at is not None and sent_at.date() >= EARLIEST_DATE and sent_at <= now
    contact.occurred_at.FromDatetime(sent_at if usable and sent_at is not None else now)
    return contact
