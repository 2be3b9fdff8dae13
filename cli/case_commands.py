"""Commands on a case after it was recorded: new information, its audit trail, the duty
inspector's escalations, and a decision maker's cancellation of its crime."""

import sys
from typing import Annotated, TypeVar

import typer
from rich.console import Console

from cli import capture_options as capture
from cli import render
from contact101.labels import label
from contact101.v1 import (
    case_pb2,
    common_pb2,
    crime_decision_pb2,
    crime_pb2,
    crime_pb2_grpc,
    intake_pb2,
    intake_pb2_grpc,
    review_pb2,
    review_pb2_grpc,
)

console = Console(width=None if sys.stdout.isatty() else 200)
T = TypeVar("T")
SOURCES = {
    "caller": case_pb2.INFORMATION_SOURCE_CALLER,
    "officer": case_pb2.INFORMATION_SOURCE_OFFICER,
    "agency": case_pb2.INFORMATION_SOURCE_OTHER_AGENCY,
}
KEY_EVENTS = {
    name.removeprefix("KEY_EVENT_KIND_").lower().replace("_", "-"): value
    for name, value in case_pb2.KeyEventKind.items()
    if value
}
CATEGORIES = {
    "new-information": crime_decision_pb2.CANCELLATION_CATEGORY_ADDITIONAL_VERIFIABLE_INFORMATION,
    "transferred": crime_decision_pb2.CANCELLATION_CATEGORY_TRANSFERRED,
    "duplicate": crime_decision_pb2.CANCELLATION_CATEGORY_DUPLICATE,
}


def choice(name: str, value: str, choices: dict[str, T]) -> T:
    if value not in choices:
        raise typer.BadParameter(f"{name} must be one of {', '.join(choices)}")
    return choices[value]


def add_information(
    context: typer.Context,
    reference: str,
    text: Annotated[str, typer.Option(help="the new information")],
    source: Annotated[str, typer.Option(help="who gave it: caller, officer or agency")] = "caller",
    touches_risk: Annotated[bool, typer.Option(help="it changes the risk picture: assess again")] = False,
    attended: Annotated[bool, typer.Option(help="police have attended")] = False,
    risk: capture.Risk = None,
    key_event: Annotated[
        str | None,
        typer.Option(help=f"a key event the victim must be told of (Victims' Code): {', '.join(KEY_EVENTS)}"),
    ] = None,
    act: capture.Act = None,
    premises: capture.Premises = None,
    property_kind: capture.Property = None,
    weapon_kind: capture.WeaponKind = None,
    injury_level: capture.InjuryLevel = None,
    fact: capture.FactFlag = None,
    offence: capture.Offence = None,
) -> None:
    """Add new information to a case at any time; it is relayed to the crime record. An act it
    reveals (--act, --offence) on a case with no recorded crime is decided again, and a crime
    it records goes back to a supervisor."""
    facts = capture.offence_fact(act, premises, property_kind, weapon_kind, injury_level, fact)
    request = intake_pb2.AddInformationRequest(
        reference=reference,
        source=choice("--source", source, SOURCES),
        text=text,
        touches_risk=touches_risk or bool(risk),
        attended=attended,
        risk_indicators=capture.risk_indicators(risk),
        key_event=choice("--key-event", key_event, KEY_EVENTS)
        if key_event
        else case_pb2.KEY_EVENT_KIND_UNSPECIFIED,
        offence_facts=[facts] if facts is not None else [],
        offence_codes=[code.strip().upper() for code in offence or []],
    )
    case = context.obj.call(
        "intake", lambda ch: intake_pb2_grpc.IntakeServiceStub(ch).AddInformation(request)
    )
    grade = label(common_pb2.RiskGrade, case.risk.grade)
    console.print(f"{reference}: information added (version {case.contact_version}); risk graded {grade}")
    if request.offence_facts or request.offence_codes:
        crime = case.crime
        decided = (
            f"crime {crime.crime_number} recorded ({crime.offence_name})"
            if crime.recorded
            else "no crime recorded"
        )
        console.print(f"{reference}: {decided}; case {label(case_pb2.CaseStatus, case.status)}")


def history(context: typer.Context, reference: str) -> None:
    """A case's audit trail: every action, who took it, when, under which rules, what changed."""
    trail = context.obj.call(
        "review",
        lambda ch: review_pb2_grpc.ReviewServiceStub(ch).GetCaseHistory(
            review_pb2.GetCaseHistoryRequest(reference=reference)
        ),
    )
    render.show_audit_trail(console, trail)


def escalations(
    context: typer.Context,
    include_resolved: Annotated[bool, typer.Option("--all", help="also those already resolved")] = False,
    limit: int = 100,
) -> None:
    """The duty inspector's queue: clocks escalated before their deadline, and breaches."""
    request = review_pb2.ListEscalationsRequest(include_resolved=include_resolved, limit=limit)
    response = context.obj.call(
        "review", lambda ch: review_pb2_grpc.ReviewServiceStub(ch).ListEscalations(request)
    )
    render.show_escalations(console, response.escalations)


def cancel_crime(
    context: typer.Context,
    reference: str,
    category: Annotated[str, typer.Option(help="new-information, transferred or duplicate")],
    reason: Annotated[str, typer.Option(help="why the crime is cancelled")],
    related: Annotated[str, typer.Option(help="the force it goes to, or the crime it duplicates")] = "",
) -> None:
    """Cancel or transfer a case's recorded crime (designated decision makers; never your own case)."""
    request = crime_pb2.CancelCrimeRequest(
        reference=reference,
        category=choice("--category", category, CATEGORIES),
        reason=reason,
        related=related,
    )
    case = context.obj.call("crime", lambda ch: crime_pb2_grpc.CrimeServiceStub(ch).CancelCrime(request))
    console.print(f"{reference}: crime {case.cancellation.crime_number} cancelled ({category})")


def record_outcome(
    context: typer.Context,
    reference: str,
    code: Annotated[
        str,
        typer.Option(help="the Home Office outcome type, e.g. 1 (charged), 16, 18 (no suspect identified)"),
    ],
    reason: Annotated[str, typer.Option(help="why the crime closes with this outcome")],
) -> None:
    """Close a case's recorded crime with its Home Office outcome (decision makers); the victim is told."""
    request = crime_pb2.RecordOutcomeRequest(reference=reference, outcome_type=code, reason=reason)
    case = context.obj.call("crime", lambda ch: crime_pb2_grpc.CrimeServiceStub(ch).RecordOutcome(request))
    outcome = case.outcome
    console.print(
        f"{reference}: crime {outcome.crime_number} closed with outcome {outcome.outcome_type} "
        f"({outcome.name}); the victim is told"
    )
