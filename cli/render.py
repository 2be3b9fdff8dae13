"""How the CLI shows cases and queues."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime, timedelta
from functools import cache

from google.protobuf.timestamp_pb2 import Timestamp
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from contact101.labels import ProtoEnum, label
from contact101.v1 import (
    case_pb2,
    common_pb2,
    crime_decision_pb2,
    crime_pb2,
    questions_pb2,
    review_pb2,
    safeguarding_pb2,
)

ENUM_MODULES = (case_pb2, common_pb2, crime_decision_pb2, review_pb2, safeguarding_pb2)


def when(stamp: Timestamp) -> str:
    if not stamp.seconds and not stamp.nanos:
        return "-"
    return stamp.ToDatetime(tzinfo=UTC).strftime("%Y-%m-%d %H:%M:%S UTC")


def show_case(console: Console, case: case_pb2.CaseView) -> None:
    status = label(case_pb2.CaseStatus, case.status)
    console.print(f"[bold]Case {case.reference}[/bold]  status: [bold]{status}[/bold]")
    console.print(
        f"Officer: {case.officer_id}   received: {when(case.received_at)}   version: {case.contact_version}"
    )
    contact = case.contact
    console.print(f"Channel: {label(common_pb2.Channel, contact.channel)}")
    show_person(console, "Caller" + (" (the victim)" if contact.caller_is_victim else ""), contact.caller)
    if contact.HasField("victim"):
        show_person(console, "Victim", contact.victim)
    console.print(f"What: {contact.what_happened}")
    console.print(f"Where: {contact.location} {contact.location_postcode}".rstrip())
    console.print(f"When: {when(contact.occurred_at)}")
    for suspect in contact.suspects:
        console.print(f"Suspect: {' - '.join(filter(None, [suspect.name, suspect.description]))}")
    for line in contact.lines_of_enquiry:
        kind = label(common_pb2.LineOfEnquiryKind, line.kind)
        console.print(f"Line of enquiry: {kind} {line.detail}".rstrip())
    show_captured_facts(console, contact)
    show_guided_answers(console, contact)
    show_suggested_incident_types(console, case.reference, contact)
    show_email_origin(console, contact)

    if case.HasField("risk"):
        console.print(
            f"\n[bold]Risk[/bold]: {label(common_pb2.RiskGrade, case.risk.grade)} ({case.risk.rule_version})"
        )
        console.print(f"  {case.risk.explanation}")
        for factor in case.risk.factors:
            console.print(f"  {factor.factor:<14} {factor.level:<7} {factor.reason}")
        if case.risk.vulnerability_flags:
            console.print(f"  vulnerability: {', '.join(case.risk.vulnerability_flags)}")
        for prompt in case.risk.prompts:
            console.print(f"  ask: {prompt}")
        show_risk_details(console, case)
    if case.HasField("crime"):
        crime = case.crime
        headline = (
            f"recorded {crime.crime_number} - {crime.offence_name} ({crime.offence_code})"
            if crime.recorded
            else "no crime recorded"
        )
        console.print(f"\n[bold]Crime decision[/bold]: {headline} ({crime.rule_version})")
        console.print(f"  {crime.reason}")
        show_crime_details(console, crime)
    if case.HasField("referral"):
        referral = case.referral
        console.print(f"\n[bold]Victim referral[/bold]: {referral.status.lower()} due {referral.due_date}")
        console.print(f"  {referral.reason}")
        show_referral_details(console, referral)
    verification = case.verification
    state = label(case_pb2.VerificationState, verification.state)
    console.print(f"\n[bold]Verification[/bold]: {state} (submission {verification.submission})")
    if verification.supervisor_id:
        console.print(f"  by {verification.supervisor_id} at {when(verification.decided_at)}")
    for reason in verification.reasons:
        console.print(f"  returned: {reason}")
    show_progress(console, case)
    show_history(console, case.history)


def show_person(console: Console, role: str, person: common_pb2.Person) -> None:
    """A caller's or victim's contact details; intake sends them only to roles that may see them."""
    born = f"born {person.date_of_birth}" if person.date_of_birth else ""
    address = " ".join(filter(None, [person.address, person.postcode]))
    details = [detail for detail in (person.name, born, person.phone, person.email, address) if detail]
    if details:
        console.print(f"{role}: {', '.join(details)}")


@cache
def enum_labels() -> dict[str, str]:
    """Every enum value's full name (CLOCK_STATE_MET) with its plain words (met)."""
    enums: list[ProtoEnum] = [
        getattr(module, name) for module in ENUM_MODULES for name in module.DESCRIPTOR.enum_types_by_name
    ]
    return {name: label(enum, number) for enum in enums for name, number in enum.items()}


