"""The review gRPC service: the verification queue, and supervisors' approvals and returns."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Sequence
from datetime import UTC, datetime, timedelta
from typing import Any

import grpc
from sqlalchemy.orm import Session, sessionmaker
from temporalio.client import Client

from contact101.data.database import make_session_factory
from contact101.data.figure_arithmetic import check_window
from contact101.data.service_database import open_service_database
from contact101.rpc.auth import current_identity
from contact101.rpc.edge_checks import (
    MAX_IDENTIFIER,
    MAX_LINE,
    MAX_TEXT,
    check_count,
    check_enum,
    check_length,
    check_moment,
    check_positive,
    check_timestamp,
    require_identifier,
    require_reference,
    require_sha256,
    require_text,
)
from contact101.rpc.refusals import InvalidField, NotFound
from contact101.rpc.server import RunningServer, start_server
from contact101.rules import permissions
from contact101.runtime.config import Settings
from contact101.runtime.service_process import serve_forever
from contact101.temporal.assertions import AssertionKeys, assertion_keys
from contact101.temporal.client import connect_temporal
from contact101.v1 import case_pb2, common_pb2, figures_pb2, review_pb2, review_pb2_grpc
from services.review import alerts, case_events, searches, sign_ins, store
from services.review.force_figures import FigureSources
from services.review.models import ReviewBase
from services.review.queue_watch import MOST_WATCHED, QueueWatcher
from services.review.store import as_message
from workflows import case_client

SERVICE_NAME = review_pb2.DESCRIPTOR.services_by_name["ReviewService"].full_name
METHOD_PERMISSIONS = {
    "SubmitForVerification": permissions.CARRY_OUT_CASE_STEP,
    "ListAwaitingVerification": permissions.WATCH_QUEUE,
    "WatchAwaitingVerification": permissions.WATCH_QUEUE,
    "Approve": permissions.VERIFY_CASE,
    "ReturnForRework": permissions.VERIFY_CASE,
    "RecordVerification": permissions.CARRY_OUT_CASE_STEP,
    "RaiseAlert": permissions.CARRY_OUT_CASE_STEP,
    "ListAlerts": permissions.WATCH_QUEUE,
    "GetPerformanceFigures": permissions.WATCH_PERFORMANCE,
    "RecordCaseEvents": permissions.CARRY_OUT_CASE_STEP,
    "GetCaseHistory": permissions.READ_CASE,
    "ListEscalations": permissions.WATCH_PERFORMANCE,
    "RecordDataRead": permissions.RECORD_DATA_READ,
    "RecordSearch": permissions.RECORD_SEARCH,
    "ListRecordedCases": permissions.RECORD_CONTACT,
    "RecordSignIn": permissions.RECORD_SIGN_IN,
    "ListSignIns": permissions.SEE_SIGN_INS,
}
DEFAULT_PAGE = 100
MAX_PAGE = 1000
MAX_REASONS = 20
MAX_EVENTS = 1000
MAX_THROUGH = 64  # DataReadRecord.through
MAX_CLOCK_SPAN = timedelta(days=366)  # no statutory clock runs longer


def check_page_limit(limit: int) -> None:
    if not 0 <= limit <= MAX_PAGE:
        raise InvalidField("limit", f"must be between 0 and {MAX_PAGE}")


def check_case_events(request: review_pb2.RecordCaseEventsRequest) -> None:
    """Every event and escalation belongs to the request's case and names what it records."""
    check_audit_events(request.reference, request.events)
    check_count("escalations", request.escalations, MAX_EVENTS)
    for index, change in enumerate(request.escalations):
        field = f"escalations[{index}]"
        if change.reference != request.reference:
            raise InvalidField(f"{field}.reference", "must be the request's reference")
        require_text(f"{field}.escalation_id", change.escalation_id, MAX_IDENTIFIER)
        require_identifier(f"{field}.clock", change.clock)
        check_enum(f"{field}.stage", change.stage, review_pb2.EscalationStage)
        check_timestamp(f"{field}.at", change.at, datetime.now(UTC))
        check_timestamp(f"{field}.due_at", change.due_at, datetime.now(UTC) + MAX_CLOCK_SPAN)


