"""contact101: record contacts, follow cases and verify them from the command line.

Who you are comes from a bearer token: `--token` (or CONTACT101_TOKEN), or on a local
development stack `--as USER:ROLE`, which signs a token with the configured key.
"""

import asyncio
import sys
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Annotated, TypeVar

import grpc
import typer
from rich.console import Console

from cli import capture_options as capture
from cli import (
    case_commands,
    guided_capture,
    inbox_commands,
    operations,
    render,
    security,
    stats_command,
    tracing,
)
from cli.confirm_type import confirm_type
from cli.contact_input import (
    parse_channel,
    parse_line_of_enquiry,
    parse_suspect,
    parse_when,
    person,
)
from cli.desk_user_commands import desk_users
from cli.find_command import find_cases
from cli.global_options import GlobalOptionsAnywhere
from cli.option_names import in_option_terms
from cli.tracing import tag_case
from contact101.labels import label
from contact101.rpc.channels import open_channel
from contact101.rpc.roles import ROLE_NAMES
from contact101.runtime.config import Settings, get_settings
from contact101.runtime.process_start import keep_files_private
from contact101.v1 import (
    case_pb2,
    common_pb2,
    crime_pb2,
    crime_pb2_grpc,
    intake_pb2,
    intake_pb2_grpc,
    review_pb2,
    review_pb2_grpc,
)

app = typer.Typer(
    cls=GlobalOptionsAnywhere, help=__doc__, no_args_is_help=True, pretty_exceptions_enable=False
)
# Piped output (scripts, logs) gets a wide page so that tables are never cut.
console = Console(width=None if sys.stdout.isatty() else 200)
error_console = Console(stderr=True, width=None if sys.stderr.isatty() else 200)
T = TypeVar("T")
RETRYABLE_CODES = frozenset({grpc.StatusCode.UNAVAILABLE, grpc.StatusCode.DEADLINE_EXCEEDED})
SIGN_IN = (
    "Sign in with --as USER:ROLE on a local development stack (e.g. --as pc.smith:contact_officer), "
    "or elsewhere with --token TOKEN or CONTACT101_TOKEN."
)
app.command(name="codec-server")(security.codec_server)
app.command(name="dev-certs")(security.dev_certs)
app.command(name="config")(operations.show_config)
app.command(name="migrate")(operations.migrate_databases)
app.command(name="trace")(tracing.show_trace)
app.command(name="stats")(stats_command.show_stats)
app.command(name="add-info")(case_commands.add_information)
app.command(name="history")(case_commands.history)
app.command(name="escalations")(case_commands.escalations)
app.command(name="cancel-crime")(case_commands.cancel_crime)
app.command(name="outcome")(case_commands.record_outcome)
app.command(name="poll-inboxes")(inbox_commands.poll_inboxes)
app.command(name="attachment")(inbox_commands.save_attachment)
app.command(name="find")(find_cases)
app.command(name="confirm-type")(confirm_type)
app.command(name="questions")(guided_capture.list_questions)
app.add_typer(desk_users, name="desk-user")


@dataclass
class Caller:
    settings: Settings
    token: str

    def call(self, service: str, rpc: Callable[[grpc.aio.Channel], Awaitable[T]], retry_hint: str = "") -> T:
        """Run one RPC on service; a refusal is printed with its status code and exits 1.

        retry_hint is printed too when the failure is one a later retry can get past.
        """

        if not self.token:
            error_console.print(f"[red]not signed in.[/red] {SIGN_IN}")
            raise typer.Exit(1)

        async def go() -> T:
            address = self.settings.address_of(service)
            channel = open_channel(address, lambda: self.token, self.settings, traced=tracing.TRACED.get())
            async with channel:
                return await rpc(channel)

        try:
            return asyncio.run(go())
        except grpc.aio.AioRpcError as error:
            details = error.details() or ""
            if error.code() == grpc.StatusCode.INVALID_ARGUMENT:
                details = in_option_terms(details)
            error_console.print(f"[red]refused ({error.code().name}):[/red] {details}", highlight=False)
            if error.code() == grpc.StatusCode.UNAUTHENTICATED:
                error_console.print(SIGN_IN)
            if retry_hint and error.code() in RETRYABLE_CODES:
                error_console.print(retry_hint)
            raise typer.Exit(1) from None