def plain(value: str) -> str:
    """A value as people read it: an enum name in plain words, anything else as it is."""
    return enum_labels().get(value, value)


def time_left(due: Timestamp, now: datetime) -> str:
    """How long until due, as 3h 20m, or how long overdue."""
    if not due.seconds:
        return "-"
    left = due.ToDatetime(tzinfo=UTC) - now
    minutes = int(abs(left) / timedelta(minutes=1))
    days, rest = divmod(minutes, 24 * 60)
    spoken = f"{days}d {rest // 60:02d}h" if days else f"{rest // 60}h {rest % 60:02d}m"
    return spoken if left >= timedelta(0) else f"overdue {spoken}"


def show_history(console: Console, history: Iterable[case_pb2.HistoryEntry]) -> None:
    table = Table(title="History", show_lines=False)
    for column in ("when", "action", "by"):
        table.add_column(column, no_wrap=True)
    table.add_column("detail")
    for entry in history:
        table.add_row(when(entry.at), entry.action, entry.actor_id, entry.detail)
    console.print(table)


def show_offences(console: Console, listing: crime_pb2.ListOffencesResponse) -> None:
    """The offence table's classifications in force, as CrimeService.ListOffences lists them."""
    table = Table(title=f"Offence classifications ({listing.table_version})")
    for column in ("code", "name", "family", "counting unit", "in force", "recorded by"):
        table.add_column(column)
    for offence in listing.offences:
        dates = f"{offence.effective_from} to {offence.effective_to or 'now'}"
        table.add_row(
            offence.code, offence.name, offence.family, offence.counting_unit.lower(), dates,
            offence.recorded_by.replace("_", " "),
        )  # fmt: skip
    console.print(table)


def by_urgency(items: Iterable[review_pb2.ReviewItem], alerted: set[str]) -> list[review_pb2.ReviewItem]:
    """Cases with an alert first, then by verification deadline, soonest first."""
    return sorted(items, key=lambda item: (item.reference not in alerted, item.due_at.ToNanoseconds()))


def show_queue(
    console: Console, items: Iterable[review_pb2.ReviewItem], alerted: set[str], now: datetime
) -> None:
    table = Table(title="Awaiting verification, most urgent first")
    for column in ("reference", "time left", "due", "submitted", "officer", "grade", "crime", "submission"):
        table.add_column(column, no_wrap=True)
    for item in by_urgency(items, alerted):
        table.add_row(
            item.reference + (" (alert)" if item.reference in alerted else ""),
            time_left(item.due_at, now),
            when(item.due_at),
            when(item.submitted_at),
            item.officer_id,
            label(common_pb2.RiskGrade, item.grade),
            "yes" if item.crime_recorded else "no",
            str(item.submission),
        )
    console.print(table)


CHANGES_SHOWN = 8  # per audit event; a new case changes every field


def clock_state_label(clock: case_pb2.Clock) -> str:
    state = label(case_pb2.ClockState, clock.state)
    if clock.state == case_pb2.CLOCK_STATE_BREACHED and clock.HasField("ended_at"):
        return f"breached (met late {when(clock.ended_at)})"
    if clock.HasField("ended_at"):
        return f"{state} {when(clock.ended_at)}"
    return state


