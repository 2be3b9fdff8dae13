"""The intake gRPC service: records contacts, starts their cases, reads and amends them."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime
from typing import Any

import grpc
from sqlalchemy.orm import Session, sessionmaker
from temporalio.client import Client

from contact101.data.database import make_session_factory
from contact101.data.figure_arithmetic import check_window
from contact101.data.service_database import open_service_database
from contact101.rpc.answer_checks import find_question_set, guided_contact
from contact101.rpc.auth import current_identity
from contact101.rpc.edge_checks import (
    MAX_IDENTIFIER,
    MAX_LINE,
    MAX_NAME,
    MAX_TEXT,
    check_added_offences,
    check_attachment_size,
    check_count,
    check_enum,
    check_length,
    check_positive,
    require_identifier,
    require_reference,
    require_sha256,
    require_text,
    validate_contact,
)
from contact101.rpc.rate_limit import RateLimit
from contact101.rpc.refusals import InvalidField, NotFound, Unavailable
from contact101.rpc.server import RunningServer, start_server
from contact101.rules import permissions
from contact101.rules.questions import agency_directory, question_catalogue, suggest_incident_types
from contact101.runtime.config import Settings
from contact101.runtime.service_process import serve_forever
from contact101.runtime.telemetry import tag_case
from contact101.temporal.assertions import assertion_keys
from contact101.temporal.client import connect_temporal
from contact101.v1 import (
    case_pb2,
    common_pb2,
    figures_pb2,
    intake_pb2,
    intake_pb2_grpc,
    preview_pb2,
    questions_pb2,
    safeguarding_pb2,
)
from services.intake import attachment_store, outbox, store
from services.intake.acknowledgement import acknowledge_email
from services.intake.case_finder import CaseFinder
from services.intake.case_starts import CaseStarter
from services.intake.case_visibility import case_as_seen_by
from services.intake.clock_policy import clock_policy, key_event_deadlines
from services.intake.contact_preview import ContactPreviewer
from services.intake.first_contact_resolutions import record_resolution
from services.intake.intake_figures import intake_figures
from services.intake.models import IntakeBase
from workflows import case_client

SERVICE_NAME = intake_pb2.DESCRIPTOR.services_by_name["IntakeService"].full_name
METHOD_PERMISSIONS = {
    # Officers record what they are told; a system records what the public sends it as a
    # service identity of its own (the case's officer_id): the online-report form, the
    # inbox poller (which also stores the emails' files).
    "CreateContact": permissions.RECORD_CONTACT,
    "StoreAttachment": permissions.RECORD_CONTACT,
    "GetAttachment": permissions.READ_CASE,
    "GetIntakeFigures": permissions.GIVE_SERVICE_FIGURES,
    "GetCase": permissions.READ_CASE,
    "AmendContact": permissions.AMEND_CASE,
    "RecordAmendment": permissions.CARRY_OUT_CASE_STEP,
    "RecordFirstContactResolution": permissions.CARRY_OUT_CASE_STEP,
    "AddInformation": permissions.ADD_INFORMATION,
    "SendNotifications": permissions.CARRY_OUT_CASE_STEP,
    "FindCases": permissions.FIND_CASES,
    "ListIncidentTypes": permissions.READ_QUESTIONS,
    "GetQuestionSet": permissions.READ_QUESTIONS,
    "SuggestIncidentTypes": permissions.READ_QUESTIONS,
    "ListAgencies": permissions.READ_QUESTIONS,
    "PreviewContact": permissions.PREVIEW_CONTACT,
}
FIRST_AMENDMENT = 2
MAX_NOTIFICATIONS = 50  # a case tells its caller a handful of things a step; a batch is far below
DEFAULT_SUGGESTIONS = 5
MAX_SUGGESTIONS = 20


def check_notification(field: str, notification: case_pb2.CallerNotification, reference: str) -> None:
    """A notification of the case, with an id of its own under the case's reference."""
    if notification.reference != reference:
        raise InvalidField(f"{field}.reference", "must be the request's reference")
    if not notification.notification_id.startswith(f"{reference}/"):
        raise InvalidField(f"{field}.notification_id", "must start with the case reference and /")
    check_length(f"{field}.notification_id", notification.notification_id, MAX_IDENTIFIER)
    check_enum(f"{field}.kind", notification.kind, case_pb2.NotificationKind)
    require_text(f"{field}.message", notification.message, MAX_LINE, multiline=True)


