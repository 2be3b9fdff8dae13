"""The officer's desk in tests: served in-process in front of a test stack, with local accounts
made by the CLI's own command, and an HTTP client that signs in as a person would."""

from __future__ import annotations

import re
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

import aiohttp
from typer.testing import CliRunner
from yarl import URL

from cli.main import app as cli_app
from contact101.runtime.config import Settings
from desk.app import start

PASSWORD = "correct horse battery staple"
CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')


def desk_settings(settings: Settings, **overrides: Any) -> Settings:
    """The stack's settings with the desk's accounts file in its data folder."""
    return settings.model_copy(
        update={"desk_accounts_file": settings.data_dir / "desk-accounts.json", **overrides}
    )


def add_desk_user(settings: Settings, user: str, role: str, password: str = PASSWORD) -> str:
    """`contact101 desk-user add USER --role ROLE`, the password typed twice at its prompt."""
    result = CliRunner().invoke(
        cli_app,
        ["desk-user", "add", user, "--role", role],
        input=f"{password}\n{password}\n",
        env={"CONTACT101_DESK_ACCOUNTS_FILE": str(settings.desk_accounts_file)},
    )
    assert result.exit_code == 0, result.output
    return result.output


@asynccontextmanager
async def serving_desk(settings: Settings, address: str = "127.0.0.1:0") -> AsyncIterator[str]:
    """The desk's address (http://127.0.0.1:PORT) while it runs on address (a free port by default)."""
    site = await start(settings, address)
    try:
        yield f"http://127.0.0.1:{site.port}"
    finally:
        await site.stop()


def desk_client(url: str) -> aiohttp.ClientSession:
    """A client whose cookie jar keeps the desk's Secure cookie over loopback HTTP, as browsers do."""
    jar = aiohttp.CookieJar(unsafe=True, treat_as_secure_origin=[URL(url)])
    return aiohttp.ClientSession(url, cookie_jar=jar)


async def form_token(client: aiohttp.ClientSession, path: str) -> str:
    async with client.get(path) as response:
        found = CSRF.search(await response.text())
    assert found is not None, f"no form token on {path}"
    return found[1]


async def sign_in(
    client: aiohttp.ClientSession, user: str, password: str = PASSWORD
) -> aiohttp.ClientResponse:
    token = await form_token(client, "/sign-in")
    async with client.post(
        "/sign-in", data={"csrf_token": token, "user": user, "password": password}
    ) as response:
        await response.read()
        return response
