"""`contact101 find`: the cases a caller, victim, place or crime is in, for a caller with no
reference. The search is recorded in the audit trail (who searched, by what kind of key)."""

import sys
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from cli.render import when
from contact101.labels import label
from contact101.v1 import case_pb2, common_pb2, intake_pb2, intake_pb2_grpc

console = Console(width=None if sys.stdout.isatty() else 200)
WHAT_SHOWN = 60  # characters of what happened


def search_of(
    reference: str | None,
    crime_number: str | None,
    phone: str | None,
    email: str | None,
    name: str | None,
    dob: str | None,
    postcode: str | None,
    address: str | None,
) -> intake_pb2.FindCasesRequest:
    """The one key typed, as a request; refuses none, or more than one."""
    if (name is None) != (dob is None):
        raise typer.BadParameter("--name and --dob go together: a name alone finds too many people")
    keys = {
        "reference": reference,
        "crime_number": crime_number,
        "phone": phone,
        "email": email,
        "postcode": postcode,
        "address": address,
    }
    given = {kind: value for kind, value in keys.items() if value is not None}
    if len(given) + (name is not None) != 1:
        raise typer.BadParameter(
            "give one of --reference, --crime-number, --phone, --email, --name with --dob, "
            "--postcode or --address"
        )
    if name is not None and dob is not None:
        return intake_pb2.FindCasesRequest(
            name_and_birth=intake_pb2.NameAndBirth(name=name, date_of_birth=dob)
        )
    request = intake_pb2.FindCasesRequest()
    for kind, value in given.items():
        setattr(request, kind, value)
    return request


def find_cases(
    context: typer.Context,
    reference: Annotated[str | None, typer.Option(help="the case reference, e.g. 101-20261123-0001")] = None,
    crime_number: Annotated[str | None, typer.Option(help="a crime number, e.g. CR-2026-000001")] = None,
    phone: Annotated[str | None, typer.Option(help="the caller's or victim's phone number")] = None,
    email: Annotated[str | None, typer.Option(help="the caller's or victim's email address")] = None,
    name: Annotated[str | None, typer.Option(help="the caller's or victim's name (with --dob)")] = None,
    dob: Annotated[str | None, typer.Option(help="their date of birth, YYYY-MM-DD (with --name)")] = None,
    postcode: Annotated[
        str | None, typer.Option(help="the caller's or victim's postcode, or where it happened")
    ] = None,
    address: Annotated[
        str | None, typer.Option(help="the caller's or victim's address (no postcode)")
    ] = None,
    limit: int = 20,
) -> None:
    """Find the cases of a caller with no reference, newest first, each with its state."""
    request = search_of(reference, crime_number, phone, email, name, dob, postcode, address)
    request.limit = limit
    found: intake_pb2.FindCasesResponse = context.obj.call(
        "intake", lambda channel: intake_pb2_grpc.IntakeServiceStub(channel).FindCases(request)
    )
    if not found.cases:
        console.print("no case found")
        return
    table = Table(title="Cases found, newest first")
    for column in ("reference", "received", "status", "grade", "crime"):
        table.add_column(column, no_wrap=True)
    table.add_column("what happened")
    for case in found.cases:
        what = case.what_happened
        table.add_row(
            case.reference,
            when(case.received_at),
            label(case_pb2.CaseStatus, case.status),
            label(common_pb2.RiskGrade, case.grade),
            case.crime_number or "-",
            what if len(what) <= WHAT_SHOWN else what[: WHAT_SHOWN - 1] + "…",
        )
    console.print(table)
