"""Signing in through the force's identity provider: OpenID Connect's authorization code flow
(with PKCE), by Authlib's OpenID client over httpx2.

The provider is found from its issuer's discovery document; the ID token's signature (the
provider's published keys), issuer, audience, expiry and nonce are checked by Authlib. The
person's id is the token's `preferred_username` (else its `sub`), and their role the value of
the configured claim (CONTACT101_DESK_OIDC_ROLE_CLAIM): a role name, or a list holding one.
"""

from __future__ import annotations

from typing import Any

from authlib.integrations.base_client import BaseApp
from authlib.integrations.base_client.async_app import AsyncOAuth2Mixin
from authlib.integrations.base_client.async_openid import AsyncOpenIDMixin
from authlib.integrations.httpx_client import AsyncOAuth2Client

from contact101.rpc.auth import normalised_user_id
from contact101.rpc.edge_checks import is_identifier
from contact101.rpc.roles import PERSON_ROLES
from contact101.runtime.config import Settings
from desk.people import OPENID_CONNECT, Person


class SignInRefused(Exception):
    """The provider's answer does not sign anyone in; the message says why, in words."""


class _OpenIdClient(AsyncOAuth2Mixin, AsyncOpenIDMixin, BaseApp):  # type: ignore[misc]
    client_cls = AsyncOAuth2Client


def desk_url(settings: Settings) -> str:
    return (settings.desk_public_url or f"http://{settings.desk_address}").rstrip("/")


class IdentityProvider:
    def __init__(self, settings: Settings) -> None:
        self._role_claim = settings.desk_oidc_role_claim
        self.redirect_uri = f"{desk_url(settings)}/sign-in/oidc/callback"
        issuer = settings.desk_oidc_issuer.rstrip("/")
        self._client = _OpenIdClient(
            None,
            name="force",
            client_id=settings.desk_oidc_client_id,
            client_secret=settings.desk_oidc_client_secret.get_secret_value(),
            server_metadata_url=f"{issuer}/.well-known/openid-configuration",
            client_kwargs={"scope": "openid profile", "code_challenge_method": "S256"},
        )

    async def authorization(self) -> dict[str, str]:
        """Where to send the browser (`url`), and the `state`, `nonce` and `code_verifier` to keep
        in the session until it comes back."""
        found: dict[str, str] = await self._client.create_authorization_url(self.redirect_uri)
        return found

    async def signed_in(self, code: str, kept: dict[str, str]) -> Person:
        """The person the provider's authorization code signs in, checked as the module says."""
        try:
            token = await self._client.fetch_access_token(
                self.redirect_uri, code=code, code_verifier=kept["code_verifier"]
            )
            claims: dict[str, Any] = dict(await self._client.parse_id_token(token, nonce=kept["nonce"]) or {})
        except Exception as error:  # Authlib's and httpx's errors alike: the sign-in did not happen
            raise SignInRefused(f"the identity provider's answer could not be checked ({error})") from error
        if not claims:
            raise SignInRefused("the identity provider sent no ID token")
        user_id = str(claims.get("preferred_username") or claims.get("sub") or "")
        if not is_identifier(user_id):
            raise SignInRefused(f"the identity provider names you {user_id!r}, which is not a user id here")
        role = role_from(claims.get(self._role_claim))
        if role is None:
            raise SignInRefused(
                f"the identity provider gives you no role for Contact101 (its claim {self._role_claim!r} "
                f"must name one of {', '.join(PERSON_ROLES)})"
            )
        return Person(user_id=normalised_user_id(user_id), role=role, method=OPENID_CONNECT)


def role_from(claim: object) -> str | None:
    """The role a claim names: the value itself, or the first of a list that is one."""
    values = claim if isinstance(claim, list) else [claim]
    return next((value for value in values if isinstance(value, str) and value in PERSON_ROLES), None)
