"""Temporal payloads encrypted with AES-256-GCM: the Temporal server, its UI and its
database hold ciphertext only; workers, services and the codec server hold the key.

An encrypted payload is `nonce (12 bytes) + AES-GCM(serialized original payload)`, its
metadata `encoding: binary/encrypted`, the id of the key and, for a workflow's or activity's
payload, the workflow's id (both authenticated with it): the codec server knows whose data
it decrypts.

Only encrypted payloads are accepted: the codec decodes a payload that is not encrypted to
one marked `binary/unencrypted`, which the data converter refuses to read (a non-retryable
ApplicationError). So a client that reaches Temporal without the key gets nothing in: its
Update is rejected (no history event) and its workflow start fails at once, while one such
payload never stops the rest of a workflow task. A payload under a key this process does
not hold fails the workflow task instead, to be retried once the keys are configured.
Temporal's own payloads (search attributes, headers) never pass through the codec.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from typing import Any, Self

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from temporalio.api.common.v1 import Payload
from temporalio.converter import (
    ActivitySerializationContext,
    CompositePayloadConverter,
    DefaultPayloadConverter,
    EncodingPayloadConverter,
    PayloadCodec,
    SerializationContext,
    WithSerializationContext,
    WorkflowSerializationContext,
)

from contact101.rpc.refusals import PermissionDenied
from contact101.runtime.config import Settings
from contact101.runtime.key_ring import KeyRing

ENCODING = b"binary/encrypted"
UNENCRYPTED = "binary/unencrypted"
KEY_ID = "encryption-key-id"
WORKFLOW_ID = "workflow-id"
NONCE_BYTES = 12
KEY_CONTEXT = b"contact101 temporal payloads"


class UndecryptablePayload(ValueError):
    """A payload encrypted with a key this process does not hold, or tampered with."""


def derive_key(secret: str) -> AESGCM:
    """A 256-bit AES-GCM key derived (HKDF-SHA256) from a configured secret, which must itself
    be long and random: derivation adds no protection to a guessable one."""
    key = HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=KEY_CONTEXT).derive(secret.encode())
    return AESGCM(key)


# The key new payloads are encrypted with, and every key that may decrypt one, by id.
PayloadKeys = KeyRing[AESGCM]


def payload_keys(settings: Settings) -> PayloadKeys:
    return KeyRing.of(
        settings.payload_key_id, settings.payload_key, settings.payload_previous_keys, derive_key
    )


def associated_data(key_id: bytes, workflow_id: bytes) -> bytes:
    """What the ciphertext authenticates besides itself: the key id and the workflow id."""
    return key_id + b"\0" + workflow_id if workflow_id else key_id


def encrypt(keys: PayloadKeys, payload: Payload, workflow_id: str = "") -> Payload:
    nonce = os.urandom(NONCE_BYTES)
    key_id = keys.current_id.encode()
    metadata = {"encoding": ENCODING, KEY_ID: key_id}
    if workflow_id:
        metadata[WORKFLOW_ID] = workflow_id.encode()
    aad = associated_data(key_id, workflow_id.encode())
    ciphertext = keys.by_id[keys.current_id].encrypt(nonce, payload.SerializeToString(), aad)
    return Payload(metadata=metadata, data=nonce + ciphertext)


def workflow_id_of(payload: Payload) -> str:
    """The id of the workflow an encrypted payload belongs to ("" when it was encrypted outside one);
    decrypt proves it."""
    return payload.metadata.get(WORKFLOW_ID, b"").decode(errors="replace")


def is_encrypted(payload: Payload) -> bool:
    return payload.metadata.get("encoding") == ENCODING


def decrypt(keys: PayloadKeys, payload: Payload) -> Payload:
    """The original payload, for showing it (the codec server): one that was never encrypted
    comes back as it is. Workers and clients decode through EncryptionCodec, which refuses it."""
    if not is_encrypted(payload):
        return payload
    key_id_bytes = payload.metadata.get(KEY_ID, b"")
    key_id = key_id_bytes.decode(errors="replace")
    key = keys.by_id.get(key_id)
    if key is None:
        raise UndecryptablePayload(f"payload encrypted with key {key_id!r}, which is not configured")
    aad = associated_data(key_id_bytes, payload.metadata.get(WORKFLOW_ID, b""))
    try:
        plaintext = key.decrypt(payload.data[:NONCE_BYTES], payload.data[NONCE_BYTES:], aad)
    except (InvalidTag, ValueError) as error:  # ValueError: too short to hold a nonce and tag
        raise UndecryptablePayload(f"payload under key {key_id!r} fails authentication") from error
    return Payload.FromString(plaintext)


class EncryptionCodec(PayloadCodec, WithSerializationContext):
    """The payload codec every Contact101 Temporal client and worker uses; in a workflow's or
    activity's context it names the workflow in what it encrypts."""

    def __init__(self, keys: PayloadKeys, workflow_id: str = "") -> None:
        self._keys = keys
        self._workflow_id = workflow_id

    def with_context(self, context: SerializationContext) -> Self:
        if isinstance(context, WorkflowSerializationContext | ActivitySerializationContext):
            return type(self)(self._keys, context.workflow_id or "")
        return self

    async def encode(self, payloads: Sequence[Payload]) -> list[Payload]:
        return [encrypt(self._keys, payload, self._workflow_id) for payload in payloads]

    async def decode(self, payloads: Sequence[Payload]) -> list[Payload]:
        return [
            decrypt(self._keys, payload) if is_encrypted(payload) else marked_unencrypted(payload)
            for payload in payloads
        ]


def marked_unencrypted(payload: Payload) -> Payload:
    """A payload that came in without encryption, marked so that nothing reads it."""
    return Payload(metadata={"encoding": UNENCRYPTED.encode()}, data=payload.SerializeToString())


class UnencryptedPayloadRefusal(EncodingPayloadConverter):
    """Reads no payload that came in unencrypted: refuses it, so that the Update carrying it is
    rejected or the workflow it starts fails, with the reason."""

    @property
    def encoding(self) -> str:
        return UNENCRYPTED

    def to_payload(self, value: Any) -> Payload | None:
        return None  # never chosen to encode a value

    def from_payload(self, payload: Payload, type_hint: type | None = None) -> Any:
        raise PermissionDenied(
            "a Temporal payload not encrypted with a Contact101 payload key was refused"
        ).as_application_error()


class RefusingPayloadConverter(CompositePayloadConverter):
    """The SDK's default payload converters, and the refusal of unencrypted payloads."""

    def __init__(self) -> None:
        super().__init__(
            *DefaultPayloadConverter.default_encoding_payload_converters, UnencryptedPayloadRefusal()
        )
