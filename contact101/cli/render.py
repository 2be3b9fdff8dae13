"""How the CLI shows cases and queues."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC

from google.protobuf.timestamp_pb2 import Timestamp
from rich.console import Console
from rich.table import Table

from contact101.v1 import common_pb2, review_pb2


def enum_label(name: str, prefix: str) -> str:
    return name.removeprefix(prefix).replace("_", " ").lower()


def when(stamp: Timestamp) -> str:
    if not stamp.seconds and not stamp.nanos:
        return "-"
    return stamp.ToDatetime(tzinfo=UTC).strftime("%Y-%m-%d %H:%M:%S UTC")


def grade_label(grade: common_pb2.RiskGrade.ValueType) -> str:
    return enum_label(common_pb2.RiskGrade.Name(grade), "RISK_GRADE_")


def show_case(console: Console, case: common_pb2.CaseView) -> None:
    status = enum_label(common_pb2.CaseStatus.Name(case.status), "CASE_STATUS_")
    console.print(f"[bold]Case {case.reference}[/bold]  status: [bold]{status}[/bold]")
    console.print(
        f"Officer: {case.officer_id}   received: {when(case.received_at)}   version: {case.contact_version}"
    )
    contact = case.contact
    console.print(f"Channel: {enum_label(common_pb2.Channel.Name(contact.channel), 'CHANNEL_')}")
    console.print(f"What: {contact.what_happened}")
    console.print(f"Where: {contact.location} {contact.location_postcode}".rstrip())
    console.print(f"When: {when(contact.occurred_at)}")
    for suspect in contact.suspects:
        console.print(f"Suspect: {' - '.join(filter(None, [suspect.name, suspect.description]))}")
    for line in contact.lines_of_enquiry:
        kind = enum_label(common_pb2.LineOfEnquiryKind.Name(line.kind), "LINE_OF_ENQUIRY_KIND_")
        console.print(f"Line of enquiry: {kind} {line.detail}".rstrip())

    if case.HasField("risk"):
        console.print(f"\n[bold]Risk[/bold]: {grade_label(case.risk.grade)} ({case.risk.rule_version})")
        console.print(f"  {case.risk.explanation}")
        for factor in case.risk.factors:
            console.print(f"  {factor.factor:<14} {factor.level:<7} {factor.reason}")
        if case.risk.vulnerability_flags:
            console.print(f"  vulnerability: {', '.join(case.risk.vulnerability_flags)}")
    if case.HasField("crime"):
        crime = case.crime
        headline = (
            f"recorded {crime.crime_number} - {crime.offence_name} ({crime.offence_code})"
            if crime.recorded
            else "no crime recorded"
        )
        console.print(f"\n[bold]Crime decision[/bold]: {headline} ({crime.rule_version})")
        console.print(f"  {crime.reason}")
    if case.HasField("referral"):
        referral = case.referral
        console.print(f"\n[bold]Victim referral[/bold]: {referral.status.lower()} due {referral.due_date}")
        console.print(f"  {referral.reason}")
    verification = case.verification
    state = enum_label(common_pb2.VerificationState.Name(verification.state), "VERIFICATION_STATE_")
    console.print(f"\n[bold]Verification[/bold]: {state} (submission {verification.submission})")
    if verification.supervisor_id:
        console.print(f"  by {verification.supervisor_id} at {when(verification.decided_at)}")
    for reason in verification.reasons:
        console.print(f"  returned: {reason}")
    show_history(console, case.history)


def show_history(console: Console, history: Iterable[common_pb2.HistoryEntry]) -> None:
    table = Table(title="History", show_lines=False)
    for column in ("when", "action", "by"):
        table.add_column(column, no_wrap=True)
    table.add_column("detail")
    for entry in history:
        table.add_row(when(entry.at), entry.action, entry.actor_id, entry.detail)
    console.print(table)


def show_queue(console: Console, items: Iterable[review_pb2.ReviewItem]) -> None:
    table = Table(title="Awaiting verification")
    for column in ("reference", "submitted", "officer", "grade", "crime", "submission"):
        table.add_column(column, no_wrap=True)
    for item in items:
        table.add_row(
            item.reference,
            when(item.submitted_at),
            item.officer_id,
            grade_label(item.grade),
            "yes" if item.crime_recorded else "no",
            str(item.submission),
        )
    console.print(table)
