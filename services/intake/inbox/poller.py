"""The inbox poller: every new email in every enquiry inbox becomes a contact, exactly once.

    python -m services.intake.inbox.poller          # every CONTACT101_INBOX_POLL_INTERVAL
    python -m services.intake.inbox.poller --once   # one pass over every inbox, then exit

For each message in an inbox's new/ folder: read it (in a child process with a deadline,
reading_process), store its files with intake (StoreAttachment), record it (CreateContact,
with a request id derived from the inbox, its Message-ID and the digest of its content), and
only then move it to cur/ flagged seen. A crash anywhere in between leaves it in new/; the
next pass records it again under the same request id, which gives back the same contact. A
message that cannot become a contact (unparseable, too slow to read, no sender, no text,
refused by intake's checks or as a conflict with another message's request id) is
quarantined with the reason; one intake cannot take now (it is down or slow) is left where
it is for the next pass. Nothing in a message's content stops the poller: whatever else goes
wrong with one message quarantines it, and the poller goes on to the next.

It calls intake as the service identity `contact101-inbox`, which the contacts name as
their recording officer.
"""

from __future__ import annotations

import argparse
import asyncio
import logging
from collections import Counter
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager, contextmanager, suppress
from datetime import UTC, datetime, timedelta
from enum import StrEnum

import grpc

from contact101.rpc.auth import service_token_source
from contact101.rpc.channels import open_channel
from contact101.rpc.edge_checks import check_attachment_size, validate_contact
from contact101.rpc.refusals import InvalidField
from contact101.runtime.config import Settings
from contact101.runtime.process_start import begin_process
from contact101.runtime.stop_signals import stop_on_signals
from contact101.runtime.telemetry import process_telemetry
from contact101.v1 import intake_pb2, intake_pb2_grpc
from services.intake.inbox.email_contact import email_contact, request_id_for
from services.intake.inbox.email_reading import Unreadable
from services.intake.inbox.maildir import Delivered, MaildirInbox, Waiting
from services.intake.inbox.reading_process import read_in_child

log = logging.getLogger(__name__)
POLLER_ID = "contact101-inbox"
CALL_TIMEOUT_SECONDS = 60.0


class Outcome(StrEnum):
    RECORDED = "recorded"
    ALREADY_RECORDED = "already recorded"  # a copy, or a repeat after a crash: the same contact
    QUARANTINED = "quarantined"
    TAKEN = "taken by another poller"
    LEFT = "left for the next poll"  # intake did not take it now, or it could not be read now


# What intake answers for a message it will never take, whenever it is asked again.
REFUSED = {
    grpc.StatusCode.INVALID_ARGUMENT: "intake refused it as invalid",
    grpc.StatusCode.ALREADY_EXISTS: "intake holds another message under its request id",
}


@contextmanager
def refusals_as_unreadable() -> Iterator[None]:
    """A message the edge checks refuse, here or at intake, is Unreadable with their reason."""
    try:
        yield
    except InvalidField as refusal:
        raise Unreadable(refusal.message) from None
    except grpc.aio.AioRpcError as error:
        if error.code() not in REFUSED:
            raise
        raise Unreadable(error.details() or REFUSED[error.code()]) from None


