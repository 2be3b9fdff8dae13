"""The crime gRPC service: NCRS decisions, stored with their crime numbers."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime
from typing import Any

import grpc
from sqlalchemy.orm import Session, sessionmaker

from contact101.config import Settings
from contact101.contact_validation import require_reference, validate_contact
from contact101.db import create_schema, make_engine, make_session_factory
from contact101.errors import InvalidField
from contact101.grpc_server import RunningServer, start_server
from contact101.service_process import serve_forever
from contact101.v1 import common_pb2, crime_pb2, crime_pb2_grpc
from services.crime import ncrs, store
from services.crime.models import CrimeBase, CrimeDecisionRecord

SERVICE_NAME = crime_pb2.DESCRIPTOR.services_by_name["CrimeService"].full_name
METHOD_ROLES = {"DecideCrime": frozenset({common_pb2.ROLE_SERVICE})}


def as_message(record: CrimeDecisionRecord) -> common_pb2.CrimeDecision:
    message = common_pb2.CrimeDecision(
        reference=record.reference,
        recorded=record.recorded,
        crime_number=record.crime_number or "",
        offence_code=record.offence_code,
        offence_name=record.offence_name,
        notifiable=record.notifiable,
        reason=record.reason,
        rule_version=record.rule_version,
    )
    message.decided_at.FromDatetime(record.decided_at)
    return message


class CrimeServicer(crime_pb2_grpc.CrimeServiceServicer):
    def __init__(self, sessions: sessionmaker[Session]) -> None:
        self._sessions = sessions

    async def DecideCrime(
        self, request: crime_pb2.DecideCrimeRequest, context: grpc.aio.ServicerContext[Any, Any]
    ) -> common_pb2.CrimeDecision:
        now = datetime.now(UTC)
        require_reference(request.reference)
        if request.contact_version < 1:
            raise InvalidField("contact_version", "must be 1 or more")
        validate_contact(request.contact, now)
        if not request.HasField("reported_at"):
            raise InvalidField("reported_at", "is required")
        reported_at = request.reported_at.ToDatetime(tzinfo=UTC)
        if reported_at > now:
            raise InvalidField("reported_at", "must not be in the future")
        decision = ncrs.decide(request.contact)
        record = await asyncio.to_thread(
            store.record_decision,
            self._sessions,
            request.reference,
            request.contact_version,
            reported_at,
            decision,
        )
        return as_message(record)


async def start(settings: Settings, address: str | None = None) -> RunningServer:
    engine = make_engine(settings.database_url_of("crime"))
    create_schema(engine, CrimeBase.metadata)
    servicer = CrimeServicer(make_session_factory(engine))
    return await start_server(
        settings,
        address or settings.crime_address,
        SERVICE_NAME,
        METHOD_ROLES,
        lambda server: crime_pb2_grpc.add_CrimeServiceServicer_to_server(servicer, server),
    )


if __name__ == "__main__":
    serve_forever("crime", start)
