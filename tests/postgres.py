"""A throwaway PostgreSQL server for tests: Debian's binaries, a temporary data folder, a free port.

PostgreSQL refuses to run as root, so under root the server runs as the `postgres` user
(which Debian's `postgresql` package creates). `.ci/run` installs that package when missing.
"""

from __future__ import annotations

import os
import pwd
import shutil
import subprocess
import tempfile
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import psycopg

from deploy.process_stack import free_port

SUPERUSER = "contact101"
# Durability is pointless for a server that lives as long as a test session.
FAST_AND_FORGETFUL = "-c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=400"


@dataclass(frozen=True)
class PostgresServer:
    port: int

    def url(self, database: str) -> str:
        return f"postgresql+psycopg://{SUPERUSER}@127.0.0.1:{self.port}/{database}"

    def create_database(self, prefix: str = "test") -> str:
        """The URL of a new, empty database."""
        name = f"{prefix}_{uuid.uuid4().hex[:12]}"
        with psycopg.connect(
            host="127.0.0.1", port=self.port, user=SUPERUSER, dbname="postgres", autocommit=True
        ) as connection:
            connection.execute(f'CREATE DATABASE "{name}"')
        return self.url(name)


def server_binaries() -> Path:
    """The folder of the newest installed PostgreSQL server's binaries."""
    installed = sorted(
        Path("/usr/lib/postgresql").glob("*/bin/pg_ctl"), key=lambda path: int(path.parent.parent.name)
    )
    if not installed:
        raise RuntimeError(
            "no PostgreSQL server found under /usr/lib/postgresql; "
            "install Debian's package: apt-get install -y postgresql"
        )
    return installed[-1].parent


@contextmanager
def running_postgres() -> Iterator[PostgresServer]:
    """A PostgreSQL server on a free loopback port, removed with its data afterwards."""
    binaries = server_binaries()
    folder = Path(tempfile.mkdtemp(prefix="contact101-postgres-"))
    owner = pwd.getpwnam("postgres") if os.geteuid() == 0 else None
    user, group = (owner.pw_uid, owner.pw_gid) if owner else (None, None)
    if owner:
        os.chown(folder, owner.pw_uid, owner.pw_gid)
    data, log = folder / "data", folder / "server.log"
    port = free_port()
    subprocess.run(
        [binaries / "initdb", "-D", data, "-U", SUPERUSER, "--auth=trust", "-E", "UTF8", "--no-sync"],
        check=True,
        capture_output=True,
        user=user,
        group=group,
    )
    options = f"-p {port} -k {folder} -c listen_addresses=127.0.0.1 {FAST_AND_FORGETFUL}"
    started = subprocess.run(
        [binaries / "pg_ctl", "-D", data, "-l", log, "-o", options, "-w", "start"],
        capture_output=True,
        text=True,
        user=user,
        group=group,
    )
    if started.returncode != 0:
        raise RuntimeError(f"PostgreSQL did not start: {started.stdout}{started.stderr}{log.read_text()}")
    try:
        yield PostgresServer(port)
    finally:
        subprocess.run(
            [binaries / "pg_ctl", "-D", data, "-m", "immediate", "stop"],
            capture_output=True,
            user=user,
            group=group,
        )
        shutil.rmtree(folder, ignore_errors=True)
