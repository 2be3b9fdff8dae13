"""Reading and writing the intake service's records. Each function is one transaction."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from google.protobuf import json_format
from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from contact101.data.database import insert_once
from contact101.rpc.refusals import NotFound
from contact101.v1 import common_pb2
from services.intake.case_keys import add_keys
from services.intake.models import Contact, ContactVersion
from services.intake.references import allocate_reference


@dataclass(frozen=True)
class StoredContact:
    reference: str
    officer_id: str
    received_at: datetime
    created: bool


def _stored(contact: Contact, created: bool) -> StoredContact:
    return StoredContact(contact.reference, contact.officer_id, contact.received_at, created)


def create_contact(
    sessions: sessionmaker[Session],
    request_id: str,
    officer_id: str,
    details: common_pb2.ContactDetails,
    received_at: datetime,
) -> StoredContact:
    """Store a new contact, or return the one request_id already created."""
    existing = find_by_request_id(sessions, request_id)
    if existing is not None:
        return existing
    try:
        with sessions.begin() as session:
            contact = Contact(
                reference=allocate_reference(session, received_at),
                request_id=request_id,
                officer_id=officer_id,
                channel=common_pb2.Channel.Name(details.channel),
                received_at=received_at,
            )
            session.add(contact)
            session.flush()
            session.add(
                ContactVersion(
                    contact_id=contact.id,
                    version=1,
                    officer_id=officer_id,
                    details_json=json_format.MessageToJson(details),
                )
            )
            add_keys(session, contact.reference, received_at, details)
        return _stored(contact, created=True)
    except IntegrityError:
        concurrent = find_by_request_id(sessions, request_id)
        if concurrent is None:
            raise
        return concurrent


def find_by_request_id(sessions: sessionmaker[Session], request_id: str) -> StoredContact | None:
    with sessions() as session:
        contact = session.scalars(select(Contact).where(Contact.request_id == request_id)).one_or_none()
        return None if contact is None else _stored(contact, created=False)


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
