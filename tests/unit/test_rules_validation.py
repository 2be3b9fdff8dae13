"""The captured facts are checked at the edge: malformed or contradictory input names the field."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from contact101.rpc.edge_checks import validate_contact
from contact101.rpc.refusals import InvalidField
from contact101.v1 import common_pb2
from tests.risk_answers import dash_answers

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
    return contact(domestic_abuse=common_pb2.DomesticAbuse(risk_answers=dash_answers(24)[:answers]))


def dash_with(**changes: str) -> common_pb2.ContactDetails:
    """A complete DASH capture with one answer's question id (or value) changed."""
    answers = dash_answers(24)
    answers[0].question_id = changes.get("question_id", answers[0].question_id)
    if "repeat" in changes:
        answers[1].question_id = answers[0].question_id
    if "answer" in changes:
        answers[0].answer = int(changes["answer"])  # type: ignore[assignment]
    return contact(domestic_abuse=common_pb2.DomesticAbuse(risk_answers=answers))


@pytest.mark.parametrize(
    ("captured", "field", "problem"),
    [
        (
            dash(23),
            "contact.domestic_abuse.risk_answers",
            "must answer every DASH question (yes, no, not asked or declined), or none (1 missing, first "
            "criminal_history)",
        ),
        (
            dash_with(question_id="q25"),
            "contact.domestic_abuse.risk_answers[0].question_id",
            "of the DASH tool",
        ),
        (dash_with(repeat="yes"), "contact.domestic_abuse.risk_answers[1].question_id", "must not repeat"),
        (dash_with(answer="9"), "contact.domestic_abuse.risk_answers[0].answer", "must be one of"),
        (dash_with(answer="0"), "contact.domestic_abuse.risk_answers[0].answer", "must be one of"),
        (
            contact(first_contact_outcome=common_pb2.FIRST_CONTACT_OUTCOME_TRANSFER_OTHER_FORCE),
            "contact.transfer_to_force",
            "is required",
        ),
        (contact(transfer_to_force="Kent Police"), "contact.transfer_to_force", "is only for"),
        (contact(report_type=9), "contact.report_type", "must be one of"),
        (contact(victim_update_every_days=-1), "contact.victim_update_every_days", "must be 0"),
        (
            contact(hate_incident=common_pb2.HateIncidentThreshold(answered=True)),
            "contact.hate_incident",
            "needs the hostility perceived",
        ),
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
            risk_answers=dash_answers(20, rest=common_pb2.RISK_ANSWER_VALUE_DECLINED),
            judgement_factors=[common_pb2.DASH_JUDGEMENT_FACTOR_STALKING],
        ),
        offence_codes=["105a"],
        hate_strands=[common_pb2.HATE_STRAND_RACE],
        victim_support_consent=common_pb2.VICTIM_CONSENT_GIVEN,
        opening_category=common_pb2.INCIDENT_CATEGORY_CRIME,
        other_victims=[common_pb2.Person(name="Sam Other")],
    )
    validate_contact(captured, NOW)
