"""The intake service's own tables: contacts as received, every amended version and its guided
answers, the cases still to start, the caller outbox, and the content of the files contacts
came with."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import BigInteger, ForeignKey, Index, Integer, LargeBinary, String, Text, UniqueConstraint
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from contact101.data.database import CreatedAtMixin, UtcDateTime, rule_version_column, service_metadata
from contact101.data.sequences import SequenceMixin


class IntakeBase(DeclarativeBase):
    metadata = service_metadata()


class Contact(CreatedAtMixin, IntakeBase):
    """A contact as first received. Its details are the protobuf ContactDetails as JSON."""

    __tablename__ = "contacts"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    reference: Mapped[str] = mapped_column(String(32), unique=True)
    request_id: Mapped[str] = mapped_column(String(128), unique=True)
    # SHA-256 of what the request asked (services.intake.request_digest): a retry matches it.
    request_digest: Mapped[str] = mapped_column(String(64))
    officer_id: Mapped[str] = mapped_column(String(128))
    channel: Mapped[str] = mapped_column(String(32))
    received_at: Mapped[datetime] = mapped_column(UtcDateTime)
    current_version: Mapped[int] = mapped_column(default=1)


class ContactVersion(CreatedAtMixin, IntakeBase):
    """Version 1 is the contact as received; each amendment adds the next."""

    __tablename__ = "contact_versions"
    __table_args__ = (UniqueConstraint("contact_id", "version"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    contact_id: Mapped[int] = mapped_column(ForeignKey("contacts.id"))
    version: Mapped[int]
    officer_id: Mapped[str] = mapped_column(String(128))
    details_json: Mapped[str] = mapped_column(Text)


class ContactAnswer(CreatedAtMixin, IntakeBase):
    """One question of a contact version's question set (ContactDetails.guided), by question id
    and the set's version: answered (its Answer as JSON), or a mandatory line of enquiry left
    unanswered (the gap the supervisor sees)."""

    __tablename__ = "contact_answers"
    __table_args__ = (UniqueConstraint("contact_id", "version", "question_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    contact_id: Mapped[int] = mapped_column(ForeignKey("contacts.id"))
    version: Mapped[int]
    question_set_id: Mapped[str] = mapped_column(String(64))
    question_set_version: Mapped[str] = mapped_column(String(100))
    question_id: Mapped[str] = mapped_column(String(64))
    status: Mapped[str] = mapped_column(String(32))  # answered | unanswered_mandatory
    answer_json: Mapped[str] = mapped_column(Text)  # empty when unanswered


class CaseStartRecord(CreatedAtMixin, IntakeBase):
    """A contact's case to start, written with the contact (the case-start outbox): the
    CaseOpened message its workflow starts with (emptied once started), and when Temporal
    took it."""

    __tablename__ = "case_starts"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    reference: Mapped[str] = mapped_column(ForeignKey("contacts.reference"), unique=True)
    case_opened: Mapped[bytes] = mapped_column(LargeBinary)
    queued_at: Mapped[datetime] = mapped_column(UtcDateTime)
    failed_attempts: Mapped[int] = mapped_column(default=0)
    started_at: Mapped[datetime | None] = mapped_column(UtcDateTime, index=True)


class ReferenceSequence(SequenceMixin, IntakeBase):
    __tablename__ = "reference_sequences"


class CallerNotificationRecord(CreatedAtMixin, IntakeBase):
    """The caller-notification outbox: queued by the case workflow, drained by delivery."""

    __tablename__ = "caller_notifications"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    notification_id: Mapped[str] = mapped_column(String(96), unique=True)
    reference: Mapped[str] = mapped_column(String(32), index=True)
    kind: Mapped[str] = mapped_column(String(48))
    message: Mapped[str] = mapped_column(Text)
    queued_at: Mapped[datetime] = mapped_column(UtcDateTime)
    delivery_attempts: Mapped[int] = mapped_column(default=0)
    delivered_at: Mapped[datetime | None] = mapped_column(UtcDateTime, index=True)


class FirstContactResolutionRecord(CreatedAtMixin, IntakeBase):
    """A contact resolved or redirected at first contact, with the agency: the first-contact
    resolution figure counts these (the row of the case's current version)."""

    __tablename__ = "first_contact_resolutions"
    __table_args__ = (UniqueConstraint("reference", "contact_version"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    reference: Mapped[str] = mapped_column(String(32), index=True)
    contact_version: Mapped[int]
    outcome: Mapped[str] = mapped_column(String(64))
    agency: Mapped[str] = mapped_column(String(200))
    advice: Mapped[str] = mapped_column(Text)
    rule_version: Mapped[str] = rule_version_column()
    resolved_at: Mapped[datetime] = mapped_column(UtcDateTime)


class AttachmentContentRecord(CreatedAtMixin, IntakeBase):
    """The content of a file a contact came with, kept once under its SHA-256 (content-addressed):
    contacts list their files by that digest, so the content never travels with the case."""

    __tablename__ = "attachment_contents"

    sha256: Mapped[str] = mapped_column(String(64), primary_key=True)
    size: Mapped[int] = mapped_column(BigInteger)
    content: Mapped[bytes] = mapped_column(LargeBinary, deferred=True)


class AttachmentUploadRecord(CreatedAtMixin, IntakeBase):
    """Who sent a file's content (StoreAttachment): a contact may list only files its own
    caller sent, so knowing a digest never opens another case's file."""

    __tablename__ = "attachment_uploads"
    __table_args__ = (UniqueConstraint("sha256", "uploader_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    sha256: Mapped[str] = mapped_column(ForeignKey("attachment_contents.sha256"))
    uploader_id: Mapped[str] = mapped_column(String(128))


class CaseKeyRecord(CreatedAtMixin, IntakeBase):
    """A key a case can be found by (FindCases): the digest of a caller's or victim's phone,
    email, name with date of birth, postcode or address, or of where it happened. Each
    version of the contact adds its keys; a lookup reads the index on (kind, digest)."""

    __tablename__ = "case_keys"
    __table_args__ = (
        UniqueConstraint("kind", "digest", "reference"),
        Index("ix_case_keys_kind_digest_received_at", "kind", "digest", "received_at"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    kind: Mapped[str] = mapped_column(String(32))
    digest: Mapped[str] = mapped_column(String(64))
    reference: Mapped[str] = mapped_column(String(32), index=True)
    received_at: Mapped[datetime] = mapped_column(UtcDateTime)
