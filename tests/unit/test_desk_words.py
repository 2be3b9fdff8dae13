"""The desk's plain words: a service's refusal as a person reads it, and the role an identity
provider's claim names."""

from __future__ import annotations

import grpc
import pytest

from desk.openid_connect import role_from
from desk.refusal_words import refusal_in_words


def refused(code: grpc.StatusCode, details: str) -> grpc.aio.AioRpcError:
    return grpc.aio.AioRpcError(code, grpc.aio.Metadata(), grpc.aio.Metadata(), details, None)


@pytest.mark.parametrize(
    ("code", "details", "words"),
    [
        (
            grpc.StatusCode.PERMISSION_DENIED,
            "sgt.jones worked on case 101-20261202-0001 and cannot verify it",
            "You cannot verify case 101-20261202-0001: you worked on it",
        ),
        (
            grpc.StatusCode.FAILED_PRECONDITION,
            "case 101-20261202-0001 is not awaiting verification (it is RETURNED_FOR_REWORK)",
            "Case 101-20261202-0001 is not awaiting verification (it is returned for rework). "
            "Nothing was changed.",
        ),
        (
            grpc.StatusCode.PERMISSION_DENIED,
            "Approve: only a supervisor can verify a case; pc.smith is a contact officer",
            "Only a supervisor can verify a case; pc.smith is a contact officer. Nothing was changed.",
        ),
        (
            grpc.StatusCode.INVALID_ARGUMENT,
            "contact.caller.phone: must be a UK phone number",
            "Caller's phone number: must be a UK phone number.",
        ),
        (
            grpc.StatusCode.INVALID_ARGUMENT,
            "contact.location_postcode: is not a postcode",
            "Location postcode: is not a postcode.",
        ),
        (grpc.StatusCode.UNAVAILABLE, "intake: connection refused", "The service did not answer in time"),
    ],
)
def test_a_refusal_is_the_services_reason_in_plain_words(
    code: grpc.StatusCode, details: str, words: str
) -> None:
    said = refusal_in_words(refused(code, details), {"contact.caller.phone": "Caller's phone number"})
    assert said.startswith(words)
    assert "_" not in said.replace("101-", "")


@pytest.mark.parametrize(
    ("claim", "role"),
    [
        ("supervisor", "supervisor"),
        (["staff", "decision_maker"], "decision_maker"),
        ("service", None),
        (None, None),
        (7, None),
    ],
)
def test_the_role_is_the_claims_value_or_the_first_role_in_its_list(claim: object, role: str | None) -> None:
    assert role_from(claim) == role
