"""The verification queue as a stream: each replica watches the queue's table and tells every
listener what changed.

One reader per process reads the queue (its most urgent cases and their alerts) every
WATCH_INTERVAL while anyone listens, however many do, and each listener is sent the queue
whenever it differs from what that listener saw last. Reading the table, rather than being
told of changes made in this process, is what lets a decision taken through another replica
(or recorded by the case workflow through another) reach every listener.
"""

from __future__ import annotations

import asyncio
import contextlib
import functools
from collections.abc import AsyncIterator
from datetime import UTC, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from contact101.v1 import review_pb2
from services.review import store
from services.review.alerts import as_alert
from services.review.models import AlertRecord, Review

WATCH_INTERVAL = 0.5  # seconds between two reads of the table while anyone listens
MOST_WATCHED = 1000  # the longest queue a listener may ask for


def read_queue(sessions: sessionmaker[Session], limit: int) -> review_pb2.VerificationQueue:
    """The queue now: its `limit` most urgent cases (alerted first, then by verification
    deadline) and the alerts of the cases awaiting verification, newest first."""
    with sessions() as session:
        records = list(
            session.scalars(
                select(AlertRecord)
                .join(Review, Review.reference == AlertRecord.reference)
                .where(Review.state == store.AWAITING)
                .order_by(AlertRecord.raised_at.desc(), AlertRecord.id.desc())
                .limit(limit)
            )
        )
    alerted = {record.reference for record in records}
    first = store.by_deadline(sessions, limit, alerted) if alerted else []
    rest = [review for review in store.by_deadline(sessions, limit) if review.reference not in alerted]
    items = [store.as_message(review) for review in [*first, *rest][:limit]]
    return review_pb2.VerificationQueue(items=items, alerts=[as_alert(record) for record in records])


class QueueWatcher:
    """Reads the queue while anyone listens; each listener gets every version that differs."""

    def __init__(self, sessions: sessionmaker[Session]) -> None:
        self._sessions = sessions
        self._changed = asyncio.Condition()
        self._latest = review_pb2.VerificationQueue()
        self._version = 0  # goes up each time the queue read differs from the one before; 0: none read
        self._listeners = 0
        self._reader: asyncio.Task[None] | None = None

    async def watch(self, limit: int) -> AsyncIterator[review_pb2.VerificationQueue]:
        """The queue as it stands, then each time it changes, until the caller stops listening."""
        self._listeners += 1
        if self._reader is None or self._reader.done():
            self._reader = asyncio.create_task(self._read_while_listened())
        try:
            sent: bytes | None = None  # the queue as last sent; an empty queue is sent too
            seen = 0
            while True:
                async with self._changed:
                    await self._changed.wait_for(functools.partial(self._newer_than, seen))
                    latest, seen = self._latest, self._version
                queue = review_pb2.VerificationQueue(items=latest.items[:limit], alerts=latest.alerts)
                version = queue.SerializeToString(deterministic=True)
                if version != sent:
                    sent = version
                    queue.as_of.FromDatetime(datetime.now(UTC))
                    yield queue
        finally:
            self._listeners -= 1

    def _newer_than(self, seen: int) -> bool:
        return self._version not in (0, seen)

    async def _read_while_listened(self) -> None:
        while self._listeners > 0:
            queue = await asyncio.to_thread(read_queue, self._sessions, MOST_WATCHED)
            if self._version == 0 or queue != self._latest:
                async with self._changed:
                    self._latest, self._version = queue, self._version + 1
                    self._changed.notify_all()
            await asyncio.sleep(WATCH_INTERVAL)
        # No await since the check: a listener arriving from now on starts a new reader.
        self._version = 0

    async def stop(self) -> None:
        if self._reader is not None:
            self._reader.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._reader
