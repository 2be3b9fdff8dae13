"""Signed assertions: a service's word for a decision holds for that decision only, briefly."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from pydantic import SecretStr

from contact101.runtime.config import Settings
from contact101.temporal.assertions import (
    ASSERTION_LIFETIME,
    AssertionKeys,
    Occasion,
    assertion_keys,
    assertion_refusal,
    sign,
)
from contact101.v1 import case_pb2, common_pb2

SUPERVISOR = common_pb2.Actor(id="sgt.khan", role=common_pb2.ROLE_SUPERVISOR)
APPROVAL = Occasion("verify", "101-20261201-0001", "update-1")


def keys(secret: str = "assertion-secret", key_id: str = "a1", **previous: str) -> AssertionKeys:
    return assertion_keys(
        Settings(
            assertion_key=SecretStr(secret),
            assertion_key_id=key_id,
            assertion_previous_keys={name: SecretStr(value) for name, value in previous.items()},
        )
    )


def signed_approval(signing_keys: AssertionKeys | None = None) -> case_pb2.VerificationDecision:
    decision = case_pb2.VerificationDecision(actor=SUPERVISOR, approved=True)
    sign(signing_keys or keys(), decision, SUPERVISOR, APPROVAL)
    return decision


def now() -> datetime:
    return datetime.now(UTC)


def test_a_signed_decision_holds_for_its_actor_update_and_case() -> None:
    assert assertion_refusal(keys(), signed_approval(), SUPERVISOR, APPROVAL, now()) is None


def test_a_decision_without_an_assertion_is_refused() -> None:
    decision = case_pb2.VerificationDecision(actor=SUPERVISOR, approved=True)
    refusal = assertion_refusal(keys(), decision, SUPERVISOR, APPROVAL, now())
    assert refusal == (
        "verify of case 101-20261201-0001 by sgt.khan carries no assertion "
        "of the service that authenticated them"
    )


@pytest.mark.parametrize(
    ("actor", "occasion"),
    [
        (common_pb2.Actor(id="nobody.forged", role=common_pb2.ROLE_SUPERVISOR), APPROVAL),
        (common_pb2.Actor(id="sgt.khan", role=common_pb2.ROLE_DECISION_MAKER), APPROVAL),
        (SUPERVISOR, Occasion("verify", "101-20261201-0002", "update-1")),
        (SUPERVISOR, Occasion("verify", "101-20261201-0001", "update-2")),
        (SUPERVISOR, Occasion("cancel_crime", "101-20261201-0001", "update-1")),
    ],
    ids=["another actor", "another role", "another case", "another Update", "another kind of Update"],
)
def test_an_assertion_holds_for_nothing_else(actor: common_pb2.Actor, occasion: Occasion) -> None:
    assert "does not match" in (assertion_refusal(keys(), signed_approval(), actor, occasion, now()) or "")


def test_a_decision_changed_after_signing_is_refused() -> None:
    decision = signed_approval()
    decision.approved = False
    decision.reasons.append("forged")
    assert "does not match" in (assertion_refusal(keys(), decision, SUPERVISOR, APPROVAL, now()) or "")


def test_an_assertion_signed_with_another_secret_is_refused() -> None:
    forged = signed_approval(keys("guessed-secret"))
    assert "does not match" in (assertion_refusal(keys(), forged, SUPERVISOR, APPROVAL, now()) or "")


def test_an_assertion_under_a_key_we_do_not_hold_is_refused() -> None:
    foreign = signed_approval(keys("their-secret", "theirs"))
    assert "'theirs'" in (assertion_refusal(keys(), foreign, SUPERVISOR, APPROVAL, now()) or "")


def test_an_assertion_is_short_lived() -> None:
    decision = signed_approval()
    assert assertion_refusal(keys(), decision, SUPERVISOR, APPROVAL, now() + ASSERTION_LIFETIME / 2) is None
    later = now() + ASSERTION_LIFETIME + timedelta(seconds=1)
    assert "expired" in (assertion_refusal(keys(), decision, SUPERVISOR, APPROVAL, later) or "")


def test_after_a_key_rotation_assertions_under_the_previous_key_still_hold() -> None:
    old = signed_approval(keys("first-secret", "a1"))
    rotated = keys("second-secret", "a2", a1="first-secret")
    assert assertion_refusal(rotated, old, SUPERVISOR, APPROVAL, now()) is None
    assert assertion_refusal(rotated, signed_approval(rotated), SUPERVISOR, APPROVAL, now()) is None
