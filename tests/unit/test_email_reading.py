"""Reading an email into a contact, without any service: senders, charsets, HTML, files, ids."""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta

import pytest

from contact101.rpc.edge_checks import validate_contact
from contact101.rpc.refusals import InvalidField
from contact101.v1 import common_pb2
from services.intake.inbox.email_contact import email_contact, request_id_for
from services.intake.inbox.email_reading import Unreadable, read_email
from services.intake.inbox.html_text import html_to_text
from tests.inbox_messages import (
    BIKE,
    HOSTILE,
    SENT,
    UNDECODABLE_CHARSET,
    WINDOWS_1252,
    WINDOWS_1252_BODY,
    enquiry,
)

NOW = datetime.now(UTC)


def test_a_plain_email_reads_as_sender_subject_body_and_date() -> None:
    received = read_email(enquiry(message_id="<bike-1@example.org>"))
    assert (received.sender_name, received.sender_address) == ("Sam Sender", "sam.sender@example.org")
    assert (received.subject, received.body, received.message_id) == (
        "Stolen bike",
        BIKE,
        "<bike-1@example.org>",
    )
    assert received.sent_at == SENT
    assert received.files == ()


def test_windows_1252_bodies_and_encoded_word_headers_are_decoded() -> None:
    received = read_email(WINDOWS_1252)
    assert received.sender_name == "Renée Dupré"
    assert received.subject == "Vélo volé à la gare"
    assert received.body == WINDOWS_1252_BODY


def test_an_html_only_email_is_read_as_its_visible_text() -> None:
    html = (
        "<html><head><style>p {color: red}</style></head><body><p>Someone keyed my car&nbsp;&amp; "
        "<b>ran</b> off.</p><ul><li>silver Ford</li><li>outside no. 4</li></ul>"
        "<script>x()</script></body></html>"
    )
    assert read_email(enquiry(body=None, html=html)).body == (
        "Someone keyed my car & ran off.\n\nsilver Ford\n\noutside no. 4"
    )
    assert html_to_text("<p>a</p><p></p><p></p><p>b</p>") == "a\n\nb"


def test_files_keep_their_name_type_and_bytes_and_unsafe_names_are_made_safe() -> None:
    pdf = b"%PDF-1.4 receipt"
    received = read_email(
        enquiry(
            files=[("receipt.pdf", "application/pdf", pdf), ("../../etc/pass\twd", "text/plain", b"x\r\n")]
        )
    )
    first, second = received.files
    assert (first.filename, first.content_type, first.content) == ("receipt.pdf", "application/pdf", pdf)
    assert (second.filename, second.content_type) == (".._.._etc_pass wd", "text/plain")


@pytest.mark.parametrize(
    ("raw", "reason"),
    [
        (enquiry(sender=None), "no From address"),
        (enquiry(sender="undisclosed-recipients:;"), "no From address"),
        (enquiry(body=None, files=[("photo.jpg", "image/jpeg", b"\xff\xd8")]), "no text"),
        (enquiry(body="   \n  "), "no text"),
        (b"\x00\x01\x02 not an email at all", "no From address"),
    ],
    ids=["no From", "group without address", "only a file", "blank body", "garbage"],
)
def test_an_email_that_cannot_become_a_contact_is_unreadable_with_the_reason(raw: bytes, reason: str) -> None:
    with pytest.raises(Unreadable, match=reason):
        read_email(raw)


def test_the_request_id_is_the_inbox_the_message_id_and_the_content() -> None:
    raw = enquiry(message_id="<same@example.org>", subject="one")
    reused = enquiry(message_id="<same@example.org>", subject="two")
    request_id = request_id_for("enquiries", read_email(raw))
    assert request_id.startswith("email:enquiries:")
    assert request_id == request_id_for("enquiries", read_email(raw))
    assert request_id != request_id_for("enquiries", read_email(reused)), (
        "a reused Message-ID is another email"
    )
    assert request_id != request_id_for("cybercrime", read_email(raw))
    relayed = (
        b"Return-Path: <sam@example.org>\nReceived: from relay.example.org\n\tby mx.police.example\n" + raw
    )
    assert request_id_for("enquiries", read_email(relayed)) == request_id, "trace fields are not content"
    assert request_id_for("enquiries", read_email(raw.replace(b"\n", b"\r\n"))) == request_id
    without_id = enquiry(message_id=None)
    assert request_id_for("enquiries", read_email(without_id)) == request_id_for(
        "enquiries", read_email(without_id)
    )
    other = enquiry(message_id=None, subject="another")
    assert request_id_for("enquiries", read_email(without_id)) != request_id_for(
        "enquiries", read_email(other)
    )


