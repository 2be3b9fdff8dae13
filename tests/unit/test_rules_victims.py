"""Victims' Code: consent rules, enhanced rights, the needs assessment and working-day due dates."""

from __future__ import annotations

from datetime import UTC, date, datetime, time
from zoneinfo import ZoneInfo

import pytest

from contact101.rules.offences import offence_table
from contact101.v1 import common_pb2, crime_decision_pb2, safeguarding_pb2
from services.intake.clock_policy import victims_code_deadlines
from services.safeguarding.victims import refer

MONDAY = date(2026, 11, 23)
LONDON = ZoneInfo("Europe/London")
GIVEN, DECLINED = common_pb2.VICTIM_CONSENT_GIVEN, common_pb2.VICTIM_CONSENT_DECLINED
NOT_ASKED = common_pb2.VICTIM_CONSENT_UNSPECIFIED


def crime_of(
    family: str, code: str = "49", *flags: str, allocated: bool = True
) -> crime_decision_pb2.CrimeDecision:
    """A recorded crime under code, with the offence table's family, consent route and enhanced rights."""
    offence = offence_table().find(code)
    assert offence is not None and offence.family == family
    crime = crime_decision_pb2.CrimeDecision(
        recorded=True,
        offence_code=code,
        offence_name="An offence",
        flags=flags,
        family=offence.family,
        consent_route=offence.consent.upper(),
        enhanced_rights=offence.enhanced_rights,
    )
    crime.investigation.allocated = allocated
    return crime


def referral_of(
    crime: crime_decision_pb2.CrimeDecision,
    consent: common_pb2.VictimConsent.ValueType = NOT_ASKED,
    vulnerability: tuple[str, ...] = (),
    bereaved: bool = False,
    reported: date = MONDAY,
) -> safeguarding_pb2.VictimReferral:
    contact = common_pb2.ContactDetails(victim_support_consent=consent, bereaved_relative=bereaved)
    risk = safeguarding_pb2.RiskAssessment(vulnerability_flags=vulnerability)
    return refer(contact, crime, risk, deadlines_of(reported))


def deadlines_of(reported: date) -> safeguarding_pb2.VictimsCodeDeadlines:
    """The Victims' Code deadlines intake counts for a report made at noon that day."""
    return victims_code_deadlines(datetime.combine(reported, time(12), tzinfo=LONDON), LONDON)


@pytest.mark.parametrize(
    ("consent", "status", "referred"),
    [(NOT_ASKED, "REFERRED", True), (GIVEN, "REFERRED", True), (DECLINED, "VICTIM_OPTED_OUT", False)],
)
def test_most_victims_are_referred_unless_they_opt_out(
    consent: common_pb2.VictimConsent.ValueType, status: str, referred: bool
) -> None:
    referral = referral_of(crime_of("theft"), consent)
    assert (referral.status, referral.referred, referral.consent_rule) == (status, referred, "OPT_OUT")


@pytest.mark.parametrize(
    ("crime", "bereaved", "because"),
    [
        (crime_of("sexual", "20A"), False, "sexual offence"),
        (crime_of("violence", "105A", "DOMESTIC_ABUSE"), False, "domestic abuse"),
        (crime_of("burglary", "28E"), True, "bereaved relative"),
    ],
)
def test_sexual_offences_domestic_abuse_and_bereaved_relatives_need_explicit_consent(
    crime: crime_decision_pb2.CrimeDecision, bereaved: bool, because: str
) -> None:
    waiting = referral_of(crime, NOT_ASKED, bereaved=bereaved)
    assert (waiting.status, waiting.referred, waiting.consent_rule) == ("AWAITING_CONSENT", False, "EXPLICIT")
    assert because in waiting.reason
    assert referral_of(crime, GIVEN, bereaved=bereaved).status == "REFERRED"
    assert referral_of(crime, DECLINED, bereaved=bereaved).status == "CONSENT_DECLINED"


