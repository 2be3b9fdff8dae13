"""The safeguarding gRPC service: THRIVE assessments and victim-support referrals."""

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
from contact101.v1 import common_pb2, safeguarding_pb2, safeguarding_pb2_grpc
from services.safeguarding import store, thrive, victims
from services.safeguarding.models import SafeguardingBase, VictimReferralRecord

SERVICE_NAME = safeguarding_pb2.DESCRIPTOR.services_by_name["SafeguardingService"].full_name
METHOD_ROLES = {
    "AssessRisk": frozenset({common_pb2.ROLE_SERVICE}),
    "ReferVictim": frozenset({common_pb2.ROLE_SERVICE}),
}


def as_message(record: VictimReferralRecord) -> common_pb2.VictimReferral:
    message = common_pb2.VictimReferral(
        reference=record.reference,
        referred=record.referred,
        status=record.status,
        reason=record.reason,
        due_date=record.due_date.isoformat(),
        rule_version=record.rule_version,
    )
    message.referred_at.FromDatetime(record.referred_at)
    return message


class SafeguardingServicer(safeguarding_pb2_grpc.SafeguardingServiceServicer):
    def __init__(self, sessions: sessionmaker[Session]) -> None:
        self._sessions = sessions

    async def AssessRisk(
        self, request: safeguarding_pb2.AssessRiskRequest, context: grpc.aio.ServicerContext[Any, Any]
    ) -> common_pb2.RiskAssessment:
        require_reference(request.reference)
        if request.contact_version < 1:
            raise InvalidField("contact_version", "must be 1 or more")
        validate_contact(request.contact, datetime.now(UTC))
        assessment = thrive.assess(request.reference, request.contact)
        return await asyncio.to_thread(
            store.record_assessment, self._sessions, request.contact_version, assessment
        )

    async def ReferVictim(
        self, request: safeguarding_pb2.ReferVictimRequest, context: grpc.aio.ServicerContext[Any, Any]
    ) -> common_pb2.VictimReferral:
        now = datetime.now(UTC)
        require_reference(request.reference)
        validate_contact(request.contact, now)
        if not request.HasField("reported_at"):
            raise InvalidField("reported_at", "is required")
        reported_at = request.reported_at.ToDatetime(tzinfo=UTC)
        if reported_at > now:
            raise InvalidField("reported_at", "must not be in the future")
        referral = victims.refer(request.crime, reported_at.date())
        record = await asyncio.to_thread(
            store.record_referral, self._sessions, request.reference, reported_at, referral
        )
        return as_message(record)


async def start(settings: Settings, address: str | None = None) -> RunningServer:
    engine = make_engine(settings.database_url_of("safeguarding"))
    create_schema(engine, SafeguardingBase.metadata)
    servicer = SafeguardingServicer(make_session_factory(engine))
    return await start_server(
        settings,
        address or settings.safeguarding_address,
        SERVICE_NAME,
        METHOD_ROLES,
        lambda server: safeguarding_pb2_grpc.add_SafeguardingServiceServicer_to_server(servicer, server),
    )


if __name__ == "__main__":
    serve_forever("safeguarding", start)
