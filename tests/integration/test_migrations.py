"""Each service's Alembic migrations give exactly its models' tables, on SQLite and PostgreSQL."""

from __future__ import annotations

import os
import subprocess
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from sqlalchemy import inspect

from contact101.data import migrations
from contact101.data.service_database import DatabaseNotReady, open_service_database, service_engine
from contact101.runtime.config import SERVICE_NAMES, Settings
from services.schemas import SERVICE_METADATA
from tests.command_line import INSTALLED_CLI as CLI
from tests.postgres import PostgresServer
from tests.stack import count_rows

REGENERATE = "scripts/regenerate_initial_migrations.py"


def with_setup(settings: Settings, setup: str) -> Settings:
    return settings.model_copy(update={"database_setup": setup})


@pytest.mark.parametrize("service", SERVICE_NAMES)
def test_migrations_and_models_agree(database_settings: Settings, service: str) -> None:
    engine = open_service_database(
        with_setup(database_settings, "migrate"), service, SERVICE_METADATA[service]
    )
    with engine.connect() as connection:
        differences = migrations.differences(connection, SERVICE_METADATA[service])
        at = migrations.current_revision(connection)
    engine.dispose()
    assert differences == [], (
        f"the {service} models and migrations differ; while nothing is deployed, run "
        f"`.venv/bin/python {REGENERATE}`, otherwise add a revision:\n{differences}"
    )
    assert at == migrations.latest_revision(service, SERVICE_METADATA[service])


def test_a_service_refuses_to_start_on_an_unmigrated_database_when_told_to_check(
    database_settings: Settings,
) -> None:
    with pytest.raises(DatabaseNotReady, match=r"at revision none.*contact101 migrate crime"):
        open_service_database(with_setup(database_settings, "check"), "crime", SERVICE_METADATA["crime"])
    open_service_database(
        with_setup(database_settings, "migrate"), "crime", SERVICE_METADATA["crime"]
    ).dispose()
    open_service_database(
        with_setup(database_settings, "check"), "crime", SERVICE_METADATA["crime"]
    ).dispose()


def test_tables_made_without_migrations_are_not_migrated_over(database_settings: Settings) -> None:
    open_service_database(database_settings, "review", SERVICE_METADATA["review"]).dispose()
    with pytest.raises(DatabaseNotReady, match="no migration history"):
        open_service_database(with_setup(database_settings, "migrate"), "review", SERVICE_METADATA["review"])


def test_replicas_starting_together_migrate_once(postgres: PostgresServer, tmp_path: Path) -> None:
    settings = Settings(data_dir=tmp_path, database_url=postgres.create_database(), database_setup="migrate")

    def start_replica(_: int) -> None:
        open_service_database(settings, "intake", SERVICE_METADATA["intake"]).dispose()

    with ThreadPoolExecutor(6) as pool:
        list(pool.map(start_replica, range(6)))
    assert count_rows(settings, "intake", "alembic_version") == 1


def test_every_service_keeps_its_tables_in_its_own_postgresql_schema(
    postgres: PostgresServer, tmp_path: Path
) -> None:
    settings = Settings(data_dir=tmp_path, database_url=postgres.create_database(), database_setup="migrate")
    for service in SERVICE_NAMES:
        open_service_database(settings, service, SERVICE_METADATA[service]).dispose()
    engine = service_engine(settings, "crime")
    with engine.connect() as connection:
        tables_by_schema = {
            service: set(inspect(connection).get_table_names(schema=service)) for service in SERVICE_NAMES
        }
    engine.dispose()
    for service in SERVICE_NAMES:
        assert tables_by_schema[service] == set(SERVICE_METADATA[service].tables) | {"alembic_version"}


def test_contact101_migrate_upgrades_each_database_once(postgres: PostgresServer, tmp_path: Path) -> None:
    environment = {
        **{name: value for name, value in os.environ.items() if not name.startswith("CONTACT101_")},
        "CONTACT101_DATA_DIR": str(tmp_path),
        "CONTACT101_DATABASE_URL": postgres.create_database(),
    }

    def contact101_migrate(*services: str) -> str:
        return subprocess.run(
            [CLI, "migrate", *services], env=environment, capture_output=True, text=True, check=True
        ).stdout

    first = contact101_migrate()
    assert [line.split(":")[0] for line in first.splitlines()] == list(SERVICE_NAMES)
    assert "crime: empty → 0001" in first
    assert contact101_migrate("crime").strip() == "crime: already at 0001"
