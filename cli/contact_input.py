"""Turning what an officer types into a ContactDetails message."""

from datetime import UTC, datetime

import typer

from contact101.v1 import common_pb2

CHANNELS = {
    "phone": common_pb2.CHANNEL_PHONE,
    "email": common_pb2.CHANNEL_EMAIL,
    "online": common_pb2.CHANNEL_ONLINE,
}
LINE_KINDS = {
    name.removeprefix("LINE_OF_ENQUIRY_KIND_").lower(): value
    for name, value in common_pb2.LineOfEnquiryKind.items()
    if value
}


def parse_when(text: str | None) -> datetime:
    """An ISO date-time (local times are taken as UTC); now, to the second, when not given."""
    if not text:
        return datetime.now(UTC).replace(microsecond=0)
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        raise typer.BadParameter(f"{text!r} is not a date-time such as 2026-11-23T14:30") from None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def parse_channel(text: str) -> common_pb2.Channel.ValueType:
    if text.lower() not in CHANNELS:
        raise typer.BadParameter(f"channel must be one of {', '.join(CHANNELS)}")
    return CHANNELS[text.lower()]


def parse_suspect(text: str) -> common_pb2.Suspect:
    """`NAME: DESCRIPTION`, or a description alone."""
    name, separator, description = text.partition(":")
    if not separator:
        return common_pb2.Suspect(description=text.strip())
    return common_pb2.Suspect(name=name.strip(), description=description.strip())


def parse_line_of_enquiry(text: str) -> common_pb2.LineOfEnquiry:
    """`KIND: DETAIL`, KIND one of LINE_KINDS (cctv, witness, forensic, ...)."""
    kind, _, detail = text.partition(":")
    if kind.strip().lower() not in LINE_KINDS:
        raise typer.BadParameter(f"line of enquiry kind must be one of {', '.join(LINE_KINDS)}")
    return common_pb2.LineOfEnquiry(kind=LINE_KINDS[kind.strip().lower()], detail=detail.strip())


def person(
    name: str | None, date_of_birth: str | None, phone: str | None, address: str | None, postcode: str | None
) -> common_pb2.Person:
    return common_pb2.Person(
        name=name or "",
        date_of_birth=date_of_birth or "",
        phone=phone or "",
        address=address or "",
        postcode=postcode or "",
    )