def show_progress(console: Console, case: case_pb2.CaseView) -> None:
    """The case's clocks, what changed since the last review, new information, caller messages."""
    if case.HasField("cancellation"):
        cancellation = case.cancellation
        category = label(crime_decision_pb2.CancellationCategory, cancellation.category)
        related = f" ({cancellation.related})" if cancellation.related else ""
        console.print(f"\n[bold]Crime cancelled[/bold]: {cancellation.crime_number} - {category}{related}")
        console.print(
            f"  by {cancellation.actor.id} at {when(cancellation.cancelled_at)}: {cancellation.reason}"
        )
    if case.changes_since_review:
        changes = Table(title="Changes since the last review")
        for column in ("field", "before", "after"):
            changes.add_column(column)
        for change in case.changes_since_review:
            changes.add_row(change.field, plain(change.before), plain(change.after))
        console.print(changes)
    if case.clocks:
        clocks = Table(title="Clocks")
        for column in ("clock", "due", "escalates", "state", "rule"):
            clocks.add_column(column, no_wrap=column != "rule")
        for clock in case.clocks:
            clocks.add_row(
                clock.name, when(clock.due_at), when(clock.escalate_at), clock_state_label(clock), clock.basis
            )
        console.print(clocks)
    for information in case.information:
        source = label(case_pb2.InformationSource, information.source)
        flags = [
            flag
            for flag, on in (("touches risk", information.touches_risk), ("attended", information.attended))
            if on
        ]
        if information.key_event:
            flags.append(label(case_pb2.KeyEventKind, information.key_event))
        console.print(
            f"Further information from {source} ({information.actor.id}, {when(information.received_at)})"
            + (escape(f" [{', '.join(flags)}]") if flags else "")
            + f": {information.text}"
        )
    for notification in case.notifications:
        state = (
            f"delivered {when(notification.delivered_at)}"
            if notification.HasField("delivered_at")
            else "queued"
        )
        console.print(f"Caller notified ({state}): {notification.message}")


def show_audit_trail(console: Console, history: review_pb2.CaseHistory) -> None:
    table = Table(title=f"Audit trail of {history.reference}")
    for column in ("#", "when", "action", "by", "rule"):
        table.add_column(column, no_wrap=True)
    table.add_column("detail")
    table.add_column("changed")
    for event in history.events:
        entry = event.entry
        by = f"{entry.actor_id} ({label(common_pb2.Role, entry.actor_role)})"
        fields = sorted(entry.before.keys() | entry.after.keys())
        changed = [
            f"{field}: {plain(entry.before.get(field, '-'))} -> {plain(entry.after.get(field, '-'))}"
            for field in fields[:CHANGES_SHOWN]
        ]
        if len(fields) > CHANGES_SHOWN:
            changed.append(f"(and {len(fields) - CHANGES_SHOWN} more fields)")
        table.add_row(
            str(event.sequence),
            when(entry.at),
            entry.action,
            by,
            entry.rule_version,
            entry.detail,
            "\n".join(changed),
        )
    console.print(table)
    if history.reads:
        reads = Table(title=f"Who read {history.reference} decrypted outside the services")
        for column in ("when", "by", "payloads"):
            reads.add_column(column, no_wrap=True)
        reads.add_column("through")
        for read in history.reads:
            by = f"{read.reader_id} ({label(common_pb2.Role, read.reader_role)})"
            reads.add_row(when(read.at), by, str(read.payloads), read.through)
        console.print(reads)


def show_escalations(console: Console, escalations: Iterable[review_pb2.Escalation]) -> None:
    table = Table(title="Duty inspector: escalated clocks")
    for column in ("reference", "clock", "due", "stage", "escalated", "breached", "resolved"):
        table.add_column(column, no_wrap=True)
    for escalation in escalations:
        table.add_row(
            escalation.reference,
            escalation.clock,
            when(escalation.due_at),
            label(review_pb2.EscalationStage, escalation.stage),
            when(escalation.escalated_at),
            when(escalation.breached_at),
            when(escalation.resolved_at),
        )
    console.print(table)


def show_email_origin(console: Console, contact: common_pb2.ContactDetails) -> None:
    """The inbox and message an emailed contact came from, and the files it came with."""
    if contact.HasField("email"):
        email = contact.email
        console.print(f"Email: to inbox {email.inbox}, from {contact.caller.email}, subject: {email.subject}")
        console.print(f"  Message-ID: {email.message_id or '(none)'}")
    for attachment in contact.attachments:
        console.print(
            f"Attachment: {attachment.filename} ({attachment.content_type}, {attachment.size} bytes)"
            f" sha256 {attachment.sha256}",
            soft_wrap=True,
        )


