"""What the desk's process holds for every request: settings, its channels to the services, the
people's tokens, the identity provider (when one is configured) and the question sets. It holds
no case data."""

from __future__ import annotations

from dataclasses import dataclass

from aiohttp import web

from contact101.runtime.config import Settings
from desk.openid_connect import IdentityProvider
from desk.people import PersonTokens
from desk.question_sets import QuestionSets
from desk.services_client import Services


@dataclass
class Desk:
    settings: Settings
    services: Services
    tokens: PersonTokens
    identity_provider: IdentityProvider | None
    question_sets: QuestionSets

    @classmethod
    def of(cls, settings: Settings) -> Desk:
        provider = IdentityProvider(settings) if settings.desk_oidc_issuer else None
        services = Services.open(settings)
        return cls(settings, services, PersonTokens(settings), provider, QuestionSets(services.intake))

    async def close(self) -> None:
        await self.services.close()


DESK = web.AppKey("desk", Desk)
