"""Tokens say when they were issued and live no longer than a shift; a user id has one spelling."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import grpc
import jwt
import pytest

from contact101.rpc.auth import ALGORITHM
from contact101.rpc.channels import open_channel
from contact101.v1 import intake_pb2, intake_pb2_grpc, review_pb2
from tests.cases import case_of, new_case_awaiting_verification
from tests.stack import Stack


def token(stack: Stack, **claims: object) -> str:
    now = datetime.now(UTC)
    issued: dict[str, object] = {
        "sub": "pc.smith",
        "role": "contact_officer",
        "iss": stack.settings.token_issuer,
    }
    issued.update({"iat": now, "exp": now + timedelta(hours=1)})
    issued.update(claims)
    present = {name: value for name, value in issued.items() if value is not None}
    return jwt.encode(present, stack.settings.token_key.get_secret_value(), algorithm=ALGORITHM)


async def refusal(stack: Stack, bearer: str) -> tuple[grpc.StatusCode, str]:
    async with open_channel(stack.settings.intake_address, lambda: bearer, stack.settings) as channel:
        with pytest.raises(grpc.aio.AioRpcError) as refused:
            await intake_pb2_grpc.IntakeServiceStub(channel).GetCase(
                intake_pb2.GetCaseRequest(reference="101-19990101-0001")
            )
    return refused.value.code(), refused.value.details() or ""


async def test_a_token_without_its_issue_time_is_refused(stack: Stack) -> None:
    code, details = await refusal(stack, token(stack, iat=None))
    assert code == grpc.StatusCode.UNAUTHENTICATED
    assert "iat" in details


async def test_a_token_living_longer_than_a_shift_is_refused_saying_so(stack: Stack) -> None:
    now = datetime.now(UTC)
    code, details = await refusal(stack, token(stack, iat=now, exp=now + timedelta(hours=12, minutes=1)))
    assert code == grpc.StatusCode.UNAUTHENTICATED
    assert "CONTACT101_TOKEN_MAX_LIFETIME" in details

    code, _ = await refusal(stack, token(stack, iat=now, exp=now + timedelta(hours=12)))
    assert code == grpc.StatusCode.NOT_FOUND  # a shift's token gets in (and finds no such case)


async def test_one_person_whatever_the_case_of_their_id(stack: Stack) -> None:
    case = await new_case_awaiting_verification(stack, "SGT.SELF")
    assert (await case_of(stack, case.reference)).officer_id == "sgt.self"

    with pytest.raises(grpc.aio.AioRpcError) as own_work:
        await stack.review("sgt.self").Approve(review_pb2.ApproveRequest(reference=case.reference))
    assert own_work.value.code() == grpc.StatusCode.PERMISSION_DENIED
    assert own_work.value.details() == f"sgt.self worked on case {case.reference} and cannot verify it"
