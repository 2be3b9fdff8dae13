"""Signed assertions: a service's word to the case workflow that it authenticated the person
behind a decision, or recorded the contact that opens a case.

A service signs (HMAC-SHA256 under CONTACT101_ASSERTION_KEY) a statement of what the message
is for (an Update's name, or the case's opening), the case reference, the Update id, the
actor, a digest of the message's content and until when it holds; the signature travels in
the message's `assertion` field. The case workflow rebuilds the statement from the message and
its own context and checks it: a pure function of the keys, the message and workflow time, so
validators stay deterministic. The worker hands the keys to the workflow through the sandbox's
extern functions (AssertionKeysInterceptor): they are never in a workflow's history. Someone
who reaches Temporal directly, even with the payload key, can neither decide a case nor open one.
"""

from __future__ import annotations

import copy
import hashlib
import hmac
import json
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import TypeAlias

from temporalio import workflow
from temporalio.worker import Interceptor, WorkflowInboundInterceptor, WorkflowInterceptorClassInput

from contact101.runtime.config import Settings
from contact101.runtime.key_ring import KeyRing
from contact101.v1 import case_pb2, common_pb2, crime_decision_pb2

# Long enough for an Update asked for again while the worker is slow to take it up (the case
# client asks four times, about 30 s each), short enough that a copied assertion soon is useless.
ASSERTION_LIFETIME = timedelta(minutes=5)
OPENING = "open"  # what intake's assertion on a CaseOpened is for
REOPENING = "reopen"  # what a service's assertion on the CaseOpened that reopens a case is for
KEYS_FUNCTION = "contact101_assertion_keys"
Asserted: TypeAlias = (
    case_pb2.CaseOpened
    | case_pb2.VerificationDecision
    | case_pb2.Amendment
    | case_pb2.CaseInformation
    | crime_decision_pb2.CrimeCancellation
    | crime_decision_pb2.CrimeOutcome
)


# The key new assertions are signed with, and every key that may verify one, by id.
AssertionKeys = KeyRing[bytes]


def assertion_keys(settings: Settings) -> AssertionKeys:
    return KeyRing.of(
        settings.assertion_key_id, settings.assertion_key, settings.assertion_previous_keys, str.encode
    )


@dataclass(frozen=True)
class Occasion:
    """What an assertion is for: an Update of a case (its name and id), or the case's opening."""

    purpose: str
    reference: str
    update_id: str = ""

    def describe(self) -> str:
        return f"{self.purpose} of case {self.reference}"


def sign(keys: AssertionKeys, message: Asserted, actor: common_pb2.Actor, occasion: Occasion) -> None:
    """Set message.assertion: the signing service's word that it authenticated actor for occasion."""
    message.ClearField("assertion")
    assertion = message.assertion
    assertion.key_id = keys.current_id
    assertion.expires_at.FromDatetime(datetime.now(UTC) + ASSERTION_LIFETIME)
    assertion.signature = _signature(keys.by_id[keys.current_id], message, actor, occasion)


def assertion_refusal(
    keys: AssertionKeys, message: Asserted, actor: common_pb2.Actor, occasion: Occasion, now: datetime
) -> str | None:
    """Why message does not carry a service's valid assertion for actor and occasion at now;
    None when it does. Pure: the case workflow calls it in its validators."""
    if not message.HasField("assertion"):
        return (
            f"{occasion.describe()} by {actor.id} carries no assertion of the service that authenticated them"
        )
    assertion = message.assertion
    key = keys.by_id.get(assertion.key_id)
    if key is None:
        return f"{occasion.describe()} is asserted under key {assertion.key_id!r}, which is not configured"
    if not hmac.compare_digest(assertion.signature, _signature(key, message, actor, occasion)):
        return f"the assertion does not match this {occasion.describe()} by {actor.id}"
    expires_at = assertion.expires_at.ToDatetime(tzinfo=UTC)
    if now >= expires_at:
        return f"the assertion of {occasion.describe()} by {actor.id} expired at {expires_at:%H:%M:%S} UTC"
    return None


def _signature(key: bytes, message: Asserted, actor: common_pb2.Actor, occasion: Occasion) -> bytes:
    content = copy.deepcopy(message)
    content.ClearField("assertion")
    digest = hashlib.sha256(content.SerializeToString(deterministic=True)).hexdigest()
    statement = [
        message.assertion.key_id,
        message.assertion.expires_at.ToJsonString(),
        occasion.purpose,
        occasion.reference,
        occasion.update_id,
        actor.id,
        int(actor.role),
        digest,
    ]
    return hmac.new(key, json.dumps(statement).encode(), hashlib.sha256).digest()


class AssertionKeysInterceptor(Interceptor):
    """Gives the case workflow, in the worker, the keys its assertions are checked with."""

    def __init__(self, keys: AssertionKeys) -> None:
        self._keys = keys

    def workflow_interceptor_class(
        self, input: WorkflowInterceptorClassInput
    ) -> type[WorkflowInboundInterceptor] | None:
        keys = self._keys
        input.unsafe_extern_functions[KEYS_FUNCTION] = lambda: keys
        return None


def keys_in_workflow() -> AssertionKeys:
    """The worker's assertion keys, from inside the case workflow (the same on every replay)."""
    given = workflow.extern_functions().get(KEYS_FUNCTION)
    keys = given() if given else None
    if not isinstance(keys, KeyRing):
        raise RuntimeError("the worker runs without AssertionKeysInterceptor: no assertion can be checked")
    return keys
