"""`contact101 confirm-type REF TYPE`: the officer confirms an incident type for a contact no
one asked the questions of (an email's suggested types), with any answers the caller has given
since; an amendment like any other, so it goes back to the supervisor to verify."""

import sys
from typing import Annotated

import typer
from rich.console import Console

from cli.guided_capture import question_set_for, scripted_answers
from contact101.v1 import intake_pb2, intake_pb2_grpc

console = Console(width=None if sys.stdout.isatty() else 200)


def confirm_type(
    context: typer.Context,
    reference: str,
    incident_type: Annotated[str, typer.Argument(help="the incident type confirmed, e.g. theft")],
    answer: Annotated[
        list[str] | None, typer.Option(help="ID=VALUE, an answer to a question of the type's set; repeat")
    ] = None,
    note: Annotated[str, typer.Option(help="why, for the supervisor")] = "",
) -> None:
    """Confirm a contact's incident type (a case returned for rework): its question set is
    answered with the --answer options, the questions left are shown as not asked, and the
    suggestions are cleared."""
    caller = context.obj
    question_set = question_set_for(caller, incident_type, typed_as="INCIDENT_TYPE")
    answers = scripted_answers(question_set, answer or [])
    case = caller.call(
        "intake",
        lambda ch: intake_pb2_grpc.IntakeServiceStub(ch).GetCase(
            intake_pb2.GetCaseRequest(reference=reference)
        ),
    )
    contact = case.contact
    del contact.suggested_incident_types[:]
    contact.ClearField("guided")
    request = intake_pb2.AmendContactRequest(
        reference=reference,
        contact=contact,
        note=note or f"incident type confirmed: {incident_type}",
        question_set_id=question_set.id,
        question_set_version=question_set.version,
        answers=answers,
    )
    amended = caller.call("intake", lambda ch: intake_pb2_grpc.IntakeServiceStub(ch).AmendContact(request))
    console.print(
        f"{reference}: incident type {incident_type} confirmed ({question_set.version}); "
        f"version {amended.contact_version} goes back for verification"
    )
