"""Temporal payloads encrypted with AES-256-GCM: the Temporal server, its UI and its
database hold ciphertext only; workers, services and the codec server hold the key.

An encrypted payload is `nonce (12 bytes) + AES-GCM(serialized original payload)`, its
metadata `encoding: binary/encrypted` and the id of the key (authenticated with it).

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
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from temporalio.api.common.v1 import Payload
from temporalio.converter import (
    CompositePayloadConverter,
    DefaultPayloadConverter,
    EncodingPayloadConverter,
    PayloadCodec,
)

from contact101.rpc.refusals import PermissionDenied
from contact101.runtime.config import Settings

ENCODING = b"binary/encrypted"
UNENCRYPTED = "binary/unencrypted"
KEY_ID = "encryption-key-id"
NONCE_BYTES = 12
KEY_CONTEXT = b"contact101 temporal payloads"


class UndecryptablePayload(ValueError):
    """A payload encrypted with a key this process does not hold, or tampered with."""


def derive_key(secret: str) -> AESGCM:
    """A 256-bit AES-GCM key derived (HKDF-SHA256) from a configured secret, which must itself
    be long and random: derivation adds no protection to a guessable one."""
    key = HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=KEY_CONTEXT).derive(secret.encode())
    return AESGCM(key)


@dataclass(frozen=True)
class PayloadKeys:
    """The key new payloads are encrypted with, and every key that may decrypt one, by id."""

    current_id: str
    by_id: Mapping[str, AESGCM]

    @classmethod
    def from_settings(cls, settings: Settings) -> PayloadKeys:
        keys = {
            key_id: derive_key(secret.get_secret_value())
            for key_id, secret in settings.payload_previous_keys.items()
        }
        keys[settings.payload_key_id] = derive_key(settings.payload_key.get_secret_value())
        return cls(current_id=settings.payload_key_id, by_id=keys)


def encrypt(keys: PayloadKeys, payload: Payload) -> Payload:
    nonce = os.urandom(NONCE_BYTES)
    key_id = keys.current_id.encode()
    ciphertext = keys.by_id[keys.current_id].encrypt(nonce, payload.SerializeToString(), key_id)
    return Payload(metadata={"encoding": ENCODING, KEY_ID: key_id}, data=nonce + ciphertext)


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
    try:
        plaintext = key.decrypt(payload.data[:NONCE_BYTES], payload.data[NONCE_BYTES:], key_id_bytes)
    except (InvalidTag, ValueError) as error:  # ValueError: too short to hold a nonce and tag
        raise UndecryptablePayload(f"payload under key {key_id!r} fails authentication") from error
    return Payload.FromString(plaintext)


class EncryptionCodec(PayloadCodec):
    """The payload codec every Contact101 Temporal client and worker uses."""

    def __init__(self, keys: PayloadKeys) -> None:
        self._keys = keys

    async def encode(self, payloads: Sequence[Payload]) -> list[Payload]:
        return [encrypt(self._keys, payload) for payload in payloads]

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
