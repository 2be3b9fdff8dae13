"""Guided capture at the `contact101` CLI (issue 16 item 4): `report --guided` suggests the
incident type from the caller's words and asks its questions in a real terminal (a
pseudo-terminal, keyboard only), and `--answer ID=VALUE` answers them on the command line;
either way the contact is created with its answers, and bad answers are refused naming the
question and the option."""

from __future__ import annotations

import asyncio
import os
import re
from datetime import UTC, datetime, timedelta

import pexpect
from typer.testing import CliRunner

from cli.main import app
from tests.cases import awaiting_verification
from tests.command_line import INSTALLED_CLI, contact101
from tests.stack import Stack

OFFICER = ("--as", "pc.guided:contact_officer")
REFERENCE = re.compile(r"101-[0-9]{8}-[0-9]+")
ESCAPES = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")  # the terminal's colours and cursor moves
DOWN, ENTER = "\x1b[B", "\r"
BIKE = (
    "report",
    "--channel",
    "phone",
    "--caller",
    "Robin Rider",
    "--what",
    "Someone nicked my bike from the rack outside the library",
    "--where",
    "Central Library, Calverley Street, Leeds",
)


def iso(moment: datetime) -> str:
    return moment.astimezone(UTC).replace(microsecond=0, tzinfo=None).isoformat(timespec="minutes")


def last_night() -> str:
    evening = datetime.now(UTC) - timedelta(hours=14)
    return f"between {iso(evening)} and {iso(evening + timedelta(hours=8))}"


def guided_session(*arguments: str) -> tuple[str, str]:
    """Run `contact101 report --guided` in a pseudo-terminal and answer as an officer would,
    with the arrow keys, Enter and typing; the terminal's text and the reference printed."""
    terminal = pexpect.spawn(
        str(INSTALLED_CLI),
        [*BIKE, "--guided", *arguments, *OFFICER],
        env={**os.environ, "PROMPT_TOOLKIT_NO_CPR": "1", "TERM": "xterm"},
        dimensions=(40, 200),
        encoding="utf-8",
        timeout=60,
    )
    seen: list[str] = []

    def wait_for(text: str) -> None:
        terminal.expect_exact(text)
        seen.append(str(terminal.before) + text)

    try:
        wait_for("Which incident type is it?")
        wait_for("Theft (the caller said: nicked)")
        terminal.send(ENTER)
        wait_for("From the person means")  # the officer's help for the first question
        wait_for("What was stolen, and from where?")
        terminal.send(DOWN + DOWN + ENTER)  # from the person, a shop, then: a pedal cycle
        wait_for("When did it happen, or between what times?")
        terminal.send("yesterday")
        wait_for("when takes an ISO time")  # refused at the prompt, which waits for a better one
        terminal.sendcontrol("u")
        terminal.send(last_night() + ENTER)
        wait_for("Is the person who took it still there, or close by, now?")
        terminal.send(DOWN + ENTER)  # no
        wait_for("Can you describe who took it")
        terminal.send(ENTER)  # skipped: the caller saw no one
        wait_for("Is there any CCTV")
        terminal.send("Camera over the library door" + ENTER)
        wait_for("Did anyone see it happen?")
        terminal.send(ENTER)
        wait_for("serial number")
        terminal.send("Frame number WTU123456" + ENTER)
        wait_for("Is the victim vulnerable")
        terminal.send(ENTER)  # no
        terminal.expect(pexpect.EOF)
        seen.append(str(terminal.before))
    finally:
        terminal.close()
    shown = ESCAPES.sub("", "".join(seen))
    reference = REFERENCE.search(shown)
    assert terminal.exitstatus == 0 and reference is not None, shown
    return shown, reference[0]


async def test_a_guided_report_asks_the_suggested_types_questions_in_the_terminal(
    stack: Stack, cli_environment: None
) -> None:
    shown, reference = await asyncio.to_thread(guided_session)
    assert "use force" not in shown, "a pedal cycle taken is never a robbery: not asked"
    case = await awaiting_verification(stack, reference)
    guided = case.contact.guided
    assert (guided.incident_type_id, guided.question_set_id) == ("theft", "theft")
    assert guided.answers["what_kind"].choice == "cycle"
    assert guided.answers["cctv"].text == "Camera over the library door"
    assert "force_used" not in guided.answers
    assert [gap.question_id for gap in guided.unanswered_mandatory] == ["suspect_description", "witness"]
    assert case.crime.offence_code == "44", case.crime
    assert case.contact.occurrence_detail == "" and case.contact.HasField("occurred_from")