class IntakeServicer(intake_pb2_grpc.IntakeServiceServicer):
    def __init__(
        self,
        sessions: sessionmaker[Session],
        temporal: Client,
        case_starter: CaseStarter,
        settings: Settings,
    ) -> None:
        self._sessions = sessions
        self._temporal = temporal
        self._case_starter = case_starter
        self._settings = settings
        self._assertion_keys = assertion_keys(settings)
        self._finder = CaseFinder.of(settings, sessions, temporal)
        self._previewer = ContactPreviewer.of(settings)

    async def CreateContact(
        self, request: intake_pb2.CreateContactRequest, context: grpc.aio.ServicerContext[Any, Any]
    ) -> intake_pb2.CreateContactResponse:
        """Record the contact and its case to start, then start the case. The answer is the
        reference once the contact is recorded, whether or not Temporal took the case yet:
        the case starter starts it as soon as Temporal can (services.intake.case_starts)."""
        received_at = datetime.now(UTC)
        require_identifier("request_id", request.request_id)
        contact = guided_contact(
            question_catalogue(),
            request.question_set_id,
            request.question_set_version,
            request.answers,
            request.contact,
        )
        validate_contact(contact, received_at)
        officer = current_identity()
        await self._require_stored_files(contact)
        opened = case_pb2.CaseOpened(officer_id=officer.user_id, officer_role=officer.role, contact=contact)
        opened.received_at.FromDatetime(received_at)
        opened.clock_policy.CopyFrom(clock_policy(self._settings, received_at))
        opened.continue_as_new_after_events = self._settings.case_history_limit
        stored = await asyncio.to_thread(
            store.create_contact, self._sessions, request.request_id, contact, opened
        )
        tag_case(stored.reference)
        await self._case_starter.start_now(stored.reference)
        if contact.HasField("email"):
            await asyncio.to_thread(acknowledge_email, self._sessions, stored.reference)
        return intake_pb2.CreateContactResponse(reference=stored.reference, created=stored.created)

    async def _require_stored_files(
        self, contact: common_pb2.ContactDetails, reference: str | None = None
    ) -> None:
        """The files the contact lists are kept here already, at their sizes, sent by the
        caller (StoreAttachment) or, for an amendment, listed by the case already."""
        await asyncio.to_thread(
            attachment_store.require_stored,
            self._sessions,
            contact.attachments,
            "contact.attachments",
            current_identity().user_id,
            reference,
        )

    async def GetCase(
        self, request: intake_pb2.GetCaseRequest, context: grpc.aio.ServicerContext[Any, Any]
    ) -> case_pb2.CaseView:
        require_reference(request.reference)
        try:
            case = await case_client.read_case(self._temporal, request.reference)
        except NotFound:
            if await self._case_starter.is_waiting(request.reference):
                raise Unavailable(
                    f"contact {request.reference} is recorded; its case opens as soon as the "
                    "case service can start it: try again shortly"
                ) from None
            raise
        return case_as_seen_by(case, current_identity().role)

    async def AmendContact(
        self, request: intake_pb2.AmendContactRequest, context: grpc.aio.ServicerContext[Any, Any]
    ) -> case_pb2.CaseView:
        require_reference(request.reference)
        contact = guided_contact(
            question_catalogue(),
            request.question_set_id,
            request.question_set_version,
            request.answers,
            request.contact,
        )
        validate_contact(contact, datetime.now(UTC))
        check_length("note", request.note, MAX_LINE, multiline=True)
        await self._require_stored_files(contact, request.reference)
        amendment = case_pb2.Amendment(
            actor=current_identity().as_actor(), contact=contact, note=request.note
        )
        return await case_client.amend(self._temporal, self._assertion_keys, request.reference, amendment)

    async def RecordAmendment(
        self, request: intake_pb2.RecordAmendmentRequest, context: grpc.aio.ServicerContext[Any, Any]
    ) -> intake_pb2.RecordAmendmentResponse:
        require_reference(request.reference)
        if request.version < FIRST_AMENDMENT:
            raise InvalidField(
                "version", f"must be {FIRST_AMENDMENT} or more (version 1 is the contact as received)"
            )
        require_identifier("officer_id", request.officer_id)
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

    async def RecordFirstContactResolution(
        self,
        request: intake_pb2.RecordFirstContactResolutionRequest,
        context: grpc.aio.ServicerContext[Any, Any],
    ) -> safeguarding_pb2.FirstContactResolution:
        require_reference(request.reference)
        check_positive("contact_version", request.contact_version)
        resolution = request.resolution
        check_enum("resolution.outcome", resolution.outcome, common_pb2.FirstContactOutcome)
        if not resolution.resolved:
            raise InvalidField("resolution.resolved", "must be true: only a resolved contact is recorded")
        require_text("resolution.agency", resolution.agency, MAX_NAME)
        check_length("resolution.advice", resolution.advice, MAX_LINE, multiline=True)
        return await asyncio.to_thread(
            record_resolution, self._sessions, request.reference, request.contact_version, resolution
        )

    async def AddInformation(
        self, request: intake_pb2.AddInformationRequest, context: grpc.aio.ServicerContext[Any, Any]
    ) -> case_pb2.CaseView:
        require_reference(request.reference)
        check_enum("source", request.source, case_pb2.InformationSource)
        require_text("text", request.text, MAX_LINE, multiline=True)
        information = case_pb2.CaseInformation(
            actor=current_identity().as_actor(),
            source=request.source,
            text=request.text.strip(),
            touches_risk=request.touches_risk,
            attended=request.attended,
            risk_indicators=request.risk_indicators,
            key_event=request.key_event,
            offence_facts=request.offence_facts,
            offence_codes=request.offence_codes,
        )
        check_enum("key_event", request.key_event, case_pb2.KeyEventKind, required=False)
        check_added_offences(request.offence_facts, request.offence_codes, datetime.now(UTC))
        if request.key_event:
            key_event_deadlines(self._settings, information, datetime.now(UTC))
        return await case_client.add_information(
            self._temporal, self._assertion_keys, request.reference, information
        )

    async def SendNotifications(
        self, request: intake_pb2.SendNotificationsRequest, context: grpc.aio.ServicerContext[Any, Any]
    ) -> intake_pb2.SendNotificationsResponse:
        require_reference(request.reference)
        check_count("notifications", request.notifications, MAX_NOTIFICATIONS)
        for index, notification in enumerate(request.notifications):
            check_notification(f"notifications[{index}]", notification, request.reference)
        delivered = await asyncio.to_thread(
            outbox.send, self._sessions, request.reference, request.notifications
        )
        return intake_pb2.SendNotificationsResponse(delivered=[outbox.as_message(row) for row in delivered])

    async def StoreAttachment(
        self, request: intake_pb2.StoreAttachmentRequest, context: grpc.aio.ServicerContext[Any, Any]
    ) -> intake_pb2.StoreAttachmentResponse:
        check_attachment_size("content", len(request.content), self._settings.max_attachment_bytes)
        row = await asyncio.to_thread(
            attachment_store.store, self._sessions, request.content, current_identity().user_id
        )
        return intake_pb2.StoreAttachmentResponse(sha256=row.sha256, size=row.size)

    async def GetAttachment(
        self, request: intake_pb2.GetAttachmentRequest, context: grpc.aio.ServicerContext[Any, Any]
    ) -> intake_pb2.AttachmentContent:
        require_reference(request.reference)
        require_sha256("sha256", request.sha256)
        attachment, content = await asyncio.to_thread(
            attachment_store.content_of, self._sessions, request.reference, request.sha256
        )
        return intake_pb2.AttachmentContent(attachment=attachment, content=content)

    async def FindCases(
        self, request: intake_pb2.FindCasesRequest, context: grpc.aio.ServicerContext[Any, Any]
    ) -> intake_pb2.FindCasesResponse:
        return await self._finder.find(request, current_identity(), datetime.now(UTC).date())

    async def ListIncidentTypes(
        self, request: questions_pb2.ListIncidentTypesRequest, context: grpc.aio.ServicerContext[Any, Any]
    ) -> questions_pb2.ListIncidentTypesResponse:
        return questions_pb2.ListIncidentTypesResponse(incident_types=question_catalogue().incident_types())

    async def GetQuestionSet(
        self, request: questions_pb2.GetQuestionSetRequest, context: grpc.aio.ServicerContext[Any, Any]
    ) -> questions_pb2.QuestionSet:
        require_text("question_set_id", request.question_set_id, MAX_IDENTIFIER)
        check_length("version", request.version, MAX_IDENTIFIER)
        return find_question_set(question_catalogue(), request.question_set_id, request.version).message

    async def SuggestIncidentTypes(
        self, request: questions_pb2.SuggestIncidentTypesRequest, context: grpc.aio.ServicerContext[Any, Any]
    ) -> questions_pb2.SuggestIncidentTypesResponse:
        require_text("words", request.words, MAX_TEXT, multiline=True)
        if not 0 <= request.limit <= MAX_SUGGESTIONS:
            raise InvalidField(
                "limit", f"must be between 0 (the default of {DEFAULT_SUGGESTIONS}) and {MAX_SUGGESTIONS}"
            )
        suggestions = suggest_incident_types(
            request.words, question_catalogue().current.values(), request.limit or DEFAULT_SUGGESTIONS
        )
        return questions_pb2.SuggestIncidentTypesResponse(
            suggestions=[suggestion.as_message() for suggestion in suggestions]
        )

    async def ListAgencies(
        self, request: questions_pb2.ListAgenciesRequest, context: grpc.aio.ServicerContext[Any, Any]
    ) -> questions_pb2.ListAgenciesResponse:
        return agency_directory().as_message()

    async def PreviewContact(
        self, request: preview_pb2.PreviewContactRequest, context: grpc.aio.ServicerContext[Any, Any]
    ) -> preview_pb2.PreviewContactResponse:
        """The decisions the draft would get and the questions still open: nothing is written."""
        return await self._previewer.preview(request, datetime.now(UTC))

    async def GetIntakeFigures(
        self, request: figures_pb2.FiguresWindow, context: grpc.aio.ServicerContext[Any, Any]
    ) -> intake_pb2.IntakeFigures:
        check_window(request)
        return await asyncio.to_thread(intake_figures, self._sessions, request)


async def start(
    settings: Settings, address: str | None = None, temporal: Client | None = None
) -> RunningServer:
    client = temporal or await connect_temporal(settings)
    engine = await asyncio.to_thread(open_service_database, settings, "intake", IntakeBase.metadata)
    sessions = make_session_factory(engine)

    keys = assertion_keys(settings)

    async def start_case(opened: case_pb2.CaseOpened) -> None:
        await case_client.start_case(client, keys, settings.task_queue, opened)

    case_starter = CaseStarter(sessions, start_case)
    servicer = IntakeServicer(sessions, client, case_starter, settings)
    running = await start_server(
        settings,
        address or settings.intake_address,
        SERVICE_NAME,
        METHOD_PERMISSIONS,
        lambda server: intake_pb2_grpc.add_IntakeServiceServicer_to_server(servicer, server),
        RateLimit(settings.intake_rate_per_second, settings.intake_rate_burst),
    )
    running.background.append(asyncio.create_task(case_starter.run(), name="case starter"))
    return running


if __name__ == "__main__":
    serve_forever("intake", start)
