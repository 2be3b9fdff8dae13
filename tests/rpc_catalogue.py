"""Every RPC of every Contact101 service, found from the protos, with a valid request for each.

Tests that must cover every RPC (access control, fuzzing, idempotency) take them from here,
so an RPC added to a .proto is covered without touching those tests; a new RPC without a
valid request here is still fuzzed from random messages.
"""

from __future__ import annotations

import hashlib
import uuid
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

import grpc
from google.protobuf.descriptor import MethodDescriptor, ServiceDescriptor
from google.protobuf.message import Message
from google.protobuf.message_factory import GetMessageClass

from contact101.rpc.auth import role_name
from contact101.rules.questions import question_catalogue
from contact101.runtime.config import SERVICE_NAMES, Settings
from contact101.v1 import (
    case_pb2,
    common_pb2,
    crime_decision_pb2,
    crime_pb2,
    intake_pb2,
    preview_pb2,
    questions_pb2,
    review_pb2,
    safeguarding_pb2,
)
from services.crime import server as crime_server
from services.intake import server as intake_server
from services.intake.clock_policy import clock_policy
from services.review import server as review_server
from services.safeguarding import server as safeguarding_server
from tests.stack import phone_theft

# A well-formed reference that no case has: queries, updates and lookups find nothing.
UNKNOWN_REFERENCE = "101-19990101-0001"
SERVICE_DESCRIPTORS: dict[str, ServiceDescriptor] = {
    "intake": intake_pb2.DESCRIPTOR.services_by_name["IntakeService"],
    "crime": crime_pb2.DESCRIPTOR.services_by_name["CrimeService"],
    "safeguarding": safeguarding_pb2.DESCRIPTOR.services_by_name["SafeguardingService"],
    "review": review_pb2.DESCRIPTOR.services_by_name["ReviewService"],
}
METHOD_ROLES: dict[str, dict[str, frozenset[common_pb2.Role.ValueType]]] = {
    service: {method: permission.roles for method, permission in server.METHOD_PERMISSIONS.items()}
    for service, server in {
        "intake": intake_server,
        "crime": crime_server,
        "safeguarding": safeguarding_server,
        "review": review_server,
    }.items()
}
assert set(SERVICE_DESCRIPTORS) == set(SERVICE_NAMES)


@dataclass(frozen=True)
class Rpc:
    service: str
    method: MethodDescriptor

    @property
    def name(self) -> str:
        return self.method.name

    @property
    def id(self) -> str:
        return f"{self.service}.{self.name}"

    @property
    def path(self) -> str:
        return f"/{self.method.containing_service.full_name}/{self.name}"

    def request_class(self) -> type[Message]:
        return GetMessageClass(self.method.input_type)

    def callable(self, channel: grpc.aio.Channel) -> Callable[..., Awaitable[Any]]:
        """A call of the RPC that answers its response; a server-streaming RPC's first message."""
        serializer = lambda message: message.SerializeToString()  # noqa: E731
        deserializer = GetMessageClass(self.method.output_type).FromString
        if not self.method.server_streaming:
            return channel.unary_unary(self.path, serializer, deserializer)
        stream = channel.unary_stream(self.path, serializer, deserializer)

        async def first_message(request: Message, **options: Any) -> Any:
            call = stream(request, **options)
            try:
                async for message in call:
                    return message
                raise AssertionError(f"{self.id} sent nothing")
            finally:
                call.cancel()

        return first_message

    def allowed_roles(self) -> frozenset[common_pb2.Role.ValueType]:
        return METHOD_ROLES[self.service].get(self.name, frozenset())


ALL_RPCS = [
    Rpc(service, method)
    for service, descriptor in SERVICE_DESCRIPTORS.items()
    for method in descriptor.methods
]


def role_for(rpc: Rpc) -> str:
    """A role the RPC admits, by name (the service's, when it admits none)."""
    return role_name(min(rpc.allowed_roles(), default=common_pb2.ROLE_SERVICE))


def an_hour_ago() -> datetime:
    return datetime.now(UTC) - timedelta(hours=1)


