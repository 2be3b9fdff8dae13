"""A contact as an officer captured it, and its THRIVE assessment, for the pure-rule tests."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from contact101.v1 import common_pb2, safeguarding_pb2
from services.safeguarding import thrive

NOW = datetime(2026, 11, 23, 12, 0, tzinfo=UTC)  # a Monday


def contact_of(what: str, **fields: object) -> common_pb2.ContactDetails:
    contact = common_pb2.ContactDetails(
        channel=common_pb2.CHANNEL_PHONE,
        caller=common_pb2.Person(name="Pat Caller", date_of_birth="1980-05-05"),
        caller_is_victim=True,
        what_happened=what,
        location="1 Test Road, Leeds",
        location_postcode="LS1 1AA",
        **fields,  # type: ignore[arg-type]
    )
    contact.occurred_at.FromDatetime(NOW - timedelta(hours=2))
    return contact


def assess(
    contact: common_pb2.ContactDetails, repeats: safeguarding_pb2.RepeatFindings | None = None
) -> safeguarding_pb2.RiskAssessment:
    return thrive.assess("101-20261123-0001", contact, repeats or safeguarding_pb2.RepeatFindings(), NOW)