@app.callback()
def identify(
    context: typer.Context,
    acting_as: Annotated[
        str | None,
        typer.Option("--as", envvar="CONTACT101_AS", help="USER:ROLE, signed locally (development)"),
    ] = None,
    token: Annotated[str | None, typer.Option(envvar="CONTACT101_TOKEN", help="bearer token")] = None,
) -> None:
    keep_files_private()
    settings = get_settings()
    if acting_as:
        user, _, role = acting_as.partition(":")
        if role not in ROLE_NAMES:
            raise typer.BadParameter(f"--as takes USER:ROLE with ROLE one of {', '.join(ROLE_NAMES)}")
        from contact101.rpc.auth import issue_token  # PyJWT loads cryptography: only to sign here

        token = issue_token(settings, user, role)
    context.obj = Caller(settings, token or "")


@app.command()
def report(
    context: typer.Context,
    channel: Annotated[str, typer.Option(help="phone, email or online")],
    caller: Annotated[str, typer.Option(help="caller's name")],
    what: Annotated[str, typer.Option(help="what happened, in the caller's words")],
    where: Annotated[str, typer.Option(help="where it happened (optional with --online)")] = "",
    when: Annotated[
        str | None, typer.Option(help="when it happened, e.g. 2026-11-23T14:30 (default: now)")
    ] = None,
    postcode: Annotated[str | None, typer.Option(help="postcode of where it happened")] = None,
    caller_dob: Annotated[str | None, typer.Option(help="YYYY-MM-DD")] = None,
    caller_phone: Annotated[str | None, typer.Option()] = None,
    caller_address: Annotated[str | None, typer.Option()] = None,
    caller_postcode: Annotated[str | None, typer.Option()] = None,
    caller_is_victim: Annotated[bool, typer.Option(help="the caller is the victim")] = True,
    victim: Annotated[str | None, typer.Option(help="victim's name, when not the caller")] = None,
    victim_dob: Annotated[str | None, typer.Option(help="YYYY-MM-DD")] = None,
    victim_phone: Annotated[str | None, typer.Option()] = None,
    victim_address: Annotated[str | None, typer.Option()] = None,
    suspect: Annotated[
        list[str] | None, typer.Option(help="'NAME: DESCRIPTION' or a description; repeat")
    ] = None,
    line: Annotated[
        list[str] | None, typer.Option(help="'KIND: DETAIL' (cctv, witness, ...); repeat")
    ] = None,
    request_id: Annotated[str | None, typer.Option(help="repeat a create safely with the same id")] = None,
    risk: capture.Risk = None,
    hate: capture.Hate = None,
    domestic_abuse: capture.DomesticAbuse = False,
    dash: capture.Dash = None,
    judgement: capture.Judgement = None,
    consent: capture.Consent = None,
    bereaved: capture.Bereaved = False,
    third_party: capture.ThirdParty = False,
    offence: capture.Offence = None,
    outcome: capture.Outcome = None,
    category: capture.Category = None,
    evidence_against: capture.EvidenceAgainst = None,
    other_victim: capture.OtherVictim = None,
    act: capture.Act = None,
    premises: capture.Premises = None,
    property_kind: capture.Property = None,
    weapon_kind: capture.WeaponKind = None,
    injury_level: capture.InjuryLevel = None,
    fact: capture.FactFlag = None,
    victim_sex: capture.VictimSex = None,
    victim_gender: capture.VictimGender = None,
    victim_age_band: capture.VictimAgeBand = None,
    organisation_victim: capture.OrganisationVictim = None,
    occurred_from: capture.OccurredFrom = None,
    occurrence: capture.Occurrence = None,
    occurrence_detail: capture.OccurrenceDetail = None,
    online: capture.Online = False,
    classification_reason: capture.ClassificationReason = None,
    report_type: capture.ReportType = None,
    money_at_risk: capture.MoneyAtRisk = False,
    identifiable_suspect: capture.IdentifiableSuspect = False,
    transfer_to: capture.TransferTo = None,
    offender_back: capture.OffenderBack = None,
    update_every: capture.UpdateEvery = 0,
    nchi: capture.Nchi = None,
    marac_judgement: capture.MaracJudgement = None,
    guided: Annotated[
        bool, typer.Option(help="suggest the incident type from --what, then ask its questions here")
    ] = False,
    incident_type: Annotated[
        str | None, typer.Option(help="the incident type whose questions --answer answers")
    ] = None,
    answer: Annotated[
        list[str] | None, typer.Option(help="ID=VALUE, an answer to a question of the set; repeat")
    ] = None,
) -> None:
    """Record a contact; prints its reference at once. With --guided or --answer, the answers to
    the incident type's question set go with it."""
    contact = common_pb2.ContactDetails(
        channel=parse_channel(channel),
        caller=person(caller, caller_dob, caller_phone, caller_address, caller_postcode),
        caller_is_victim=caller_is_victim and victim is None,
        what_happened=what,
        location=where,
        location_postcode=postcode or "",
        suspects=[parse_suspect(text) for text in suspect or []],
        lines_of_enquiry=[parse_line_of_enquiry(text) for text in line or []],
    )
    if victim:
        contact.victim.CopyFrom(person(victim, victim_dob, victim_phone, victim_address, None))
    contact.occurred_at.FromDatetime(parse_when(when))
    if occurred_from:
        contact.occurred_from.FromDatetime(parse_when(occurred_from))
    capture.apply_offence_facts(
        contact,
        act=act,
        premises=premises,
        property_kind=property_kind,
        weapon=weapon_kind,
        injury=injury_level,
        fact=fact,
        victim_sex=victim_sex,
        victim_gender=victim_gender,
        victim_age_band=victim_age_band,
        organisation_victim=organisation_victim,
        occurrence=occurrence,
        occurrence_detail=occurrence_detail,
        online=online,
        classification_reason=classification_reason,
    )
    capture.apply_capture(
        contact,
        risk=risk,
        hate=hate,
        domestic_abuse=domestic_abuse,
        dash=dash,
        judgement=judgement,
        consent=consent,
        bereaved=bereaved,
        third_party=third_party,
        offence=offence,
        outcome=outcome,
        category=category,
        evidence_against=evidence_against,
        other_victim=other_victim,
    )
    capture.apply_decision_facts(
        contact,
        report_type=report_type,
        money_at_risk=money_at_risk,
        identifiable_suspect=identifiable_suspect,
        transfer_to=transfer_to,
        offender_back=parse_when(offender_back) if offender_back else None,
        update_every=update_every,
        nchi=nchi,
        marac_judgement=marac_judgement,
    )
    import uuid

    request = intake_pb2.CreateContactRequest(request_id=request_id or str(uuid.uuid4()), contact=contact)
    guided_capture.add_answers(
        context.obj,
        request,
        guided=guided,
        incident_type=incident_type,
        answer_options=answer or [],
        console=console,
    )
    with tracing.command_span("report"):
        response = context.obj.call(
            "intake",
            lambda ch: intake_pb2_grpc.IntakeServiceStub(ch).CreateContact(request),
            retry_hint=(
                "The contact may be partly recorded. Repeat the same command with "
                f"--request-id {request.request_id} --when {contact.occurred_at.ToDatetime(UTC).isoformat()} "
                "so that it is recorded once."
            ),
        )
        tag_case(response.reference)
        hint = tracing.trace_hint(response.reference)
    console.print(response.reference if response.created else f"{response.reference} (already recorded)")
    if hint:
        error_console.print(hint)


