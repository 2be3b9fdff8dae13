"""Finding a case when the caller has no reference (FindCases): by reference, crime number
(asked of the crime service), or a normalised key of a caller, victim or place; newest first,
each with its state. Every search is written to the audit trail (the review service) before
anything is returned: who searched, by what kind of key, and the key's digest."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from datetime import date

from sqlalchemy.orm import Session, sessionmaker
from temporalio.client import Client

from contact101.rpc.auth import Identity, service_token_source
from contact101.rpc.channels import open_channel
from contact101.rpc.edge_checks import MAX_LINE, MAX_NAME, check_past_date, require_reference, require_text
from contact101.rpc.refusals import InvalidField, NotFound
from contact101.rules.person_keys import (
    address_key,
    digest,
    email_key,
    name_and_birth_key,
    phone_key,
    postcode_key,
)
from contact101.runtime.config import Settings
from contact101.v1 import (
    crime_pb2,
    crime_pb2_grpc,
    intake_pb2,
    review_pb2,
    review_pb2_grpc,
)
from services.intake.case_keys import DEFAULT_PAGE, references_with
from workflows import case_client

MAX_PAGE = 100
CALL_TIMEOUT_SECONDS = 10.0
SEARCH_KEYS = {
    "phone": phone_key,
    "email": email_key,
    "postcode": postcode_key,
    "address": address_key,
}


def key_of(request: intake_pb2.FindCasesRequest, today: date) -> tuple[str, str]:
    """The request's kind of key and the key's digest; refuses a key that normalises to nothing."""
    kind = request.WhichOneof("key")
    if kind is None:
        raise InvalidField(
            "key", "give one of reference, crime_number, phone, email, name_and_birth, postcode, address"
        )
    if kind == "name_and_birth":
        person = request.name_and_birth
        require_text("name_and_birth.name", person.name, MAX_NAME)
        require_text("name_and_birth.date_of_birth", person.date_of_birth, MAX_NAME)
        check_past_date("name_and_birth.date_of_birth", person.date_of_birth, today)
        key = name_and_birth_key(person.name, person.date_of_birth)
    else:
        value: str = getattr(request, kind)
        require_text(kind, value, MAX_LINE)
        key = SEARCH_KEYS[kind](value) if kind in SEARCH_KEYS else digest(f"{kind}:{value.strip().upper()}")
    if not key:
        raise InvalidField(kind, "does not name anyone or anywhere once normalised")
    return kind, key


@dataclass(frozen=True)
class CaseFinder:
    sessions: sessionmaker[Session]
    temporal: Client
    crime: crime_pb2_grpc.CrimeServiceAsyncStub
    review: review_pb2_grpc.ReviewServiceAsyncStub

    @classmethod
    def of(cls, settings: Settings, sessions: sessionmaker[Session], temporal: Client) -> CaseFinder:
        token = service_token_source(settings)
        return cls(
            sessions=sessions,
            temporal=temporal,
            crime=crime_pb2_grpc.CrimeServiceStub(open_channel(settings.crime_address, token, settings)),
            review=review_pb2_grpc.ReviewServiceStub(open_channel(settings.review_address, token, settings)),
        )

    async def find(
        self, request: intake_pb2.FindCasesRequest, searcher: Identity, today: date
    ) -> intake_pb2.FindCasesResponse:
        if not 0 <= request.limit <= MAX_PAGE:
            raise InvalidField("limit", f"must be between 0 and {MAX_PAGE}")
        kind, key = key_of(request, today)
        references = await self._references(request, kind, key, request.limit or DEFAULT_PAGE)
        await self.review.RecordSearch(
            review_pb2.RecordSearchRequest(
                searcher=searcher.as_actor(), key_kind=kind, key_digest=key, cases_found=len(references)
            ),
            timeout=CALL_TIMEOUT_SECONDS,
        )
        cases = await asyncio.gather(*(self._found(reference) for reference in references))
        return intake_pb2.FindCasesResponse(cases=[case for case in cases if case is not None])

    async def _references(
        self, request: intake_pb2.FindCasesRequest, kind: str, key: str, limit: int
    ) -> list[str]:
        if kind == "reference":
            require_reference(request.reference.strip())
            return [request.reference.strip()]
        if kind == "crime_number":
            found = await self.crime.FindCrime(
                crime_pb2.FindCrimeRequest(crime_number=request.crime_number), timeout=CALL_TIMEOUT_SECONDS
            )
            return [found.reference] if found.reference else []
        return await asyncio.to_thread(references_with, self.sessions, kind, key, limit)

    async def _found(self, reference: str) -> intake_pb2.FoundCase | None:
        try:
            case = await case_client.read_case(self.temporal, reference)
        except NotFound:
            return None
        return intake_pb2.FoundCase(
            reference=case.reference,
            received_at=case.received_at,
            status=case.status,
            grade=case.risk.grade,
            crime_number=case.crime.crime_number if case.crime.recorded else "",
            what_happened=case.contact.what_happened,
        )
