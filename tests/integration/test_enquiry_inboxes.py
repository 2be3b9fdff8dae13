"""Enquiry inboxes on the real stack: Maildir folders of real messages, the poller in this process
and as real processes, intake over gRPC, cases in Temporal. Every message becomes exactly one
contact or is quarantined with its reason; files are kept by intake, never carried by the case."""

from __future__ import annotations

import asyncio
import hashlib
import os
import signal
import subprocess
import sys
import uuid
from collections import Counter
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TypeVar

import grpc
import pytest
from sqlalchemy import Select, select
from sqlalchemy.orm import Session
from typer.testing import CliRunner

from cli.main import app
from contact101.data.service_database import service_engine
from contact101.runtime.config import Settings
from contact101.temporal.search_attributes import CHANNEL
from contact101.v1 import case_pb2, common_pb2, intake_pb2, review_pb2
from services.intake.acknowledgement import acknowledgement_text
from services.intake.inbox.email_contact import email_contact, request_id_for
from services.intake.inbox.email_reading import read_email
from services.intake.inbox.maildir import REASON_HEADER
from services.intake.inbox.poller import POLLER_ID, InboxPoller, Outcome
from services.intake.models import AttachmentContentRecord, CallerNotificationRecord, Contact
from tests.cases import awaiting_verification, case_of, eventually_case, workflow_events
from tests.command_line import contact101
from tests.inbox_messages import (
    BIKE,
    HOSTILE,
    SENT,
    UNDECODABLE_CHARSET,
    WINDOWS_1252,
    WINDOWS_1252_BODY,
    File,
    deliver,
    enquiry,
    names_in,
)
from tests.stack import Stack, create_request, eventually

ROOT = Path(__file__).resolve().parents[2]
T = TypeVar("T")
MESSAGES_PER_BATCH = 20


@dataclass
class Inbox:
    name: str
    folder: Path
    settings: Settings

    def new(self) -> list[str]:
        return names_in(self.folder / "new")

    def cur(self) -> list[str]:
        return names_in(self.folder / "cur")

    async def moved(self) -> int:
        """How many messages have left new/ for cur/."""
        return len(self.cur())

    def quarantined(self) -> dict[str, bytes]:
        folder = self.folder / ".Quarantine" / "new"
        return {name: (folder / name).read_bytes() for name in names_in(folder)}


@pytest.fixture
def inbox(stack: Stack, tmp_path: Path) -> Inbox:
    """An inbox of the test's own, in a Maildir folder of its own, on the session's stack."""
    name = f"t{uuid.uuid4().hex[:12]}"
    folder = tmp_path / name
    return Inbox(name, folder, stack.settings.model_copy(update={"inboxes": {name: folder}}))


def deliver_a_batch(inbox: Inbox) -> None:
    deliver(inbox.folder, *(enquiry(subject=f"enquiry {n}") for n in range(MESSAGES_PER_BATCH)))


def poller(stack: Stack, inbox: Inbox, **settings: object) -> InboxPoller:
    return InboxPoller(inbox.settings.model_copy(update=settings), stack.intake(POLLER_ID, "service"))


def intake_rows(stack: Stack, statement: Select[T]) -> list[T]:
    engine = service_engine(stack.settings, "intake")
    try:
        with Session(engine) as session:
            return list(session.scalars(statement))
    finally:
        engine.dispose()


def contacts_of(stack: Stack, inbox: Inbox) -> Counter[str]:
    """How many contacts each request id of the inbox's messages made."""
    prefix = f"email:{inbox.name}:%"
    return Counter(intake_rows(stack, select(Contact.request_id).where(Contact.request_id.like(prefix))))


def assert_each_recorded_once(stack: Stack, inbox: Inbox, messages: int) -> None:
    contacts = contacts_of(stack, inbox)
    assert len(contacts) == messages and set(contacts.values()) == {1}, contacts
    assert inbox.new() == [] and len(inbox.cur()) == messages and inbox.quarantined() == {}


def reference_of(stack: Stack, inbox: Inbox, raw: bytes) -> str:
    """The reference of the contact the message became."""
    request_id = request_id_for(inbox.name, read_email(raw))
    [reference] = intake_rows(stack, select(Contact.reference).where(Contact.request_id == request_id))
    return reference


