"""Bearer tokens: signed JWTs carrying the caller's id and role.

Every gRPC call carries `authorization: Bearer <jwt>`. The server side checks the
signature and the role each method allows; the client side attaches a token.
"""

from __future__ import annotations

import contextvars
import functools
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime

import jwt

from contact101.rpc.edge_checks import is_identifier
from contact101.rpc.refusals import PermissionDenied, Unauthenticated
from contact101.rpc.roles import ROLE_NAMES
from contact101.rules.permissions import Permission, role_in_words
from contact101.runtime.config import Settings
from contact101.v1 import common_pb2

ALGORITHM = "HS256"
VERIFIED_TOKENS_KEPT = 4096  # distinct tokens whose signature check is remembered, per process


@dataclass(frozen=True)
class Identity:
    user_id: str
    role: common_pb2.Role.ValueType

    @property
    def role_name(self) -> str:
        return role_name(self.role)

    def as_actor(self) -> common_pb2.Actor:
        return common_pb2.Actor(id=self.user_id, role=self.role)


def role_name(role: common_pb2.Role.ValueType) -> str:
    return next((name for name, value in ROLE_NAMES.items() if value == role), "unknown")


def normalised_user_id(user_id: str) -> str:
    """The one spelling of a person's id: `SGT.SELF` and `sgt.self` are one person."""
    return user_id.lower()


def issue_token(settings: Settings, user_id: str, role: str) -> str:
    """A signed token for user_id (normalised) acting in role (one of ROLE_NAMES)."""
    if role not in ROLE_NAMES:
        raise ValueError(f"unknown role {role!r}; expected one of {', '.join(ROLE_NAMES)}")
    if not is_identifier(user_id):
        raise ValueError(f"{user_id!r} is not a user id: letters, digits and . _ @ : + - only")
    now = datetime.now(UTC)
    claims = {
        "sub": normalised_user_id(user_id),
        "role": role,
        "iss": settings.token_issuer,
        "iat": now,
        "exp": now + settings.token_ttl,
    }
    return jwt.encode(claims, settings.token_key.get_secret_value(), algorithm=ALGORITHM)


def service_token(settings: Settings, service_id: str | None = None) -> str:
    """The token services and the worker use to call each other; service_id names a system
    acting on its own (the online-report form), settings.service_id otherwise."""
    return issue_token(settings, service_id or settings.service_id, "service")


def service_token_source(settings: Settings, service_id: str | None = None) -> Callable[[], str]:
    """The service token for every call: signed once, signed again halfway through its life."""
    token = ""
    renew_at = datetime.min.replace(tzinfo=UTC)

    def current() -> str:
        nonlocal token, renew_at
        now = datetime.now(UTC)
        if now >= renew_at:
            token = service_token(settings, service_id)
            renew_at = now + settings.token_ttl / 2
        return token

    return current


def verify_token(settings: Settings, token: str) -> Identity:
    """The identity in token, or Unauthenticated when it is not a valid token of ours (or no longer)."""
    identity, expires_at = _verified(
        token,
        settings.token_key.get_secret_value(),
        settings.token_issuer,
        settings.token_max_lifetime.total_seconds(),
    )
    if time.time() >= expires_at:
        raise Unauthenticated("invalid bearer token: Signature has expired")
    return identity


@functools.lru_cache(maxsize=VERIFIED_TOKENS_KEPT)
def _verified(token: str, key: str, issuer: str, max_lifetime: float) -> tuple[Identity, float]:
    """The identity in token and when it expires, its signature checked once per token: a
    service calls with the same token for hours. A token that fails is not remembered."""
    try:
        claims = jwt.decode(
            token,
            key,
            algorithms=[ALGORITHM],
            issuer=issuer,
            options={"require": ["sub", "role", "iat", "exp", "iss"]},
        )
    except jwt.PyJWTError as error:
        raise Unauthenticated(f"invalid bearer token: {error}") from error
    lifetime = float(claims["exp"]) - float(claims["iat"])
    if lifetime > max_lifetime:
        raise Unauthenticated(
            f"invalid bearer token: it lives {lifetime / 3600:g} h, longer than the "
            f"{max_lifetime / 3600:g} h allowed (CONTACT101_TOKEN_MAX_LIFETIME)"
        )
    role = ROLE_NAMES.get(str(claims["role"]))
    if role is None:
        raise Unauthenticated("invalid bearer token: unknown role")
    if not is_identifier(str(claims["sub"])):
        raise Unauthenticated("invalid bearer token: the subject is not a valid user id")
    return Identity(user_id=normalised_user_id(str(claims["sub"])), role=role), float(claims["exp"])


def identity_from_metadata(settings: Settings, metadata: tuple[tuple[str, str | bytes], ...]) -> Identity:
    """The caller's identity from the `authorization` metadata of a call."""
    values = [value for key, value in metadata if key == "authorization"]
    if not values:
        raise Unauthenticated("missing bearer token: send 'authorization: Bearer <token>'")
    header = values[0] if isinstance(values[0], str) else values[0].decode()
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "bearer" or not token:
        raise Unauthenticated("authorization metadata must be 'Bearer <token>'")
    return verify_token(settings, token.strip())


_current_identity: contextvars.ContextVar[Identity] = contextvars.ContextVar("contact101_identity")


def set_current_identity(identity: Identity) -> contextvars.Token[Identity]:
    return _current_identity.set(identity)


def current_identity() -> Identity:
    """The authenticated caller of the RPC being served."""
    return _current_identity.get()


def require_permission(identity: Identity, permission: Permission, method: str) -> None:
    """Refuse the call to method unless the caller's role may take its action."""
    if not permission.allows(identity.role):
        raise PermissionDenied(
            f"{method}: {permission.refusal}; {identity.user_id} is {role_in_words(identity.role)}"
        )
