"""Database plumbing shared by every service: one engine per process, one session factory."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, TypeVar, TypeVarTuple

from opentelemetry import metrics, trace
from opentelemetry.instrumentation.sqlalchemy.engine import EngineTracer
from sqlalchemy import DateTime, Engine, MetaData, Select, Text, create_engine, event
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Mapped, Session, mapped_column, sessionmaker
from sqlalchemy.types import TypeDecorator

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def service_metadata() -> MetaData:
    """Metadata for one service's own tables, with constraint names Alembic can track."""
    return MetaData(naming_convention=NAMING_CONVENTION)


def utc_now() -> datetime:
    return datetime.now(UTC)


class UtcDateTime(TypeDecorator[datetime]):
    """A timezone-aware UTC timestamp on every backend (SQLite stores naive values)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: object) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given where UTC is required")
        return value.astimezone(UTC)

    def process_result_value(self, value: datetime | None, dialect: object) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def rule_version_column() -> Mapped[str]:
    """The versions of the rule tables a decision was made under, joined by "; ": as many as
    the decision names (a crime decision names four or five), so never cut to a length."""
    return mapped_column(Text)


class CreatedAtMixin:
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utc_now)


def _enable_sqlite_foreign_keys_and_wal(dbapi_connection: object, _record: object) -> None:
    cursor = dbapi_connection.cursor()  # type: ignore[attr-defined]
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA busy_timeout=10000")
    cursor.close()


def database_url(url: str | URL) -> URL:
    """url parsed, with PostgreSQL always through psycopg 3 (`postgresql://` would mean psycopg2)."""
    parsed = make_url(url)
    if parsed.drivername == "postgresql":
        return parsed.set(drivername="postgresql+psycopg")
    return parsed


def make_engine(url: str | URL, schema: str | None = None, pool_size: int = 10) -> Engine:
    """An engine for url; SQLite files get their folder, WAL and a busy timeout. Its errors
    and logs never show bound parameters (they hold personal data).

    On PostgreSQL, schema (which must exist before the first connection) is the only
    one on every connection's search path, so unqualified table names resolve there.
    """
    parsed = database_url(url)
    if parsed.get_backend_name() == "sqlite":
        if parsed.database and parsed.database != ":memory:":
            Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(parsed, hide_parameters=True)
        event.listen(engine, "connect", _enable_sqlite_foreign_keys_and_wal)
        return traced(engine)
    connect_args = {"options": f"-csearch_path={schema}"} if schema else {}
    return traced(
        create_engine(
            parsed,
            pool_pre_ping=True,
            pool_size=pool_size,
            max_overflow=0,
            connect_args=connect_args,
            hide_parameters=True,
        )
    )


def traced(engine: Engine) -> Engine:
    """engine with a span for every statement: its text, never its bound parameters."""
    connections = metrics.get_meter(__name__).create_up_down_counter(
        "db.client.connections.usage", unit="connections", description="connections by state"
    )
    EngineTracer(trace.get_tracer(__name__), engine, connections, enable_commenter=False)  # type: ignore[no-untyped-call]
    return engine


def make_session_factory(engine: Engine) -> sessionmaker[Session]:
    return sessionmaker(engine, expire_on_commit=False)


Row = TypeVar("Row")


def insert_once(
    sessions: sessionmaker[Session],
    find: Callable[[Session], Row | None],
    make: Callable[[Session], Row],
) -> Row:
    """The row find() returns, or the row make() builds, stored now in one transaction.

    Safe to call twice or from two replicas at once: a unique constraint behind find()
    turns the loser's insert into a read of the winner's row.
    """
    with sessions() as session:
        existing = find(session)
        if existing is not None:
            return existing
    try:
        with sessions.begin() as session:
            row = make(session)
            session.add(row)
        return row
    except IntegrityError:
        with sessions() as session:
            concurrent = find(session)
        if concurrent is None:
            raise
        return concurrent


Columns = TypeVarTuple("Columns")


def in_period(
    statement: Select[*Columns], column: Any, since: datetime | None, until: datetime | None
) -> Select[*Columns]:
    """statement narrowed to rows whose column is at or after since and before until (open ends if None)."""
    if since is not None:
        statement = statement.where(column >= since)
    if until is not None:
        statement = statement.where(column < until)
    return statement
