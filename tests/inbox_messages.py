"""Real RFC 5322 messages for the enquiry-inbox tests, and delivering them into a Maildir."""

from __future__ import annotations

import mailbox
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid
from pathlib import Path

SENDER = "Sam Sender <sam.sender@example.org>"
BIKE = "My bike was stolen from outside the library on Park Row this morning. It is a red Raleigh."
SENT = datetime.now(UTC).replace(microsecond=0) - timedelta(hours=3)
File = tuple[str, str, bytes]  # filename, content type, content

# Headers in ISO-8859-1 encoded words, a body in Windows-1252 (curly quotes, dashes, the euro sign).
WINDOWS_1252 = (
    b"From: =?iso-8859-1?q?Ren=E9e_Dupr=E9?= <renee.dupre@example.org>\r\n"
    b"To: enquiries@police.example\r\n"
    b"Subject: =?iso-8859-1?q?V=E9lo_vol=E9_=E0_la_gare?=\r\n"
    b"Date: " + format_datetime(SENT).encode() + b"\r\n"
    b"Message-ID: <velo-vole@example.org>\r\n"
    b"MIME-Version: 1.0\r\n"
    b"Content-Type: text/plain; charset=windows-1252\r\n"
    b"Content-Transfer-Encoding: 8bit\r\n"
    b"\r\n"
    b"My bike \x96 a \x93Brompton\x94 \x96 was taken at the station; it cost \x80900.\r\n"
)
WINDOWS_1252_BODY = (
    "My bike \u2013 a \u201cBrompton\u201d \u2013 was taken at the station; it cost \u20ac900."
)


def enquiry(
    *,
    sender: str | None = SENDER,
    subject: str = "Stolen bike",
    body: str | None = BIKE,
    html: str | None = None,
    message_id: str | None = "new",
    files: Sequence[File] = (),
) -> bytes:
    """An email to the enquiries inbox; message_id "new" makes a fresh one, None leaves it out."""
    message = EmailMessage()
    if sender is not None:
        message["From"] = sender
    message["To"] = "enquiries@police.example"
    message["Subject"] = subject
    message["Date"] = format_datetime(SENT)
    if message_id is not None:
        message["Message-ID"] = make_msgid(domain="example.org") if message_id == "new" else message_id
    if body is not None:
        message.set_content(body)
        if html is not None:
            message.add_alternative(html, subtype="html")
    elif html is not None:
        message.set_content(html, subtype="html")
    for filename, content_type, content in files:
        maintype, _, subtype = content_type.partition("/")
        message.add_attachment(content, maintype=maintype, subtype=subtype, filename=filename)
    return message.as_bytes()


def deliver(folder: Path, *messages: bytes) -> list[str]:
    """Deliver the messages into the Maildir's new/ as a mail server does; their keys."""
    folder.parent.mkdir(parents=True, exist_ok=True)
    box = mailbox.Maildir(folder, create=True)
    return [box.add(raw) for raw in messages]


def names_in(folder: Path) -> list[str]:
    return sorted(path.name for path in folder.iterdir()) if folder.is_dir() else []


def _plain(headers: bytes, body: bytes = b"Someone took my bike from the station.\n") -> bytes:
    return b"From: Sam Sender <sam.sender@example.org>\nMIME-Version: 1.0\n" + headers + b"\n" + body


def nested_parts(depth: int) -> bytes:
    """A message of `depth` multipart/mixed parts, each inside the last (1,000: about 64 KB)."""
    opening = b"".join(
        b'Content-Type: multipart/mixed; boundary="b%d"\n\n--b%d\n' % (n, n) for n in range(depth)
    )
    closing = b"".join(b"--b%d--\n" % n for n in reversed(range(depth)))
    text = b"Content-Type: text/plain\n\nMy bike was stolen.\n"
    return (
        b"From: Sam Sender <sam.sender@example.org>\nSubject: nested\nMIME-Version: 1.0\n"
        + opening
        + text
        + closing
    )


# Messages whose content alone used to stop the inbox poller, or stall it for minutes.
HOSTILE = {
    "nested parts": nested_parts(1_000),
    "huge header": _plain(b"Subject: " + b"=?utf-8?q?abc?= " * 50_000 + b"\n"),
    "slow html": _plain(b"Subject: html\nContent-Type: text/html\n", b"<a " * 20_000),
}
UNDECODABLE_CHARSET = _plain(
    b"Subject: charset\nContent-Type: text/plain; charset=idna\n", b"My bike \xff\xfe was stolen.\n"
)
