"""The intake service's own tables: contacts as received and every amended version."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from contact101.db import CreatedAtMixin, UtcDateTime, service_metadata
from contact101.sequences import SequenceMixin


class IntakeBase(DeclarativeBase):
    metadata = service_metadata()


class Contact(CreatedAtMixin, IntakeBase):
    """A contact as first received. Its details are the protobuf ContactDetails as JSON."""

    __tablename__ = "contacts"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    reference: Mapped[str] = mapped_column(String(32), unique=True)
    request_id: Mapped[str] = mapped_column(String(128), unique=True)
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


class ReferenceSequence(SequenceMixin, IntakeBase):
    __tablename__ = "reference_sequences"
