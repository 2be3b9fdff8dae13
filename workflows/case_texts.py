"""Words the case writes: further information in the narrative, and messages to the caller."""

from __future__ import annotations

from datetime import UTC

from contact101.labels import label
from contact101.v1 import case_pb2, common_pb2, crime_decision_pb2


def with_information(
    contact: common_pb2.ContactDetails, information: case_pb2.CaseInformation
) -> common_pb2.ContactDetails:
    """The contact with the new information appended to its narrative, saying who gave it and when,
    and the risk facts, offence facts and classifications it adds."""
    updated = common_pb2.ContactDetails()
    updated.CopyFrom(contact)
    at = information.received_at.ToDatetime(tzinfo=UTC).strftime("%Y-%m-%d %H:%M UTC")
    source = label(case_pb2.InformationSource, information.source)
    updated.what_happened = (
        f"{contact.what_happened}\n\nFurther information from {source} ({at}): {information.text}"
    )
    updated.risk_indicators.MergeFrom(information.risk_indicators)
    updated.offence_facts.extend(information.offence_facts)
    added_codes = [code for code in information.offence_codes if code not in contact.offence_codes]
    updated.offence_codes.extend(added_codes)
    return updated


def victim_update(case: case_pb2.CaseView) -> str:
    crime = case.crime
    outcome = (
        f"it has been recorded as a crime ({crime.offence_name.lower()}), crime number {crime.crime_number}."
        if crime.recorded
        else f"no crime has been recorded: {crime.reason}."
    )
    support = " You have been referred to victim support." if case.referral.referred else ""
    return f"Update on your report {case.reference}: {outcome}{support}"


def regular_update(case: case_pb2.CaseView) -> str:
    """The update at the frequency agreed with the victim, on an investigation with no news."""
    crime = case.crime
    return (
        f"Update on your report {case.reference}, as agreed every {case.contact.victim_update_every_days} "
        f"day(s): the investigation of crime {crime.crime_number} ({crime.offence_name.lower()}) continues. "
        "The officer in the case will contact you when there is a development."
    )


# Key events of an investigation (Victims' Code Right 6), as the victim is told of them.
KEY_EVENTS: dict[int, str] = {
    case_pb2.KEY_EVENT_KIND_ARREST: "the arrest",
    case_pb2.KEY_EVENT_KIND_INTERVIEW_UNDER_CAUTION: "the interview under caution",
    case_pb2.KEY_EVENT_KIND_RELEASED_WITHOUT_CHARGE: "the release without charge",
    case_pb2.KEY_EVENT_KIND_BAIL: "the bail decision",
    case_pb2.KEY_EVENT_KIND_CHARGE: "the charge",
    case_pb2.KEY_EVENT_KIND_DECISION_NOT_TO_INVESTIGATE: "the decision not to investigate",
}


def key_event_update(case: case_pb2.CaseView, event: case_pb2.KeyEventKind.ValueType) -> str:
    crime = f", crime number {case.crime.crime_number}" if case.crime.crime_number else ""
    return (
        f"Update on your report {case.reference}{crime}: there has been a development in the "
        f"investigation ({KEY_EVENTS[event]}). The officer in the case will explain what it means for you."
    )


def information_received(reference: str) -> str:
    return f"Thank you: your new information has been added to report {reference}."


def crime_outcome(case: case_pb2.CaseView) -> str:
    outcome = case.outcome
    return (
        f"The investigation of crime {outcome.crime_number} from your report {case.reference} has "
        f"finished: {outcome.name[0].lower()}{outcome.name[1:]}."
    )


def crime_cancelled(case: case_pb2.CaseView) -> str:
    cancellation = case.cancellation
    return (
        f"The crime {cancellation.crime_number} recorded from your report {case.reference} has been "
        f"cancelled ({label(crime_decision_pb2.CancellationCategory, cancellation.category)})."
    )
