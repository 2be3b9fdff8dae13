"""Crime numbers are never reused: unique and gap-free however many decisions run at once."""

from __future__ import annotations

import tempfile
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from contact101.data.database import make_engine, make_session_factory
from contact101.v1 import crime_decision_pb2
from services.crime import store
from services.crime.models import CrimeBase, CrimeNumber

REPORTED = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)


def recorded_for(victims: int) -> crime_decision_pb2.CrimeDecision:
    return crime_decision_pb2.CrimeDecision(
        recorded=True,
        offence_code="49",
        offence_name="Other theft",
        crimes=[
            crime_decision_pb2.RecordedCrime(victim=f"victim {n}", offence_code="49") for n in range(victims)
        ],
        rule_version="test",
    )


def decide(
    sessions: sessionmaker[Session], case: int, version: int, victims: int
) -> crime_decision_pb2.CrimeDecision:
    reference = f"101-20261123-{case:04d}"
    return store.record_decision(sessions, reference, version, REPORTED, recorded_for(victims))


@settings(max_examples=12)
@given(
    victims=st.lists(st.integers(min_value=0, max_value=3), min_size=1, max_size=12),
    threads=st.integers(min_value=2, max_value=8),
)
def test_crime_numbers_are_unique_and_gap_free_under_concurrent_decisions(
    victims: list[int], threads: int
) -> None:
    with tempfile.TemporaryDirectory() as folder:
        engine = make_engine(f"sqlite:///{Path(folder) / 'crime.db'}")
        CrimeBase.metadata.create_all(engine)
        sessions = make_session_factory(engine)
        # Every case decided twice at once (an activity retried), then decided again on an amendment.
        work = [(case, count) for case, count in enumerate(victims, start=1)] * 2
        with ThreadPoolExecutor(max_workers=threads) as pool:
            first = list(pool.map(lambda item: decide(sessions, item[0], 1, item[1]), work))
            again = list(pool.map(lambda item: decide(sessions, item[0], 2, item[1]), work))
        with sessions() as session:
            allocated = session.scalars(select(CrimeNumber.crime_number)).all()
        engine.dispose()

    total = sum(victims)
    assert len(allocated) == len(set(allocated)) == total
    assert sorted(int(number.rsplit("-", 1)[1]) for number in allocated) == list(range(1, total + 1))
    for decided, redecided, (_case, count) in zip(first, again, work, strict=True):
        numbers = [crime.crime_number for crime in decided.crimes]
        assert len(numbers) == count and all(number.startswith("CR-2026-") for number in numbers)
        assert [crime.crime_number for crime in redecided.crimes] == numbers  # kept across re-decisions
        assert decided.crime_number == (numbers[0] if numbers else "")
