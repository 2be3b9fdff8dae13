"""Issue 15 item 3, the decisions made right, as pure rules: fraud calls for service, the NCHI
threshold, information and intelligence, jurisdiction at intake, the four MARAC criteria, Right
Care Right Person, Victims' Code updates from key events, and the risk tool keyed by question id."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest

from contact101.rules.dash_questions import DARA_FILE, load_risk_tool, load_tool_in_use, risk_tool
from contact101.runtime.config import Settings
from contact101.v1 import case_pb2, common_pb2, safeguarding_pb2
from services.crime.hate_incidents import non_crime_hate_incident
from services.crime.ncrs import decide
from services.intake.clock_policy import clock_policy, key_event_deadlines
from services.safeguarding.dash import DASH_FILE, assess_dash, load_dash_rules
from services.safeguarding.repeats import HistoryCounts, repeat_findings
from tests.risk_answers import dash_answers
from tests.unit.captured_contacts import NOW, assess, contact_of
from workflows import clocks

Kind = safeguarding_pb2.SafeguardingReferralKind
FRAUD = common_pb2.FIRST_CONTACT_OUTCOME_REDIRECT_FRAUD_REPORTING_CENTRE


def kinds(assessment: safeguarding_pb2.RiskAssessment) -> set[str]:
    return {
        Kind.Name(referral.kind).removeprefix("SAFEGUARDING_REFERRAL_KIND_")
        for referral in assessment.safeguarding_referrals
    }


# ---- 1. Fraud calls for service stay with the force ----


def test_a_fraud_with_no_call_for_service_is_redirected_to_report_fraud() -> None:
    resolution = assess(
        contact_of("I paid for a puppy on a fake website", first_contact_outcome=FRAUD)
    ).first_contact
    assert resolution.resolved
    assert resolution.agency.startswith("Report Fraud")
    assert "0300 123 2040" in resolution.advice and "reportfraud.police.uk" in resolution.advice


@pytest.mark.parametrize(
    ("facts", "reason"),
    [
        ({"fraud": common_pb2.FraudCallForService(money_at_risk=True)}, "money is still at risk"),
        (
            {"fraud": common_pb2.FraudCallForService(identifiable_suspect=True)},
            "a local or identifiable suspect",
        ),
        ({"risk_indicators": common_pb2.RiskIndicators(mental_health=True)}, "the victim is vulnerable"),
    ],
)
def test_a_fraud_call_for_service_is_kept_by_the_force_with_the_reason(
    facts: dict[str, object], reason: str
) -> None:
    contact = contact_of(
        "I was scammed by a man who said he was from my bank",
        first_contact_outcome=FRAUD,
        offence_facts=[common_pb2.OffenceFacts(act=common_pb2.OFFENCE_ACT_FRAUD)],
        **facts,
    )
    resolution = assess(contact).first_contact
    assert not resolution.resolved
    assert (
        "kept by the force as a fraud call for service" in resolution.reason and reason in resolution.reason
    )
    decision = decide(contact, NOW, NOW + timedelta(hours=24))
    assert "kept by the force as a call for service" in decision.reason and reason in decision.reason
    assert "fraud-calls-for-service-" in decision.rule_version


# ---- 2. Non-crime hate incidents: the Code of Practice threshold ----

Threshold = common_pb2.HateIncidentThreshold


@pytest.mark.parametrize(
    ("threshold", "recorded", "data_kept", "says"),
    [
        (Threshold(), False, False, "has not been applied"),
        (
            Threshold(answered=True, trivial_irrational_or_malicious=True, hostility_inferred=True),
            False,
            False,
            "trivial",
        ),
        (Threshold(answered=True), False, False, "no basis to infer"),
        (
            Threshold(answered=True, hostility_inferred=True),
            True,
            False,
            "without the subject's personal data",
        ),
        (
            Threshold(answered=True, hostility_inferred=True, risk_of_future_offence=True),
            True,
            True,
            "future criminal offence",
        ),
        (
            Threshold(answered=True, hostility_inferred=True, risk_of_significant_harm=True),
            True,
            True,
            "significant harm",
        ),
    ],
)
def test_the_nchi_threshold(
    threshold: common_pb2.HateIncidentThreshold, recorded: bool, data_kept: bool, says: str
) -> None:
    nchi = non_crime_hate_incident(threshold)
    assert (nchi.recorded, nchi.personal_data_kept) == (recorded, data_kept)
    assert says in nchi.reason
    contact = contact_of(
        "People stared at us", hate_strands=[common_pb2.HATE_STRAND_RACE], hate_incident=threshold
    )
    decision = decide(contact, NOW, NOW + timedelta(hours=24))
    assert ("HATE_INCIDENT" in decision.flags) == recorded
    assert says in decision.reason and "nchi-code-2023" in decision.rule_version


# ---- 3. Information and intelligence are not recorded as the offence they suspect ----


@pytest.mark.parametrize(
    ("report_type", "to"),
    [
        (common_pb2.REPORT_TYPE_INFORMATION, "neighbourhood policing team"),
        (common_pb2.REPORT_TYPE_INTELLIGENCE, "force intelligence bureau"),
    ],
)
def test_a_suspicion_is_passed_on_and_not_recorded_as_the_offence(
    report_type: common_pb2.ReportType.ValueType, to: str
) -> None:
    what = "I think the man at number 4 is selling stolen bikes from his garage"
    assert decide(contact_of(what, offence_codes=["54"]), NOW, NOW + timedelta(hours=24)).offence_code == "54"
    decision = decide(
        contact_of(what, offence_codes=["54"], report_type=report_type), NOW, NOW + timedelta(hours=24)
    )
    assert not decision.recorded and decision.offence_code == "NONE" and not decision.crimes
    assert f"passed to the {to}" in decision.reason and "handling stolen goods" in decision.reason
    assert "report-types-" in decision.rule_version


# ---- 4. Jurisdiction at intake ----


def test_an_offence_on_the_railway_goes_to_british_transport_police_with_their_numbers() -> None:
    contact = contact_of(
        "My bag was stolen on the train at the station",
        first_contact_outcome=common_pb2.FIRST_CONTACT_OUTCOME_REDIRECT_BRITISH_TRANSPORT_POLICE,
    )
    resolution = assess(contact).first_contact
    assert resolution.resolved and resolution.agency == "British Transport Police"
    assert "61016" in resolution.advice and "0800 40 50 40" in resolution.advice


def test_a_crime_in_another_forces_area_is_transferred_to_the_force_named() -> None:
    contact = contact_of(
        "My car was broken into while I was visiting Canterbury",
        first_contact_outcome=common_pb2.FIRST_CONTACT_OUTCOME_TRANSFER_OTHER_FORCE,
        transfer_to_force="Kent Police",
    )
    resolution = assess(contact).first_contact
    assert resolution.resolved and resolution.agency == "Kent Police"
    assert "transferred" in resolution.advice


# ---- 5. MARAC: all four SafeLives criteria ----


def domestic(**abuse: object) -> common_pb2.ContactDetails:
    contact = contact_of("My partner pushed me")
    contact.domestic_abuse.CopyFrom(common_pb2.DomesticAbuse(**abuse))  # type: ignore[arg-type]
    return contact


def test_marac_from_visible_high_risk() -> None:
    assert "MARAC" in kinds(assess(domestic(risk_answers=dash_answers(14))))
    assert "MARAC" not in kinds(assess(domestic(risk_answers=dash_answers(13))))


def test_marac_on_professional_judgement_alone_with_the_concerns_as_reason() -> None:
    assessment = assess(
        domestic(risk_answers=dash_answers(4), marac_judgement="victim too frightened to answer")
    )
    marac = next(
        r for r in assessment.safeguarding_referrals if r.kind == Kind.SAFEGUARDING_REFERRAL_KIND_MARAC
    )
    assert "victim too frightened to answer" in marac.reason


def test_marac_from_potential_escalation_three_domestic_abuse_incidents_in_twelve_months() -> None:
    for incidents, referred in ((2, False), (3, True)):
        repeats = repeat_findings(HistoryCounts(incidents, 0, 0, domestic_abuse_incidents=incidents))
        assert repeats.potential_escalation == referred
        assert ("MARAC" in kinds(assess(domestic(), repeats))) == referred


def test_repeat_marac_a_new_incident_after_a_referral() -> None:
    repeats = repeat_findings(HistoryCounts(2, 0, 0, domestic_abuse_incidents=2, marac_referred=True))
    assessment = assess(domestic(), repeats)
    assert "MARAC" in kinds(assessment)
    assert "repeat MARAC" in assessment.explanation


# ---- 6. Right Care, Right Person ----


def test_a_welfare_concern_with_no_crime_or_immediate_risk_is_handed_to_health_partners() -> None:
    assessment = assess(
        contact_of(
            "My neighbour seems very low and is not answering the door",
            risk_indicators=common_pb2.RiskIndicators(mental_health=True),
        )
    )
    assert kinds(assessment) == {"HEALTH_PARTNERS"}
    assert assessment.grade == common_pb2.RISK_GRADE_RESOLVED_WITHOUT_DEPLOYMENT


def test_police_attend_a_welfare_concern_with_a_real_and_immediate_risk_to_life() -> None:
    indicators = common_pb2.RiskIndicators(mental_health=True, threat_to_life=True)
    assessment = assess(
        contact_of("My brother says he is going to end his life tonight", risk_indicators=indicators)
    )
    assert "WELFARE_CHECK" in kinds(assessment) and "HEALTH_PARTNERS" not in kinds(assessment)
    assert assessment.grade == common_pb2.RISK_GRADE_EMERGENCY


# ---- 7. Victims' Code updates from key events and an agreed frequency ----


def recorded_case(agreed_every_days: int = 0) -> tuple[case_pb2.CaseView, clocks.CaseClocks]:
    case = case_pb2.CaseView(reference="101-20261123-0001")
    case.received_at.FromDatetime(NOW)
    case.contact.victim_update_every_days = agreed_every_days
    case_clocks = clocks.CaseClocks(case, clock_policy(Settings(), NOW))
    case_clocks.referred(safeguarding_pb2.VictimReferral(referred=True, status="REFERRED"), NOW)
    return case, case_clocks


def update_clock(case: case_pb2.CaseView) -> case_pb2.Clock:
    found = clocks.find(case.clocks, clocks.VICTIM_UPDATE)
    assert found is not None
    return found


def test_the_first_update_follows_the_frequency_agreed_with_the_victim() -> None:
    case, _ = recorded_case(agreed_every_days=14)
    assert clocks.timestamp(update_clock(case).due_at) == NOW + timedelta(days=14)
    assert "as agreed with the victim" in update_clock(case).basis


def test_agreed_updates_repeat_while_the_crime_is_investigated() -> None:
    case, case_clocks = recorded_case(agreed_every_days=14)
    case.crime.recorded = True
    first_due = clocks.timestamp(update_clock(case).due_at)
    assert update_clock(case).escalate_at == update_clock(case).due_at, "the case sends it itself"
    case_clocks.victim_told(NOW + timedelta(minutes=1))  # the first update: the schedule stands
    assert update_clock(case).revision == 0 and not case_clocks.regular_update_due(
        first_due - timedelta(seconds=1)
    )
    assert case_clocks.regular_update_due(first_due)
    case_clocks.regular_update_sent(first_due)
    clock = update_clock(case)
    assert (clock.revision, clock.every_days, clock.state) == (1, 14, case_pb2.CLOCK_STATE_RUNNING)
    assert clocks.timestamp(clock.due_at) == first_due + timedelta(days=14)


def test_agreed_updates_resume_after_a_key_event_and_end_with_the_outcome() -> None:
    case, case_clocks = recorded_case(agreed_every_days=7)
    case.crime.recorded = True
    arrest_at = NOW + timedelta(days=3)
    arrest = case_pb2.CaseInformation(key_event=case_pb2.KEY_EVENT_KIND_ARREST)
    key_event_deadlines(Settings(), arrest, arrest_at)
    assert case_clocks.key_event(arrest, arrest_at)
    assert update_clock(case).every_days == 0, "the key event's deadline, in working days"
    told_at = arrest_at + timedelta(hours=2)
    case_clocks.victim_told(told_at)
    resumed = update_clock(case)
    assert resumed.every_days == 7 and clocks.timestamp(resumed.due_at) == told_at + timedelta(days=7)
    case.outcome.outcome_type = "18"
    case_clocks.crime_closed(told_at + timedelta(days=1))
    assert update_clock(case).state == case_pb2.CLOCK_STATE_STOPPED
    assert case_clocks.all_settled()


def test_the_victim_update_clock_restarts_from_each_key_event() -> None:
    case, case_clocks = recorded_case()
    case_clocks.victim_told(NOW + timedelta(hours=1))
    arrest_at = NOW + timedelta(days=10)  # Thursday 3 December
    arrest = case_pb2.CaseInformation(key_event=case_pb2.KEY_EVENT_KIND_ARREST)
    key_event_deadlines(Settings(), arrest, arrest_at)
    assert case_clocks.key_event(arrest, arrest_at)
    clock = update_clock(case)
    assert clock.state == case_pb2.CLOCK_STATE_RUNNING and clock.revision == 1
    assert clock.basis == "victim update within 5 working day(s) of the arrest"
    assert clocks.timestamp(clock.started_at) == arrest_at
    assert clocks.timestamp(clock.due_at).date().isoformat() == "2026-12-11"  # 5 working days, to midnight


def test_a_key_event_without_a_victim_duty_starts_nothing() -> None:
    case = case_pb2.CaseView(reference="101-20261123-0001")
    case_clocks = clocks.CaseClocks(case, clock_policy(Settings(), NOW))
    assert not case_clocks.key_event(case_pb2.CaseInformation(key_event=case_pb2.KEY_EVENT_KIND_CHARGE), NOW)
    assert clocks.find(case.clocks, clocks.VICTIM_UPDATE) is None


# ---- 8. The risk tool keyed by question id, with "not asked" and "declined" ----


def test_the_force_uses_dash_unless_it_chooses_dara(tmp_path: Path) -> None:
    assert risk_tool().name == "DASH" and len(risk_tool().questions) == 24
    chosen = tmp_path / "risk_tool_in_use.yaml"
    chosen.write_text("version: test\ntool: dara\n")
    dara = load_tool_in_use(chosen)
    assert dara.name == "DARA" and dara.version.startswith("dara-")
    assert (dara.high_from, dara.medium_from) == (None, None), "no published count: judgement decides"
    assert dara.unconfirmed == frozenset(dara.questions), "every wording awaits the College's"
    assert {"isolated_from_others", "finances_controlled", "stalking_harassment"} <= set(dara.questions)


def test_dara_answers_are_keyed_by_its_ids_and_the_level_is_the_officers_judgement() -> None:
    dara = load_risk_tool(DARA_FILE)
    rules = load_dash_rules(DASH_FILE, tool=dara)
    yes = [
        common_pb2.RiskAnswer(question_id=question, answer=common_pb2.RISK_ANSWER_VALUE_YES)
        for question in dara.questions
    ]
    all_yes = assess_dash(common_pb2.DomesticAbuse(risk_answers=yes), rules)
    assert (all_yes.tool, all_yes.questions, all_yes.yes_count) == ("DARA", len(dara.questions), len(yes))
    assert all_yes.level == "STANDARD" and all_yes.completed
    assert "DARA sets no count of answers: the level is the officer's professional judgement" in (
        all_yes.judgement_reasons
    )
    judged = assess_dash(
        common_pb2.DomesticAbuse(
            risk_answers=yes[:3], judgement_factors=[common_pb2.DASH_JUDGEMENT_FACTOR_STRANGULATION]
        ),
        rules,
    )
    assert judged.level == "HIGH" and judged.not_answered == list(dara.questions)[3:]


def test_answers_not_asked_or_declined_are_not_yes_and_are_listed() -> None:
    declined = dash_answers(14, rest=common_pb2.RISK_ANSWER_VALUE_DECLINED)
    assessment = assess_dash(common_pb2.DomesticAbuse(risk_answers=declined))
    assert (assessment.yes_count, assessment.level, assessment.completed) == (14, "HIGH", False)
    assert assessment.not_answered == list(risk_tool().questions)[14:]
    assert assessment.tool == "DASH" and assessment.questions == 24
    assert "10 of 24 DASH questions not asked or declined" in assessment.judgement_reasons[0]


def test_answers_are_read_by_question_id_not_position() -> None:
    answers = dash_answers(14)
    reordered = common_pb2.DomesticAbuse(risk_answers=list(reversed(answers)))
    assert assess_dash(reordered).yes_count == 14


# ---- 9. The offender is expected back ----


def test_an_offender_expected_back_raises_threat_and_risk_and_needs_attendance() -> None:
    contact = contact_of("He said he will come back tomorrow for the rest of his things")
    assert assess(contact).grade == common_pb2.RISK_GRADE_RESOLVED_WITHOUT_DEPLOYMENT
    contact.offender_expected_back.expected_at.FromDatetime(NOW + timedelta(days=1))
    contact.offender_expected_back.detail = "to collect his things"
    assessment = assess(contact)
    assert assessment.grade == common_pb2.RISK_GRADE_SCHEDULED
    levels = {factor.factor: factor.level for factor in assessment.factors}
    assert levels["THREAT"] == "MEDIUM" and levels["RISK"] == "MEDIUM"
    assert "offender expected back (24 Nov 2026 12:00: to collect his things)" in assessment.explanation