def valid_requests(
    reference: str = UNKNOWN_REFERENCE, amendable: str = UNKNOWN_REFERENCE
) -> Mapping[str, Message]:
    """A valid request for each RPC by id: about case `reference`; RecordAmendment about `amendable`."""
    contact = phone_theft()
    crime = crime_decision_pb2.CrimeDecision(
        reference=reference, recorded=True, offence_code="49", offence_name="Other theft", reason="stolen"
    )
    reported_at = an_hour_ago()
    policy = clock_policy(Settings(), reported_at)
    decide = crime_pb2.DecideCrimeRequest(reference=reference, contact_version=1, contact=contact)
    decide.reported_at.FromDatetime(reported_at)
    decide.decision_due_at.FromDatetime(reported_at + policy.crime_decision.ToTimedelta())
    refer = safeguarding_pb2.ReferVictimRequest(
        reference=reference, contact=contact, crime=crime, deadlines=policy.victims_code
    )
    refer.reported_at.FromDatetime(reported_at)
    officer = common_pb2.Actor(id="sgt.fuzz", role=common_pb2.ROLE_SUPERVISOR)
    return {
        "intake.CreateContact": guided_create_request(contact),
        "intake.GetCase": intake_pb2.GetCaseRequest(reference=reference),
        "intake.AmendContact": intake_pb2.AmendContactRequest(
            reference=reference, contact=contact, note="fixed"
        ),
        "intake.RecordAmendment": intake_pb2.RecordAmendmentRequest(
            reference=amendable, version=2, contact=contact, officer_id="pc.fuzz"
        ),
        "crime.DecideCrime": decide,
        "safeguarding.AssessRisk": safeguarding_pb2.AssessRiskRequest(
            reference=reference, contact_version=1, contact=contact
        ),
        "safeguarding.ReferVictim": refer,
        "review.ListAwaitingVerification": review_pb2.ListAwaitingVerificationRequest(limit=10),
        "review.WatchAwaitingVerification": review_pb2.WatchAwaitingVerificationRequest(limit=10),
        "review.RecordSignIn": review_pb2.RecordSignInRequest(
            kind=review_pb2.SIGN_IN_KIND_SIGNED_IN, method="password"
        ),
        "review.ListSignIns": review_pb2.ListSignInsRequest(limit=10),
        "review.ListRecordedCases": review_pb2.ListRecordedCasesRequest(limit=10),
        "review.Approve": review_pb2.ApproveRequest(reference=reference),
        "review.ReturnForRework": review_pb2.ReturnForReworkRequest(
            reference=reference, reasons=["add detail"]
        ),
        "review.RecordVerification": review_pb2.RecordVerificationRequest(
            reference=reference,
            submission=1,
            decision=case_pb2.VerificationDecision(actor=officer, approved=True),
        ),
        **case_update_requests(reference, amendable),
        **rules_requests(reference, amendable),
        **attachment_requests(reference),
        **question_requests(contact, reported_at, policy),
    }


def guided_create_request(contact: common_pb2.ContactDetails) -> intake_pb2.CreateContactRequest:
    """A contact with answers to the theft question set, so that fuzzing reaches the answers."""
    theft = question_catalogue().find("theft")
    assert theft is not None
    return intake_pb2.CreateContactRequest(
        request_id=str(uuid.uuid4()),
        contact=contact,
        question_set_id=theft.id,
        question_set_version=theft.version,
        answers=[
            questions_pb2.Answer(question_id="what_kind", choice="other"),
            questions_pb2.Answer(question_id="force_used", yes_no=questions_pb2.YES_NO_NO),
            questions_pb2.Answer(question_id="cctv", text="cafe CCTV"),
            questions_pb2.Answer(
                question_id="witness", person=questions_pb2.PersonAnswer(name="Sam Witness")
            ),
        ],
    )


