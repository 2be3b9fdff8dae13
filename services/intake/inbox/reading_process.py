"""Reading an email in a child process with a deadline, so that no message can stop or stall the poller.

The poller hands each message's bytes to `python -m services.intake.inbox.reading_process`
on its standard input and reads the ReceivedEmail back as JSON. A message that makes the
parser (or the HTML reader) run past the deadline, or crash the interpreter,
ends only that child: the message is Unreadable with the reason, and the poller goes on.
"""

from __future__ import annotations

import asyncio
import base64
import json
import sys
from datetime import datetime, timedelta

from services.intake.inbox.email_reading import AttachedFile, ReceivedEmail, Unreadable, read_email


async def read_in_child(raw: bytes, deadline: timedelta) -> ReceivedEmail:
    """read_email(raw) in a child process, or Unreadable if it is not done within deadline."""
    child = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        __name__,
        stdin=asyncio.subprocess.PIPE,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.DEVNULL,
    )
    try:
        output, _ = await asyncio.wait_for(child.communicate(raw), deadline.total_seconds())
    except TimeoutError:
        raise Unreadable(f"reading it took longer than {deadline.total_seconds():g} seconds") from None
    finally:
        if child.returncode is None:
            child.kill()
            await child.wait()
    if child.returncode != 0:
        raise Unreadable(f"reading it stopped its reader (exit status {child.returncode})")
    return _decoded(output)


def _encoded(received: ReceivedEmail | Unreadable) -> bytes:
    if isinstance(received, Unreadable):
        return json.dumps({"unreadable": str(received)}).encode()
    return json.dumps(
        {
            "message_id": received.message_id,
            "digest": received.digest,
            "sender_name": received.sender_name,
            "sender_address": received.sender_address,
            "subject": received.subject,
            "body": received.body,
            "sent_at": received.sent_at.isoformat() if received.sent_at else None,
            "files": [
                [file.filename, file.content_type, base64.b64encode(file.content).decode()]
                for file in received.files
            ],
        }
    ).encode()


def _decoded(output: bytes) -> ReceivedEmail:
    fields = json.loads(output)
    if "unreadable" in fields:
        raise Unreadable(fields["unreadable"])
    return ReceivedEmail(
        message_id=fields["message_id"],
        digest=fields["digest"],
        sender_name=fields["sender_name"],
        sender_address=fields["sender_address"],
        subject=fields["subject"],
        body=fields["body"],
        sent_at=datetime.fromisoformat(fields["sent_at"]) if fields["sent_at"] else None,
        files=tuple(
            AttachedFile(filename, content_type, base64.b64decode(content))
            for filename, content_type, content in fields["files"]
        ),
    )


def main() -> None:
    raw = sys.stdin.buffer.read()
    try:
        received: ReceivedEmail | Unreadable = read_email(raw)
    except Unreadable as reason:
        received = reason
    sys.stdout.buffer.write(_encoded(received))


if __name__ == "__main__":
    main()
