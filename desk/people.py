"""Who is signed in to the desk, and the bearer token each of their calls to the services carries.

The desk never calls a service as itself: every call carries a token naming the person signed
in and their role, signed with the key the services check (as the CLI's `--as` does), renewed
halfway through its life. The token is set for the request being served, so the one channel to
each service carries each person's own.
"""

from __future__ import annotations

import contextvars
from dataclasses import dataclass
from datetime import UTC, datetime

from aiohttp import web

from contact101.rpc.auth import issue_token
from contact101.rpc.roles import ROLE_NAMES
from contact101.rules import permissions
from contact101.rules.permissions import Permission, role_in_words
from contact101.runtime.config import Settings

PASSWORD = "password"
OPENID_CONNECT = "openid connect"


@dataclass(frozen=True)
class Person:
    user_id: str
    role: str  # a name of ROLE_NAMES: contact_officer, supervisor, decision_maker, operator
    method: str  # how they signed in: PASSWORD or OPENID_CONNECT

    def may(self, permission: Permission) -> bool:
        return permission.allows(ROLE_NAMES[self.role])

    @property
    def role_in_words(self) -> str:
        return role_in_words(ROLE_NAMES[self.role])

    @property
    def is_officer(self) -> bool:
        return self.may(permissions.RECORD_CONTACT)

    @property
    def is_supervisor(self) -> bool:
        return self.may(permissions.VERIFY_CASE)


# Who the request being served is for, and its form token (desk.sessions), for the pages.
PERSON = web.RequestKey("person", Person)
FORM_TOKEN = web.RequestKey("form_token", str)


class PersonTokens:
    """One token per person and role, signed again halfway through its life."""

    def __init__(self, settings: Settings) -> None:
        self._settings = settings
        self._tokens: dict[tuple[str, str], tuple[str, datetime]] = {}

    def token_for(self, person: Person) -> str:
        key = (person.user_id, person.role)
        now = datetime.now(UTC)
        token, renew_at = self._tokens.get(key, ("", now))
        if now >= renew_at:
            token = issue_token(self._settings, person.user_id, person.role)
            self._tokens[key] = (token, now + self._settings.token_ttl / 2)
        return token


_acting_token: contextvars.ContextVar[str] = contextvars.ContextVar("desk_acting_token")


def act_as(token: str) -> None:
    """Make the calls of the request being served carry token."""
    _acting_token.set(token)


def acting_token() -> str:
    """The token of the person the request being served acts for; LookupError when there is none,
    so that no call goes out without one."""
    return _acting_token.get()
