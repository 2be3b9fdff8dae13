"""A request id names one request: a retry of it gives back its case, anything else sent
under it is refused and names the case the id already made."""

from __future__ import annotations

import asyncio
import os
import re
import subprocess
from pathlib import Path

import grpc
import pytest

from contact101.v1 import intake_pb2
from deploy.process_stack import free_port
from tests.cases import case_of
from tests.command_line import INSTALLED_CLI as CLI
from tests.command_line import contact101
from tests.stack import Stack, count_rows, create_request, phone_theft


async def test_a_retry_with_the_same_content_gives_back_the_same_case(stack: Stack) -> None:
    request = create_request()
    first = await stack.intake("pc.retry").CreateContact(request)
    again = await stack.intake("pc.retry").CreateContact(
        intake_pb2.CreateContactRequest.FromString(request.SerializeToString())
    )
    assert (first.created, again.created) == (True, False)
    assert again.reference == first.reference


async def test_a_reused_request_id_with_another_report_is_refused_naming_the_first_case(stack: Stack) -> None:
    request = create_request()
    first = await stack.intake("pc.first").CreateContact(request)
    knife = phone_theft(what_happened="A man showed me a knife and said he would come back for me tonight")
    reused = intake_pb2.CreateContactRequest(request_id=request.request_id, contact=knife)
    for officer in ("pc.first", "pc.second"):
        with pytest.raises(grpc.aio.AioRpcError) as refused:
            await stack.intake(officer).CreateContact(reused)
        assert refused.value.code() == grpc.StatusCode.ALREADY_EXISTS
        details = refused.value.details() or ""
        assert request.request_id in details and first.reference in details, details
    assert count_rows(stack.settings, "intake", "contacts", request_id=request.request_id) == 1
    case = await case_of(stack, first.reference)
    assert case.contact.what_happened == request.contact.what_happened


async def test_the_same_report_under_another_officers_name_is_refused(stack: Stack) -> None:
    request = create_request()
    first = await stack.intake("pc.first").CreateContact(request)
    with pytest.raises(grpc.aio.AioRpcError) as refused:
        await stack.intake("pc.other").CreateContact(request)
    assert refused.value.code() == grpc.StatusCode.ALREADY_EXISTS
    assert first.reference in (refused.value.details() or "")


async def test_the_retry_the_cli_suggests_records_the_report_once(
    stack: Stack, cli_environment: None, tmp_path: Path
) -> None:
    report = [
        "--as", "pc.cli:contact_officer", "report", "--channel", "phone",
        "--caller", "Sam Caller", "--what", "My bike was stolen", "--where", "Station Road",
    ]  # fmt: skip
    nowhere = {key: value for key, value in os.environ.items() if not key.startswith("CONTACT101_")}
    nowhere.update(
        {"CONTACT101_INTAKE_ADDRESS": f"127.0.0.1:{free_port()}", "CONTACT101_DATA_DIR": str(tmp_path)}
    )
    failed = await asyncio.to_thread(
        subprocess.run, [str(CLI), *report], env=nowhere, capture_output=True, text=True, timeout=60
    )
    hint = re.search(r"Repeat the same command with (.+?) so that", " ".join(failed.stderr.split()))
    assert failed.returncode == 1 and hint is not None, failed.stderr

    first = await asyncio.to_thread(contact101, *report, *hint[1].split())
    await asyncio.sleep(1.1)  # a retry a moment later
    again = await asyncio.to_thread(contact101, *report, *hint[1].split())
    reference = first.split()[0]
    # The first line is the answer; a trace hint may follow it when tracing is on.
    assert again.splitlines()[0] == f"{reference} (already recorded)", (first, again)
