"""An email as a contact: the sender is the caller, the body the account, the files listed by digest.

Pure: what intake records for an email, and the request id that makes recording it
idempotent. The id is derived from the inbox, the Message-ID and the digest of the message
as its sender wrote it, so the same message is one contact however many times, or by however
many pollers at once, it is recorded, and a different message that reuses a Message-ID is a
contact of its own. The contact depends on nothing but the message and its delivery, so every
copy of one message asks intake for the same contact under the same id. No one asks an email
the questions, so its words suggest the incident types for the officer to confirm.
"""

from __future__ import annotations

import hashlib
from datetime import datetime

from contact101.rpc.edge_checks import EARLIEST_DATE
from contact101.rules.questions import question_catalogue, suggest_incident_types
from contact101.v1 import common_pb2
from services.intake.inbox.email_reading import ReceivedEmail

SUGGESTIONS = 3  # the officer confirms one: a short list, best first


def request_id_for(inbox: str, received: ReceivedEmail) -> str:
    """email:INBOX:DIGEST, the same for every copy of one message in one inbox, and only for those."""
    identity = f"message-id:{received.message_id}\ncontent:{received.digest}"
    return f"email:{inbox}:{hashlib.sha256(identity.encode()).hexdigest()}"


def email_contact(inbox: str, received: ReceivedEmail, delivered_at: datetime) -> common_pb2.ContactDetails:
    """The contact intake records for the email delivered into inbox at delivered_at.

    It is dated when the email was sent (the incident happened by then), or when it was
    delivered if its Date is missing, impossible or after its delivery. As with a call, the
    sender is taken to be the victim until an officer finds otherwise.
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
    words = f"{received.subject}\n{received.body}"
    contact.suggested_incident_types.extend(
        suggestion.as_message()
        for suggestion in suggest_incident_types(words, question_catalogue().current.values(), SUGGESTIONS)
    )
    sent_at = received.sent_at
    usable = sent_at is not None and sent_at.date() >= EARLIEST_DATE and sent_at <= delivered_at
    contact.occurred_at.FromDatetime(sent_at if usable and sent_at is not None else delivered_at)
    return contact
