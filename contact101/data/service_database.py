"""Each service's own database: its engine, and its tables made ready as the settings say.

On PostgreSQL every service keeps its tables (and its Alembic version table) in a schema
named after it, so services can share one database or each have their own. Replicas that
start together take turns preparing the schema under a PostgreSQL advisory lock.
"""

from __future__ import annotations

import zlib
from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import Connection, Engine, MetaData, create_engine, func, inspect, select, text
from sqlalchemy.pool import NullPool

from contact101.data import migrations
from contact101.data.database import database_url, make_engine
from contact101.runtime.config import Settings


class DatabaseNotReady(RuntimeError):
    """The service's database is not at the revision its code needs."""


def is_postgresql(settings: Settings, service: str) -> bool:
    return database_url(settings.database_url_of(service)).get_backend_name() == "postgresql"


def service_engine(settings: Settings, service: str) -> Engine:
    """An engine on the service's database; on PostgreSQL, confined to the service's schema."""
    url = settings.database_url_of(service)
    if is_postgresql(settings, service):
        return make_engine(url, schema=service, pool_size=settings.database_pool_size)
    return make_engine(url)


@contextmanager
def exclusive_setup(settings: Settings, service: str) -> Iterator[None]:
    """While held, no other process prepares this service's database; its schema exists."""
    if not is_postgresql(settings, service):
        yield
        return
    key = zlib.crc32(f"contact101.{service}".encode())
    bootstrap = create_engine(database_url(settings.database_url_of(service)), poolclass=NullPool)
    try:
        with bootstrap.connect() as connection:
            connection.execute(select(func.pg_advisory_lock(key)))
            connection.execute(text(f'CREATE SCHEMA IF NOT EXISTS "{service}"'))
            connection.commit()
            try:
                yield
            finally:
                connection.execute(select(func.pg_advisory_unlock(key)))
                connection.commit()
    finally:
        bootstrap.dispose()


def upgrade(connection: Connection, service: str, metadata: MetaData) -> None:
    """Upgrade to the latest revision; tables made without migrations are refused, not clobbered."""
    if migrations.current_revision(connection) is None and inspect(connection).get_table_names():
        raise DatabaseNotReady(
            f"the {service} database has tables but no migration history (they were made with "
            "CONTACT101_DATABASE_SETUP=create); migrate a new, empty database instead"
        )
    migrations.upgrade(connection, service, metadata)


def migrate(settings: Settings, service: str, metadata: MetaData) -> tuple[str | None, str | None]:
    """Upgrade the service's database to its latest revision; the revisions before and after."""
    engine = service_engine(settings, service)
    try:
        with exclusive_setup(settings, service), engine.begin() as connection:
            before = migrations.current_revision(connection)
            upgrade(connection, service, metadata)
            return before, migrations.current_revision(connection)
    finally:
        engine.dispose()


def open_service_database(settings: Settings, service: str, metadata: MetaData) -> Engine:
    """The service's engine, its tables made ready first as settings.database_setup says:

    "create" makes missing tables from the models (embedded development), "migrate"
    upgrades to the latest revision, and "check" refuses to start unless already there.
    """
    engine = service_engine(settings, service)
    with exclusive_setup(settings, service), engine.begin() as connection:
        if settings.database_setup == "create":
            metadata.create_all(connection)
        elif settings.database_setup == "migrate":
            upgrade(connection, service, metadata)
        else:
            current = migrations.current_revision(connection)
            latest = migrations.latest_revision(service, metadata)
            if current != latest:
                raise DatabaseNotReady(
                    f"the {service} database is at revision {current or 'none'} but this release "
                    f"needs {latest}; run `contact101 migrate {service}`"
                )
    return engine
