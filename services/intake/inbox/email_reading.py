"""Reading one RFC 5322 message: who sent it, what it says, which files came with it.

Pure: bytes in, a ReceivedEmail out, or Unreadable with the reason it cannot become a
contact (the poller quarantines it). Headers and bodies in any charset the message declares
are decoded (encoded words, iso-8859-1, windows-1252, ...; one that cannot be, as UTF-8 with
replacements); an HTML-only message is read as its text. A message the parser cannot take
in reasonable time (header fields over MAX_HEADER_FIELD characters, over MAX_MULTIPART_PARTS
multipart parts) is refused before parsing; anything the parser raises, RecursionError
included, is Unreadable too. Reasons never quote the message: they reach logs.
"""

from __future__ import annotations

import email
import email.policy
import hashlib
import mimetypes
import re
from dataclasses import dataclass
from datetime import datetime
from email.headerregistry import Address
from email.message import EmailMessage, Message

from services.intake.inbox.html_text import html_to_text
from services.intake.inbox.message_bytes import content_digest, header_fields, multipart_parts

# Characters a file name may not keep: path separators and control characters.
UNSAFE_IN_FILENAME = re.compile(r"[\x00-\x1f\x7f-\x9f/\\\u2028\u2029]")
# Invisible control characters a body may carry (form feeds, escapes): dropped, keeping tabs and lines.
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
WHITESPACE = re.compile(r"\s+")
MAX_FILENAME = 200
# Past these the email package takes minutes (its header parser is quadratic in a field's
# length) or exhausts the stack (one level of recursion per nested part); real mail is far below.
MAX_HEADER_FIELD = 16_384
MAX_MULTIPART_PARTS = 100
# Mail labelled Latin-1 or ASCII is in practice often Windows-1252 (curly quotes, the euro sign),
# its superset for every printable character: read it so, as web browsers do.
READ_AS_WINDOWS_1252 = frozenset({"us-ascii", "ascii", "iso-8859-1", "iso8859-1", "latin-1", "latin1"})


class Unreadable(ValueError):
    """A message that cannot become a contact; the message says why."""


@dataclass(frozen=True)
class AttachedFile:
    filename: str
    content_type: str
    content: bytes

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.content).hexdigest()


@dataclass(frozen=True)
class ReceivedEmail:
    message_id: str  # the Message-ID header, "" when there is none
    digest: str  # SHA-256 of the message as its sender wrote it (message_bytes.content_digest)
    sender_name: str
    sender_address: str
    subject: str
    body: str
    sent_at: datetime | None  # the Date header, when it is a valid moment with its offset
    files: tuple[AttachedFile, ...]


def read_email(raw: bytes) -> ReceivedEmail:
    """The message in raw, or Unreadable with the reason it cannot be recorded."""
    if any(len(field) > MAX_HEADER_FIELD for field in header_fields(raw)):
        raise Unreadable(f"a header field is over {MAX_HEADER_FIELD} characters")
    if multipart_parts(raw, MAX_MULTIPART_PARTS) > MAX_MULTIPART_PARTS:
        raise Unreadable(f"it has more than {MAX_MULTIPART_PARTS} multipart parts")
    try:
        message = email.message_from_bytes(raw, policy=email.policy.default)
        assert isinstance(message, EmailMessage)  # the default policy makes EmailMessage
        sender = _sender(message)
        sender_address = _single_line(sender.addr_spec)
        subject = _single_line(str(message.get("Subject", "")))
        message_id = _single_line(str(message.get("Message-ID", "")))
        sent_at = _sent_at(message)
        body = _body(message)
        files = tuple(_file(part, number) for number, part in enumerate(message.iter_attachments(), 1))
    except Unreadable:
        raise
    except Exception as error:  # the email package raises many kinds (RecursionError too) on malformed input
        raise Unreadable(f"the message cannot be parsed ({type(error).__name__})") from error
    if not body:
        raise Unreadable("it has no text: no plain-text or HTML body with words in it")
    return ReceivedEmail(
        message_id=message_id,
        digest=content_digest(raw),
        sender_name=_single_line(sender.display_name) or sender_address,
        sender_address=sender_address,
        subject=subject,
        body=body,
        sent_at=sent_at,
        files=files,
    )


def _sender(message: EmailMessage) -> Address:
    header = message.get("From")
    addresses: tuple[Address, ...] = getattr(header, "addresses", ()) if header is not None else ()
    sender = next((address for address in addresses if address.username and address.domain), None)
    if sender is None:
        raise Unreadable("it has no From address to answer")
    return sender


def _single_line(text: str) -> str:
    """A header's text on one line. Raw 8-bit bytes in a header reach us as surrogates: they are
    read as UTF-8 (RFC 6532), anything else becomes a replacement character."""
    text = text.encode("utf-8", "surrogateescape").decode("utf-8", "replace")
    return WHITESPACE.sub(" ", CONTROL.sub("", text)).strip()


def _sent_at(message: EmailMessage) -> datetime | None:
    moment = getattr(message.get("Date"), "datetime", None)
    return moment if isinstance(moment, datetime) and moment.tzinfo is not None else None


def _body(message: EmailMessage) -> str:
    """The plain-text body, or the text of the HTML one when there is no plain text."""
    part = message.get_body(preferencelist=("plain", "html"))
    if part is None:
        return ""
    text = _text_of(part)
    if part.get_content_subtype() == "html":
        text = html_to_text(text)
    return "\n".join(line.rstrip() for line in CONTROL.sub("", text).strip().splitlines())


def _text_of(part: Message) -> str:
    """A text part decoded from its charset; one unknown or undecodable is read as UTF-8 with replacements."""
    payload = part.get_payload(decode=True)
    content = payload if isinstance(payload, bytes) else b""
    charset = part.get_content_charset()
    if charset is None:  # undeclared: UTF-8 if it is that, else Windows-1252
        try:
            return content.decode("utf-8")
        except UnicodeDecodeError:
            charset = "windows-1252"
    if charset in READ_AS_WINDOWS_1252:
        charset = "windows-1252"
    try:
        return content.decode(charset, errors="replace")
    except (LookupError, UnicodeError):  # an unknown codec, or one (idna) that raises whatever the errors=
        return content.decode("utf-8", errors="replace")


def _file(part: EmailMessage, number: int) -> AttachedFile:
    content_type = part.get_content_type()
    payload = part.get_payload(decode=True)
    if isinstance(payload, bytes):
        content = payload
    else:  # an attached message (message/rfc822) or multipart: its bytes as sent
        content = b"".join(inner.as_bytes() for inner in part.get_payload() if isinstance(inner, Message))
    filename = UNSAFE_IN_FILENAME.sub("_", _single_line(part.get_filename() or ""))[:MAX_FILENAME]
    extension = mimetypes.guess_extension(content_type) or ".bin"
    return AttachedFile(
        filename=filename or f"attachment-{number}{extension}", content_type=content_type, content=content
    )
