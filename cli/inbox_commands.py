"""Enquiry inboxes from the command line: poll them once, save a file a contact came with."""

import asyncio
from collections import Counter
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.markup import escape

from contact101.runtime.config import get_settings
from contact101.v1 import intake_pb2, intake_pb2_grpc

console = Console(highlight=False, soft_wrap=True)


def poll_inboxes() -> None:
    """One pass over every enquiry inbox, as the inbox poller makes every few seconds (and as it
    calls intake: with the service identity signed by the configured token key)."""
    from services.intake.inbox.poller import Outcome, inbox_poller  # the poller is slow to load

    async def poll_once() -> tuple[Counter[Outcome], list[tuple[str, str, Outcome]]]:
        async with inbox_poller(settings) as poller:
            return await poller.poll_once(), poller.recorded

    settings = get_settings()
    for name, folder in settings.inbox_folders().items():
        console.print(f"inbox {name}: {escape(str(folder))}")
    outcomes, recorded = asyncio.run(poll_once())
    for inbox, reference, outcome in recorded:
        console.print(f"  {reference} {outcome} from inbox {inbox}")
    for outcome in Outcome:
        console.print(f"  {outcome}: {outcomes.get(outcome, 0)}")


def save_attachment(
    context: typer.Context,
    reference: str,
    sha256: Annotated[str, typer.Argument(help="the attachment's SHA-256, as `show` lists it")],
    output: Annotated[Path, typer.Option(help="the file to write")],
) -> None:
    """Save a file a case's contact came with."""
    request = intake_pb2.GetAttachmentRequest(reference=reference, sha256=sha256)
    found: intake_pb2.AttachmentContent = context.obj.call(
        "intake", lambda channel: intake_pb2_grpc.IntakeServiceStub(channel).GetAttachment(request)
    )
    output.write_bytes(found.content)
    console.print(f"{escape(found.attachment.filename)} ({len(found.content)} bytes) written to {output}")
