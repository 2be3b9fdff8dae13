"""The intake gRPC service: records contacts, starts their cases, reads and amends them."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime
from typing import Any

import grpc
from sqlalchemy.orm import Session, sessionmaker
from temporalio.client import Client

from contact101.auth import current_identity
from contact101.config import Settings
from contact101.contact_validation import require_reference, require_text, validate_contact
from contact101.db import create_schema, make_engine, make_session_factory
from contact101.grpc_server import RunningServer, start_server
from contact101.service_process import serve_forever
from contact101.temporal_client import connect_temporal
from contact101.v1 import common_pb2, intake_pb2, intake_pb2_grpc
from services.intake import store
from services.intake.models import IntakeBase
from workflows.case_client import read_case, start_case, update_case
from workflows.contact_workflow import AMEND_UPDATE

SERVICE_NAME = intake_pb2.DESCRIPTOR.services_by_name["IntakeService"].full_name
OFFICER = common_pb2.ROLE_CONTACT_OFFICER
METHOD_ROLES = {
    "CreateContact": frozenset({OFFICER}),
    "GetCase": frozenset(
        {OFFICER, common_pb2.ROLE_SUPERVISOR, common_pb2.ROLE_DECISION_MAKER, common_pb2.ROLE_OPERATOR}
    ),
    "AmendContact": frozenset({OFFICER}),
    "RecordAmendment": frozenset({common_pb2.ROLE_SERVICE}),
}


class IntakeServicer(intake_pb2_grpc.IntakeServiceServicer):
    def __init__(self, sessions: sessionmaker[Session], temporal: Client, task_queue: str) -> None:
        self._sessions = sessions
        self._temporal = temporal
        self._task_queue = task_queue

    async def CreateContact(
        self, request: intake_pb2.CreateContactRequest, context: grpc.aio.ServicerContext[Any, Any]
    ) -> intake_pb2.CreateContactResponse:
        received_at = datetime.now(UTC)
        require_text("request_id", request.request_id, 128)
        validate_contact(request.contact, received_at)
        officer = current_identity()
        stored = await asyncio.to_thread(
            store.create_contact,
            self._sessions,
            request.request_id,
            officer.user_id,
            request.contact,
            received_at,
        )
        opened = common_pb2.CaseOpened(
            reference=stored.reference, officer_id=stored.officer_id, contact=request.contact
        )
        opened.received_at.FromDatetime(stored.received_at)
        await start_case(self._temporal, self._task_queue, opened)
        return intake_pb2.CreateContactResponse(reference=stored.reference, created=stored.created)

    async def GetCase(
        self, request: intake_pb2.GetCaseRequest, context: grpc.aio.ServicerContext[Any, Any]
    ) -> common_pb2.CaseView:
        require_reference(request.reference)
        return await read_case(self._temporal, request.reference)

    async def AmendContact(
        self, request: intake_pb2.AmendContactRequest, context: grpc.aio.ServicerContext[Any, Any]
    ) -> common_pb2.CaseView:
        require_reference(request.reference)
        validate_contact(request.contact, datetime.now(UTC))
        amendment = intake_pb2.Amendment(
            actor=current_identity().as_actor(), contact=request.contact, note=request.note[:2000]
        )
        return await update_case(self._temporal, request.reference, AMEND_UPDATE, amendment)

    async def RecordAmendment(
        self, request: intake_pb2.RecordAmendmentRequest, context: grpc.aio.ServicerContext[Any, Any]
    ) -> intake_pb2.RecordAmendmentResponse:
        require_reference(request.reference)
        validate_contact(request.contact, datetime.now(UTC))
        await asyncio.to_thread(
            store.record_amendment,
            self._sessions,
            request.reference,
            request.version,
            request.officer_id,
            request.contact,
        )
        return intake_pb2.RecordAmendmentResponse(reference=request.reference, version=request.version)


async def start(
    settings: Settings, address: str | None = None, temporal: Client | None = None
) -> RunningServer:
    temporal = temporal or await connect_temporal(settings)
    engine = make_engine(settings.database_url_of("intake"))
    create_schema(engine, IntakeBase.metadata)
    servicer = IntakeServicer(make_session_factory(engine), temporal, settings.task_queue)
    return await start_server(
        settings,
        address or settings.intake_address,
        SERVICE_NAME,
        METHOD_ROLES,
        lambda server: intake_pb2_grpc.add_IntakeServiceServicer_to_server(servicer, server),
    )


if __name__ == "__main__":
    serve_forever("intake", start)
