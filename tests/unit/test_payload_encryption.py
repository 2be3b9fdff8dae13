"""The payload codec: AES-GCM under a key id, unencrypted payloads refused, keys rotated."""

from __future__ import annotations

import pytest
from pydantic import SecretStr
from temporalio.api.common.v1 import Payload
from temporalio.converter import DataConverter, WorkflowSerializationContext
from temporalio.exceptions import ApplicationError

from contact101.runtime.config import Settings
from contact101.temporal.client import data_converter
from contact101.temporal.payload_encryption import (
    ENCODING,
    KEY_ID,
    WORKFLOW_ID,
    EncryptionCodec,
    PayloadKeys,
    UndecryptablePayload,
    decrypt,
    payload_keys,
)
from contact101.v1 import common_pb2

PLAIN = Payload(metadata={"encoding": b"binary/protobuf"}, data=b"Alex Example, 07700 900123")


def keys(secret: str = "first-secret", key_id: str = "k1", **previous: str) -> PayloadKeys:
    return payload_keys(
        Settings(
            payload_key=SecretStr(secret),
            payload_key_id=key_id,
            payload_previous_keys={name: SecretStr(value) for name, value in previous.items()},
        )
    )


async def test_an_encoded_payload_is_ciphertext_that_decodes_to_the_original() -> None:
    codec = EncryptionCodec(keys())
    [encoded] = await codec.encode([PLAIN])
    assert encoded.metadata["encoding"] == ENCODING
    assert encoded.metadata[KEY_ID] == b"k1"
    assert b"Alex" not in encoded.SerializeToString()
    assert await codec.decode([encoded]) == [PLAIN]


async def test_the_same_payload_encrypts_differently_each_time() -> None:
    codec = EncryptionCodec(keys())
    first, second = await codec.encode([PLAIN, PLAIN])
    assert first.data != second.data


async def test_a_payload_that_was_never_encrypted_is_refused() -> None:
    """What a Temporal client without the key sends: nothing in a worker or client reads it."""
    [plain] = await DataConverter.default.encode([common_pb2.Actor(id="nobody.forged")])
    with pytest.raises(ApplicationError, match="not encrypted") as refused:
        await data_converter(Settings()).decode([plain], [common_pb2.Actor])
    assert refused.value.non_retryable


async def test_the_codec_server_shows_a_payload_that_was_never_encrypted_as_it_is() -> None:
    assert decrypt(keys(), PLAIN) == PLAIN


async def test_after_a_key_rotation_old_payloads_still_decode() -> None:
    [old] = await EncryptionCodec(keys("first-secret", "k1")).encode([PLAIN])
    rotated = EncryptionCodec(keys("second-secret", "k2", k1="first-secret"))
    [new] = await rotated.encode([PLAIN])
    assert new.metadata[KEY_ID] == b"k2"
    assert await rotated.decode([old, new]) == [PLAIN, PLAIN]


async def test_a_payload_under_a_key_we_do_not_hold_is_refused() -> None:
    [foreign] = await EncryptionCodec(keys("their-secret", "theirs")).encode([PLAIN])
    with pytest.raises(UndecryptablePayload, match="theirs"):
        await EncryptionCodec(keys()).decode([foreign])


async def test_a_tampered_payload_is_refused() -> None:
    codec = EncryptionCodec(keys())
    [encoded] = await codec.encode([PLAIN])
    encoded.data = encoded.data[:-1] + bytes([encoded.data[-1] ^ 1])
    with pytest.raises(UndecryptablePayload):
        await codec.decode([encoded])


async def test_a_payload_relabelled_with_another_key_id_is_refused() -> None:
    both = keys("second-secret", "k2", k1="first-secret")
    [encoded] = await EncryptionCodec(both).encode([PLAIN])
    encoded.metadata[KEY_ID] = b"k1"
    with pytest.raises(UndecryptablePayload):
        await EncryptionCodec(both).decode([encoded])


async def test_in_a_workflows_context_a_payload_names_its_workflow_and_cannot_be_relabelled() -> None:
    context = WorkflowSerializationContext(namespace="default", workflow_id="101-20261123-0001")
    codec = EncryptionCodec(keys()).with_context(context)
    [encoded] = await codec.encode([PLAIN])
    assert encoded.metadata[WORKFLOW_ID] == b"101-20261123-0001"
    assert await EncryptionCodec(keys()).decode([encoded]) == [PLAIN]
    relabelled = Payload()
    relabelled.CopyFrom(encoded)
    relabelled.metadata[WORKFLOW_ID] = b"101-20261123-0002"
    with pytest.raises(UndecryptablePayload):
        await codec.decode([relabelled])
