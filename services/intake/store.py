"""Reading and writing the intake service's records. Each function is one transaction."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC

from google.protobuf import json_format
from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from contact101.data.database import insert_once
from contact101.rpc.refusals import AlreadyExists, NotFound
from contact101.v1 import case_pb2, common_pb2
from services.intake.answer_records import answer_rows
from services.intake.case_keys import add_keys
from services.intake.case_starts import case_start
from services.intake.models import Contact, ContactVersion
from services.intake.references import allocate_reference
from services.intake.request_digest import request_digest


@dataclass(frozen=True)
class StoredContact:
    reference: str
    created: bool  # false when the request had already created it


def create_contact(
    sessions: sessionmaker[Session],
    request_id: str,
    details: common_pb2.ContactDetails,
    opened: case_pb2.CaseOpened,
) -> StoredContact:
    """Store a new contact with its case to start (opened, given its reference here), or
    return the one request_id already created from the same request; refuse another request
    under that id (AlreadyExists, naming the contact it made)."""
    digest = request_digest(opened.officer_id, details)
    existing = _retried(sessions, request_id, digest)
    if existing is not None:
        return existing
    received_at = opened.received_at.ToDatetime(UTC)
    try:
        with sessions.begin() as session:
            contact = Contact(
                reference=allocate_reference(session, received_at),
                request_id=request_id,
                request_digest=digest,
                officer_id=opened.officer_id,
                channel=common_pb2.Channel.Name(details.channel),
                received_at=received_at,
            )
            session.add(contact)
            session.flush()
            session.add(
                ContactVersion(
                    contact_id=contact.id,
                    version=1,
                    officer_id=opened.officer_id,
                    details_json=json_format.MessageToJson(details),
                )
            )
            session.add_all(answer_rows(contact.id, 1, details))
            session.add(case_start(contact.reference, opened, received_at))
            add_keys(session, contact.reference, received_at, details)
        return StoredContact(contact.reference, created=True)
    except IntegrityError:
        concurrent = _retried(sessions, request_id, digest)
        if concurrent is None:
            raise
        return concurrent


def _retried(sessions: sessionmaker[Session], request_id: str, digest: str) -> StoredContact | None:
    """The contact request_id created, if any, when this request is a retry of that one's."""
    with sessions() as session:
        contact = session.scalars(select(Contact).where(Contact.request_id == request_id)).one_or_none()
    if contact is None:
        return None
    if contact.request_digest != digest:
        raise AlreadyExists(
            f"request_id {request_id} already recorded contact {contact.reference}, from another "
            "request (a different contact or officer); a new contact needs a new request_id"
        )
    return StoredContact(contact.reference, created=False)


def record_amendment(
    sessions: sessionmaker[Session],
    reference: str,
    version: int,
    officer_id: str,
    details: common_pb2.ContactDetails,
) -> None:
    """Store version of the contact; storing it again, even at the same moment, changes nothing."""
    with sessions() as session:
        found = session.execute(
            select(Contact.id, Contact.received_at).where(Contact.reference == reference)
        ).one_or_none()
    if found is None:
        raise NotFound(f"no contact with reference {reference}")
    contact_id, received_at = found

    def make(session: Session) -> ContactVersion:
        session.execute(
            update(Contact)
            .where(Contact.id == contact_id, Contact.current_version < version)
            .values(current_version=version)
        )
        add_keys(session, reference, received_at, details)
        session.add_all(answer_rows(contact_id, version, details))
        return ContactVersion(
            contact_id=contact_id,
            version=version,
            officer_id=officer_id,
            details_json=json_format.MessageToJson(details),
        )

    insert_once(
        sessions,
        lambda session: session.scalars(
            select(ContactVersion).where(
                ContactVersion.contact_id == contact_id, ContactVersion.version == version
            )
        ).one_or_none(),
        make,
    )
