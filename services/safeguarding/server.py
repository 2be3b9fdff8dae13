"""The safeguarding gRPC service: THRIVE assessments and victim-support referrals."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta
from typing import Any

import grpc
from sqlalchemy.orm import Session, sessionmaker

from contact101.data.database import make_session_factory
from contact101.data.figure_arithmetic import check_window
from contact101.data.service_database import open_service_database
from contact101.rpc.edge_checks import (
    ISO_DATE,
    MAX_PREVIEW_DRAFTS,
    check_count,
    check_due_at,
    check_positive,
    check_text,
    check_timestamp,
    require_reference,
    validate_contact,
)
from contact101.rpc.refusals import InvalidField
from contact101.rpc.server import RunningServer, start_server
from contact101.rules import permissions
from contact101.runtime.config import Settings
from contact101.runtime.service_process import serve_forever
from contact101.v1 import common_pb2, crime_decision_pb2, figures_pb2, safeguarding_pb2, safeguarding_pb2_grpc
from services.safeguarding import store, thrive, victims
from services.safeguarding.emergency import emergency_escalation
from services.safeguarding.models import SafeguardingBase
from services.safeguarding.risk_triggers import account_cues
from services.safeguarding.safeguarding_figures import safeguarding_figures
from services.safeguarding.thrive_rules import thrive_rules

# A preview's deadlines are counted by intake a moment before they reach this service.
PREVIEW_CLOCK_SKEW = timedelta(minutes=5)
SERVICE_NAME = safeguarding_pb2.DESCRIPTOR.services_by_name["SafeguardingService"].full_name
METHOD_PERMISSIONS = {
    "AssessRisk": permissions.CARRY_OUT_CASE_STEP,
    "ReferVictim": permissions.CARRY_OUT_CASE_STEP,
    "EscalateEmergency": permissions.CARRY_OUT_CASE_STEP,
    "GetSafeguardingFigures": permissions.GIVE_SERVICE_FIGURES,
    "PreviewRisk": permissions.WORK_OUT_PREVIEW,
    "PreviewVictimReferral": permissions.WORK_OUT_PREVIEW,
}


def check_crime_decision(field: str, crime: crime_decision_pb2.CrimeDecision, reference: str) -> None:
    """The crime decision a referral rests on: the case's own, with an offence named when recorded."""
    if crime.reference != reference:
        raise InvalidField(f"{field}.reference", "must be the reference of the case referred")
    check_text(f"{field}.offence_name", crime.offence_name, 200, required=crime.recorded)


def check_deadlines(
    field: str, deadlines: safeguarding_pb2.VictimsCodeDeadlines, reported_at: datetime
) -> None:
    """The case's Victims' Code deadlines the referral is dated by: each a date, due after the report."""
    for name in (
        "referral",
        "update",
        "enhanced_update",
        "not_investigated_notice",
        "enhanced_not_investigated_notice",
    ):
        deadline: safeguarding_pb2.WorkingDayDeadline = getattr(deadlines, name)
        check_due_at(f"{field}.{name}.due_at", deadline.due_at, reported_at)
        if not ISO_DATE.fullmatch(deadline.due_date):
            raise InvalidField(f"{field}.{name}.due_date", "must be a date such as 2026-11-25")


