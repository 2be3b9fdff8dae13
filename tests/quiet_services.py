"""The four services on loopback with their own SQLite files and no worker: nothing writes
to their databases but the requests a test sends, so a test can tell exactly what one wrote."""

from __future__ import annotations

import hashlib
import sqlite3
import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from pathlib import Path

import grpc
from temporalio.client import Client

from contact101.rpc.auth import issue_token
from contact101.rpc.channels import open_channel
from contact101.rpc.server import RunningServer
from contact101.runtime.config import Settings
from tests.stack import start_services, with_addresses


@dataclass
class QuietServices:
    settings: Settings
    servers: dict[str, RunningServer]
    channels: dict[tuple[str, str], grpc.aio.Channel] = field(default_factory=dict)

    def channel(self, service: str, role: str) -> grpc.aio.Channel:
        """A channel to service carrying a token for role, kept open while the services run."""
        if (service, role) not in self.channels:
            token = issue_token(self.settings, "test.caller", role)
            address = self.settings.address_of(service)
            self.channels[service, role] = open_channel(address, lambda: token, self.settings)
        return self.channels[service, role]

    def fingerprint(self) -> str:
        """A digest of every row of every service database."""
        return database_fingerprint(self.settings.data_dir)


def database_fingerprint(data_dir: Path) -> str:
    """A digest of every row of every service's SQLite database in data_dir."""
    digest = hashlib.sha256()
    for path in sorted(data_dir.glob("*.db")):
        with sqlite3.connect(path) as connection:
            tables = connection.execute("select name from sqlite_master where type = 'table' order by name")
            for (table,) in tables.fetchall():
                for row in connection.execute(f'select * from "{table}" order by rowid'):
                    digest.update(repr((path.name, table, row)).encode())
    return digest.hexdigest()


@asynccontextmanager
async def quiet_services(temporal: Client, data_dir: Path) -> AsyncIterator[QuietServices]:
    settings = Settings(
        data_dir=data_dir,
        task_queue=f"no-worker-{uuid.uuid4()}",
        temporal_target=temporal.service_client.config.target_host,
    )
    servers = await start_services(settings, temporal)
    services = QuietServices(with_addresses(settings, servers), servers)
    try:
        yield services
    finally:
        for channel in services.channels.values():
            await channel.close(None)
        for server in servers.values():
            await server.stop(0)
