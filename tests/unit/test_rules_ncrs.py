"""The crime-recording decision (NCRS), the offence table and the minimum standards of investigation."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from contact101.rules.offences import offence_table
from contact101.v1 import common_pb2, crime_decision_pb2, safeguarding_pb2
from services.crime.investigation import assess_investigation
from services.crime.ncrs import decide

REPORTED = datetime(2026, 11, 23, 12, 0, tzinfo=UTC)


def contact_of(what: str, **fields: object) -> common_pb2.ContactDetails:
    settings: dict[str, object] = {"caller_is_victim": True, **fields}
    contact = common_pb2.ContactDetails(
        channel=common_pb2.CHANNEL_PHONE,
        caller=common_pb2.Person(name="Pat Caller"),
        what_happened=what,
        location="1 Test Road, Leeds",
        **settings,  # type: ignore[arg-type]
    )
    contact.occurred_at.FromDatetime(REPORTED - timedelta(hours=2))
    return contact


@pytest.mark.parametrize(
    ("what", "code"),
    [
        ("Someone smashed my car window overnight", "58C"),
        ("My shed was broken into and my bike was taken", "28E"),
        ("They broke into my shed and stole my bike", "28E"),
        ("He punched me and my lip is bleeding", "8N"),
        ("He punched me but I am not hurt", "105A"),
        ("My van was stolen from outside the house", "48"),
        ("Someone stole my handbag from the back of my chair", "49"),
        ("A man snatched my phone from my hand", "39"),
        ("My neighbour keeps texting me and won't leave me alone", "8L"),
        ("I was scammed on a fake website", "53C"),
        ("Nothing was stolen and nothing was damaged", "NONE"),
    ],
)
def test_the_account_is_classified_from_the_offence_table(what: str, code: str) -> None:
    assert decide(contact_of(what), REPORTED).offence_code == code


def test_the_principal_crime_is_counted_and_the_others_are_listed() -> None:
    decision = decide(contact_of("They broke into my shed and stole my bike"), REPORTED)
    assert decision.recorded and decision.offence_code == "28E"
    assert decision.uncounted_offences == ["44 Theft or unauthorised taking of a pedal cycle"]
    assert "principal crime counted" in decision.reason


def test_the_officers_classification_comes_first_and_the_most_serious_is_principal() -> None:
    decision = decide(contact_of("An argument in the street", offence_codes=["105a", "58D"]), REPORTED)
    assert decision.offence_code == "58D"  # criminal damage outranks common assault in the table
    assert "classified by the contact officer" in decision.reason


def test_one_crime_per_victim() -> None:
    contact = contact_of(
        "Two men punched me and my friends, we were all bleeding",
        other_victims=[common_pb2.Person(name="Ann"), common_pb2.Person(name="Bo")],
    )
    decision = decide(contact, REPORTED)
    assert [crime.victim for crime in decision.crimes] == ["caller", "other victim 1", "other victim 2"]
    assert "one crime per victim: 3 crimes" in decision.reason


def test_a_crime_against_society_is_one_crime_whoever_reports_it() -> None:
    contact = contact_of(
        "They are dealing drugs from the flat", other_victims=[common_pb2.Person(name="Ann")]
    )
    decision = decide(contact, REPORTED)
    assert [crime.victim for crime in decision.crimes] == ["no individual victim"]


@pytest.mark.parametrize(
    ("strand", "code", "flag"),
    [
        (common_pb2.HATE_STRAND_RACE, "8M", "HATE_CRIME_RACE"),
        (common_pb2.HATE_STRAND_RELIGION, "8M", "HATE_CRIME_RELIGION"),
        (common_pb2.HATE_STRAND_SEXUAL_ORIENTATION, "8L", "HATE_CRIME_SEXUAL_ORIENTATION"),
    ],
)
def test_hostility_aggravates_or_flags_the_crime(
    strand: common_pb2.HateStrand.ValueType, code: str, flag: str
) -> None:
    decision = decide(contact_of("He keeps harassing me in the street", hate_strands=[strand]), REPORTED)
    assert decision.offence_code == code
    assert {"HATE_CRIME", flag} <= set(decision.flags)


def test_a_hate_incident_that_is_no_crime_is_still_flagged_with_reasons() -> None:
    # The NCHI Code of Practice (June 2023) threshold, as the officer answered it: not trivial, and
    # a basis to infer hostility (services/crime/rules/hate_incidents.yaml).
    threshold = common_pb2.HateIncidentThreshold(answered=True, hostility_inferred=True)
    contact = contact_of(
        "People stared at us", hate_strands=[common_pb2.HATE_STRAND_RACE], hate_incident=threshold
    )
    decision = decide(contact, REPORTED)
    assert not decision.recorded
    assert "HATE_INCIDENT" in decision.flags
    assert "non-crime hate incident (race)" in decision.reason


def test_a_rape_reported_by_a_third_party_is_recorded_as_n100() -> None:
    contact = contact_of(
        "My friend says she was raped", caller_is_victim=False, third_party_report=True,
        victim=common_pb2.Person(name="Jo"),
    )  # fmt: skip
    decision = decide(contact, REPORTED)
    assert not decision.recorded
    assert decision.offence_code == "N100"
    assert decision.category == "sexual"
    assert "until the victim's account is taken" in decision.reason


def test_a_rape_reported_by_the_victim_is_recorded() -> None:
    decision = decide(contact_of("I was raped last night"), REPORTED)
    assert decision.recorded and decision.offence_code == "19C"


def test_fraud_is_not_recorded_by_the_force_and_the_reason_says_where_it_goes() -> None:
    decision = decide(contact_of("My card details were used for unauthorised payments"), REPORTED)
    assert not decision.recorded
    assert decision.offence_code == "53A"
    assert "Action Fraud" in decision.reason


def test_credible_evidence_to_the_contrary_means_no_crime_with_the_reason_written() -> None:
    contact = contact_of(
        "My phone was stolen", evidence_against="the caller found it down the back of the sofa"
    )
    decision = decide(contact, REPORTED)
    assert not decision.recorded
    assert (
        "credible evidence to the contrary: the caller found it down the back of the sofa" in decision.reason
    )


def test_every_decision_is_due_within_24_hours_and_names_its_rules() -> None:
    decision = decide(contact_of("Somebody smashed my window"), REPORTED)
    assert decision.decision_due_at.ToDatetime(tzinfo=UTC) == REPORTED + timedelta(hours=24)
    assert decision.rule_version.startswith("ncrs-") and "hocr-offences-" in decision.rule_version


def test_the_offence_table_covers_the_common_non_emergency_offences() -> None:
    table = offence_table()
    notifiable = [offence for offence in table.offences if offence.notifiable]
    assert len(notifiable) >= 40
    assert {offence.category for offence in notifiable} >= {
        "theft", "burglary", "criminal_damage", "violence", "harassment", "public_order",
        "fraud", "vehicle", "drugs", "sexual",
    }  # fmt: skip


def investigation_of(
    contact: common_pb2.ContactDetails, risk: safeguarding_pb2.RiskAssessment | None = None
) -> crime_decision_pb2.InvestigationOutcome:
    crime = decide(contact, REPORTED)
    assert crime.recorded
    return assess_investigation(contact, crime, risk or safeguarding_pb2.RiskAssessment())


def test_no_viable_line_of_enquiry_files_the_crime_with_the_reasons() -> None:
    outcome = investigation_of(contact_of("Someone smashed my car window"))
    assert not outcome.allocated
    assert (outcome.outcome, outcome.outcome_code) == ("Investigation complete - no suspect identified", "18")
    assert outcome.reasons == [
        "no viable line of enquiry: score 0, below 2 (no CCTV, witness, forensic opportunity or suspect)"
    ]


def test_viable_lines_of_enquiry_allocate_the_crime_to_a_named_team_with_the_lines_listed() -> None:
    contact = contact_of(
        "Someone smashed my car window",
        lines_of_enquiry=[
            common_pb2.LineOfEnquiry(kind=common_pb2.LINE_OF_ENQUIRY_KIND_CCTV, detail="car park")
        ],
    )
    outcome = investigation_of(contact)
    assert outcome.allocated and outcome.team == "Local Investigation Team"
    assert outcome.lines == ["cctv: car park (2)"]
    assert outcome.score == 2


def test_some_crimes_are_investigated_whatever_the_lines() -> None:
    outcome = investigation_of(contact_of("A man groped me on the train"))
    assert outcome.allocated and outcome.team == "Sexual Offences Investigation Team"
    assert "sexual offences are always investigated" in outcome.reasons
    vulnerable = safeguarding_pb2.RiskAssessment(vulnerability_flags=["REPEAT_VICTIM"])
    assert investigation_of(contact_of("Someone smashed my car window"), vulnerable).allocated


def test_a_crime_against_the_victim_is_counted_before_a_crime_against_society() -> None:
    with_victim = decide(contact_of("He waved a knife at me", offence_codes=["10A", "9A"]), REPORTED)
    assert (with_victim.offence_code, with_victim.uncounted_offences[0][:3]) == ("9A", "10A")
    no_victim = decide(
        contact_of("A man was carrying a knife", offence_codes=["10A", "9A"], caller_is_victim=False),
        REPORTED,
    )
    assert no_victim.offence_code == "10A"
