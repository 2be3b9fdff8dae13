"""Cases to start: the outbox that gives every recorded contact its case workflow.

CreateContact writes the contact and its case start (the CaseOpened message) in one
transaction, then starts the case at once and marks it started. When Temporal cannot take
it then (down, restarting, out of reach), the contact is recorded all the same and the
case starter in every intake process starts it as soon as Temporal can, retrying with
backoff. Starting is idempotent on the reference, the workflow's id: a start repeated by a
retry, another replica or the starter after a crash makes one case.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime, timedelta

from sqlalchemy import select, update
from sqlalchemy.orm import Session, sessionmaker

from contact101.v1 import case_pb2
from services.intake.models import CaseStartRecord

log = logging.getLogger(__name__)

StartCase = Callable[[case_pb2.CaseOpened], Awaitable[None]]

# CreateContact waits this long for Temporal to take the case (an officer is on the phone):
# long enough for a busy Temporal, or, once a start has failed and until one succeeds (the
# server down), hardly at all.
INLINE_START_SECONDS = 8.0
INLINE_START_WHILE_FAILING_SECONDS = 1.0
# The starter leaves a case this long to CreateContact's own start before trying it.
LEFT_TO_CREATE_CONTACT = timedelta(seconds=INLINE_START_SECONDS + 2)
STARTER_ATTEMPT_SECONDS = 10.0
FIRST_RETRY_SECONDS = 1.0
LONGEST_RETRY_SECONDS = 15.0
BATCH = 100


def case_start(reference: str, opened: case_pb2.CaseOpened, queued_at: datetime) -> CaseStartRecord:
    """The row that asks for reference's case; opened as given, with this reference."""
    with_reference = case_pb2.CaseOpened()
    with_reference.CopyFrom(opened)
    with_reference.reference = reference
    return CaseStartRecord(
        reference=reference, case_opened=with_reference.SerializeToString(), queued_at=queued_at
    )


def _opened(row: CaseStartRecord) -> case_pb2.CaseOpened:
    return case_pb2.CaseOpened.FromString(row.case_opened)


class CaseStarter:
    """Starts the cases of recorded contacts: at once, or later until Temporal takes them."""

    def __init__(self, sessions: sessionmaker[Session], start: StartCase) -> None:
        self._sessions = sessions
        self._start = start
        self._failing = False  # the last start failed

    async def start_now(self, reference: str) -> bool:
        """Start the case, waiting at most INLINE_START_SECONDS (or, while starts fail,
        INLINE_START_WHILE_FAILING_SECONDS); whether it is started. One that is not is left
        to the starter (run)."""
        row = await asyncio.to_thread(self._row, reference)
        if row is None or row.started_at is not None:
            return row is not None
        seconds = INLINE_START_WHILE_FAILING_SECONDS if self._failing else INLINE_START_SECONDS
        return await self._attempt(row, seconds)

    async def is_waiting(self, reference: str) -> bool:
        """Whether reference is a recorded contact whose case is not started yet."""
        row = await asyncio.to_thread(self._row, reference)
        return row is not None and row.started_at is None

    async def run(self) -> None:
        """Start every case left unstarted, for as long as the process runs; after a failed
        attempt, wait twice as long as the last time (up to LONGEST_RETRY_SECONDS)."""
        failures = 0
        while True:
            try:
                all_started = await self._start_due()
            except Exception:  # the database out of reach: try again, as for Temporal
                log.exception("case starter: cases to start not read")
                all_started = False
            failures = 0 if all_started else failures + 1
            await asyncio.sleep(min(LONGEST_RETRY_SECONDS, FIRST_RETRY_SECONDS * 2 ** max(failures - 1, 0)))

    async def _start_due(self) -> bool:
        """Start the cases due, oldest first; stop at the first Temporal does not take."""
        due = await asyncio.to_thread(self._due, datetime.now(UTC) - LEFT_TO_CREATE_CONTACT)
        for row in due:
            if not await self._attempt(row, STARTER_ATTEMPT_SECONDS):
                return False
        return True

    async def _attempt(self, row: CaseStartRecord, seconds: float) -> bool:
        try:
            await asyncio.wait_for(self._start(_opened(row)), seconds)
        except Exception as error:  # Temporal down or slow: the starter tries again
            self._failing = True
            await asyncio.to_thread(self._count_failure, row.id)
            failures = row.failed_attempts + 1
            log.warning("case %s not started yet (%d failed attempts): %r", row.reference, failures, error)
            return False
        self._failing = False
        await asyncio.to_thread(self._mark_started, row.id)
        if row.failed_attempts:
            log.info("case %s started after %d failed attempts", row.reference, row.failed_attempts)
        return True

    def _row(self, reference: str) -> CaseStartRecord | None:
        with self._sessions() as session:
            return session.scalars(
                select(CaseStartRecord).where(CaseStartRecord.reference == reference)
            ).one_or_none()

    def _due(self, queued_before: datetime) -> list[CaseStartRecord]:
        with self._sessions() as session:
            return list(
                session.scalars(
                    select(CaseStartRecord)
                    .where(CaseStartRecord.started_at.is_(None), CaseStartRecord.queued_at <= queued_before)
                    .order_by(CaseStartRecord.id)
                    .limit(BATCH)
                )
            )

    def _count_failure(self, row_id: int) -> None:
        with self._sessions.begin() as session:
            session.execute(
                update(CaseStartRecord)
                .where(CaseStartRecord.id == row_id)
                .values(failed_attempts=CaseStartRecord.failed_attempts + 1)
            )

    def _mark_started(self, row_id: int) -> None:
        with self._sessions.begin() as session:
            session.execute(
                update(CaseStartRecord)
                .where(CaseStartRecord.id == row_id, CaseStartRecord.started_at.is_(None))
                # The contact's details stay in contact_versions only, not twice.
                .values(started_at=datetime.now(UTC), case_opened=b"")
            )
