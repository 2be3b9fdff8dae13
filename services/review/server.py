"""The review gRPC service: the verification queue, and supervisors' approvals and returns."""

from __future__ import annotations

import asyncio
from typing import Any

import grpc
from sqlalchemy.orm import Session, sessionmaker
from temporalio.client import Client

from contact101.auth import current_identity
from contact101.config import Settings
from contact101.contact_validation import check_length, require_reference
from contact101.db import create_schema, make_engine, make_session_factory
from contact101.errors import InvalidField
from contact101.grpc_server import RunningServer, start_server
from contact101.service_process import serve_forever
from contact101.temporal_client import connect_temporal
from contact101.v1 import common_pb2, review_pb2, review_pb2_grpc
from services.review import store
from services.review.models import Review, ReviewBase
from workflows.case_client import update_case
from workflows.contact_workflow import VERIFY_UPDATE

SERVICE_NAME = review_pb2.DESCRIPTOR.services_by_name["ReviewService"].full_name
SUPERVISOR = common_pb2.ROLE_SUPERVISOR
SERVICE = common_pb2.ROLE_SERVICE
METHOD_ROLES = {
    "SubmitForVerification": frozenset({SERVICE}),
    "ListAwaitingVerification": frozenset({SUPERVISOR, common_pb2.ROLE_OPERATOR}),
    "Approve": frozenset({SUPERVISOR}),
    "ReturnForRework": frozenset({SUPERVISOR}),
    "RecordVerification": frozenset({SERVICE}),
}
DEFAULT_PAGE = 100
MAX_REASONS = 20


def as_message(review: Review) -> review_pb2.ReviewItem:
    item = review_pb2.ReviewItem(
        reference=review.reference,
        submission=review.submission,
        officer_id=review.officer_id,
        grade=common_pb2.RiskGrade.Value(review.grade),
        crime_recorded=review.crime_recorded,
        state=common_pb2.VerificationState.Value(review.state),
        supervisor_id=review.supervisor_id or "",
        reasons=review.reasons,
    )
    item.submitted_at.FromDatetime(review.submitted_at)
    if review.decided_at is not None:
        item.decided_at.FromDatetime(review.decided_at)
    return item


class ReviewServicer(review_pb2_grpc.ReviewServiceServicer):
    def __init__(self, sessions: sessionmaker[Session], temporal: Client) -> None:
        self._sessions = sessions
        self._temporal = temporal

    async def SubmitForVerification(
        self, request: review_pb2.SubmitForVerificationRequest, context: grpc.aio.ServicerContext[Any, Any]
    ) -> review_pb2.ReviewItem:
        require_reference(request.reference)
        if request.submission < 1:
            raise InvalidField("submission", "must be 1 or more")
        if request.grade not in common_pb2.RiskGrade.values():
            raise InvalidField("grade", "must be a known risk grade")
        if not request.officer_id.strip():
            raise InvalidField("officer_id", "is required")
        return as_message(await asyncio.to_thread(store.submit, self._sessions, request))

    async def ListAwaitingVerification(
        self, request: review_pb2.ListAwaitingVerificationRequest, context: grpc.aio.ServicerContext[Any, Any]
    ) -> review_pb2.ListAwaitingVerificationResponse:
        if not 0 <= request.limit <= 1000:
            raise InvalidField("limit", "must be between 0 and 1000")
        reviews = await asyncio.to_thread(store.awaiting, self._sessions, request.limit or DEFAULT_PAGE)
        return review_pb2.ListAwaitingVerificationResponse(items=[as_message(r) for r in reviews])

    async def Approve(
        self, request: review_pb2.ApproveRequest, context: grpc.aio.ServicerContext[Any, Any]
    ) -> common_pb2.CaseView:
        require_reference(request.reference)
        decision = review_pb2.VerificationDecision(actor=current_identity().as_actor(), approved=True)
        return await update_case(self._temporal, request.reference, VERIFY_UPDATE, decision)

    async def ReturnForRework(
        self, request: review_pb2.ReturnForReworkRequest, context: grpc.aio.ServicerContext[Any, Any]
    ) -> common_pb2.CaseView:
        require_reference(request.reference)
        reasons = [reason.strip() for reason in request.reasons if reason.strip()]
        if not reasons:
            raise InvalidField("reasons", "give at least one reason for returning the case")
        if len(reasons) > MAX_REASONS:
            raise InvalidField("reasons", f"give at most {MAX_REASONS} reasons")
        for index, reason in enumerate(reasons):
            check_length(f"reasons[{index}]", reason, 2000)
        decision = review_pb2.VerificationDecision(
            actor=current_identity().as_actor(), approved=False, reasons=reasons
        )
        return await update_case(self._temporal, request.reference, VERIFY_UPDATE, decision)

    async def RecordVerification(
        self, request: review_pb2.RecordVerificationRequest, context: grpc.aio.ServicerContext[Any, Any]
    ) -> review_pb2.ReviewItem:
        require_reference(request.reference)
        if request.submission < 1:
            raise InvalidField("submission", "must be 1 or more")
        if not request.decision.actor.id.strip():
            raise InvalidField("decision.actor.id", "is required")
        review = await asyncio.to_thread(
            store.record_decision, self._sessions, request.reference, request.submission, request.decision
        )
        return as_message(review)


async def start(
    settings: Settings, address: str | None = None, temporal: Client | None = None
) -> RunningServer:
    temporal = temporal or await connect_temporal(settings)
    engine = make_engine(settings.database_url_of("review"))
    create_schema(engine, ReviewBase.metadata)
    servicer = ReviewServicer(make_session_factory(engine), temporal)
    return await start_server(
        settings,
        address or settings.review_address,
        SERVICE_NAME,
        METHOD_ROLES,
        lambda server: review_pb2_grpc.add_ReviewServiceServicer_to_server(servicer, server),
    )


if __name__ == "__main__":
    serve_forever("review", start)
