"""The captured facts are checked at the edge: malformed or contradictory input names the field."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from contact101.rpc.edge_checks import validate_contact
from contact101.rpc.refusals import InvalidField
from contact101.v1 import common_pb2

NOW = datetime(2026, 11, 23, 12, 0, tzinfo=UTC)


def contact(days_ago: int = 0, **fields: object) -> common_pb2.ContactDetails:
    settings: dict[str, object] = {
        "caller_is_victim": True,
        "caller": common_pb2.Person(name="Pat Caller", date_of_birth="1990-01-01"),
        **fields,
    }
    captured = common_pb2.ContactDetails(
        channel=common_pb2.CHANNEL_PHONE,
        what_happened="My partner hit me",
        location="1 Test Road",
        **settings,  # type: ignore[arg-type]
    )
    captured.occurred_at.FromDatetime(NOW - timedelta(days=days_ago, hours=1))
    return captured


def dash(answers: int) -> common_pb2.ContactDetails:
    return contact(domestic_abuse=common_pb2.DomesticAbuse(dash_answers=[True] * answers))


@pytest.mark.parametrize(
    ("captured", "field", "problem"),
    [
        (
            dash(23),
            "contact.domestic_abuse.dash_answers",
            "must answer all 24 DASH questions, or none (23 given)",
        ),
        (dash(25), "contact.domestic_abuse.dash_answers", "(25 given)"),
        (contact(offence_codes=["28E", "XYZ"]), "contact.offence_codes[1]", "offence table"),
        (contact(hate_strands=[9]), "contact.hate_strands[0]", "must be one of"),
        (contact(victim_support_consent=7), "contact.victim_support_consent", "must be one of"),
        (contact(third_party_report=True), "contact.third_party_report", "a third party is not the victim"),
        (
            contact(days_ago=3, caller=common_pb2.Person(name="Pat", date_of_birth="2026-11-21")),
            "contact.caller.date_of_birth",
            "must not be after contact.occurred_at",
        ),
        (
            contact(
                first_contact_outcome=common_pb2.FIRST_CONTACT_OUTCOME_ADVICE_GIVEN,
                risk_indicators=common_pb2.RiskIndicators(threat_to_life=True),
            ),
            "contact.first_contact_outcome",
            "threat to life",
        ),
        (contact(other_victims=[common_pb2.Person(name="")]), "contact.other_victims[0].name", "is required"),
    ],
)
def test_refused_with_the_field_named(captured: common_pb2.ContactDetails, field: str, problem: str) -> None:
    with pytest.raises(InvalidField) as refused:
        validate_contact(captured, NOW)
    assert refused.value.field == field
    assert problem in refused.value.message


def test_a_complete_capture_is_accepted() -> None:
    captured = contact(
        domestic_abuse=common_pb2.DomesticAbuse(
            dash_answers=[True] * 24, judgement_factors=[common_pb2.DASH_JUDGEMENT_FACTOR_STALKING]
        ),
        offence_codes=["105a"],
        hate_strands=[common_pb2.HATE_STRAND_RACE],
        victim_support_consent=common_pb2.VICTIM_CONSENT_GIVEN,
        opening_category=common_pb2.INCIDENT_CATEGORY_CRIME,
        other_victims=[common_pb2.Person(name="Sam Other")],
    )
    validate_contact(captured, NOW)