class InboxPoller:
    def __init__(self, settings: Settings, intake: intake_pb2_grpc.IntakeServiceAsyncStub) -> None:
        self._settings = settings
        self._intake = intake
        self.inboxes = [MaildirInbox(name, folder) for name, folder in settings.inbox_folders().items()]
        # What each message taken so far became: (inbox, reference, RECORDED or ALREADY_RECORDED).
        self.recorded: list[tuple[str, str, Outcome]] = []

    async def poll_once(self) -> Counter[Outcome]:
        """One pass over every inbox; an inbox intake stops taking is left until the next pass."""
        outcomes: Counter[Outcome] = Counter()
        for inbox in self.inboxes:
            for message in inbox.waiting():
                outcome = await self.take(inbox, message)
                outcomes[outcome] += 1
                if outcome is Outcome.LEFT:
                    break
        return outcomes

    async def take(self, inbox: MaildirInbox, message: Waiting) -> Outcome:
        """Record the message and mark it seen, or quarantine it, or leave it for the next pass."""
        delivered = inbox.read(message)
        if delivered is None:
            return Outcome.TAKEN
        try:
            recorded = await self.record(inbox.name, delivered)
        except grpc.aio.AioRpcError as error:
            log.warning(
                "inbox %s: message %s left for the next poll: %s", inbox.name, message.key, error.code()
            )
            return Outcome.LEFT
        except OSError as error:  # no reader process to be had now (too many processes, ...)
            log.warning("inbox %s: message %s left for the next poll: %s", inbox.name, message.key, error)
            return Outcome.LEFT
        except Exception as error:  # Unreadable, or anything else this message makes go wrong
            reason = (
                str(error)
                if isinstance(error, Unreadable)
                else f"recording it failed ({type(error).__name__})"
            )
            inbox.quarantine(message, delivered.raw, reason)
            log.warning("inbox %s: message %s quarantined: %s", inbox.name, message.key, reason)
            return Outcome.QUARANTINED
        inbox.mark_seen(message)
        outcome = Outcome.RECORDED if recorded.created else Outcome.ALREADY_RECORDED
        self.recorded.append((inbox.name, recorded.reference, outcome))
        log.info("inbox %s: message %s %s as %s", inbox.name, message.key, outcome, recorded.reference)
        return outcome

    async def record(self, inbox: str, delivered: Delivered) -> intake_pb2.CreateContactResponse:
        """Store the message's files, then create its contact; both idempotent, so repeating
        this for the same message, after a crash or from another poller, records it once."""
        received = await read_in_child(delivered.raw, self._settings.inbox_read_timeout)
        now = datetime.now(UTC)
        contact = email_contact(inbox, received, min(delivered.delivered_at, now))
        with refusals_as_unreadable():
            validate_contact(contact, now)  # here first, so that a refused message stores no files
            for index, attachment in enumerate(contact.attachments):
                field = f"contact.attachments[{index}].size"
                check_attachment_size(field, attachment.size, self._settings.max_attachment_bytes)
            for file in received.files:
                await self._intake.StoreAttachment(
                    intake_pb2.StoreAttachmentRequest(content=file.content), timeout=CALL_TIMEOUT_SECONDS
                )
            return await self._intake.CreateContact(
                intake_pb2.CreateContactRequest(request_id=request_id_for(inbox, received), contact=contact),
                timeout=CALL_TIMEOUT_SECONDS,
            )


@asynccontextmanager
async def inbox_poller(settings: Settings) -> AsyncIterator[InboxPoller]:
    """A poller of the configured inboxes, calling intake as the service identity POLLER_ID."""
    token = service_token_source(settings, POLLER_ID)
    async with open_channel(settings.intake_address, token, settings) as channel:
        yield InboxPoller(settings, intake_pb2_grpc.IntakeServiceStub(channel))


async def poll_until_stopped(poller: InboxPoller, interval: timedelta) -> None:
    """A pass over every inbox every interval, until SIGINT or SIGTERM."""
    stop = stop_on_signals()
    folders = ", ".join(f"{inbox.name} ({inbox.folder})" for inbox in poller.inboxes)
    log.info("polling %s every %s", folders, interval)
    while not stop.is_set():
        await poller.poll_once()
        with suppress(TimeoutError):
            await asyncio.wait_for(stop.wait(), interval.total_seconds())


async def main(once: bool) -> None:
    settings = begin_process("inbox")
    async with process_telemetry(settings, "inbox"), inbox_poller(settings) as poller:
        if once:
            outcomes = await poller.poll_once()
            log.info("inboxes polled: %s", dict(outcomes) or "nothing new")
        else:
            await poll_until_stopped(poller, settings.inbox_poll_interval)


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description="Record the emails in the enquiry inboxes as contacts.")
    parser.add_argument("--once", action="store_true", help="one pass over every inbox, then exit")
    asyncio.run(main(parser.parse_args().once))