def acknowledgements_of(stack: Stack, reference: str) -> list[CallerNotificationRecord]:
    """The acknowledgements sent to the sender (the case itself may queue victim updates too)."""
    return intake_rows(
        stack,
        select(CallerNotificationRecord).where(
            CallerNotificationRecord.reference == reference,
            CallerNotificationRecord.kind == "NOTIFICATION_KIND_ACKNOWLEDGEMENT",
        ),
    )


def is_stored(stack: Stack, content: bytes) -> bool:
    sha256 = hashlib.sha256(content).hexdigest()
    return bool(
        intake_rows(
            stack, select(AttachmentContentRecord.sha256).where(AttachmentContentRecord.sha256 == sha256)
        )
    )


async def test_a_plain_email_becomes_an_email_contact_and_its_sender_is_told_the_reference(
    stack: Stack, inbox: Inbox
) -> None:
    raw = enquiry(message_id="<bike-42@example.org>")
    [key] = deliver(inbox.folder, raw)

    assert await poller(stack, inbox).poll_once() == Counter({Outcome.RECORDED: 1})

    assert inbox.new() == [] and inbox.cur() == [f"{key}:2,S"]
    reference = reference_of(stack, inbox, raw)
    case = await case_of(stack, reference)
    assert case.officer_id == POLLER_ID
    created = case.history[0]
    assert (created.action, created.actor_id, created.actor_role) == (
        "create",
        POLLER_ID,
        common_pb2.ROLE_SERVICE,
    )
    contact = case.contact
    assert contact.channel == common_pb2.CHANNEL_EMAIL
    assert contact.caller == common_pb2.Person(name="Sam Sender", email="sam.sender@example.org")
    assert contact.what_happened == BIKE
    assert contact.occurred_at.ToDatetime(tzinfo=UTC) == SENT
    assert contact.email == common_pb2.InboundEmail(
        inbox=inbox.name, message_id="<bike-42@example.org>", subject="Stolen bike"
    )
    [acknowledgement] = acknowledgements_of(stack, reference)
    assert acknowledgement.notification_id == f"{reference}/acknowledgement"
    assert acknowledgement.kind == "NOTIFICATION_KIND_ACKNOWLEDGEMENT"
    assert acknowledgement.message == acknowledgement_text(reference)
    assert acknowledgement.delivered_at is not None
    description = await stack.temporal.get_workflow_handle(reference).describe()
    assert description.typed_search_attributes.get(CHANNEL) == "EMAIL"


async def test_multipart_html_only_foreign_charset_and_id_less_emails_keep_their_fields(
    stack: Stack, inbox: Inbox
) -> None:
    receipt: File = ("receipt.pdf", "application/pdf", b"%PDF-1.4 receipt for a red Raleigh, 450 GBP")
    photo: File = ("bike.jpg", "image/jpeg", bytes(range(256)) * 40)
    multipart = enquiry(subject="Bike receipt and photo", files=[receipt, photo])
    html_only = enquiry(body=None, html="<p>My shed was broken&nbsp;into.</p><p>Tools taken.</p>")
    without_id = enquiry(message_id=None, subject="No Message-ID")
    deliver(inbox.folder, multipart, html_only, WINDOWS_1252, without_id)

    assert await poller(stack, inbox).poll_once() == Counter({Outcome.RECORDED: 4})

    with_files = (await case_of(stack, reference_of(stack, inbox, multipart))).contact
    assert [(a.filename, a.content_type, a.size) for a in with_files.attachments] == [
        ("receipt.pdf", "application/pdf", len(receipt[2])),
        ("bike.jpg", "image/jpeg", len(photo[2])),
    ]
    reference = reference_of(stack, inbox, multipart)
    for (_, _, content), attachment in zip([receipt, photo], with_files.attachments, strict=True):
        assert attachment.sha256 == hashlib.sha256(content).hexdigest()
        fetched = await stack.intake("pc.reader").GetAttachment(
            intake_pb2.GetAttachmentRequest(reference=reference, sha256=attachment.sha256)
        )
        assert fetched.content == content and fetched.attachment == attachment
    html = (await case_of(stack, reference_of(stack, inbox, html_only))).contact
    assert html.what_happened == "My shed was broken into.\n\nTools taken."
    foreign = (await case_of(stack, reference_of(stack, inbox, WINDOWS_1252))).contact
    assert foreign.caller.name == "Renée Dupré" and foreign.email.subject == "Vélo volé à la gare"
    assert foreign.what_happened == WINDOWS_1252_BODY
    id_less = (await case_of(stack, reference_of(stack, inbox, without_id))).contact
    assert id_less.email.message_id == "" and id_less.email.subject == "No Message-ID"


