"""Several replicas of a service on one database: numbers stay unique and gap-free, retries stay single.

Each replica is its own engine (its own connection pool), as a separate process would be;
threads run them at once, and every request is delivered twice to different replicas,
as a retried activity or a client's retry would be.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from typing import TypeVar

from sqlalchemy.orm import Session, sessionmaker

from contact101.data.database import make_session_factory
from contact101.data.service_database import open_service_database, service_engine
from contact101.runtime.config import Settings
from contact101.v1 import case_pb2, common_pb2
from services.crime import ncrs
from services.crime import store as crime_store
from services.intake import store as intake_store
from services.schemas import SERVICE_METADATA
from tests.stack import count_rows, phone_theft

REPLICAS = 4
REQUESTS = 60
T = TypeVar("T")


@contextmanager
def replicas_of(settings: Settings, service: str) -> Iterator[list[sessionmaker[Session]]]:
    """One session factory per replica of service, on its new database."""
    open_service_database(settings, service, SERVICE_METADATA[service]).dispose()
    engines = [service_engine(settings, service) for _ in range(REPLICAS)]
    try:
        yield [make_session_factory(engine) for engine in engines]
    finally:
        for engine in engines:
            engine.dispose()


def twice_each_across_replicas(
    replicas: list[sessionmaker[Session]], handle: Callable[[sessionmaker[Session], int], T]
) -> dict[int, list[T]]:
    """handle(replica, n) for every request n, twice, on two different replicas, all at once."""
    deliveries = [(n, (n + copy) % REPLICAS) for n in range(REQUESTS) for copy in (0, 1)]
    with ThreadPoolExecutor(2 * REPLICAS) as pool:
        results = list(pool.map(lambda delivery: handle(replicas[delivery[1]], delivery[0]), deliveries))
    by_request: dict[int, list[T]] = {}
    for (n, _), result in zip(deliveries, results, strict=True):
        by_request.setdefault(n, []).append(result)
    return by_request


def test_crime_numbers_are_unique_and_gap_free_across_replicas(database_settings: Settings) -> None:
    reported_at = datetime.now(UTC)
    decision = ncrs.decide(phone_theft(), reported_at, reported_at + timedelta(hours=24))
    assert decision.recorded

    def decide(sessions: sessionmaker[Session], n: int) -> str:
        record = crime_store.record_decision(sessions, f"101-20260101-{n:04d}", 1, reported_at, decision)
        assert record.crime_number is not None
        return record.crime_number

    with replicas_of(database_settings, "crime") as replicas:
        numbers = twice_each_across_replicas(replicas, decide)
    assert all(first == again for first, again in numbers.values()), "a retried decision got a new number"
    year = reported_at.year
    assert sorted(first for first, _ in numbers.values()) == [
        f"CR-{year}-{n:06d}" for n in range(1, REQUESTS + 1)
    ]
    assert count_rows(database_settings, "crime", "crime_decisions") == REQUESTS
    assert count_rows(database_settings, "crime", "crime_numbers") == REQUESTS


def test_a_retried_create_gives_one_contact_and_references_stay_gap_free_across_replicas(
    database_settings: Settings,
) -> None:
    received_at = datetime.now(UTC)
    details = phone_theft()
    opened = case_pb2.CaseOpened(officer_id="pc.smith", officer_role=common_pb2.ROLE_CONTACT_OFFICER)
    opened.received_at.FromDatetime(received_at)
    request_ids = [f"request-{n}" for n in range(REQUESTS)]

    def create(sessions: sessionmaker[Session], n: int) -> str:
        stored = intake_store.create_contact(sessions, request_ids[n], details, opened)
        return stored.reference

    with replicas_of(database_settings, "intake") as replicas:
        references = twice_each_across_replicas(replicas, create)
    assert all(first == again for first, again in references.values()), "a retried create made a second case"
    day = received_at.strftime("%Y%m%d")
    assert sorted(itertools.chain.from_iterable(set(pair) for pair in references.values())) == [
        f"101-{day}-{n:04d}" for n in range(1, REQUESTS + 1)
    ]
    assert count_rows(database_settings, "intake", "contacts") == REQUESTS
    assert count_rows(database_settings, "intake", "case_starts") == REQUESTS