class SafeguardingServicer(safeguarding_pb2_grpc.SafeguardingServiceServicer):
    def __init__(self, sessions: sessionmaker[Session]) -> None:
        self._sessions = sessions

    async def GetSafeguardingFigures(
        self, request: figures_pb2.FiguresWindow, context: grpc.aio.ServicerContext[Any, Any]
    ) -> safeguarding_pb2.SafeguardingFigures:
        check_window(request)
        return await asyncio.to_thread(safeguarding_figures, self._sessions, request)

    async def AssessRisk(
        self, request: safeguarding_pb2.AssessRiskRequest, context: grpc.aio.ServicerContext[Any, Any]
    ) -> safeguarding_pb2.RiskAssessment:
        now = datetime.now(UTC)
        require_reference(request.reference)
        check_positive("contact_version", request.contact_version)
        validate_contact(request.contact, now)
        return await asyncio.to_thread(
            store.assess_and_record,
            self._sessions,
            request.reference,
            request.contact_version,
            request.contact,
            lambda repeats: thrive.assess(request.reference, request.contact, repeats, now),
        )

    async def ReferVictim(
        self, request: safeguarding_pb2.ReferVictimRequest, context: grpc.aio.ServicerContext[Any, Any]
    ) -> safeguarding_pb2.VictimReferral:
        now = datetime.now(UTC)
        require_reference(request.reference)
        validate_contact(request.contact, now)
        check_crime_decision("crime", request.crime, request.reference)
        reported_at = check_timestamp("reported_at", request.reported_at, now)
        check_deadlines("deadlines", request.deadlines, reported_at)
        referral = victims.refer(request.contact, request.crime, request.risk, request.deadlines)
        return await asyncio.to_thread(
            store.record_referral, self._sessions, request.reference, reported_at, referral
        )

    async def PreviewRisk(
        self, request: safeguarding_pb2.PreviewRiskRequest, context: grpc.aio.ServicerContext[Any, Any]
    ) -> safeguarding_pb2.PreviewRiskResponse:
        now = datetime.now(UTC)
        check_count("contacts", request.contacts, MAX_PREVIEW_DRAFTS)
        for index, contact in enumerate(request.contacts):
            validate_contact(contact, now, f"contacts[{index}]")
        repeats = await asyncio.to_thread(store.preview_repeats, self._sessions, request.contacts)
        rules = thrive_rules()
        return safeguarding_pb2.PreviewRiskResponse(
            risks=[
                safeguarding_pb2.PreviewedRisk(
                    assessment=thrive.assess("", contact, found, now, rules),
                    cues=account_cues(contact, rules),
                )
                for contact, found in zip(request.contacts, repeats, strict=True)
            ]
        )

    async def PreviewVictimReferral(
        self,
        request: safeguarding_pb2.PreviewVictimReferralRequest,
        context: grpc.aio.ServicerContext[Any, Any],
    ) -> safeguarding_pb2.PreviewVictimReferralResponse:
        now = datetime.now(UTC)
        check_count("drafts", request.drafts, MAX_PREVIEW_DRAFTS)
        check_deadlines("deadlines", request.deadlines, now - PREVIEW_CLOCK_SKEW)
        for index, draft in enumerate(request.drafts):
            validate_contact(draft.contact, now, f"drafts[{index}].contact")
            check_crime_decision(f"drafts[{index}].crime", draft.crime, "")
        return safeguarding_pb2.PreviewVictimReferralResponse(
            referrals=[
                victims.refer(draft.contact, draft.crime, draft.risk, request.deadlines)
                for draft in request.drafts
            ]
        )

    async def EscalateEmergency(
        self, request: safeguarding_pb2.EscalateEmergencyRequest, context: grpc.aio.ServicerContext[Any, Any]
    ) -> safeguarding_pb2.EmergencyEscalation:
        require_reference(request.reference)
        check_positive("contact_version", request.contact_version)
        if request.risk.grade != common_pb2.RISK_GRADE_EMERGENCY:
            raise InvalidField("risk.grade", "must be emergency for an emergency escalation")
        escalation = emergency_escalation(request.reference, request.risk)
        return await asyncio.to_thread(
            store.record_dispatch, self._sessions, request.reference, request.contact_version, escalation
        )


async def start(settings: Settings, address: str | None = None) -> RunningServer:
    engine = await asyncio.to_thread(
        open_service_database, settings, "safeguarding", SafeguardingBase.metadata
    )
    servicer = SafeguardingServicer(make_session_factory(engine))
    return await start_server(
        settings,
        address or settings.safeguarding_address,
        SERVICE_NAME,
        METHOD_PERMISSIONS,
        lambda server: safeguarding_pb2_grpc.add_SafeguardingServiceServicer_to_server(servicer, server),
    )


if __name__ == "__main__":
    serve_forever("safeguarding", start)
