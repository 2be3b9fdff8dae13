"""What a message's bytes tell before any parsing: its header fields, its multipart parts, its digest.

Pure and linear in the message's size, so that it is safe on any input: the checks that keep
hostile messages away from the email parser, and the digest that tells one message from another.
"""

from __future__ import annotations

import hashlib
import re

# Fields that each relay or the final delivery adds to a message (RFC 5321 trace fields and
# their common companions): two copies of one message differ only in these.
TRACE_FIELDS = frozenset(
    {"received", "return-path", "delivered-to", "x-original-to", "envelope-to", "authentication-results"}
)
MULTIPART_HEADER = re.compile(rb"^content-type:[ \t]*multipart/", re.IGNORECASE | re.MULTILINE)


def header_fields(raw: bytes) -> list[bytes]:
    """The fields of the message's own header, each with its continuation lines, in order."""
    head = raw.replace(b"\r\n", b"\n").partition(b"\n\n")[0]
    fields: list[bytes] = []
    for line in head.split(b"\n"):
        if fields and line[:1] in (b" ", b"\t"):
            fields[-1] += b"\n" + line
        else:
            fields.append(line)
    return fields


def multipart_parts(raw: bytes, at_most: int) -> int:
    """How many multipart parts the message declares (its own and every nested one), up to at_most + 1."""
    count = 0
    for _ in MULTIPART_HEADER.finditer(raw):
        count += 1
        if count > at_most:
            break
    return count


def content_digest(raw: bytes) -> str:
    """SHA-256 of the message as its sender wrote it: every byte but the trace fields added on the
    way, line endings as LF. Copies of one message have one digest; any other change makes another."""
    text = raw.replace(b"\r\n", b"\n")
    _, separator, body = text.partition(b"\n\n")
    kept = [field for field in header_fields(text) if _name(field) not in TRACE_FIELDS]
    return hashlib.sha256(b"\n".join(kept) + separator + body).hexdigest()


def _name(field: bytes) -> str:
    return field.partition(b":")[0].strip().lower().decode("ascii", "replace")
