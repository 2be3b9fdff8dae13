"""The officer's and supervisor's view of the rules: `contact101 report` captures the facts,
`show` explains the decisions, `queue` shows the alerts. Real CLI processes, real stack."""

from __future__ import annotations

import asyncio
import os
import sys
from pathlib import Path

from contact101.runtime.config import SERVICE_NAMES
from contact101.v1 import case_pb2, intake_pb2
from tests.stack import Stack, eventually

CLI = Path(sys.executable).with_name("contact101")
OFFICER = ("--as", "pc.cli:contact_officer")
SUPERVISOR = ("--as", "sgt.cli:supervisor")


async def contact101(stack: Stack, *arguments: str) -> tuple[int, str, str]:
    """Run the CLI against the stack without blocking the services it talks to."""
    environment = {key: value for key, value in os.environ.items() if not key.startswith("CONTACT101_")}
    environment.update(
        {f"CONTACT101_{name.upper()}_ADDRESS": stack.settings.address_of(name) for name in SERVICE_NAMES}
    )
    process = await asyncio.create_subprocess_exec(
        str(CLI), *arguments, env=environment, stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE
    )
    out, err = await asyncio.wait_for(process.communicate(), timeout=60)
    return process.returncode or 0, out.decode(), err.decode()


async def reported(stack: Stack, *options: str) -> str:
    code, out, err = await contact101(
        stack, *OFFICER, "report", "--channel", "phone", "--caller", "Chris Cli",
        "--caller-dob", "1984-02-29", "--where", "4 Command Lane, Leeds", "--postcode", "LS3 1AB", *options,
    )  # fmt: skip
    assert code == 0, out + err
    reference = out.split()[0]
    await eventually(
        lambda: stack.intake("pc.cli").GetCase(intake_pb2.GetCaseRequest(reference=reference)),
        lambda case: case.status == case_pb2.CASE_STATUS_AWAITING_VERIFICATION,
    )
    return reference


async def test_report_captures_the_risk_facts_and_show_explains_every_decision(stack: Stack) -> None:
    reference = await reported(
        stack, "--what", "My partner hit me and I have a black eye", "--dash", "y" * 15 + "n" * 9,
        "--judgement", "strangulation", "--risk", "child-present", "--consent", "given", "--offence", "8N",
    )  # fmt: skip
    code, shown, err = await contact101(stack, *SUPERVISOR, "show", reference)
    assert code == 0, err
    for expected in (
        "Risk indicators: child present",
        "Risk: priority (thrive-",
        "DASH: high (15 of 24 yes",
        "referral marac to MARAC",
        "referral mash child to MASH - children's social care",
        "recorded CR-",
        "Assault with injury (8N)",
        "flags: DOMESTIC_ABUSE",
        "investigation: allocated to Domestic Abuse Investigation Team",
        "consent: explicit",
        "enhanced rights: victim of domestic abuse",
        "support: independent domestic violence adviser (IDVA)",
    ):
        assert expected in shown, f"{expected!r} not in:\n{shown}"


async def test_a_dash_checklist_with_a_missing_answer_is_refused_naming_the_option(stack: Stack) -> None:
    code, _out, err = await contact101(
        stack, *OFFICER, "report", "--channel", "phone", "--caller", "Chris Cli", "--where", "4 Command Lane",
        "--what", "My partner hit me", "--dash", "y" * 23,
    )  # fmt: skip
    assert code == 1
    assert "INVALID_ARGUMENT" in err and "--dash: must answer all 24 DASH questions" in err


async def test_queue_shows_supervisors_the_emergency_alert(stack: Stack) -> None:
    reference = await reported(
        stack, "--what", "Someone is kicking my front door in right now", "--risk", "in-progress",
        "--offence", "58A",
    )  # fmt: skip
    code, queue, err = await contact101(stack, *SUPERVISOR, "queue")
    assert code == 0, err
    alerts = queue.split("Awaiting verification")[0]
    assert "Alerts" in alerts and reference in alerts and "emergency" in alerts
