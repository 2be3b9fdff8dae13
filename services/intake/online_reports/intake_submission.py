"""Sending an online report through the intake service, as every channel's contacts go.

The form calls intake's CreateContact as a service identity of its own, `online-report`,
which the case records as the one who took the contact (its officer_id).
"""

from __future__ import annotations

from collections.abc import Sequence

import grpc

from contact101.rpc.auth import service_token_source
from contact101.rpc.channels import open_channel
from contact101.rpc.edge_checks import REFERENCE
from contact101.runtime.config import Settings
from contact101.v1 import common_pb2, intake_pb2, intake_pb2_grpc, questions_pb2

ONLINE_REPORT_ACTOR = "online-report"
# Long enough for intake to store the contact and start its case; a person is waiting.
SUBMIT_TIMEOUT_SECONDS = 20.0


class ReportRefused(Exception):
    """Intake refused the report as invalid; the message reads `field: problem`."""


class FormUsedAlready(Exception):
    """The form's token already sent another report (the one with this reference)."""

    def __init__(self, reference: str) -> None:
        super().__init__(reference)
        self.reference = reference


class IntakeUnavailable(Exception):
    """Intake could not be reached or failed; the same report may be sent again."""


class IntakeSubmission:
    """One channel to intake for the life of the form's process."""

    def __init__(self, settings: Settings) -> None:
        token = service_token_source(settings, ONLINE_REPORT_ACTOR)
        self._channel = open_channel(settings.intake_address, token, settings)
        self._intake = intake_pb2_grpc.IntakeServiceStub(self._channel)

    async def submit(
        self,
        request_id: str,
        contact: common_pb2.ContactDetails,
        question_set: questions_pb2.QuestionSet | None = None,
        answers: Sequence[questions_pb2.Answer] = (),
    ) -> str:
        """The reference of the contact recorded for request_id (the same one, when the same
        report is sent again), with the answers to question_set when one was asked;
        FormUsedAlready when request_id sent another report."""
        request = intake_pb2.CreateContactRequest(request_id=request_id, contact=contact, answers=answers)
        if question_set is not None:
            request.question_set_id, request.question_set_version = question_set.id, question_set.version
        try:
            response = await self._intake.CreateContact(request, timeout=SUBMIT_TIMEOUT_SECONDS)
        except grpc.aio.AioRpcError as error:
            if error.code() == grpc.StatusCode.INVALID_ARGUMENT:
                raise ReportRefused(error.details() or "") from error
            if error.code() == grpc.StatusCode.ALREADY_EXISTS:
                first = REFERENCE.search(error.details() or "")
                raise FormUsedAlready(first[0] if first else "") from error
            raise IntakeUnavailable(f"intake answered {error.code().name}: {error.details()}") from error
        return response.reference

    async def close(self) -> None:
        await self._channel.close(None)
