"""A contact links only files whose content came with its own caller's requests: knowing
another case's digest gives nobody its content."""

from __future__ import annotations

import hashlib
import uuid

import grpc
import pytest

from contact101.v1 import intake_pb2
from tests.stack import Stack, count_rows, phone_theft

UNSTORED = "contact.attachments[0].sha256: names no stored content: store it first (StoreAttachment)"


def listing(content: bytes) -> intake_pb2.CreateContactRequest:
    contact = phone_theft()
    contact.attachments.add(
        filename="statement.pdf",
        content_type="application/pdf",
        size=len(content),
        sha256=hashlib.sha256(content).hexdigest(),
    )
    return intake_pb2.CreateContactRequest(request_id=str(uuid.uuid4()), contact=contact)


async def test_a_digest_someone_else_stored_links_nothing_and_reads_nothing(stack: Stack) -> None:
    content = b"a victim's statement, stored by the officer who took it " + uuid.uuid4().bytes
    owner = stack.intake("pc.owner")
    await owner.StoreAttachment(intake_pb2.StoreAttachmentRequest(content=content))
    owned = await owner.CreateContact(listing(content))

    before = count_rows(stack.settings, "intake", "contacts")
    with pytest.raises(grpc.aio.AioRpcError) as refused:
        await stack.intake("pc.curious").CreateContact(listing(content))
    assert refused.value.code() == grpc.StatusCode.INVALID_ARGUMENT
    assert refused.value.details() == UNSTORED
    assert count_rows(stack.settings, "intake", "contacts") == before

    fetched = await owner.GetAttachment(
        intake_pb2.GetAttachmentRequest(reference=owned.reference, sha256=hashlib.sha256(content).hexdigest())
    )
    assert fetched.content == content


async def test_storing_the_content_oneself_links_it(stack: Stack) -> None:
    content = b"the same photo, sent by two callers " + uuid.uuid4().bytes
    await stack.intake("pc.one").StoreAttachment(intake_pb2.StoreAttachmentRequest(content=content))
    await stack.intake("pc.two").StoreAttachment(intake_pb2.StoreAttachmentRequest(content=content))
    for officer in ("pc.one", "pc.two"):
        created = await stack.intake(officer).CreateContact(listing(content))
        assert created.created
    assert (
        count_rows(
            stack.settings, "intake", "attachment_contents", sha256=hashlib.sha256(content).hexdigest()
        )
        == 1
    )
