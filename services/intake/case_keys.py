"""The keys a case is found by, stored with each version of its contact (FindCases)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from contact101.rules.person_keys import postcode_key, search_keys
from contact101.v1 import common_pb2
from services.intake.models import CaseKeyRecord

DEFAULT_PAGE = 20


def keys_of(contact: common_pb2.ContactDetails) -> set[tuple[str, str]]:
    """(kind, digest) of every key of the caller, the victims and the place."""
    people = [
        contact.caller,
        *([contact.victim] if contact.HasField("victim") else []),
        *contact.other_victims,
    ]
    keys = {(kind, key) for person in people for kind, key in search_keys(person).items()}
    place = postcode_key(contact.location_postcode)
    if place:
        keys.add(("postcode", place))
    return keys


def add_keys(
    session: Session, reference: str, received_at: datetime, contact: common_pb2.ContactDetails
) -> None:
    """Store the contact's keys for the case, those it already has left as they are."""
    rows = session.execute(
        select(CaseKeyRecord.kind, CaseKeyRecord.digest).where(CaseKeyRecord.reference == reference)
    )
    known = {(kind, key) for kind, key in rows}
    session.add_all(
        CaseKeyRecord(kind=kind, digest=key, reference=reference, received_at=received_at)
        for kind, key in sorted(keys_of(contact) - known)
    )


def references_with(sessions: sessionmaker[Session], kind: str, key: str, limit: int) -> list[str]:
    """The references of the cases with this key, newest first."""
    with sessions() as session:
        return list(
            session.scalars(
                select(CaseKeyRecord.reference)
                .where(CaseKeyRecord.kind == kind, CaseKeyRecord.digest == key)
                .order_by(CaseKeyRecord.received_at.desc(), CaseKeyRecord.id.desc())
                .limit(limit)
            )
        )
