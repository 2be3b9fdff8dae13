"""Sign-ins and sign-outs in review's audit trail, recorded as the person themselves."""

from __future__ import annotations

import logging

import grpc

from contact101.v1 import review_pb2
from desk.people import Person, PersonTokens, act_as
from desk.services_client import CALL_TIMEOUT_SECONDS, Services

log = logging.getLogger(__name__)


async def record_sign_in(
    services: Services, tokens: PersonTokens, person: Person, kind: review_pb2.SignInKind.ValueType
) -> None:
    """Record it; raises the service's error when it cannot be recorded."""
    act_as(tokens.token_for(person))
    await services.review.RecordSignIn(
        review_pb2.RecordSignInRequest(kind=kind, method=person.method), timeout=CALL_TIMEOUT_SECONDS
    )


async def record_sign_out(
    services: Services, tokens: PersonTokens, person: Person, kind: review_pb2.SignInKind.ValueType
) -> None:
    """Record it if review answers: a person who signs out is signed out whatever happens."""
    try:
        await record_sign_in(services, tokens, person, kind)
    except grpc.aio.AioRpcError as error:
        log.warning("sign-out of %s not recorded: %s %s", person.user_id, error.code().name, error.details())