def question_requests(
    contact: common_pb2.ContactDetails, reported_at: datetime, policy: case_pb2.ClockPolicy
) -> dict[str, Message]:
    """Valid requests for the guided-capture RPCs (issue 16), the preview's among them."""
    risk = safeguarding_pb2.RiskAssessment(grade=common_pb2.RISK_GRADE_SCHEDULED)
    crime = crime_decision_pb2.CrimeDecision(recorded=True, offence_code="49", offence_name="Other theft")
    decide = preview_pb2.PreviewCrimeDecisionRequest(
        drafts=[preview_pb2.CrimeDraft(contact=contact, risk=risk)]
    )
    decide.reported_at.FromDatetime(reported_at)
    decide.decision_due_at.FromDatetime(reported_at + policy.crime_decision.ToTimedelta())
    return {
        "intake.PreviewContact": preview_pb2.PreviewContactRequest(
            contact=phone_theft(what_happened="My bike was stolen right now", offence_facts=[]),
            question_set_id="theft",
            question_set_version=question_catalogue().current["theft"].version,
            answers=[questions_pb2.Answer(question_id="what_kind", choice="cycle")],
        ),
        "crime.PreviewCrimeDecision": decide,
        "safeguarding.PreviewRisk": safeguarding_pb2.PreviewRiskRequest(contacts=[contact]),
        "safeguarding.PreviewVictimReferral": safeguarding_pb2.PreviewVictimReferralRequest(
            drafts=[safeguarding_pb2.ReferralDraft(contact=contact, crime=crime, risk=risk)],
            deadlines=policy.victims_code,
        ),
        "intake.ListIncidentTypes": questions_pb2.ListIncidentTypesRequest(),
        "intake.GetQuestionSet": questions_pb2.GetQuestionSetRequest(question_set_id="theft"),
        "intake.SuggestIncidentTypes": questions_pb2.SuggestIncidentTypesRequest(words="my bike was stolen"),
        "intake.ListAgencies": questions_pb2.ListAgenciesRequest(),
    }


def attachment_requests(reference: str) -> dict[str, Message]:
    """Valid requests for the RPCs of the files contacts come with (issue 8)."""
    content = b"%PDF-1.4 a receipt for the stolen phone"
    return {
        "intake.StoreAttachment": intake_pb2.StoreAttachmentRequest(content=content),
        "intake.GetAttachment": intake_pb2.GetAttachmentRequest(
            reference=reference, sha256=hashlib.sha256(content).hexdigest()
        ),
    }


