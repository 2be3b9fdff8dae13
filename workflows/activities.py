"""Activities: thin gRPC clients of the four services. Each call is idempotent on the service side."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TypeVar

import grpc
from google.protobuf.message import Message
from temporalio import activity
from temporalio.exceptions import ApplicationError

from contact101.rpc.refusals import is_retryable
from contact101.v1 import (
    crime_decision_pb2,
    crime_pb2,
    crime_pb2_grpc,
    intake_pb2,
    intake_pb2_grpc,
    review_pb2,
    review_pb2_grpc,
    safeguarding_pb2,
    safeguarding_pb2_grpc,
)

Request = TypeVar("Request", bound=Message)
Response = TypeVar("Response", bound=Message)
RPC_DEADLINE_SECONDS = 10.0


@dataclass(frozen=True)
class ServiceStubs:
    intake: intake_pb2_grpc.IntakeServiceAsyncStub
    crime: crime_pb2_grpc.CrimeServiceAsyncStub
    safeguarding: safeguarding_pb2_grpc.SafeguardingServiceAsyncStub
    review: review_pb2_grpc.ReviewServiceAsyncStub


async def call_service(
    rpc: grpc.aio.UnaryUnaryMultiCallable[Request, Response], request: Request
) -> Response:
    """Call rpc; a refusal the service will always give again fails the activity without retry."""
    try:
        return await rpc(request, timeout=RPC_DEADLINE_SECONDS)
    except grpc.aio.AioRpcError as error:
        code = error.code()
        raise ApplicationError(
            f"{code.name}: {error.details()}", type=code.name, non_retryable=not is_retryable(code)
        ) from None


class CaseActivities:
    def __init__(self, stubs: ServiceStubs) -> None:
        self._stubs = stubs

    @activity.defn
    async def assess_risk(
        self, request: safeguarding_pb2.AssessRiskRequest
    ) -> safeguarding_pb2.RiskAssessment:
        return await call_service(self._stubs.safeguarding.AssessRisk, request)

    @activity.defn
    async def decide_crime(self, request: crime_pb2.DecideCrimeRequest) -> crime_decision_pb2.CrimeDecision:
        return await call_service(self._stubs.crime.DecideCrime, request)

    @activity.defn
    async def refer_victim(
        self, request: safeguarding_pb2.ReferVictimRequest
    ) -> safeguarding_pb2.VictimReferral:
        return await call_service(self._stubs.safeguarding.ReferVictim, request)

    @activity.defn
    async def submit_for_verification(
        self, request: review_pb2.SubmitForVerificationRequest
    ) -> review_pb2.ReviewItem:
        return await call_service(self._stubs.review.SubmitForVerification, request)

    @activity.defn
    async def record_verification(
        self, request: review_pb2.RecordVerificationRequest
    ) -> review_pb2.ReviewItem:
        return await call_service(self._stubs.review.RecordVerification, request)

    @activity.defn
    async def record_amendment(
        self, request: intake_pb2.RecordAmendmentRequest
    ) -> intake_pb2.RecordAmendmentResponse:
        return await call_service(self._stubs.intake.RecordAmendment, request)

    @activity.defn
    async def record_case_events(
        self, request: review_pb2.RecordCaseEventsRequest
    ) -> review_pb2.RecordCaseEventsResponse:
        return await call_service(self._stubs.review.RecordCaseEvents, request)

    @activity.defn
    async def send_caller_notifications(
        self, request: intake_pb2.SendNotificationsRequest
    ) -> intake_pb2.SendNotificationsResponse:
        return await call_service(self._stubs.intake.SendNotifications, request)

    @activity.defn
    async def relay_to_crime_record(
        self, request: crime_pb2.RecordCrimeInformationRequest
    ) -> crime_pb2.RecordCrimeInformationResponse:
        return await call_service(self._stubs.crime.RecordCrimeInformation, request)

    @activity.defn
    async def record_cancellation(
        self, request: crime_pb2.RecordCancellationRequest
    ) -> crime_pb2.RecordCancellationResponse:
        return await call_service(self._stubs.crime.RecordCancellation, request)

    @activity.defn
    async def store_outcome(self, request: crime_pb2.StoreOutcomeRequest) -> crime_pb2.StoreOutcomeResponse:
        return await call_service(self._stubs.crime.StoreOutcome, request)

    @activity.defn
    async def escalate_emergency(
        self, request: safeguarding_pb2.EscalateEmergencyRequest
    ) -> safeguarding_pb2.EmergencyEscalation:
        return await call_service(self._stubs.safeguarding.EscalateEmergency, request)

    @activity.defn
    async def alert_supervisors(self, request: review_pb2.RaiseAlertRequest) -> review_pb2.Alert:
        return await call_service(self._stubs.review.RaiseAlert, request)

    @activity.defn
    async def record_first_contact_resolution(
        self, request: intake_pb2.RecordFirstContactResolutionRequest
    ) -> safeguarding_pb2.FirstContactResolution:
        return await call_service(self._stubs.intake.RecordFirstContactResolution, request)

    def all(self) -> list[Callable[..., object]]:
        return [
            self.assess_risk,
            self.decide_crime,
            self.refer_victim,
            self.submit_for_verification,
            self.record_verification,
            self.record_amendment,
            self.record_case_events,
            self.send_caller_notifications,
            self.relay_to_crime_record,
            self.record_cancellation,
            self.store_outcome,
            self.escalate_emergency,
            self.alert_supervisors,
            self.record_first_contact_resolution,
        ]
