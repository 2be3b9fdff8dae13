"""The incident types and question sets as intake gives them, kept by the desk's process: a
question set's version never changes, so each is fetched once; the list of incident types is
fetched again after a minute. They are rule data, not case data."""

from __future__ import annotations

import time
from dataclasses import dataclass, field

from contact101.v1 import intake_pb2_grpc, questions_pb2
from desk.services_client import CALL_TIMEOUT_SECONDS

INCIDENT_TYPES_KEPT_SECONDS = 60.0


@dataclass
class QuestionSets:
    intake: intake_pb2_grpc.IntakeServiceAsyncStub
    _types: list[questions_pb2.IncidentType] = field(default_factory=list)
    _types_fetched_at: float = float("-inf")
    _sets: dict[tuple[str, str], questions_pb2.QuestionSet] = field(default_factory=dict)

    async def incident_types(self) -> list[questions_pb2.IncidentType]:
        if time.monotonic() - self._types_fetched_at > INCIDENT_TYPES_KEPT_SECONDS:
            listed = await self.intake.ListIncidentTypes(
                questions_pb2.ListIncidentTypesRequest(), timeout=CALL_TIMEOUT_SECONDS
            )
            self._types, self._types_fetched_at = list(listed.incident_types), time.monotonic()
        return self._types

    async def question_set(self, question_set_id: str, version: str) -> questions_pb2.QuestionSet:
        key = (question_set_id, version)
        if key not in self._sets:
            self._sets[key] = await self.intake.GetQuestionSet(
                questions_pb2.GetQuestionSetRequest(question_set_id=question_set_id, version=version),
                timeout=CALL_TIMEOUT_SECONDS,
            )
        return self._sets[key]
