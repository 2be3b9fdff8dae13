"""The crime gRPC service: NCRS decisions, stored with their crime numbers."""

from __future__ import annotations

import asyncio
from datetime import UTC, date, datetime
from typing import Any

import grpc
from sqlalchemy.orm import Session, sessionmaker
from temporalio.client import Client

from contact101.data.database import make_session_factory
from contact101.data.figure_arithmetic import check_window
from contact101.data.service_database import open_service_database
from contact101.rpc.auth import current_identity
from contact101.rpc.edge_checks import (
    MAX_LINE,
    MAX_NAME,
    MAX_PREVIEW_DRAFTS,
    check_count,
    check_due_at,
    check_enum,
    check_length,
    check_past_date,
    check_positive,
    check_timestamp,
    require_identifier,
    require_reference,
    require_text,
    validate_contact,
)
from contact101.rpc.refusals import InvalidField
from contact101.rpc.server import RunningServer, start_server
from contact101.rules import permissions
from contact101.rules.offences import offence_table
from contact101.runtime.config import Settings
from contact101.runtime.service_process import serve_forever
from contact101.temporal.assertions import AssertionKeys, assertion_keys
from contact101.temporal.client import connect_temporal
from contact101.v1 import (
    case_pb2,
    common_pb2,
    crime_decision_pb2,
    crime_pb2,
    crime_pb2_grpc,
    figures_pb2,
    preview_pb2,
    safeguarding_pb2,
)
from services.crime import crime_updates, ncrs, store
from services.crime.crime_figures import crime_figures
from services.crime.crime_lookup import reference_of_crime
from services.crime.crime_outcomes import crime_outcomes
from services.crime.investigation import assess_investigation
from services.crime.models import CrimeBase
from services.crime.offence_listing import list_offences
from workflows import case_client

SERVICE_NAME = crime_pb2.DESCRIPTOR.services_by_name["CrimeService"].full_name
METHOD_PERMISSIONS = {
    "DecideCrime": permissions.CARRY_OUT_CASE_STEP,
    "CancelCrime": permissions.CANCEL_CRIME,
    "RecordOutcome": permissions.RECORD_OUTCOME,
    "StoreOutcome": permissions.CARRY_OUT_CASE_STEP,
    "RecordCancellation": permissions.CARRY_OUT_CASE_STEP,
    "RecordCrimeInformation": permissions.CARRY_OUT_CASE_STEP,
    "GetCrimeFigures": permissions.GIVE_SERVICE_FIGURES,
    "ListOffences": permissions.LIST_OFFENCES,
    "FindCrime": permissions.FIND_CRIME,
    "PreviewCrimeDecision": permissions.WORK_OUT_PREVIEW,
}
# A transfer names the force that takes the crime; a duplicate names the crime it duplicates.
NEEDS_RELATED = {
    crime_decision_pb2.CANCELLATION_CATEGORY_TRANSFERRED: "the force the crime is transferred to",
    crime_decision_pb2.CANCELLATION_CATEGORY_DUPLICATE: "the crime this one duplicates or is part of",
}


def decide_with_investigation(
    contact: common_pb2.ContactDetails,
    risk: safeguarding_pb2.RiskAssessment,
    reported_at: datetime,
    decision_due_at: datetime,
) -> crime_decision_pb2.CrimeDecision:
    """The NCRS decision and, for a recorded crime, its investigation under the minimum standards."""
    decision = ncrs.decide(contact, reported_at, decision_due_at)
    if decision.recorded:
        decision.investigation.CopyFrom(assess_investigation(contact, decision, risk))
    return decision


