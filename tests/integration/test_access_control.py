"""Nobody in who should not be: every RPC of every service refuses bad tokens and wrong roles."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

import grpc
import jwt
import pytest

from contact101.rpc.auth import ALGORITHM, issue_token
from contact101.rpc.channels import channel_to, open_channel
from contact101.rpc.roles import ROLE_NAMES
from contact101.v1 import review_pb2
from tests.rpc_catalogue import ALL_RPCS, METHOD_ROLES, SERVICE_DESCRIPTORS, Rpc
from tests.stack import Stack

RPC_IDS = [rpc.id for rpc in ALL_RPCS]


def signed(stack: Stack, key: str | None = None, algorithm: str = ALGORITHM, **changes: Any) -> str:
    """A token like the ones we issue, with claims changed (None removes one)."""
    now = datetime.now(UTC)
    claims: dict[str, Any] = {
        "sub": "pc.smith",
        "role": "contact_officer",
        "iss": stack.settings.token_issuer,
        "iat": now,
        "exp": now + timedelta(hours=1),
    }
    claims.update(changes)
    claims = {name: value for name, value in claims.items() if value is not None}
    return jwt.encode(claims, key or stack.settings.token_key.get_secret_value(), algorithm=algorithm)


BAD_TOKENS: dict[str, Callable[[Stack], str]] = {
    "expired": lambda stack: signed(stack, exp=datetime.now(UTC) - timedelta(seconds=1)),
    "signed with a foreign key": lambda stack: signed(stack, key="someone-elses-key-of-good-length-0123"),
    "another issuer": lambda stack: signed(stack, iss="not-contact101"),
    "unsigned (alg none)": lambda stack: jwt.encode(
        {"sub": "pc.smith", "role": "service"}, "", algorithm="none"
    ),
    "unknown role": lambda stack: signed(stack, role="chief_constable"),
    "no expiry": lambda stack: signed(stack, exp=None),
    "no issued-at": lambda stack: signed(stack, iat=None),
    "living longer than a shift": lambda stack: signed(stack, exp=datetime.now(UTC) + timedelta(hours=13)),
    "no subject": lambda stack: signed(stack, sub=None),
    "subject not a user id": lambda stack: signed(stack, sub="pc smith\n"),
    "not a JWT": lambda stack: "let-me-in",
}


async def call(stack: Stack, rpc: Rpc, metadata: tuple[tuple[str, str], ...]) -> grpc.StatusCode:
    async with channel_to(stack.settings.address_of(rpc.service), stack.settings) as channel:
        try:
            await rpc.callable(channel)(rpc.request_class()(), metadata=metadata, timeout=10)
        except grpc.aio.AioRpcError as error:
            return error.code()
    return grpc.StatusCode.OK


def test_every_rpc_names_the_roles_it_admits() -> None:
    for service, descriptor in SERVICE_DESCRIPTORS.items():
        assert {method.name for method in descriptor.methods} <= set(METHOD_ROLES[service]), service


@pytest.mark.parametrize("rpc", ALL_RPCS, ids=RPC_IDS)
async def test_a_call_without_a_valid_token_is_unauthenticated(stack: Stack, rpc: Rpc) -> None:
    headers = {"no token": (), "not a bearer token": (("authorization", "Basic cGM6c2VjcmV0"),)}
    for name, make in BAD_TOKENS.items():
        headers[name] = (("authorization", f"Bearer {make(stack)}"),)
    codes = {name: await call(stack, rpc, metadata) for name, metadata in headers.items()}
    assert codes == dict.fromkeys(headers, grpc.StatusCode.UNAUTHENTICATED)


@pytest.mark.parametrize("rpc", ALL_RPCS, ids=RPC_IDS)
async def test_each_role_is_admitted_only_where_it_is_allowed(stack: Stack, rpc: Rpc) -> None:
    for role_name, role in ROLE_NAMES.items():
        token = issue_token(stack.settings, "someone", role_name)
        code = await call(stack, rpc, (("authorization", f"Bearer {token}"),))
        if role in rpc.allowed_roles():
            assert code not in (grpc.StatusCode.PERMISSION_DENIED, grpc.StatusCode.UNAUTHENTICATED), role_name
        else:
            assert code == grpc.StatusCode.PERMISSION_DENIED, role_name


async def test_the_refusal_says_what_is_wrong_with_the_token(stack: Stack) -> None:
    token = BAD_TOKENS["expired"](stack)
    async with open_channel(stack.settings.intake_address, lambda: token, stack.settings) as channel:
        rpc = next(rpc for rpc in ALL_RPCS if rpc.id == "intake.GetCase")
        with pytest.raises(grpc.aio.AioRpcError) as refused:
            await rpc.callable(channel)(rpc.request_class()(reference="101-19990101-0001"))
    assert refused.value.code() == grpc.StatusCode.UNAUTHENTICATED
    assert "expired" in (refused.value.details() or "")


async def test_a_refused_role_hears_who_may_take_the_action(stack: Stack) -> None:
    with pytest.raises(grpc.aio.AioRpcError) as refused:
        await stack.review("pc.smith", role="contact_officer").Approve(
            review_pb2.ApproveRequest(reference="101-19990101-0001")
        )
    assert refused.value.code() == grpc.StatusCode.PERMISSION_DENIED
    assert refused.value.details() == (
        "Approve: only a supervisor can verify a case; pc.smith is a contact officer"
    )