def show_guided_answers(console: Console, contact: common_pb2.ContactDetails) -> None:
    """The question set answered, its answers by question id, the mandatory lines of enquiry
    left unasked (for the supervisor who verifies it) and the advice given."""
    if not contact.HasField("guided"):
        return
    from contact101.rules.questions import answer_in_words  # the question sets: only for a case's view

    guided = contact.guided
    console.print(f"Questions: {guided.question_set_id} ({guided.question_set_version})")
    for question_id, answer in guided.answers.items():
        console.print(f"  {question_id}: {escape(answer_in_words(answer))}")
    for gap in guided.unanswered_mandatory:
        console.print(
            f"  [bold]not asked[/bold] (mandatory line of enquiry) {gap.question_id}: {escape(gap.text)}"
        )
    for advice in guided.advice_given:
        console.print(
            f"  advice given ({label(questions_pb2.AdviceKind, advice.kind)}): {escape(advice.text)}"
        )


def show_suggested_incident_types(
    console: Console, reference: str, contact: common_pb2.ContactDetails
) -> None:
    """The incident types the caller's words suggest, with the words, until one is confirmed."""
    if not contact.suggested_incident_types:
        return
    console.print(f"Suggested incident types (confirm one: contact101 confirm-type {reference} TYPE):")
    for suggestion in contact.suggested_incident_types:
        words = ", ".join(f"'{word}'" for word in suggestion.matched_words)
        kind = suggestion.incident_type
        console.print(f"  {kind.id}: {escape(kind.title)} (the words {escape(words)})")


def show_captured_facts(console: Console, contact: common_pb2.ContactDetails) -> None:
    """What the officer captured for the risk, crime and victim decisions, when there is any."""
    from contact101.rules.offences import describe  # the offence table's module: only for a case's view

    def labels(values: Iterable[int], enum: ProtoEnum) -> str:
        return ", ".join(label(enum, value) for value in values if value)

    indicators = [field.name.replace("_", " ") for field, on in contact.risk_indicators.ListFields() if on]
    facts = [
        ("Risk indicators", ", ".join(indicators)),
        ("Hate (perceived)", labels(contact.hate_strands, common_pb2.HateStrand)),
        ("Offence codes", ", ".join(contact.offence_codes)),
        ("Offence facts", "; ".join(describe(fact) for fact in contact.offence_facts)),
        ("Victim sex", labels([contact.victim_sex], common_pb2.Sex)),
        ("Victim gender", contact.victim_gender),
        ("Victim age", labels([contact.victim_age_band], common_pb2.AgeBand)),
        ("Organisation victim", contact.organisation_victim),
        (
            "Occurrence",
            " ".join(
                filter(
                    None,
                    [labels([contact.occurrence_kind], common_pb2.OccurrenceKind), contact.occurrence_detail],
                )
            ),
        ),
        ("Classification reason", contact.classification_reason),
        ("Other victims", ", ".join(filter(None, (person.name for person in contact.other_victims)))),
        ("Evidence against", contact.evidence_against),
        ("Category", labels([contact.opening_category], common_pb2.IncidentCategory)),
        (
            "Victim support consent",
            labels([contact.victim_support_consent], common_pb2.VictimConsent),
        ),
        (
            "First contact",
            labels([contact.first_contact_outcome], common_pb2.FirstContactOutcome),
        ),
        ("Third-party report", "yes" if contact.third_party_report else ""),
        ("Bereaved relative", "yes" if contact.bereaved_relative else ""),
    ]
    if contact.HasField("domestic_abuse"):
        abuse = contact.domestic_abuse
        judgement = labels(abuse.judgement_factors, common_pb2.DashJudgementFactor)
        facts.append(
            (
                "Domestic abuse",
                f"{len(abuse.risk_answers)} risk tool answers; judgement: {judgement or 'none'}",
            )
        )
    for name, text in facts:
        if text:
            console.print(f"{name}: {text}")