@pytest.mark.parametrize(
    ("crime", "vulnerability", "bereaved", "reason"),
    [
        (crime_of("sexual", "20A"), (), False, "victim of a sexual offence"),
        (crime_of("violence", "8N", "HATE_CRIME"), (), False, "victim of hate crime"),
        (crime_of("violence", "5D"), (), False, "victim of wounding or grievous bodily harm with intent"),
        (crime_of("theft"), ("REPEAT_VICTIM",), False, "persistently targeted"),
        (crime_of("theft"), ("CHILD",), False, "under 18"),
        (crime_of("theft"), ("MENTAL_HEALTH",), False, "mental disorder"),
        (crime_of("burglary", "28E"), (), True, "bereaved close relative"),
    ],
)
def test_enhanced_rights_mean_updates_within_one_working_day(
    crime: crime_decision_pb2.CrimeDecision, vulnerability: tuple[str, ...], bereaved: bool, reason: str
) -> None:
    referral = referral_of(crime, GIVEN, vulnerability, bereaved)
    assert referral.enhanced_rights and reason in referral.enhanced_reasons
    assert referral.update_within_working_days == 1
    assert referral.next_update_due_date == "2026-11-24"


def test_other_victims_get_updates_within_five_working_days() -> None:
    referral = referral_of(crime_of("theft"))
    assert not referral.enhanced_rights
    assert (referral.update_within_working_days, referral.next_update_due_date) == (5, "2026-11-30")


def test_the_referral_is_due_within_two_working_days_on_the_holiday_calendar() -> None:
    assert referral_of(crime_of("theft")).due_date == "2026-11-25"
    assert referral_of(crime_of("theft"), reported=date(2026, 12, 24)).due_date == "2026-12-30"


def test_a_victim_whose_crime_is_filed_is_told_by_a_due_date() -> None:
    filed = referral_of(crime_of("theft", allocated=False))
    assert filed.not_investigated_notice_due_date == "2026-11-30"
    assert not referral_of(crime_of("theft")).not_investigated_notice_due_date


def test_the_needs_assessment_offers_support_for_the_victims_situation() -> None:
    assert referral_of(crime_of("sexual", "19C"), GIVEN).needs == [
        "independent sexual violence adviser (ISVA)"
    ]
    needs = referral_of(crime_of("burglary", "28E"), vulnerability=("CHILD",)).needs
    assert needs == ["practical help - lock fitting and home security", "young victims' service"]
    assert referral_of(crime_of("theft")).needs == ["emotional support and information from victim support"]


def test_no_crime_means_no_referral_with_the_reason_but_a_rape_report_n100_is_still_referred() -> None:
    none = refer(
        common_pb2.ContactDetails(),
        crime_decision_pb2.CrimeDecision(offence_code="NONE", reason="no notifiable offence"),
        safeguarding_pb2.RiskAssessment(),
        deadlines_of(MONDAY),
    )
    assert (none.status, none.referred) == ("NOT_APPLICABLE", False)
    assert "no notifiable offence" in none.reason
    n100 = crime_decision_pb2.CrimeDecision(
        offence_code="N100", family="sexual", consent_route="EXPLICIT", offence_name="Rape report"
    )
    referral = refer(
        common_pb2.ContactDetails(victim_support_consent=GIVEN),
        n100,
        safeguarding_pb2.RiskAssessment(),
        deadlines_of(MONDAY),
    )
    assert referral.status == "REFERRED" and referral.enhanced_rights


def test_a_crime_against_society_has_no_victim_to_refer() -> None:
    crime = crime_of("weapons", "10D")
    crime.crimes.add(victim="no individual victim", offence_code="10D")
    referral = referral_of(crime)
    assert (referral.status, referral.referred) == ("NOT_APPLICABLE", False)
    assert "crime against society" in referral.reason


def test_a_report_at_half_past_midnight_bst_is_due_by_the_days_the_case_clocks_count() -> None:
    """00:30 BST on Monday is still Sunday in UTC: the referral counts from Monday, as the clocks do."""
    reported = datetime(2026, 6, 1, 0, 30, tzinfo=LONDON).astimezone(UTC)
    deadlines = victims_code_deadlines(reported, LONDON)
    referral = refer(
        common_pb2.ContactDetails(),
        crime_of("theft", allocated=False),
        safeguarding_pb2.RiskAssessment(),
        deadlines,
    )
    assert (referral.due_date, referral.next_update_due_date) == ("2026-06-03", "2026-06-08")
    assert referral.not_investigated_notice_due_date == "2026-06-08"
    assert deadlines.referral.due_at.ToDatetime(tzinfo=UTC) == datetime(2026, 6, 3, 23, 0, tzinfo=UTC)
