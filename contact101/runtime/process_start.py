"""What every Contact101 process does first: keep its files private, log, and check its secrets."""

from __future__ import annotations

import os

from contact101.runtime.config import Settings, get_settings
from contact101.runtime.secret_policy import refusal_to_start

PRIVATE_FILES = 0o077  # umask: files 0600 and folders 0700, for this process and its children


def keep_files_private() -> None:
    """Every file and folder this process (or a child) makes is its user's alone: SQLite
    databases and their -wal/-shm, logs, traces, attachments, certificates."""
    os.umask(PRIVATE_FILES)


def refuse_weak_secrets(settings: Settings) -> None:
    """Exit, naming each setting, when settings are not the local stack's and hold a weak secret."""
    refusal = refusal_to_start(settings)
    if refusal:
        raise SystemExit(refusal)


def begin_process(name: str) -> Settings:
    """The process's settings, once its files are private, its logging is set up and its
    secrets are fit for where it runs."""
    from contact101.runtime.structured_logging import configure_logging  # OpenTelemetry: not for the CLI

    keep_files_private()
    configure_logging(name)
    settings = get_settings()
    refuse_weak_secrets(settings)
    return settings