class CrimeServicer(crime_pb2_grpc.CrimeServiceServicer):
    def __init__(self, sessions: sessionmaker[Session], temporal: Client, keys: AssertionKeys) -> None:
        self._sessions = sessions
        self._temporal = temporal
        self._assertion_keys = keys

    async def GetCrimeFigures(
        self, request: figures_pb2.FiguresWindow, context: grpc.aio.ServicerContext[Any, Any]
    ) -> crime_pb2.CrimeFigures:
        check_window(request)
        return await asyncio.to_thread(crime_figures, self._sessions, request)

    async def ListOffences(
        self, request: crime_pb2.ListOffencesRequest, context: grpc.aio.ServicerContext[Any, Any]
    ) -> crime_pb2.ListOffencesResponse:
        today = datetime.now(UTC).date()
        check_past_date("effective_on", request.effective_on, date.max)
        day = date.fromisoformat(request.effective_on) if request.effective_on else today
        return list_offences(offence_table(), day)

    async def FindCrime(
        self, request: crime_pb2.FindCrimeRequest, context: grpc.aio.ServicerContext[Any, Any]
    ) -> crime_pb2.FindCrimeResponse:
        require_text("crime_number", request.crime_number, MAX_NAME)
        reference = await asyncio.to_thread(reference_of_crime, self._sessions, request.crime_number)
        return crime_pb2.FindCrimeResponse(reference=reference)

    async def DecideCrime(
        self, request: crime_pb2.DecideCrimeRequest, context: grpc.aio.ServicerContext[Any, Any]
    ) -> crime_decision_pb2.CrimeDecision:
        now = datetime.now(UTC)
        require_reference(request.reference)
        check_positive("contact_version", request.contact_version)
        validate_contact(request.contact, now)
        check_enum("risk.grade", request.risk.grade, common_pb2.RiskGrade, required=False)
        reported_at = check_timestamp("reported_at", request.reported_at, now)
        decision = decide_with_investigation(
            request.contact,
            request.risk,
            reported_at,
            check_due_at("decision_due_at", request.decision_due_at, reported_at),
        )
        return await asyncio.to_thread(
            store.record_decision,
            self._sessions,
            request.reference,
            request.contact_version,
            reported_at,
            decision,
        )

    async def PreviewCrimeDecision(
        self, request: preview_pb2.PreviewCrimeDecisionRequest, context: grpc.aio.ServicerContext[Any, Any]
    ) -> preview_pb2.PreviewCrimeDecisionResponse:
        """The decisions the drafts would get, as DecideCrime makes them, stored nowhere."""
        now = datetime.now(UTC)
        check_count("drafts", request.drafts, MAX_PREVIEW_DRAFTS)
        reported_at = check_timestamp("reported_at", request.reported_at, now)
        due_at = check_due_at("decision_due_at", request.decision_due_at, reported_at)
        for index, draft in enumerate(request.drafts):
            validate_contact(draft.contact, now, f"drafts[{index}].contact")
            check_enum(f"drafts[{index}].risk.grade", draft.risk.grade, common_pb2.RiskGrade, required=False)
        return preview_pb2.PreviewCrimeDecisionResponse(
            decisions=[
                decide_with_investigation(draft.contact, draft.risk, reported_at, due_at)
                for draft in request.drafts
            ]
        )

    async def CancelCrime(
        self, request: crime_pb2.CancelCrimeRequest, context: grpc.aio.ServicerContext[Any, Any]
    ) -> case_pb2.CaseView:
        require_reference(request.reference)
        check_enum("category", request.category, crime_decision_pb2.CancellationCategory)
        require_text("reason", request.reason, MAX_LINE, multiline=True)
        if request.category in NEEDS_RELATED:
            require_text("related", request.related, MAX_NAME)
        else:
            check_length("related", request.related, MAX_NAME)
        cancellation = crime_decision_pb2.CrimeCancellation(
            actor=current_identity().as_actor(),
            category=request.category,
            reason=request.reason.strip(),
            related=request.related.strip(),
        )
        return await case_client.cancel_crime(
            self._temporal, self._assertion_keys, request.reference, cancellation
        )

    async def RecordOutcome(
        self, request: crime_pb2.RecordOutcomeRequest, context: grpc.aio.ServicerContext[Any, Any]
    ) -> case_pb2.CaseView:
        require_reference(request.reference)
        outcomes = crime_outcomes()
        name = outcomes.name_of(request.outcome_type.strip().upper())
        if name is None:
            raise InvalidField(
                "outcome_type", f"must be a Home Office outcome type: {', '.join(outcomes.names)}"
            )
        require_text("reason", request.reason, MAX_LINE, multiline=True)
        outcome = crime_decision_pb2.CrimeOutcome(
            actor=current_identity().as_actor(),
            outcome_type=request.outcome_type.strip().upper(),
            name=name,
            reason=request.reason.strip(),
            rule_version=outcomes.version,
        )
        return await case_client.record_outcome(
            self._temporal, self._assertion_keys, request.reference, outcome
        )

    async def StoreOutcome(
        self, request: crime_pb2.StoreOutcomeRequest, context: grpc.aio.ServicerContext[Any, Any]
    ) -> crime_pb2.StoreOutcomeResponse:
        require_reference(request.reference)
        outcome = request.outcome
        require_identifier("outcome.crime_number", outcome.crime_number)
        if crime_outcomes().name_of(outcome.outcome_type) is None:
            raise InvalidField("outcome.outcome_type", "must be a Home Office outcome type")
        require_identifier("outcome.actor.id", outcome.actor.id)
        require_text("outcome.reason", outcome.reason, MAX_LINE, multiline=True)
        check_timestamp("outcome.assigned_at", outcome.assigned_at, datetime.now(UTC))
        record = await asyncio.to_thread(
            crime_updates.record_outcome, self._sessions, request.reference, outcome
        )
        return crime_pb2.StoreOutcomeResponse(reference=record.reference, crime_number=record.crime_number)

    async def RecordCancellation(
        self, request: crime_pb2.RecordCancellationRequest, context: grpc.aio.ServicerContext[Any, Any]
    ) -> crime_pb2.RecordCancellationResponse:
        require_reference(request.reference)
        cancellation = request.cancellation
        require_identifier("cancellation.crime_number", cancellation.crime_number)
        check_enum("cancellation.category", cancellation.category, crime_decision_pb2.CancellationCategory)
        require_identifier("cancellation.actor.id", cancellation.actor.id)
        require_text("cancellation.reason", cancellation.reason, MAX_LINE, multiline=True)
        check_length("cancellation.related", cancellation.related, MAX_NAME)
        check_timestamp("cancellation.cancelled_at", cancellation.cancelled_at, datetime.now(UTC))
        record = await asyncio.to_thread(
            crime_updates.record_cancellation, self._sessions, request.reference, cancellation
        )
        return crime_pb2.RecordCancellationResponse(
            reference=record.reference, crime_number=record.crime_number
        )

    async def RecordCrimeInformation(
        self, request: crime_pb2.RecordCrimeInformationRequest, context: grpc.aio.ServicerContext[Any, Any]
    ) -> crime_pb2.RecordCrimeInformationResponse:
        require_reference(request.reference)
        require_identifier("crime_number", request.crime_number)
        information = request.information
        check_positive("information.contact_version", information.contact_version)
        check_enum("information.source", information.source, case_pb2.InformationSource)
        require_identifier("information.actor.id", information.actor.id)
        require_text("information.text", information.text, MAX_LINE, multiline=True)
        check_timestamp("information.received_at", information.received_at, datetime.now(UTC))
        record = await asyncio.to_thread(
            crime_updates.record_information,
            self._sessions,
            request.reference,
            request.crime_number,
            information,
        )
        return crime_pb2.RecordCrimeInformationResponse(
            reference=record.reference, contact_version=record.contact_version
        )


async def start(
    settings: Settings, address: str | None = None, temporal: Client | None = None
) -> RunningServer:
    temporal = temporal or await connect_temporal(settings)
    engine = await asyncio.to_thread(open_service_database, settings, "crime", CrimeBase.metadata)
    servicer = CrimeServicer(make_session_factory(engine), temporal, assertion_keys(settings))
    return await start_server(
        settings,
        address or settings.crime_address,
        SERVICE_NAME,
        METHOD_PERMISSIONS,
        lambda server: crime_pb2_grpc.add_CrimeServiceServicer_to_server(servicer, server),
    )


if __name__ == "__main__":
    serve_forever("crime", start)