@app.command()
def show(context: typer.Context, reference: str) -> None:
    """The case as it stands: grade, crime decision, referral, verification and history."""
    case = context.obj.call(
        "intake",
        lambda ch: intake_pb2_grpc.IntakeServiceStub(ch).GetCase(
            intake_pb2.GetCaseRequest(reference=reference)
        ),
    )
    render.show_case(console, case)


@app.command()
def offences(
    context: typer.Context,
    on: Annotated[str | None, typer.Option(help="the day, YYYY-MM-DD (default: today)")] = None,
) -> None:
    """The Home Office classifications in the offence table, in force on a day."""
    listing = context.obj.call(
        "crime",
        lambda ch: crime_pb2_grpc.CrimeServiceStub(ch).ListOffences(
            crime_pb2.ListOffencesRequest(effective_on=on or "")
        ),
    )
    render.show_offences(console, listing)


@app.command()
def queue(context: typer.Context, limit: int = 100) -> None:
    """Supervisors' alerts (contacts graded emergency), then cases awaiting verification, most urgent
    first: those with an alert, then by verification deadline, with the time left."""
    response = context.obj.call(
        "review",
        lambda ch: review_pb2_grpc.ReviewServiceStub(ch).ListAwaitingVerification(
            review_pb2.ListAwaitingVerificationRequest(limit=limit)
        ),
    )
    alerts = context.obj.call(
        "review",
        lambda ch: review_pb2_grpc.ReviewServiceStub(ch).ListAlerts(
            review_pb2.ListAlertsRequest(limit=limit)
        ),
    )
    render.show_alerts(console, alerts.alerts)
    alerted = {alert.reference for alert in alerts.alerts}
    render.show_queue(console, response.items, alerted, datetime.now(UTC))