def case_update_requests(reference: str, amendable: str) -> dict[str, Message]:
    """Valid requests for the RPCs of a case after it is recorded (issue 4): new information,
    cancellation, the audit trail, escalations and the caller outbox (about `amendable`, a
    contact that exists, since delivery needs the caller)."""
    at = an_hour_ago()
    decision_maker = common_pb2.Actor(id="dm.fuzz", role=common_pb2.ROLE_DECISION_MAKER)
    information = case_pb2.CaseInformation(
        actor=common_pb2.Actor(id="pc.fuzz", role=common_pb2.ROLE_CONTACT_OFFICER),
        source=case_pb2.INFORMATION_SOURCE_CALLER,
        text="he came back",
        contact_version=2,
    )
    information.received_at.FromDatetime(at)
    cancellation = crime_decision_pb2.CrimeCancellation(
        actor=decision_maker,
        category=crime_decision_pb2.CANCELLATION_CATEGORY_DUPLICATE,
        reason="reported twice",
        related="CR-2026-000001",
        crime_number="CR-2026-000002",
    )
    cancellation.cancelled_at.FromDatetime(at)
    outcome = crime_decision_pb2.CrimeOutcome(
        actor=common_pb2.Actor(id="dm.fuzz", role=common_pb2.ROLE_DECISION_MAKER),
        outcome_type="18",
        name="Investigation complete; no suspect identified",
        reason="no CCTV and no witnesses",
        crime_number="CR-2026-000002",
        rule_version="crime-outcomes-2026.1",
    )
    outcome.assigned_at.FromDatetime(at)
    event = review_pb2.AuditEvent(
        event_id=f"{reference}/0",
        reference=reference,
        sequence=0,
        entry=case_pb2.HistoryEntry(
            action="create", actor_id="pc.fuzz", actor_role=common_pb2.ROLE_CONTACT_OFFICER, after={"x": "1"}
        ),
    )
    event.entry.at.FromDatetime(at)
    submitted = review_pb2.AuditEvent(
        event_id=f"{reference}/1",
        reference=reference,
        sequence=1,
        entry=case_pb2.HistoryEntry(
            action="submit", actor_id="contact101-service", actor_role=common_pb2.ROLE_SERVICE
        ),
    )
    submitted.entry.at.FromDatetime(at)
    escalation = review_pb2.EscalationChange(
        escalation_id=f"{reference}/verification/0",
        reference=reference,
        clock="verification",
        stage=review_pb2.ESCALATION_STAGE_ESCALATED,
    )
    escalation.at.FromDatetime(at)
    read = review_pb2.DataRead(
        reference=reference,
        reader_id="ops.fuzz",
        reader_role=common_pb2.ROLE_OPERATOR,
        payloads=1,
        through="temporal codec server",
    )
    read.at.FromDatetime(at)
    escalation.due_at.FromDatetime(at + timedelta(hours=2))
    notification = case_pb2.CallerNotification(
        notification_id=f"{amendable}/notification/1",
        reference=amendable,
        kind=case_pb2.NOTIFICATION_KIND_VICTIM_UPDATE,
        message="your crime number is CR-2026-000002",
    )
    return {
        "intake.AddInformation": intake_pb2.AddInformationRequest(
            reference=reference, source=case_pb2.INFORMATION_SOURCE_CALLER, text="he came back"
        ),
        "intake.SendNotifications": intake_pb2.SendNotificationsRequest(
            reference=amendable, notifications=[notification]
        ),
        "review.SubmitForVerification": review_pb2.SubmitForVerificationRequest(
            reference=reference,
            submission=1,
            officer_id="pc.fuzz",
            grade=common_pb2.RISK_GRADE_SCHEDULED,
            events=[submitted],
        ),
        "crime.CancelCrime": crime_pb2.CancelCrimeRequest(
            reference=reference,
            category=crime_decision_pb2.CANCELLATION_CATEGORY_DUPLICATE,
            reason="reported twice",
            related="CR-2026-000001",
        ),
        "crime.RecordCancellation": crime_pb2.RecordCancellationRequest(
            reference=reference, cancellation=cancellation
        ),
        "crime.RecordOutcome": crime_pb2.RecordOutcomeRequest(
            reference=reference, outcome_type="18", reason="no CCTV and no witnesses"
        ),
        "crime.StoreOutcome": crime_pb2.StoreOutcomeRequest(reference=reference, outcome=outcome),
        "crime.RecordCrimeInformation": crime_pb2.RecordCrimeInformationRequest(
            reference=reference, crime_number="CR-2026-000002", information=information
        ),
        "review.RecordCaseEvents": review_pb2.RecordCaseEventsRequest(
            reference=reference, events=[event], escalations=[escalation]
        ),
        "review.GetCaseHistory": review_pb2.GetCaseHistoryRequest(reference=reference),
        "review.RecordDataRead": review_pb2.RecordDataReadRequest(read=read),
        "review.ListEscalations": review_pb2.ListEscalationsRequest(limit=10),
    }


def rules_requests(reference: str, amendable: str) -> dict[str, Message]:
    """Valid requests for the RPCs of the risk, crime and victim rules (issue 3): emergency
    escalation, supervisor alerts, first-contact resolution (about `amendable`, a contact that exists)."""
    emergency = safeguarding_pb2.RiskAssessment(
        reference=reference,
        grade=common_pb2.RISK_GRADE_EMERGENCY,
        explanation="graded emergency: in progress",
    )
    resolution = safeguarding_pb2.FirstContactResolution(
        outcome=common_pb2.FIRST_CONTACT_OUTCOME_REDIRECT_COUNCIL,
        resolved=True,
        agency="local council",
        advice="report the noise to the council",
        reason="resolved at first contact: local council",
        rule_version="first-contact-2026.1",
    )
    return {
        "safeguarding.EscalateEmergency": safeguarding_pb2.EscalateEmergencyRequest(
            reference=reference, contact_version=1, risk=emergency
        ),
        "review.RaiseAlert": review_pb2.RaiseAlertRequest(
            reference=reference, kind="EMERGENCY", grade=common_pb2.RISK_GRADE_EMERGENCY, detail="dispatched"
        ),
        "review.ListAlerts": review_pb2.ListAlertsRequest(limit=10),
        "crime.ListOffences": crime_pb2.ListOffencesRequest(effective_on="2026-04-01"),
        "intake.RecordFirstContactResolution": intake_pb2.RecordFirstContactResolutionRequest(
            reference=amendable, contact_version=1, resolution=resolution
        ),
    }
