"""What an officer sees and types at the `contact101` CLI (issue 18, item 4): contact details
for the roles that may see them, plain words, the most urgent case first, refusals that name
the option typed and say how to sign in, global options anywhere, and a quick start-up."""

from __future__ import annotations

import asyncio
import json
import os
import subprocess
import sys
from pathlib import Path

from typer.testing import CliRunner

from cli.main import app
from tests.cases import awaiting_verification, new_case_awaiting_verification
from tests.command_line import INSTALLED_CLI, contact101
from tests.stack import Stack, create_request, phone_theft

OFFICER = ("--as", "pc.cli:contact_officer")
ROOT = Path(__file__).parents[2]
# Modules a read-only command must never load: each costs a noticeable part of a second.
HEAVY_MODULES = (
    "sqlalchemy",
    "alembic",
    "matplotlib",
    "aiohttp",
    "temporalio",
    "opentelemetry.sdk",
    "opentelemetry.instrumentation",  # gRPC's tracing interceptors load packaging: only a traced command
    "yaml",  # rule and configuration files: read by the services, or with --config-file
    "jwt",  # signing a token with --as needs PyJWT; a token given (--token) is sent as it is
    "services.intake.inbox.poller",
)


def refused(*arguments: str) -> str:
    result = CliRunner().invoke(app, list(arguments))
    assert result.exit_code == 1, (result.output, result.exception)
    return result.output


async def test_show_gives_contact_details_to_officers_only_and_history_in_words(
    stack: Stack, cli_environment: None
) -> None:
    case = await new_case_awaiting_verification(stack, "pc.cli")

    shown = await asyncio.to_thread(contact101, "show", case.reference, *OFFICER)
    assert "Caller (the victim): Alex Example, born 1990-04-01, 07700 900123, LS1 4AP" in shown
    assert "graded scheduled" in shown and "RISK_GRADE" not in shown and "CLOCK_STATE" not in shown
    watched = await asyncio.to_thread(contact101, "--as", "ops.cli:operator", "show", case.reference)
    assert case.reference in watched
    assert "Alex Example" not in watched and "07700 900123" not in watched and "1990-04-01" not in watched


async def test_queue_puts_an_alerted_case_first_with_the_time_left(
    stack: Stack, cli_environment: None
) -> None:
    ordinary = await new_case_awaiting_verification(stack, "pc.cli")
    contact = phone_theft(what_happened="Two men are breaking into the car outside right now")
    contact.risk_indicators.in_progress = True
    created = await stack.intake("pc.cli").CreateContact(create_request(contact))
    await awaiting_verification(stack, created.reference)

    queue = await asyncio.to_thread(contact101, "--as", "sgt.cli:supervisor", "queue")
    waiting = queue.split("Awaiting verification")[1]
    assert "time left" in waiting
    assert waiting.index(f"{created.reference} (alert)") < waiting.index(ordinary.reference)
    row = next(line for line in waiting.splitlines() if ordinary.reference in line)
    assert "h " in row and "m" in row, row


async def test_refusals_name_the_option_typed_and_how_to_sign_in(stack: Stack, cli_environment: None) -> None:
    report = (
        "report",
        "--channel",
        "phone",
        "--caller",
        "Chris Cli",
        "--what",
        "bike stolen",
        "--where",
        "Leeds",
    )
    bad_date = await asyncio.to_thread(refused, *report, "--caller-dob", "01/04/1990", *OFFICER)
    assert "--caller-dob: must be a date as YYYY-MM-DD" in bad_date and "date_of_birth" not in bad_date

    unsigned = await asyncio.to_thread(refused, "show", "101-20261123-0001")
    assert "--as USER:ROLE" in unsigned and "--token" in unsigned and "CONTACT101_TOKEN" in unsigned
    forged = await asyncio.to_thread(refused, "--token", "not-a-token", "show", "101-20261123-0001")
    assert "UNAUTHENTICATED" in forged and "--as USER:ROLE" in forged


def test_show_and_queue_load_no_heavy_module() -> None:
    """The CLI's start-up for show and queue (issue 18): what they import, as a subprocess sees it."""
    program = (
        "import sys\n"
        "from typer.testing import CliRunner\n"
        "from cli.main import app\n"
        "for command in (['show', '101-20261123-0001'], ['queue']):\n"
        "    print(CliRunner().invoke(app, [*command, '--token', 'a.signed.token']).output)\n"
        f"loaded = sorted(m for m in sys.modules if m.startswith({HEAVY_MODULES!r}))\n"
        "print(__import__('json').dumps(loaded))\n"
    )
    # Nothing listens at these addresses: the commands fail at once, after importing all they need.
    environment = {
        **os.environ,
        "CONTACT101_INTAKE_ADDRESS": "127.0.0.1:9",
        "CONTACT101_REVIEW_ADDRESS": "127.0.0.1:9",
    }
    result = subprocess.run(
        [sys.executable, "-c", program], cwd=ROOT, env=environment, capture_output=True, text=True, check=True
    )
    assert result.stdout.count("refused (UNAVAILABLE)") == 2, result.stdout
    assert json.loads(result.stdout.splitlines()[-1]) == []


def test_the_installed_command_builds_what_it_runs_and_still_lists_and_suggests_every_command() -> None:
    """`contact101` as an officer runs it: its entry point builds only the command named (issue 18),
    and help, a misspelt command, a command group and a global option after the command still work."""
    environment = {**os.environ, "CONTACT101_INTAKE_ADDRESS": "127.0.0.1:9"}

    def contact101_process(*arguments: str) -> subprocess.CompletedProcess[str]:
        command = [str(INSTALLED_CLI), *arguments]
        return subprocess.run(command, cwd=ROOT, env=environment, capture_output=True, text=True)

    listed = contact101_process("--help")
    assert listed.returncode == 0 and all(name in listed.stdout for name in ("show", "queue", "desk-user"))
    misspelt = contact101_process("shwo", "101-20261123-0001")
    assert misspelt.returncode == 2 and "Did you mean 'show'?" in misspelt.stderr
    group = contact101_process("desk-user", "--help")
    assert group.returncode == 0 and "add" in group.stdout
    shown = contact101_process("show", "101-20261123-0001", "--token", "a.signed.token")
    assert shown.returncode == 1 and "refused (UNAVAILABLE)" in shown.stderr