async def test_a_10_mb_file_is_kept_by_intake_and_never_travels_with_the_case(
    stack: Stack, inbox: Inbox
) -> None:
    content = os.urandom(10 * 1024 * 1024)
    raw = enquiry(files=[("cctv.mp4", "video/mp4", content)])
    deliver(inbox.folder, raw)

    assert await poller(stack, inbox).poll_once() == Counter({Outcome.RECORDED: 1})

    reference = reference_of(stack, inbox, raw)
    digest = hashlib.sha256(content).hexdigest()
    fetched = await stack.intake("sgt.reader", "supervisor").GetAttachment(
        intake_pb2.GetAttachmentRequest(reference=reference, sha256=digest)
    )
    assert hashlib.sha256(fetched.content).hexdigest() == digest
    assert fetched.attachment.size == len(content)
    await eventually_case(stack, reference, lambda case: case.status != case_pb2.CASE_STATUS_RECEIVED)
    events = await workflow_events(stack, reference)
    assert sum(event.ByteSize() for event in events) < 200_000, "the case's history holds no file content"
    started = events[0].workflow_execution_started_event_attributes.input.payloads
    [opened] = await stack.temporal.data_converter.decode(started, [case_pb2.CaseOpened])
    assert isinstance(opened, case_pb2.CaseOpened)
    [attachment] = opened.contact.attachments
    assert (attachment.sha256, attachment.size) == (digest, len(content))


async def test_messages_that_cannot_be_contacts_are_quarantined_with_the_reason(
    stack: Stack, inbox: Inbox
) -> None:
    big_file = os.urandom(4096)
    bad = {
        "no From": enquiry(sender=None),
        "no text": enquiry(body=None, files=[("photo.jpg", "image/jpeg", b"\xff\xd8\xff")]),
        "too long": enquiry(body="word " * 5_000),
        "file too large": enquiry(files=[("big.bin", "application/octet-stream", big_file)]),
        "not an email": b"\x00\x01 garbage \xff",
    }
    keys = dict(zip(bad, deliver(inbox.folder, *bad.values()), strict=True))
    good = enquiry()
    deliver(inbox.folder, good)

    outcomes = await poller(stack, inbox, max_attachment_bytes=1024).poll_once()

    assert outcomes == Counter({Outcome.QUARANTINED: 5, Outcome.RECORDED: 1})
    assert inbox.new() == [] and len(inbox.cur()) == 1
    quarantined = inbox.quarantined()
    reasons = {}
    for case, key in keys.items():
        header, _, kept = quarantined[key].partition(b"\n")
        assert header.startswith(f"{REASON_HEADER}: ".encode())
        assert kept == bad[case], f"{case}: the message is kept as it came"
        reasons[case] = header.decode().removeprefix(f"{REASON_HEADER}: ")
    assert reasons == {
        "no From": "it has no From address to answer",
        "no text": "it has no text: no plain-text or HTML body with words in it",
        "too long": "contact.what_happened: must be at most 20000 characters",
        "file too large": "contact.attachments[0].size: must be at most 1024 bytes",
        "not an email": "it has no From address to answer",
    }
    assert sum(contacts_of(stack, inbox).values()) == 1
    assert not is_stored(stack, big_file), "a refused message stores no files"


async def test_copies_of_one_message_make_one_contact(stack: Stack, inbox: Inbox) -> None:
    first = enquiry(message_id="<twice@example.org>")
    resent = b"Received: from relay.example.org\n" + first
    deliver(inbox.folder, first, resent)

    outcomes = await poller(stack, inbox).poll_once()
    deliver(inbox.folder, first)
    again = await poller(stack, inbox).poll_once()

    assert outcomes == Counter({Outcome.RECORDED: 1, Outcome.ALREADY_RECORDED: 1})
    assert again == Counter({Outcome.ALREADY_RECORDED: 1})
    assert list(contacts_of(stack, inbox).values()) == [1]
    assert len(inbox.cur()) == 3 and inbox.new() == []
    reference = reference_of(stack, inbox, first)
    assert len(acknowledgements_of(stack, reference)) == 1


