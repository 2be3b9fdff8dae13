"""Gap-free named counters in a service's own database (contact references, crime numbers).

The increment runs inside the caller's transaction, so a rolled-back request gives its
number back, and concurrent callers (threads or replicas) serialise on the counter's row.
"""

from __future__ import annotations

from sqlalchemy import String, insert, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Mapped, Session, mapped_column


class SequenceMixin:
    name: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[int] = mapped_column(default=0)


def next_in_sequence(session: Session, table: type[SequenceMixin], name: str) -> int:
    """The next value of counter name, starting at 1; call inside an open transaction."""
    while True:
        statement = (
            update(table).where(table.name == name).values(value=table.value + 1).returning(table.value)
        )
        value = session.execute(statement).scalar_one_or_none()
        if value is not None:
            return int(value)
        try:
            with session.begin_nested():
                session.execute(insert(table).values(name=name, value=0))
        except IntegrityError:
            pass  # another transaction created the counter first; increment theirs
