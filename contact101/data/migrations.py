"""Alembic migrations, one history per service: `services/<name>/migrations/revision_*.py`.

Every service shares one environment (contact101/data/migration_environment: env.py and the
revision template); its own revisions, metadata and connection are handed to Alembic
here, so no alembic.ini is needed. Each service's database (or PostgreSQL schema) keeps
its own `alembic_version` table.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path
from typing import Any, Literal

from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.autogenerate.api import AutogenContext
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, MetaData
from sqlalchemy.types import TypeDecorator

ENVIRONMENT = Path(__file__).with_name("migration_environment")
REVISION_FILE_TEMPLATE = "revision_%(rev)s_%(slug)s"


def revisions_folder(service: str) -> Path:
    """services/<service>/migrations, wherever the package is installed."""
    spec = importlib.util.find_spec(f"services.{service}.migrations")
    if spec is None or spec.origin is None:
        raise LookupError(f"service {service} has no migrations package")
    return Path(spec.origin).parent


def alembic_config(service: str, metadata: MetaData, connection: Connection | None = None) -> Config:
    """Alembic's configuration for service, working on connection when one is given."""
    config = Config()
    config.set_main_option("script_location", str(ENVIRONMENT))
    config.set_main_option("version_locations", str(revisions_folder(service)))
    config.set_main_option("path_separator", "os")
    config.set_main_option("file_template", REVISION_FILE_TEMPLATE.replace("%", "%%"))
    config.attributes["metadata"] = metadata
    config.attributes["connection"] = connection
    return config


def environment_options(config: Config) -> dict[str, Any]:
    """What env.py hands to `context.configure` for the service config describes."""
    return {
        "connection": config.attributes["connection"],
        "target_metadata": config.attributes["metadata"],
        "render_as_batch": True,  # SQLite alters tables by copying them; harmless elsewhere
        "render_item": render_type_decorators_as_their_column_type,
        "compare_type": True,
    }


def render_type_decorators_as_their_column_type(
    kind: str, item: Any, context: AutogenContext
) -> str | Literal[False]:
    """Migrations name plain SQLAlchemy types, so that moving a model's helper type breaks none."""
    if kind == "type" and isinstance(item, TypeDecorator):
        return f"sa.{item.impl!r}"
    return False


def upgrade(connection: Connection, service: str, metadata: MetaData) -> None:
    """Bring the service's database to its latest revision, inside connection's transaction."""
    command.upgrade(alembic_config(service, metadata, connection), "head")


def current_revision(connection: Connection) -> str | None:
    """The revision the database is at; None when it has never been migrated."""
    return MigrationContext.configure(connection).get_current_revision()


def latest_revision(service: str, metadata: MetaData) -> str | None:
    """The head of the service's migration history."""
    return ScriptDirectory.from_config(alembic_config(service, metadata)).get_current_head()


def differences(connection: Connection, metadata: MetaData) -> list[Any]:
    """How the database's tables differ from the models' (empty when they match)."""
    context = MigrationContext.configure(connection, opts={"compare_type": True})
    return list(compare_metadata(context, metadata))