@app.command()
def approve(context: typer.Context, reference: str) -> None:
    """Approve a case's work (supervisors; never your own)."""
    case = context.obj.call(
        "review",
        lambda ch: review_pb2_grpc.ReviewServiceStub(ch).Approve(
            review_pb2.ApproveRequest(reference=reference)
        ),
    )
    status = label(case_pb2.CaseStatus, case.status)
    console.print(f"{reference} approved; status {status}")


@app.command(name="return")
def return_for_rework(
    context: typer.Context,
    reference: str,
    reason: Annotated[list[str], typer.Option(help="why the work goes back; repeat for several")],
) -> None:
    """Return a case to its officer for rework, with reasons."""
    request = review_pb2.ReturnForReworkRequest(reference=reference, reasons=reason)
    context.obj.call("review", lambda ch: review_pb2_grpc.ReviewServiceStub(ch).ReturnForRework(request))
    console.print(f"{reference} returned for rework")


@app.command()
def amend(
    context: typer.Context,
    reference: str,
    note: Annotated[str, typer.Option(help="what you changed and why")],
    what: Annotated[str | None, typer.Option()] = None,
    where: Annotated[str | None, typer.Option()] = None,
    postcode: Annotated[str | None, typer.Option()] = None,
    when: Annotated[str | None, typer.Option()] = None,
    suspect: Annotated[list[str] | None, typer.Option(help="replaces the suspects; repeat")] = None,
    line: Annotated[list[str] | None, typer.Option(help="replaces the lines of enquiry; repeat")] = None,
) -> None:
    """Amend a case returned for rework; only the fields given change."""
    caller: Caller = context.obj
    case = caller.call(
        "intake",
        lambda ch: intake_pb2_grpc.IntakeServiceStub(ch).GetCase(
            intake_pb2.GetCaseRequest(reference=reference)
        ),
    )
    contact = case.contact
    if what is not None:
        contact.what_happened = what
    if where is not None:
        contact.location = where
    if postcode is not None:
        contact.location_postcode = postcode
    if when is not None:
        contact.occurred_at.FromDatetime(parse_when(when))
    if suspect is not None:
        del contact.suspects[:]
        contact.suspects.extend(parse_suspect(text) for text in suspect)
    if line is not None:
        del contact.lines_of_enquiry[:]
        contact.lines_of_enquiry.extend(parse_line_of_enquiry(text) for text in line)
    request = intake_pb2.AmendContactRequest(reference=reference, contact=contact, note=note)
    amended = caller.call("intake", lambda ch: intake_pb2_grpc.IntakeServiceStub(ch).AmendContact(request))
    console.print(f"{reference} amended to version {amended.contact_version}; it goes back for verification")


@app.command()
def token(
    user: Annotated[str, typer.Option(help="the user id the token names")],
    role: Annotated[str, typer.Option(help=", ".join(ROLE_NAMES))],
) -> None:
    """Issue a local development token signed with the configured key."""
    if role not in ROLE_NAMES:
        raise typer.BadParameter(f"role must be one of {', '.join(ROLE_NAMES)}")
    from contact101.rpc.auth import issue_token

    console.print(issue_token(get_settings(), user, role), soft_wrap=True)