async def test_scripted_answers_are_read_by_type_and_shown_on_the_case(
    stack: Stack, cli_environment: None
) -> None:
    output = await asyncio.to_thread(
        contact101,
        *BIKE,
        "--incident-type",
        "theft",
        "--answer",
        "what_kind=cycle",
        "--answer",
        f"when={last_night()} (overnight)",
        "--answer",
        "offender_still_there=no",
        "--answer",
        "suspect_description=name=Sam Smith; description=tall, red coat",
        "--answer",
        "witness=a man walking his dog",
        *OFFICER,
    )
    found = REFERENCE.search(output)
    assert found is not None, output
    case = await awaiting_verification(stack, found[0])
    assert case.crime.offence_code == "44", case.crime
    assert case.contact.guided.answers["suspect_description"].person.name == "Sam Smith"
    assert case.contact.guided.answers["witness"].person.description == "a man walking his dog"
    assert case.contact.occurrence_detail == "overnight"
    shown = await asyncio.to_thread(contact101, "show", found[0], *OFFICER)
    assert "Questions: theft (theft-2026.1)" in shown
    assert "suspect_description: Sam Smith, tall, red coat" in shown
    assert "not asked (mandatory line of enquiry) cctv" in shown


async def test_questions_lists_the_types_and_a_sets_ids_as_answer_takes_them(
    stack: Stack, cli_environment: None
) -> None:
    types = await asyncio.to_thread(contact101, "questions", *OFFICER)
    assert "theft: Theft (theft-2026.1)" in types and "burglary: " in types
    listed = await asyncio.to_thread(contact101, "questions", "theft", *OFFICER)
    assert "theft (theft-2026.1): Theft" in listed
    assert "what_kind: What was stolen, and from where?" in listed
    assert "answer: one of from_person, shop, cycle, home, other" in listed
    assert "force_used: Did they use force" in listed
    assert "asked when what_kind is from_person or shop or home or other" in listed
    assert "cctv (mandatory line of enquiry): Is there any CCTV" in listed


def refused_with(*arguments: str) -> str:
    result = CliRunner().invoke(app, [*BIKE, *arguments, *OFFICER], env={"COLUMNS": "300"})
    assert result.exit_code != 0, result.output
    return " ".join(result.output.split())


async def test_bad_answers_are_refused_naming_the_question_and_the_option(
    stack: Stack, cli_environment: None
) -> None:
    choice = await asyncio.to_thread(refused_with, "--incident-type", "theft", "--answer", "what_kind=bike")
    assert "--answer" in choice and "what_kind takes one of from_person, shop, cycle, home, other" in choice
    unknown = await asyncio.to_thread(refused_with, "--incident-type", "theft", "--answer", "colour=red")
    assert "colour is not a question of theft (theft-2026.1)" in unknown and "what_kind" in unknown
    moment = await asyncio.to_thread(refused_with, "--incident-type", "theft", "--answer", "when=last night")
    assert "when takes an ISO time such as 2026-11-23T14:30" in moment
    person = await asyncio.to_thread(refused_with, "--incident-type", "theft", "--answer", "witness=hair=red")
    assert "witness has no part 'hair=red'" in person
    piped = await asyncio.to_thread(refused_with, "--guided")
    assert "--guided" in piped and "asks its questions in a terminal" in piped and "--incident-type" in piped
    untyped = await asyncio.to_thread(refused_with, "--answer", "what_kind=cycle")
    assert "--incident-type" in untyped
    kind = await asyncio.to_thread(refused_with, "--incident-type", "bicycle", "--answer", "what_kind=cycle")
    assert "'bicycle' is not an incident type" in kind and "theft" in kind
    contradicted = await asyncio.to_thread(
        refused_with, "--incident-type", "theft", "--answer", "what_kind=cycle", "--answer", "force_used=yes"
    )
    assert "refused (INVALID_ARGUMENT): --answer force_used: contradicts answers.what_kind" in contradicted