async def test_a_crash_between_recording_and_moving_records_nothing_twice(stack: Stack, inbox: Inbox) -> None:
    raw = enquiry(files=[("note.txt", "text/plain", b"the serial number is 12345")])
    deliver(inbox.folder, raw)
    crashed = poller(stack, inbox)
    [maildir] = crashed.inboxes
    [waiting] = maildir.waiting()
    delivered = maildir.read(waiting)
    assert delivered is not None
    recorded = await crashed.record(inbox.name, delivered)  # the poller died here, before the move
    assert recorded.created and len(inbox.new()) == 1

    assert await poller(stack, inbox).poll_once() == Counter({Outcome.ALREADY_RECORDED: 1})

    assert list(contacts_of(stack, inbox).values()) == [1]
    assert inbox.new() == [] and len(inbox.cur()) == 1
    assert len(acknowledgements_of(stack, recorded.reference)) == 1


async def test_two_pollers_at_once_record_each_message_exactly_once(stack: Stack, inbox: Inbox) -> None:
    deliver_a_batch(inbox)

    first, second = await asyncio.gather(poller(stack, inbox).poll_once(), poller(stack, inbox).poll_once())

    both = first + second
    assert both[Outcome.RECORDED] == MESSAGES_PER_BATCH
    assert both[Outcome.ALREADY_RECORDED] + both[Outcome.TAKEN] == MESSAGES_PER_BATCH
    assert_each_recorded_once(stack, inbox, MESSAGES_PER_BATCH)


def poller_process(
    stack: Stack, inbox: Inbox, log: Path, *arguments: str, **settings: str
) -> subprocess.Popen[bytes]:
    """`python -m services.intake.inbox.poller` against the stack's intake, reading inbox."""
    environment = {name: value for name, value in os.environ.items() if not name.startswith("CONTACT101_")}
    environment.update(
        {
            "CONTACT101_DATA_DIR": str(log.parent),
            "CONTACT101_INTAKE_ADDRESS": stack.settings.intake_address,
            "CONTACT101_TOKEN_KEY": stack.settings.token_key.get_secret_value(),
            "CONTACT101_INBOXES": f"{inbox.name}={inbox.folder}",
            "CONTACT101_INBOX_POLL_INTERVAL": "PT0.2S",
            "CONTACT101_TELEMETRY_EXPORTER": "none",
            **settings,
        }
    )
    with log.open("ab") as output:
        return subprocess.Popen(
            [sys.executable, "-m", "services.intake.inbox.poller", *arguments],
            cwd=ROOT,
            env=environment,
            stdout=output,
            stderr=subprocess.STDOUT,
        )


async def polling(logs: list[Path]) -> bool:
    """Whether every poller process has started polling (it logs so before its first pass)."""
    return all("polling" in log.read_text() for log in logs)


async def finished(process: subprocess.Popen[bytes]) -> int:
    return await asyncio.to_thread(process.wait, 60)


async def test_a_poller_process_killed_mid_batch_then_run_again_records_each_message_once(
    stack: Stack, inbox: Inbox, tmp_path: Path
) -> None:
    deliver_a_batch(inbox)
    running = poller_process(stack, inbox, tmp_path / "killed.log")
    try:
        await eventually(inbox.moved, lambda moved: moved >= 3, every=0.01)
    finally:
        running.send_signal(signal.SIGKILL)
        running.wait()
    assert 0 < len(inbox.cur()) < MESSAGES_PER_BATCH, "killed mid-batch"

    again = poller_process(stack, inbox, tmp_path / "again.log", "--once")
    assert await finished(again) == 0, (tmp_path / "again.log").read_text()

    assert_each_recorded_once(stack, inbox, MESSAGES_PER_BATCH)


async def test_two_poller_processes_share_an_inbox_without_doubles_or_crashes(
    stack: Stack, inbox: Inbox, tmp_path: Path
) -> None:
    logs = [tmp_path / "one.log", tmp_path / "two.log"]
    processes = [poller_process(stack, inbox, log) for log in logs]
    try:
        await eventually(lambda: polling(logs), lambda started: started, within=60)
        deliver_a_batch(inbox)  # once both poll, so that they race for every message
        await eventually(inbox.moved, lambda moved: moved == MESSAGES_PER_BATCH, within=60)
    finally:
        for process in processes:
            process.send_signal(signal.SIGTERM)
    codes = [await finished(process) for process in processes]

    assert codes == [0, 0], [log.read_text() for log in logs]
    assert not any("Traceback" in log.read_text() for log in logs)
    assert_each_recorded_once(stack, inbox, MESSAGES_PER_BATCH)


