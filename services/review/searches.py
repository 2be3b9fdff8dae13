"""The audit trail of searches by personal data: who looked for whom (by the key's digest), when."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

from sqlalchemy.orm import Session, sessionmaker

from contact101.v1 import common_pb2, review_pb2
from services.review.models import SearchRecord

KEY_KINDS = frozenset(
    {"reference", "crime_number", "phone", "email", "name_and_birth", "postcode", "address"}
)


def record_search(sessions: sessionmaker[Session], request: review_pb2.RecordSearchRequest) -> str:
    search_id = str(uuid.uuid4())
    with sessions.begin() as session:
        session.add(
            SearchRecord(
                search_id=search_id,
                searcher_id=request.searcher.id,
                searcher_role=common_pb2.Role.Name(request.searcher.role),
                key_kind=request.key_kind,
                key_digest=request.key_digest,
                cases_found=request.cases_found,
                searched_at=datetime.now(UTC),
            )
        )
    return search_id
