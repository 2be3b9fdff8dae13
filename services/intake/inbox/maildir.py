"""One enquiry inbox: a Maildir folder (new/, cur/, tmp/) that a mail server delivers into.

New mail waits in new/. A message recorded as a contact moves to cur/ flagged seen (S); a
message that cannot be recorded moves to the .Quarantine folder (a Maildir++ subfolder any
mail client shows), with the reason as its first header. Every move is one rename, or a
write of the same bytes to the same name, so two pollers, or one that crashed half way,
never lose a message: the one that moves it second finds it gone and moves on.
"""

from __future__ import annotations

import mailbox
import os
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

QUARANTINE = "Quarantine"
REASON_HEADER = "X-Contact101-Quarantine-Reason"
SEEN = "S"
MAX_REASON = 900  # a header line stays within RFC 5322's 998 characters


@dataclass(frozen=True)
class Waiting:
    """A message waiting in new/: its Maildir key (the name before any ":2,FLAGS") and file."""

    key: str
    path: Path


@dataclass(frozen=True)
class Delivered:
    """A message's bytes, and when the mail server delivered it (its file's time, kept by every move)."""

    raw: bytes
    delivered_at: datetime


class MaildirInbox:
    def __init__(self, name: str, folder: Path) -> None:
        self.name = name
        self.folder = folder
        folder.parent.mkdir(parents=True, exist_ok=True)
        box = mailbox.Maildir(folder, create=True)  # makes it, with new/, cur/ and tmp/, when missing
        box.add_folder(QUARANTINE)  # .Quarantine, itself a Maildir
        self.quarantine_folder = folder / f".{QUARANTINE}"

    def waiting(self) -> list[Waiting]:
        """The messages in new/, oldest first (Maildir names begin with the delivery time)."""
        names = sorted(entry.name for entry in os.scandir(self.folder / "new") if entry.is_file())
        return [
            Waiting(name.partition(":")[0], self.folder / "new" / name)
            for name in names
            if not name.startswith(".")
        ]

    def read(self, message: Waiting) -> Delivered | None:
        """The message as delivered; None when another poller has moved it already."""
        try:
            with message.path.open("rb") as file:
                modified = os.fstat(file.fileno()).st_mtime
                return Delivered(file.read(), datetime.fromtimestamp(modified, UTC))
        except FileNotFoundError:
            return None

    def mark_seen(self, message: Waiting) -> bool:
        """Move the message to cur/ flagged seen; False when another poller moved it first."""
        info = message.path.name.partition(":")[2]
        flags = set(info.removeprefix("2,")) if info.startswith("2,") else set()
        seen = self.folder / "cur" / f"{message.key}:2,{''.join(sorted(flags | {SEEN}))}"
        try:
            os.rename(message.path, seen)
        except FileNotFoundError:
            return False
        return True

    def quarantine(self, message: Waiting, raw: bytes, reason: str) -> None:
        """Keep the message as it came, the reason its first header, in .Quarantine/new/ under its key."""
        newline = b"\r\n" if raw.split(b"\n", 1)[0].endswith(b"\r") else b"\n"
        printable = "".join(character if " " <= character <= "~" else "?" for character in reason)
        header = f"{REASON_HEADER}: {printable[:MAX_REASON]}".encode() + newline
        scratch = self.quarantine_folder / "tmp" / f"{message.key}.{os.getpid()}.{uuid.uuid4().hex}"
        with scratch.open("wb") as output:
            output.write(header + raw)
            output.flush()
            os.fsync(output.fileno())
        os.replace(scratch, self.quarantine_folder / "new" / message.key)
        message.path.unlink(missing_ok=True)