async def test_an_email_suggests_incident_types_that_the_officer_confirms_with_answers(
    stack: Stack, inbox: Inbox, cli_environment: None
) -> None:
    raw = enquiry(subject="Stolen bike")
    deliver(inbox.folder, raw)
    assert await poller(stack, inbox).poll_once() == Counter({Outcome.RECORDED: 1})
    reference = reference_of(stack, inbox, raw)
    case = await awaiting_verification(stack, reference)
    first = case.contact.suggested_incident_types[0]
    assert first.incident_type.id == "theft"
    assert list(first.matched_words) == ["Stolen", "stolen"], "the subject's word, then the body's"
    assert not case.contact.HasField("guided")
    officer = ("--as", "pc.mail:contact_officer")
    shown = await asyncio.to_thread(contact101, *officer, "show", reference)
    assert f"Suggested incident types (confirm one: contact101 confirm-type {reference} TYPE):" in shown
    assert "theft: Theft (the words 'Stolen', 'stolen')" in shown

    confirm = ("confirm-type", reference, "theft", "--answer", "what_kind=cycle", *officer)
    early = await asyncio.to_thread(CliRunner().invoke, app, list(confirm))
    assert early.exit_code == 1 and "returned for rework" in early.output, early.output
    await stack.review("sgt.mail").ReturnForRework(
        review_pb2.ReturnForReworkRequest(reference=reference, reasons=["confirm the incident type"])
    )
    confirmed = await asyncio.to_thread(contact101, *confirm, "--answer", "offender_still_there=no")
    assert f"{reference}: incident type theft confirmed (theft-2026.1)" in confirmed
    resubmitted = await awaiting_verification(stack, reference, submission=2)
    assert resubmitted.contact.guided.answers["what_kind"].choice == "cycle"
    assert list(resubmitted.contact.suggested_incident_types) == []
    assert resubmitted.crime.offence_code == "44", resubmitted.crime
    shown = await asyncio.to_thread(contact101, *officer, "show", reference)
    assert "Questions: theft (theft-2026.1)" in shown and "Suggested incident types" not in shown


