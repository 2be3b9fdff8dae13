"""The desk's sessions: who is signed in, in an encrypted cookie (Secure, HttpOnly, SameSite=Lax),
signed out after the idle timeout, with a token that every form sends back (CSRF).

The cookie is encrypted and authenticated (Fernet, aiohttp-session) with a key derived from the
token key every process has, so any desk replica reads any session and no server keeps them.
Signing in starts a new session (a session id fixed before sign-in is worth nothing after).
SameSite=Lax, not Strict: the identity provider's redirect back to the desk is a cross-site
navigation that must carry the session it started.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
import time

from aiohttp import web
from aiohttp_session import Session, get_session, new_session
from aiohttp_session.cookie_storage import EncryptedCookieStorage

from contact101.rpc.roles import PERSON_ROLES
from contact101.runtime.config import Settings
from desk.people import Person

COOKIE = "contact101_desk"
CSRF_FIELD = "csrf_token"


def session_storage(settings: Settings) -> EncryptedCookieStorage:
    secret = settings.token_key.get_secret_value().encode()
    key = hmac.digest(secret, b"contact101 desk session cookie", hashlib.sha256)
    return EncryptedCookieStorage(
        key,
        cookie_name=COOKIE,
        secure=True,
        httponly=True,
        samesite="Lax",
        max_age=None,  # the browser forgets it when it closes; has_lapsed ends it sooner
    )


def csrf_token(session: Session) -> str:
    """The session's form token, made when first asked for."""
    if CSRF_FIELD not in session:
        session[CSRF_FIELD] = secrets.token_urlsafe(32)
    token: str = session[CSRF_FIELD]
    return token


def is_forged(session: Session, posted: str) -> bool:
    expected = session.get(CSRF_FIELD, "")
    return not (expected and hmac.compare_digest(expected.encode(), posted.encode()))


def person_of(session: Session) -> Person | None:
    if session.get("role") not in PERSON_ROLES or not session.get("user"):
        return None
    return Person(user_id=session["user"], role=session["role"], method=session["method"])


def has_lapsed(session: Session, settings: Settings, now: float) -> bool:
    """Whether the person signed in has done nothing for the idle timeout, or signed in longer
    ago than a shift (the longest a token may live), however active since."""
    idle = now - float(session.get("seen", 0)) > settings.desk_idle_timeout.total_seconds()
    return idle or now - float(session.get("since", 0)) > settings.token_max_lifetime.total_seconds()


def seen_now(session: Session) -> None:
    session["seen"] = time.time()


async def start_session(request: web.Request, person: Person) -> Session:
    """A new session for the person, with a new form token."""
    session = await new_session(request)
    session.update({"user": person.user_id, "role": person.role, "method": person.method})
    session["since"] = time.time()
    seen_now(session)
    csrf_token(session)
    return session


async def end_session(request: web.Request) -> None:
    (await get_session(request)).invalidate()
