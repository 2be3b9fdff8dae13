"""Operations commands: the effective configuration, and each service's database migrations."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.console import Console
from rich.markup import escape

from contact101.runtime.config import SERVICE_NAMES, get_settings
from contact101.runtime.secret_policy import weak_secrets

console = Console(highlight=False, soft_wrap=True)


def show_config() -> None:
    """Print the effective configuration (environment, .env, config file, defaults), secrets masked,
    and warn of every secret a deployment would refuse to start on."""
    from contact101.runtime.config_report import effective_configuration

    settings = get_settings()
    console.print(escape(effective_configuration(settings)))
    for weakness in weak_secrets(settings):
        typer.echo(f"warning: {weakness}; fine for the local stack only", err=True)


def migrate_databases(
    services: Annotated[
        list[str] | None,
        typer.Argument(help=f"services to migrate: {', '.join(SERVICE_NAMES)} (default: all)"),
    ] = None,
) -> None:
    """Upgrade each service's database to its latest migration; safe to run again, or from several hosts."""
    unknown = sorted(set(services or ()) - set(SERVICE_NAMES))
    if unknown:
        raise typer.BadParameter(
            f"unknown service(s) {', '.join(unknown)}; known: {', '.join(SERVICE_NAMES)}"
        )
    # Imported here: SQLAlchemy, Alembic and every service's models are slow to load, and
    # only this command needs them.
    from contact101.data.service_database import DatabaseNotReady, migrate
    from services.schemas import SERVICE_METADATA

    settings = get_settings()
    for service in services or SERVICE_NAMES:
        try:
            before, after = migrate(settings, service, SERVICE_METADATA[service])
        except DatabaseNotReady as refusal:
            console.print(f"[red]{service}: {escape(str(refusal))}[/red]")
            raise typer.Exit(1) from None
        change = f"already at {after}" if before == after else f"{before or 'empty'} → {after}"
        console.print(f"{service}: {change}")