async def test_poll_show_and_save_an_attachment_from_the_command_line(
    stack: Stack, inbox: Inbox, cli_environment: None, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    content = b"%PDF-1.4 the bank statement"
    raw = enquiry(subject="Card fraud", files=[("statement.pdf", "application/pdf", content)])
    deliver(inbox.folder, raw, enquiry(sender=None))
    monkeypatch.setenv("CONTACT101_INBOXES", f"{inbox.name}={inbox.folder}")

    polled = await asyncio.to_thread(contact101, "poll-inboxes")

    assert f"inbox {inbox.name}: {inbox.folder}" in polled
    assert "recorded: 1" in polled and "quarantined: 1" in polled
    reference = reference_of(stack, inbox, raw)
    assert f"{reference} recorded from inbox {inbox.name}" in polled
    shown = await asyncio.to_thread(contact101, "--as", "pc.cli:contact_officer", "show", reference)
    digest = hashlib.sha256(content).hexdigest()
    assert f"Email: to inbox {inbox.name}, from sam.sender@example.org, subject: Card fraud" in shown
    assert f"Attachment: statement.pdf (application/pdf, {len(content)} bytes) sha256 {digest}" in shown
    saved = tmp_path / "statement.pdf"
    said = await asyncio.to_thread(
        contact101, "--as", "pc.cli:contact_officer", "attachment", reference, digest, "--output", str(saved)
    )
    assert saved.read_bytes() == content and "statement.pdf" in said


async def test_a_case_lists_only_stored_files_and_serves_only_its_own(stack: Stack, inbox: Inbox) -> None:
    officer = stack.intake("pc.files")
    content = b"a photo of the damage"
    contact = email_contact(inbox.name, read_email(enquiry()), datetime.now(UTC))
    contact.attachments.add(
        filename="damage.jpg",
        content_type="image/jpeg",
        size=len(content),
        sha256=hashlib.sha256(content).hexdigest(),
    )
    with pytest.raises(grpc.aio.AioRpcError) as unstored:
        await officer.CreateContact(
            intake_pb2.CreateContactRequest(request_id=str(uuid.uuid4()), contact=contact)
        )
    assert unstored.value.code() == grpc.StatusCode.INVALID_ARGUMENT
    assert (
        unstored.value.details()
        == "contact.attachments[0].sha256: names no stored content: store it first (StoreAttachment)"
    )

    stored = await officer.StoreAttachment(intake_pb2.StoreAttachmentRequest(content=content))
    assert (stored.sha256, stored.size) == (contact.attachments[0].sha256, len(content))
    created = await officer.CreateContact(
        intake_pb2.CreateContactRequest(request_id=str(uuid.uuid4()), contact=contact)
    )
    other = await officer.CreateContact(create_request())
    with pytest.raises(grpc.aio.AioRpcError) as elsewhere:
        await officer.GetAttachment(
            intake_pb2.GetAttachmentRequest(reference=other.reference, sha256=stored.sha256)
        )
    assert elsewhere.value.code() == grpc.StatusCode.NOT_FOUND
    fetched = await officer.GetAttachment(
        intake_pb2.GetAttachmentRequest(reference=created.reference, sha256=stored.sha256)
    )
    assert fetched.content == content


async def test_hostile_messages_are_quarantined_and_the_poller_process_keeps_polling(
    stack: Stack, inbox: Inbox, tmp_path: Path
) -> None:
    keys = dict(zip(HOSTILE, deliver(inbox.folder, *HOSTILE.values()), strict=True))
    [odd_charset] = deliver(inbox.folder, UNDECODABLE_CHARSET)
    [good] = deliver(inbox.folder, enquiry())
    log = tmp_path / "poller.log"
    running = poller_process(stack, inbox, log, CONTACT101_INBOX_READ_TIMEOUT="PT5S")

    async def progress() -> tuple[int, int, int | None]:
        """Messages recorded, messages quarantined, and the poller's exit status if it stopped."""
        return len(inbox.cur()), len(inbox.quarantined()), running.poll()

    try:
        done = (2, len(HOSTILE), None)
        reached = await eventually(progress, lambda now: now == done or now[2] is not None, within=120)
        assert reached == done, log.read_text()
    finally:
        running.send_signal(signal.SIGTERM)
    assert await finished(running) == 0, log.read_text()

    assert sorted(inbox.cur()) == sorted([f"{good}:2,S", f"{odd_charset}:2,S"])
    reasons = {}
    for case, key in keys.items():
        header, _, kept = inbox.quarantined()[key].partition(b"\n")
        assert kept == HOSTILE[case], f"{case}: the message is kept as it came"
        reasons[case] = header.decode().removeprefix(f"{REASON_HEADER}: ")
    assert reasons == {
        "nested parts": "it has more than 100 multipart parts",
        "huge header": "a header field is over 16384 characters",
        "slow html": "reading it took longer than 5 seconds",
    }
    assert "Traceback" not in log.read_text()
    odd = (await case_of(stack, reference_of(stack, inbox, UNDECODABLE_CHARSET))).contact
    assert odd.what_happened.startswith("My bike") and odd.what_happened.endswith("was stolen.")


async def test_two_emails_with_one_message_id_become_two_contacts(stack: Stack, inbox: Inbox) -> None:
    first = enquiry(message_id="<reused@example.org>")
    second = enquiry(
        message_id="<reused@example.org>", sender="Kim Other <kim.other@example.net>", body="A knife threat."
    )
    deliver(inbox.folder, first, second)

    assert await poller(stack, inbox).poll_once() == Counter({Outcome.RECORDED: 2})

    assert inbox.new() == [] and len(inbox.cur()) == 2 and inbox.quarantined() == {}
    assert set(contacts_of(stack, inbox).values()) == {1} and len(contacts_of(stack, inbox)) == 2
    one, other = [(await case_of(stack, reference_of(stack, inbox, raw))).contact for raw in (first, second)]
    assert (one.caller.email, one.what_happened) == ("sam.sender@example.org", BIKE)
    assert (other.caller.email, other.what_happened) == ("kim.other@example.net", "A knife threat.")
