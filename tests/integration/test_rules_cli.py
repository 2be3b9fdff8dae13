"""The officer's and supervisor's view of the rules: `contact101 report` captures the facts,
`show` explains the decisions, `queue` shows the alerts. Real CLI processes, real stack."""

from __future__ import annotations

import asyncio
import os

from contact101.rules.dash_questions import risk_tool
from contact101.runtime.config import SERVICE_NAMES
from contact101.v1 import case_pb2, intake_pb2
from tests.command_line import INSTALLED_CLI as CLI
from tests.stack import Stack, eventually

QUESTIONS = list(risk_tool().questions)


def dash_option(yes: int, rest: str = "no", questions: int = len(QUESTIONS)) -> str:
    """--dash as an officer types it: ID=yes|no|not-asked|declined for each question."""
    return ",".join(
        f"{question}={'yes' if index < yes else rest}" for index, question in enumerate(QUESTIONS[:questions])
    )


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
        stack, "--what", "My partner hit me and I have a black eye", "--dash", dash_option(15, "declined"),
        "--judgement", "strangulation", "--risk", "child-present", "--consent", "given", "--offence", "8N",
    )  # fmt: skip
    code, shown, err = await contact101(stack, *SUPERVISOR, "show", reference)
    assert code == 0, err
    for expected in (
        "Risk indicators: child present",
        "Risk: priority (thrive-",
        "DASH: high (15 of 24 yes",
        "9 of 24 DASH questions not asked or declined",
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
        "--what", "My partner hit me", "--dash", dash_option(15, questions=23),
    )  # fmt: skip
    assert code == 1
    assert "INVALID_ARGUMENT" in err and "--dash: " in err


async def test_a_dash_answer_to_an_unknown_question_is_refused_naming_the_field(stack: Stack) -> None:
    code, _out, err = await contact101(
        stack, *OFFICER, "report", "--channel", "phone", "--caller", "Chris Cli", "--where", "4 Command Lane",
        "--what", "My partner hit me", "--dash", dash_option(15).replace("injury=", "bruises=", 1),
    )  # fmt: skip
    assert code == 1
    assert "--dash: " in err and "question" in err


async def test_report_captures_the_facts_behind_the_decisions_made_right(stack: Stack) -> None:
    railway = await reported(
        stack, "--what", "My bag was stolen on the train", "--outcome", "btp",
    )  # fmt: skip
    code, shown, err = await contact101(stack, *SUPERVISOR, "show", railway)
    assert code == 0, err
    assert "British Transport Police" in shown and "61016" in shown, shown
    information = await reported(
        stack, "--what", "I think my neighbour is selling stolen bikes", "--offence", "54",
        "--report-type", "information", "--offender-back", "2026-12-02T18:00", "--update-every", "14",
    )  # fmt: skip
    code, shown, err = await contact101(stack, *SUPERVISOR, "show", information)
    assert code == 0, err
    assert "passed to the neighbourhood policing team" in shown, shown
    assert "offender expected back (02 Dec 2026 18:00)" in shown, shown


async def test_queue_shows_supervisors_the_emergency_alert(stack: Stack) -> None:
    reference = await reported(
        stack, "--what", "Someone is kicking my front door in right now", "--risk", "in-progress",
        "--offence", "58A",
    )  # fmt: skip
    code, queue, err = await contact101(stack, *SUPERVISOR, "queue")
    assert code == 0, err
    alerts = queue.split("Awaiting verification")[0]
    assert "Alerts" in alerts and reference in alerts and "emergency" in alerts


async def test_report_captures_the_offence_facts_and_the_decision_is_made_from_them(stack: Stack) -> None:
    reference = await reported(
        stack, "--what", "Her shed was broken into overnight", "--act", "burglary",
        "--premises", "unconnected-building", "--victim-sex", "female", "--occurred-from", "2026-11-30T22:00",
        "--occurrence", "between", "--occurrence-detail", "overnight",
    )  # fmt: skip
    code, shown, err = await contact101(stack, *SUPERVISOR, "show", reference)
    assert code == 0, err
    for expected in (
        "Offence facts: burglary (unconnected building)",
        "Victim sex: female",
        "Occurrence: between overnight",
        "Burglary - residential (28E)",
        "the offence facts captured: burglary (unconnected building)",
    ):
        assert expected in shown, f"{expected!r} not in:\n{shown}"


async def test_an_account_alone_records_no_crime_and_show_prompts_for_the_facts(stack: Stack) -> None:
    reference = await reported(
        stack, "--what", "I'm calling right now because his bike got nicked from the garden"
    )
    code, shown, err = await contact101(stack, *SUPERVISOR, "show", reference)
    assert code == 0, err
    for expected in (
        "no crime recorded",
        "the account suggests 44 Theft or unauthorised taking of a pedal cycle ('bike got nicked')",
        "ask: the account says 'right now': is it still happening?",
    ):
        assert expected in shown, f"{expected!r} not in:\n{shown}"
    assert "Risk: emergency" not in shown


async def test_an_adult_classification_for_a_child_is_refused_naming_the_field(stack: Stack) -> None:
    code, _out, err = await contact101(
        stack, *OFFICER, "report", "--channel", "phone", "--caller", "Chris Cli",
        "--caller-dob", "2015-03-01", "--where", "4 Command Lane", "--what", "He raped me",
        "--offence", "19C", "--act", "rape",
    )  # fmt: skip
    assert code == 1
    assert "INVALID_ARGUMENT" in err and "--offence: contradicts the facts captured" in err


async def test_offences_lists_the_classifications_any_client_can_use(stack: Stack) -> None:
    code, listed, err = await contact101(stack, *OFFICER, "offences")
    assert code == 0, err
    assert "8Q" in listed and "Stalking" in listed and "10D" in listed
    assert "8O " not in listed


DECISION_MAKER = ("--as", "dm.cli:decision_maker")


async def test_add_info_with_the_act_records_the_crime_and_outcome_closes_it(stack: Stack) -> None:
    """An account alone records no crime; the act captured later records it (back to a
    supervisor, who has the case); a decision maker then closes it with its Home Office outcome."""
    reference = await reported(stack, "--what", "Somebody took my purse off the cafe table")
    code, out, err = await contact101(
        stack, *OFFICER, "add-info", reference, "--source", "officer", "--text", "Called back: a theft",
        "--act", "theft", "--premises", "business-or-community",
    )  # fmt: skip
    assert code == 0, out + err
    assert f"{reference}: crime " in out and "recorded (Other theft)" in out, out
    assert "awaiting verification" in out, out

    code, out, err = await contact101(
        stack, *DECISION_MAKER, "outcome", reference, "--code", "19", "--reason", "x"
    )
    assert code == 1 and "--code: must be a Home Office outcome type" in err, err
    code, out, err = await contact101(
        stack, *DECISION_MAKER, "outcome", reference, "--code", "18", "--reason", "no CCTV, no witnesses"
    )
    assert code == 0, out + err
    assert "closed with outcome 18 (Investigation complete; no suspect identified)" in out, out
    code, shown, err = await contact101(stack, *SUPERVISOR, "history", reference)
    assert code == 0 and "outcome" in shown, shown + err