def check_audit_events(reference: str, events: Sequence[review_pb2.AuditEvent]) -> None:
    """Every event belongs to the case and names what it records."""
    check_count("events", events, MAX_EVENTS)
    for index, event in enumerate(events):
        field = f"events[{index}]"
        if event.reference != reference:
            raise InvalidField(f"{field}.reference", "must be the request's reference")
        if event.sequence < 0:
            raise InvalidField(f"{field}.sequence", "must be 0 or more")
        if event.event_id != f"{reference}/{event.sequence}":
            raise InvalidField(f"{field}.event_id", "must be <reference>/<sequence>")
        require_identifier(f"{field}.entry.action", event.entry.action)
        require_identifier(f"{field}.entry.actor_id", event.entry.actor_id)
        check_enum(f"{field}.entry.actor_role", event.entry.actor_role, common_pb2.Role)
        check_timestamp(f"{field}.entry.at", event.entry.at, datetime.now(UTC))
        check_length(f"{field}.entry.detail", event.entry.detail, MAX_TEXT, multiline=True)


def check_reasons(field: str, reasons: Sequence[str]) -> None:
    check_count(field, reasons, MAX_REASONS)
    for index, reason in enumerate(reasons):
        check_length(f"{field}[{index}]", reason, MAX_LINE, multiline=True)


