from __future__ import annotations

import os
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import pytest
from hypothesis import settings
from temporalio.testing import WorkflowEnvironment

from contact101.runtime.config import SERVICE_NAMES, Settings, get_settings
from tests.postgres import PostgresServer, running_postgres
from tests.stack import Stack, running_stack, start_temporal

DATABASE_BACKENDS = ("sqlite", "postgresql")

# No per-example deadline: examples are timed on a shared 2-core machine, where a slow one says
# nothing about the code. HYPOTHESIS_PROFILE=slow: ten times the examples of every property test.
settings.register_profile("contact101", deadline=None)
settings.register_profile("slow", parent=settings.get_profile("contact101"), max_examples=1_000)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "contact101"))


@pytest.fixture(scope="session")
async def temporal_env() -> AsyncIterator[WorkflowEnvironment]:
    env = await start_temporal()
    yield env
    await env.shutdown()


@pytest.fixture(scope="session")
def postgres() -> Iterator[PostgresServer]:
    """One real PostgreSQL server for the session, started only when a test needs it."""
    with running_postgres() as server:
        yield server


def new_database_url(request: pytest.FixtureRequest, backend: str) -> str:
    """A new, empty PostgreSQL database for backend "postgresql"; "" (SQLite files) otherwise."""
    if backend != "postgresql":
        return ""
    server: PostgresServer = request.getfixturevalue("postgres")
    return server.create_database()


@pytest.fixture(params=DATABASE_BACKENDS)
def database_settings(request: pytest.FixtureRequest, tmp_path: Path) -> Settings:
    """Settings whose service databases are new and empty: SQLite files, then PostgreSQL."""
    return Settings(data_dir=tmp_path, database_url=new_database_url(request, request.param))


@pytest.fixture(scope="session")
async def stack(
    request: pytest.FixtureRequest,
    temporal_env: WorkflowEnvironment,
    tmp_path_factory: pytest.TempPathFactory,
) -> AsyncIterator[Stack]:
    """The whole system on SQLite; a module may parametrize it indirectly with DATABASE_BACKENDS."""
    database_url = new_database_url(request, getattr(request, "param", "sqlite"))
    data_dir = Path(tmp_path_factory.mktemp("data"))
    async with running_stack(temporal_env.client, data_dir, database_url) as running:
        yield running


@pytest.fixture
def cli_environment(stack: Stack, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """The CLI's settings (tests.command_line) point at the test stack."""
    for service in SERVICE_NAMES:
        monkeypatch.setenv(f"CONTACT101_{service.upper()}_ADDRESS", stack.settings.address_of(service))
    monkeypatch.setenv("CONTACT101_TOKEN_KEY", stack.settings.token_key.get_secret_value())
    monkeypatch.setenv("CONTACT101_TELEMETRY_EXPORTER", "none")
    get_settings.cache_clear()
    yield
    get_settings.cache_clear()