@pytest.mark.parametrize(
    ("hostile", "reason"),
    [("nested parts", "more than 100 multipart parts"), ("huge header", "a header field is over 16384")],
)
def test_a_message_the_parser_cannot_take_is_refused_before_parsing(hostile: str, reason: str) -> None:
    started = time.monotonic()
    with pytest.raises(Unreadable, match=reason):
        read_email(HOSTILE[hostile])
    assert time.monotonic() - started < 1


def test_a_charset_that_cannot_decode_is_read_as_utf_8_with_replacements() -> None:
    assert read_email(UNDECODABLE_CHARSET).body == "My bike \ufffd\ufffd was stolen."


def test_the_contact_is_an_email_contact_that_passes_the_edge_checks() -> None:
    received = read_email(enquiry(files=[("receipt.pdf", "application/pdf", b"%PDF")]))
    contact = email_contact("enquiries", received, NOW)
    validate_contact(contact, NOW)
    assert contact.channel == common_pb2.CHANNEL_EMAIL
    assert contact.caller == common_pb2.Person(name="Sam Sender", email="sam.sender@example.org")
    assert contact.occurred_at.ToDatetime(tzinfo=UTC) == SENT
    assert contact.email.inbox == "enquiries" and contact.email.subject == "Stolen bike"
    assert [(a.filename, a.size, len(a.sha256)) for a in contact.attachments] == [("receipt.pdf", 4, 64)]


def test_an_email_dated_after_its_delivery_is_dated_when_it_was_delivered() -> None:
    received = read_email(enquiry())
    contact = email_contact("enquiries", received, SENT - timedelta(days=1))
    assert contact.occurred_at.ToDatetime(tzinfo=UTC) == SENT - timedelta(days=1)


@pytest.mark.parametrize(
    ("change", "field"),
    [
        (lambda contact: setattr(contact, "channel", common_pb2.CHANNEL_PHONE), "contact.email"),
        (lambda contact: contact.caller.ClearField("email"), "contact.caller.email"),
        (lambda contact: setattr(contact.email, "inbox", "not an inbox"), "contact.email.inbox"),
        (lambda contact: setattr(contact.email, "subject", "x" * 2_001), "contact.email.subject"),
        (
            lambda contact: setattr(contact.attachments[0], "sha256", "F" * 64),
            "contact.attachments[0].sha256",
        ),
        (
            lambda contact: setattr(contact.attachments[0], "content_type", "pdf"),
            "contact.attachments[0].content_type",
        ),
        (lambda contact: setattr(contact.attachments[0], "filename", ""), "contact.attachments[0].filename"),
        (lambda contact: setattr(contact.attachments[0], "size", -1), "contact.attachments[0].size"),
        (lambda contact: contact.attachments.extend([contact.attachments[0]] * 20), "contact.attachments"),
        (lambda contact: setattr(contact, "what_happened", "x" * 20_001), "contact.what_happened"),
    ],
)
def test_the_edge_checks_refuse_malformed_email_fields_by_name(
    change: Callable[[common_pb2.ContactDetails], object], field: str
) -> None:
    contact = email_contact("enquiries", read_email(enquiry(files=[("a.pdf", "application/pdf", b"%")])), NOW)
    change(contact)
    with pytest.raises(InvalidField) as refused:
        validate_contact(contact, NOW)
    assert refused.value.field == field


def test_only_an_emailed_contact_may_leave_out_where() -> None:
    contact = email_contact("enquiries", read_email(enquiry()), NOW)
    validate_contact(contact, NOW)
    contact.ClearField("email")
    with pytest.raises(InvalidField, match=r"contact\.location: is required"):
        validate_contact(contact, NOW)