class ReviewServicer(review_pb2_grpc.ReviewServiceServicer):
    def __init__(
        self,
        sessions: sessionmaker[Session],
        temporal: Client,
        figures: FigureSources,
        keys: AssertionKeys,
    ) -> None:
        self._sessions = sessions
        self._temporal = temporal
        self._figures = figures
        self._assertion_keys = keys
        self._queue = QueueWatcher(sessions)

    async def stop_watching(self) -> None:
        await self._queue.stop()

    async def GetPerformanceFigures(
        self, request: figures_pb2.FiguresWindow, context: grpc.aio.ServicerContext[Any, Any]
    ) -> review_pb2.PerformanceFigures:
        check_window(request)
        return await self._figures.figures(request)

    async def SubmitForVerification(
        self, request: review_pb2.SubmitForVerificationRequest, context: grpc.aio.ServicerContext[Any, Any]
    ) -> review_pb2.ReviewItem:
        require_reference(request.reference)
        check_positive("submission", request.submission)
        check_enum("grade", request.grade, common_pb2.RiskGrade)
        require_identifier("officer_id", request.officer_id)
        if request.HasField("due_at"):
            check_moment("due_at", request.due_at)
        check_audit_events(request.reference, request.events)
        return as_message(await asyncio.to_thread(store.submit, self._sessions, request))

    async def ListAwaitingVerification(
        self, request: review_pb2.ListAwaitingVerificationRequest, context: grpc.aio.ServicerContext[Any, Any]
    ) -> review_pb2.ListAwaitingVerificationResponse:
        check_page_limit(request.limit)
        reviews = await asyncio.to_thread(store.awaiting, self._sessions, request.limit or DEFAULT_PAGE)
        return review_pb2.ListAwaitingVerificationResponse(items=[as_message(r) for r in reviews])

    async def WatchAwaitingVerification(
        self,
        request: review_pb2.WatchAwaitingVerificationRequest,
        context: grpc.aio.ServicerContext[Any, Any],
    ) -> AsyncIterator[review_pb2.VerificationQueue]:
        if not 0 <= request.limit <= MOST_WATCHED:
            raise InvalidField("limit", f"must be between 0 and {MOST_WATCHED}")
        async for queue in self._queue.watch(request.limit or DEFAULT_PAGE):
            yield queue

    async def ListRecordedCases(
        self, request: review_pb2.ListRecordedCasesRequest, context: grpc.aio.ServicerContext[Any, Any]
    ) -> review_pb2.ListRecordedCasesResponse:
        check_page_limit(request.limit)
        found = await asyncio.to_thread(
            case_events.recorded_by, self._sessions, current_identity().user_id, request.limit or DEFAULT_PAGE
        )
        return review_pb2.ListRecordedCasesResponse(cases=found)

    async def RecordSignIn(
        self, request: review_pb2.RecordSignInRequest, context: grpc.aio.ServicerContext[Any, Any]
    ) -> review_pb2.SignInEvent:
        check_enum("kind", request.kind, review_pb2.SignInKind)
        if request.method not in sign_ins.METHODS:
            raise InvalidField("method", f"must be one of {', '.join(sorted(sign_ins.METHODS))}")
        return await asyncio.to_thread(sign_ins.record_sign_in, self._sessions, current_identity(), request)

    async def ListSignIns(
        self, request: review_pb2.ListSignInsRequest, context: grpc.aio.ServicerContext[Any, Any]
    ) -> review_pb2.ListSignInsResponse:
        check_page_limit(request.limit)
        if request.person_id:
            require_identifier("person_id", request.person_id)
        events = await asyncio.to_thread(
            sign_ins.recent_sign_ins, self._sessions, request.person_id, request.limit or DEFAULT_PAGE
        )
        return review_pb2.ListSignInsResponse(events=events)

    async def RaiseAlert(
        self, request: review_pb2.RaiseAlertRequest, context: grpc.aio.ServicerContext[Any, Any]
    ) -> review_pb2.Alert:
        require_reference(request.reference)
        if request.kind not in alerts.ALERT_KINDS:
            raise InvalidField("kind", f"must be one of {', '.join(sorted(alerts.ALERT_KINDS))}")
        check_enum("grade", request.grade, common_pb2.RiskGrade)
        require_text("detail", request.detail, MAX_TEXT, multiline=True)
        return await asyncio.to_thread(alerts.raise_alert, self._sessions, request)

    async def ListAlerts(
        self, request: review_pb2.ListAlertsRequest, context: grpc.aio.ServicerContext[Any, Any]
    ) -> review_pb2.ListAlertsResponse:
        check_page_limit(request.limit)
        found = await asyncio.to_thread(alerts.recent_alerts, self._sessions, request.limit or DEFAULT_PAGE)
        return review_pb2.ListAlertsResponse(alerts=found)

    async def Approve(
        self, request: review_pb2.ApproveRequest, context: grpc.aio.ServicerContext[Any, Any]
    ) -> case_pb2.CaseView:
        require_reference(request.reference)
        decision = case_pb2.VerificationDecision(actor=current_identity().as_actor(), approved=True)
        return await case_client.verify(self._temporal, self._assertion_keys, request.reference, decision)

    async def ReturnForRework(
        self, request: review_pb2.ReturnForReworkRequest, context: grpc.aio.ServicerContext[Any, Any]
    ) -> case_pb2.CaseView:
        require_reference(request.reference)
        check_reasons("reasons", request.reasons)
        reasons = [reason.strip() for reason in request.reasons if reason.strip()]
        if not reasons:
            raise InvalidField("reasons", "give at least one reason for returning the case")
        decision = case_pb2.VerificationDecision(
            actor=current_identity().as_actor(), approved=False, reasons=reasons
        )
        return await case_client.verify(self._temporal, self._assertion_keys, request.reference, decision)

    async def RecordVerification(
        self, request: review_pb2.RecordVerificationRequest, context: grpc.aio.ServicerContext[Any, Any]
    ) -> review_pb2.ReviewItem:
        require_reference(request.reference)
        check_positive("submission", request.submission)
        require_identifier("decision.actor.id", request.decision.actor.id)
        check_enum("decision.actor.role", request.decision.actor.role, common_pb2.Role)
        check_reasons("decision.reasons", request.decision.reasons)
        review = await asyncio.to_thread(
            store.record_decision, self._sessions, request.reference, request.submission, request.decision
        )
        return as_message(review)

    async def RecordCaseEvents(
        self, request: review_pb2.RecordCaseEventsRequest, context: grpc.aio.ServicerContext[Any, Any]
    ) -> review_pb2.RecordCaseEventsResponse:
        require_reference(request.reference)
        check_case_events(request)
        stored = await asyncio.to_thread(
            case_events.record, self._sessions, request.reference, request.events, request.escalations
        )
        return review_pb2.RecordCaseEventsResponse(events_stored=stored)

    async def GetCaseHistory(
        self, request: review_pb2.GetCaseHistoryRequest, context: grpc.aio.ServicerContext[Any, Any]
    ) -> review_pb2.CaseHistory:
        require_reference(request.reference)
        rows = await asyncio.to_thread(case_events.history, self._sessions, request.reference)
        reads = await asyncio.to_thread(case_events.reads, self._sessions, request.reference)
        if not rows and not reads:
            raise NotFound(f"no audit trail for case {request.reference}")
        return review_pb2.CaseHistory(
            reference=request.reference,
            events=[case_events.as_audit_event(row) for row in rows],
            reads=[case_events.as_data_read(row) for row in reads],
        )

    async def RecordDataRead(
        self, request: review_pb2.RecordDataReadRequest, context: grpc.aio.ServicerContext[Any, Any]
    ) -> review_pb2.DataRead:
        read = request.read
        require_reference(read.reference, "read.reference")
        require_identifier("read.reader_id", read.reader_id)
        check_enum("read.reader_role", read.reader_role, common_pb2.Role)
        check_moment("read.at", read.at)
        check_positive("read.payloads", read.payloads)
        require_text("read.through", read.through, MAX_THROUGH)
        row = await asyncio.to_thread(case_events.record_read, self._sessions, read)
        return case_events.as_data_read(row)

    async def RecordSearch(
        self, request: review_pb2.RecordSearchRequest, context: grpc.aio.ServicerContext[Any, Any]
    ) -> review_pb2.RecordSearchResponse:
        require_identifier("searcher.id", request.searcher.id)
        check_enum("searcher.role", request.searcher.role, common_pb2.Role)
        if request.key_kind not in searches.KEY_KINDS:
            raise InvalidField("key_kind", f"must be one of {', '.join(sorted(searches.KEY_KINDS))}")
        require_sha256("key_digest", request.key_digest)
        if request.cases_found < 0:
            raise InvalidField("cases_found", "must not be negative")
        search_id = await asyncio.to_thread(searches.record_search, self._sessions, request)
        return review_pb2.RecordSearchResponse(search_id=search_id)

    async def ListEscalations(
        self, request: review_pb2.ListEscalationsRequest, context: grpc.aio.ServicerContext[Any, Any]
    ) -> review_pb2.ListEscalationsResponse:
        check_page_limit(request.limit)
        rows = await asyncio.to_thread(
            case_events.escalations, self._sessions, request.include_resolved, request.limit or DEFAULT_PAGE
        )
        return review_pb2.ListEscalationsResponse(
            escalations=[case_events.as_escalation(row) for row in rows]
        )


async def start(
    settings: Settings, address: str | None = None, temporal: Client | None = None
) -> RunningServer:
    temporal = temporal or await connect_temporal(settings)
    engine = await asyncio.to_thread(open_service_database, settings, "review", ReviewBase.metadata)
    sessions = make_session_factory(engine)
    servicer = ReviewServicer(
        sessions,
        temporal,
        FigureSources.of(settings, sessions, temporal),
        assertion_keys(settings),
    )
    return await start_server(
        settings,
        address or settings.review_address,
        SERVICE_NAME,
        METHOD_PERMISSIONS,
        lambda server: review_pb2_grpc.add_ReviewServiceServicer_to_server(servicer, server),
    )


if __name__ == "__main__":
    serve_forever("review", start)