def show_risk_details(console: Console, case: case_pb2.CaseView) -> None:
    """DASH, repeat findings, safeguarding referrals, first-contact resolution and emergency dispatch."""
    risk = case.risk
    if risk.HasField("dash"):
        dash = risk.dash
        console.print(
            f"  {dash.tool or 'DASH'}: {dash.level.lower()} ({dash.yes_count} of {dash.questions} yes, "
            f"checklist {dash.checklist_level.lower()}) ({dash.rule_version})"
        )
        for reason in dash.judgement_reasons:
            console.print(f"    {reason}")
    if risk.HasField("repeats"):
        console.print(f"  history: {risk.repeats.explanation} ({risk.repeats.rule_version})")
    for referral in risk.safeguarding_referrals:
        kind = label(safeguarding_pb2.SafeguardingReferralKind, referral.kind)
        console.print(f"  [bold]referral[/bold] {kind} to {referral.to}: {referral.reason}")
    if risk.HasField("first_contact"):
        resolution = risk.first_contact
        console.print(f"  [bold]first contact[/bold]: {resolution.reason} ({resolution.rule_version})")
        console.print(f"    agency: {resolution.agency}; advice: {resolution.advice}")
    if case.HasField("emergency"):
        emergency = case.emergency
        console.print(
            f"  [bold red]emergency dispatch[/bold red] {emergency.dispatch_id} "
            f"at {when(emergency.dispatched_at)}: "
            f"attend within {emergency.attend_within_minutes_urban} min urban, "
            f"{emergency.attend_within_minutes_rural} min rural"
        )


def show_crime_details(console: Console, crime: crime_decision_pb2.CrimeDecision) -> None:
    """Each victim's crime, offences not counted, flags, the investigation outcome."""
    for recorded in crime.crimes:
        console.print(f"  crime {recorded.crime_number}: {recorded.offence_code} for {recorded.victim}")
    if crime.uncounted_offences:
        console.print(f"  not counted (principal crime rule): {', '.join(crime.uncounted_offences)}")
    if crime.flags:
        console.print(f"  flags: {', '.join(crime.flags)}")
    for suggestion in crime.suggestions:
        offence = f"{suggestion.offence_code} {suggestion.offence_name}"
        console.print(f"  the account suggests {offence} ('{suggestion.words}')")
    for prompt in crime.prompts:
        console.print(f"  ask: {prompt}")
    if crime.HasField("investigation"):
        investigation = crime.investigation
        headline = (
            f"allocated to {investigation.team}"
            if investigation.allocated
            else f"filed: {investigation.outcome} (outcome {investigation.outcome_code})"
        )
        console.print(
            f"  [bold]investigation[/bold]: {headline}; lines scored {investigation.score} "
            f"(viable from {investigation.threshold}) ({investigation.rule_version})"
        )
        for line in investigation.lines:
            console.print(f"    line: {line}")
        for reason in investigation.reasons:
            console.print(f"    {reason}")


def show_referral_details(console: Console, referral: safeguarding_pb2.VictimReferral) -> None:
    if referral.consent_rule:
        console.print(f"  consent: {referral.consent_rule.lower().replace('_', '-')}")
    if referral.enhanced_rights:
        console.print(f"  enhanced rights: {', '.join(referral.enhanced_reasons)}")
    if referral.update_within_working_days:
        console.print(
            f"  updates within {referral.update_within_working_days} working day(s): "
            f"first due {referral.next_update_due_date}"
        )
    if referral.not_investigated_notice_due_date:
        console.print(
            f"  tell the victim it will not be investigated by {referral.not_investigated_notice_due_date}"
        )
    for need in referral.needs:
        console.print(f"  support: {need}")
    console.print(f"  ({referral.rule_version})")


def show_alerts(console: Console, alerts: Iterable[review_pb2.Alert]) -> None:
    """Alerts for supervisors, newest first (a contact graded emergency)."""
    table = Table(title="Alerts")
    for column in ("raised", "reference", "kind", "grade"):
        table.add_column(column, no_wrap=True)
    table.add_column("detail")
    for alert in alerts:
        table.add_row(
            when(alert.raised_at),
            alert.reference,
            alert.kind.lower(),
            label(common_pb2.RiskGrade, alert.grade),
            alert.detail,
        )
    if table.row_count:
        console.print(table)
