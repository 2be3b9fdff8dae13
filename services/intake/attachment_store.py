"""The content of the files contacts come with, kept once each under its SHA-256.

A contact names its files by digest (common_pb2.Attachment), so their content stays here and
never travels with the case through Temporal. Storing is idempotent: the same content, from
a retry or from two callers at once, is one row. A contact may list a file only when its own
caller sent the content (or, amended, when the case lists it already): a digest learnt from
another case links nothing, and is refused as if nothing were stored under it.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence

from google.protobuf import json_format
from sqlalchemy import or_, select
from sqlalchemy.orm import Session, sessionmaker

from contact101.data.database import insert_once
from contact101.rpc.refusals import InvalidField, NotFound
from contact101.v1 import common_pb2
from services.intake.models import AttachmentContentRecord, AttachmentUploadRecord, Contact, ContactVersion


def store(sessions: sessionmaker[Session], content: bytes, uploader_id: str) -> AttachmentContentRecord:
    """Keep content under its SHA-256, or find it kept already, as sent by uploader_id."""
    sha256 = hashlib.sha256(content).hexdigest()
    record = insert_once(
        sessions,
        lambda session: session.get(AttachmentContentRecord, sha256),
        lambda _session: AttachmentContentRecord(sha256=sha256, size=len(content), content=content),
    )
    insert_once(
        sessions,
        lambda session: session.scalars(
            select(AttachmentUploadRecord).where(
                AttachmentUploadRecord.sha256 == sha256, AttachmentUploadRecord.uploader_id == uploader_id
            )
        ).one_or_none(),
        lambda _session: AttachmentUploadRecord(sha256=sha256, uploader_id=uploader_id),
    )
    return record


def require_stored(
    sessions: sessionmaker[Session],
    attachments: Sequence[common_pb2.Attachment],
    field: str,
    caller_id: str,
    reference: str | None = None,
) -> None:
    """Refuse a contact that lists a file whose content is not kept here, or not at that size,
    or that neither caller_id sent nor the case (reference, when amended) lists already."""
    if not attachments:
        return
    with sessions() as session:
        digests = {attachment.sha256 for attachment in attachments}
        listed = _listed_by(session, reference) if reference is not None else set()
        sent = select(AttachmentUploadRecord.sha256).where(AttachmentUploadRecord.uploader_id == caller_id)
        stored = session.execute(
            select(AttachmentContentRecord.sha256, AttachmentContentRecord.size).where(
                AttachmentContentRecord.sha256.in_(digests),
                or_(AttachmentContentRecord.sha256.in_(sent), AttachmentContentRecord.sha256.in_(listed)),
            )
        )
        sizes = {sha256: size for sha256, size in stored}
    for index, attachment in enumerate(attachments):
        if attachment.sha256 not in sizes:
            raise InvalidField(
                f"{field}[{index}].sha256", "names no stored content: store it first (StoreAttachment)"
            )
        if sizes[attachment.sha256] != attachment.size:
            raise InvalidField(f"{field}[{index}].size", "is not the size of the stored content")


def content_of(
    sessions: sessionmaker[Session], reference: str, sha256: str
) -> tuple[common_pb2.Attachment, bytes]:
    """One of the case's files, as a version of its contact lists it, and its content."""
    with sessions() as session:
        listed = (
            attachment for attachment in _attachments_of(session, reference) if attachment.sha256 == sha256
        )
        attachment = next(listed, None)
        record = session.get(AttachmentContentRecord, sha256) if attachment is not None else None
        if attachment is None or record is None:
            raise NotFound(f"case {reference} has no attachment with that SHA-256")
        return attachment, record.content


def _attachments_of(session: Session, reference: str) -> list[common_pb2.Attachment]:
    """The files every version of the case's contact lists, the latest version's first."""
    versions = session.scalars(
        select(ContactVersion.details_json)
        .join(Contact, Contact.id == ContactVersion.contact_id)
        .where(Contact.reference == reference)
        .order_by(ContactVersion.version.desc())
    ).all()
    return [
        attachment
        for details in versions
        for attachment in json_format.Parse(details, common_pb2.ContactDetails()).attachments
    ]


def _listed_by(session: Session, reference: str) -> set[str]:
    return {attachment.sha256 for attachment in _attachments_of(session, reference)}
