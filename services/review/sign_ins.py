"""The audit trail of the desk's sign-ins and sign-outs: who, when, how, and whether they signed
out or were signed out for being idle. Rows are inserted once and never changed."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from contact101.rpc.auth import Identity
from contact101.v1 import common_pb2, review_pb2
from services.review.models import SignInRecord

METHODS = frozenset({"password", "openid connect"})


def as_event(record: SignInRecord) -> review_pb2.SignInEvent:
    event = review_pb2.SignInEvent(
        event_id=record.event_id,
        person=common_pb2.Actor(id=record.person_id, role=common_pb2.Role.Value(record.person_role)),
        kind=review_pb2.SignInKind.Value(record.kind),
        method=record.method,
    )
    event.at.FromDatetime(record.at)
    return event


def record_sign_in(
    sessions: sessionmaker[Session], person: Identity, request: review_pb2.RecordSignInRequest
) -> review_pb2.SignInEvent:
    record = SignInRecord(
        event_id=str(uuid.uuid4()),
        person_id=person.user_id,
        person_role=common_pb2.Role.Name(person.role),
        kind=review_pb2.SignInKind.Name(request.kind),
        method=request.method,
        at=datetime.now(UTC),
    )
    with sessions.begin() as session:
        session.add(record)
    return as_event(record)


def recent_sign_ins(
    sessions: sessionmaker[Session], person_id: str, limit: int
) -> list[review_pb2.SignInEvent]:
    query = select(SignInRecord).order_by(SignInRecord.at.desc(), SignInRecord.id.desc()).limit(limit)
    if person_id:
        query = query.where(SignInRecord.person_id == person_id)
    with sessions() as session:
        return [as_event(record) for record in session.scalars(query)]
