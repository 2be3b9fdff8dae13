"""The rules on realistic contacts, through the real services, Temporal and SQLite.

Every scenario in tests/scenarios.py is reported at once (driven concurrently), then each is
checked: grade, crime decision and classification, victim and safeguarding referrals,
investigation, first-contact resolution and emergency escalation. Refusals of malformed or
contradictory contacts name the field and write nothing.
"""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import Iterable

import grpc
import pytest

from contact101.v1 import case_pb2, common_pb2, intake_pb2, questions_pb2, review_pb2, safeguarding_pb2
from tests.conftest import DATABASE_BACKENDS
from tests.risk_answers import dash_answers
from tests.scenarios import Expected, Scenario, earlier_contacts, scenarios
from tests.stack import Stack, count_rows, eventually, phone_theft

AWAITING = case_pb2.CASE_STATUS_AWAITING_VERIFICATION
SCENARIOS = scenarios()


async def case_of(stack: Stack, reference: str) -> case_pb2.CaseView:
    return await stack.intake("pc.scenarios").GetCase(intake_pb2.GetCaseRequest(reference=reference))


# Every scenario runs on SQLite and on a real PostgreSQL server.
on_both_backends = pytest.mark.parametrize("stack", DATABASE_BACKENDS, indirect=True)


async def report_and_wait(stack: Stack, request: intake_pb2.CreateContactRequest) -> case_pb2.CaseView:
    created = await stack.intake("pc.scenarios").CreateContact(request)
    return await eventually(
        lambda: case_of(stack, created.reference), lambda case: case.status == AWAITING, within=90
    )


@pytest.fixture(scope="module")
async def outcomes(stack: Stack) -> dict[str, case_pb2.CaseView]:
    """Each scenario's case once it awaits verification; the history they rely on goes first."""
    await asyncio.gather(*(report_and_wait(stack, request) for request in earlier_contacts()))
    cases = await asyncio.gather(*(report_and_wait(stack, scenario.request) for scenario in SCENARIOS))
    return {scenario.name: case for scenario, case in zip(SCENARIOS, cases, strict=True)}


def mismatches(expected: Expected, case: case_pb2.CaseView) -> list[str]:
    """What differs from the expected outcome, as readable lines."""
    found: list[str] = []

    def check(what: str, actual: object, wanted: object) -> None:
        if actual != wanted:
            found.append(f"{what}: {actual!r}, expected {wanted!r}")

    risk, crime = case.risk, case.crime
    check("grade", common_pb2.RiskGrade.Name(risk.grade), common_pb2.RiskGrade.Name(expected.grade))
    check("offence", crime.offence_code if case.HasField("crime") else None, expected.offence)
    check("recorded", crime.recorded, expected.recorded)
    check("crimes", len(crime.crimes), expected.crimes if expected.recorded else 0)
    check("referral", case.referral.status if case.HasField("referral") else None, expected.referral)
    kinds = {
        safeguarding_pb2.SafeguardingReferralKind.Name(referral.kind).removeprefix(
            "SAFEGUARDING_REFERRAL_KIND_"
        )
        for referral in risk.safeguarding_referrals
    }
    check("safeguarding referrals", kinds, set(expected.safeguarding))
    investigation = crime.investigation
    team = (
        (investigation.team if investigation.allocated else "filed")
        if crime.HasField("investigation")
        else None
    )
    check("investigation", team, expected.investigation)
    resolution = risk.first_contact
    check("resolved with", resolution.agency if resolution.resolved else None, expected.resolved_with)
    missing_flags = set(expected.flags) - set(risk.vulnerability_flags)
    check("missing vulnerability flags", missing_flags, set())
    check("enhanced rights", case.referral.enhanced_rights, expected.enhanced_rights)
    check("emergency escalation", case.HasField("emergency"), expected.emergency)
    return found


@on_both_backends
@pytest.mark.parametrize("scenario", SCENARIOS, ids=[scenario.name for scenario in SCENARIOS])
def test_scenario(scenario: Scenario, outcomes: dict[str, case_pb2.CaseView]) -> None:
    case = outcomes[scenario.name]
    problems = mismatches(scenario.expected, case)
    assert not problems, (
        f"{scenario.name} ({case.reference}):\n  "
        + "\n  ".join(problems)
        + (f"\n\nrisk: {case.risk.explanation}\ncrime: {case.crime.reason}\nreferral: {case.referral.reason}")
    )


def test_the_suite_covers_at_least_forty_contacts() -> None:
    assert len(SCENARIOS) >= 40
    assert len({scenario.name for scenario in SCENARIOS}) == len(SCENARIOS)


@on_both_backends
def test_every_decision_names_the_rules_that_made_it(outcomes: dict[str, case_pb2.CaseView]) -> None:
    for name, case in outcomes.items():
        assert case.risk.rule_version.startswith("thrive-"), name
        assert all(factor.reason for factor in case.risk.factors), name
        if case.HasField("crime"):
            assert "ncrs-" in case.crime.rule_version and "offences-" in case.crime.rule_version, name
            assert case.crime.reason, name
        if case.crime.HasField("investigation"):
            assert case.crime.investigation.rule_version and case.crime.investigation.reasons, name
        if case.HasField("referral"):
            assert "victims-code-" in case.referral.rule_version, name
        for referral in case.risk.safeguarding_referrals:
            assert referral.rule_version and referral.reason, name
        assert all(
            entry.rule_version for entry in case.history if entry.action in {"assess", "decide", "refer"}
        )


def steps(entries: Iterable[case_pb2.HistoryEntry]) -> list[tuple[str, str, str, str]]:
    return [(entry.action, entry.actor_id, entry.detail, entry.rule_version) for entry in entries]


@on_both_backends
async def test_every_step_of_every_case_reaches_the_audit_trail(
    stack: Stack, outcomes: dict[str, case_pb2.CaseView]
) -> None:
    """The audit trail review keeps holds each case's steps, with the rule versions that made
    each decision, however many rule tables a decision names."""

    async def audited(reference: str) -> list[tuple[str, str, str, str]]:
        history = await stack.review("sgt.audit").GetCaseHistory(
            review_pb2.GetCaseHistoryRequest(reference=reference)
        )
        return steps(event.entry for event in history.events)

    for name, case in outcomes.items():
        wanted = steps(case.history)
        trail = await eventually(
            lambda reference=case.reference: audited(reference),  # type: ignore[misc]
            lambda found, wanted=wanted: found[: len(wanted)] == wanted,  # type: ignore[misc]
            within=30,
        )
        assert trail[: len(wanted)] == wanted, name


def by_name(outcomes: dict[str, case_pb2.CaseView], name: str) -> case_pb2.CaseView:
    return outcomes[name]


@on_both_backends
async def test_an_emergency_is_dispatched_and_alerted_before_the_rest_of_the_journey(
    stack: Stack, outcomes: dict[str, case_pb2.CaseView]
) -> None:
    case = by_name(outcomes, "burglary in progress: emergency")
    actions = [entry.action for entry in case.history]
    assert actions[actions.index("assess") + 1] == "escalate"
    assert actions.index("escalate") < actions.index("decide")
    assert case.emergency.dispatch_id.startswith("ED-")
    assert case.emergency.attend_within_minutes_urban == 15
    alerts = await stack.review("sgt.alerts").ListAlerts(review_pb2.ListAlertsRequest())
    alert = next(alert for alert in alerts.alerts if alert.reference == case.reference)
    assert alert.kind == "EMERGENCY" and alert.grade == common_pb2.RISK_GRADE_EMERGENCY
    assert case.emergency.dispatch_id in alert.detail
    settings = stack.settings
    assert count_rows(settings, "safeguarding", "emergency_dispatches", reference=case.reference) == 1
    assert (
        count_rows(settings, "safeguarding", "emergency_dispatches", dispatch_id=case.emergency.dispatch_id)
        == 1
    )


@on_both_backends
async def test_a_contact_resolved_at_first_contact_is_counted_and_still_verified(
    stack: Stack, outcomes: dict[str, case_pb2.CaseView]
) -> None:
    # The snapshot was taken as the status changed; the history's last entry may follow it.
    reference = by_name(outcomes, "noise complaint redirected to the council").reference
    case = await eventually(lambda: case_of(stack, reference), lambda case: len(case.history) >= 4)
    assert [entry.action for entry in case.history] == ["create", "assess", "resolve", "submit"]
    assert not case.HasField("crime") and not case.HasField("referral")
    resolutions = "first_contact_resolutions"
    assert count_rows(stack.settings, "intake", resolutions, reference=case.reference) == 1
    assert (
        count_rows(
            stack.settings,
            "intake",
            resolutions,
            reference=case.reference,
            outcome="FIRST_CONTACT_OUTCOME_REDIRECT_COUNCIL",
            agency="local council",
        )
        == 1
    )
    approved = await stack.review("sgt.fcr").Approve(review_pb2.ApproveRequest(reference=case.reference))
    assert approved.status == case_pb2.CASE_STATUS_CLOSED


@on_both_backends
def test_a_redirect_the_risk_does_not_allow_goes_on_with_the_reason(
    outcomes: dict[str, case_pb2.CaseView],
) -> None:
    case = by_name(outcomes, "vulnerable adult scammed: redirect not allowed")
    assert not case.risk.first_contact.resolved
    assert "MASH - adult social care" in case.risk.first_contact.reason
    assert "Action Fraud" in case.crime.reason
    assert "kept by the force as a fraud call for service" in case.risk.first_contact.reason


@on_both_backends
def test_a_fraud_call_for_service_is_kept_by_the_force_with_the_reason(
    outcomes: dict[str, case_pb2.CaseView],
) -> None:
    case = by_name(outcomes, "fraud with money still at risk: kept by the force")
    assert not case.risk.first_contact.resolved
    assert "money is still at risk" in case.risk.first_contact.reason
    assert "kept by the force as a call for service: the fraud is in progress or money is still at risk" in (
        case.crime.reason
    )
    redirected = by_name(outcomes, "online fraud redirected to Report Fraud")
    assert "0300 123 2040" in redirected.risk.first_contact.advice


@on_both_backends
async def test_jurisdiction_at_intake_is_recorded_and_the_caller_told_where_to_go(
    stack: Stack, outcomes: dict[str, case_pb2.CaseView]
) -> None:
    railway = by_name(outcomes, "theft on a train: British Transport Police")
    assert "61016" in railway.risk.first_contact.advice
    assert not railway.HasField("crime")
    transferred = by_name(outcomes, "burglary in another force's area: transferred")
    for case, outcome, agency in (
        (railway, "FIRST_CONTACT_OUTCOME_REDIRECT_BRITISH_TRANSPORT_POLICE", "British Transport Police"),
        (transferred, "FIRST_CONTACT_OUTCOME_TRANSFER_OTHER_FORCE", "Kent Police"),
    ):
        rows = count_rows(
            stack.settings, "intake", "first_contact_resolutions", reference=case.reference, outcome=outcome,
            agency=agency,
        )  # fmt: skip
        assert rows == 1


@on_both_backends
def test_a_suspicion_is_information_for_the_neighbourhood_team_not_a_crime(
    outcomes: dict[str, case_pb2.CaseView],
) -> None:
    case = by_name(outcomes, "a resident's suspicion of drug dealing: information for the neighbourhood team")
    assert not case.crime.recorded and not case.crime.crime_number
    assert "passed to the neighbourhood policing team" in case.crime.reason
    assert "report-types-" in case.crime.rule_version


@on_both_backends
def test_a_hate_incident_below_the_code_of_practice_threshold_is_not_recorded(
    outcomes: dict[str, case_pb2.CaseView],
) -> None:
    case = by_name(outcomes, "hate incident the officer found trivial: no NCHI")
    assert "HATE_INCIDENT" not in case.crime.flags
    assert "not recorded as a non-crime hate incident: the report is trivial" in case.crime.reason


@on_both_backends
def test_marac_for_potential_escalation_and_repeat_marac_from_the_history(
    outcomes: dict[str, case_pb2.CaseView],
) -> None:
    escalating = by_name(outcomes, "domestic abuse, third incident in a year: MARAC for potential escalation")
    assert (
        escalating.risk.repeats.domestic_abuse_incidents == 3 and escalating.risk.repeats.potential_escalation
    )
    assert escalating.risk.dash.level == "STANDARD", "not from the risk tool's score"
    repeat = by_name(outcomes, "domestic abuse after a MARAC referral: repeat MARAC")
    assert repeat.risk.repeats.marac_referred_within_window
    marac = next(r for r in repeat.risk.safeguarding_referrals if r.to.startswith("MARAC"))
    assert "repeat MARAC" in marac.reason


@on_both_backends
def test_a_welfare_concern_below_the_right_care_right_person_threshold_goes_to_health_partners(
    outcomes: dict[str, case_pb2.CaseView],
) -> None:
    case = by_name(outcomes, "a neighbour's welfare, no crime or immediate risk: health partners")
    referral = case.risk.safeguarding_referrals[0]
    assert "no crime and no real and immediate risk to life or of serious harm" in referral.reason
    assert referral.rule_version == "safeguarding-referrals-2026.2"


@on_both_backends
def test_an_offender_expected_back_is_in_the_threat_and_risk_reasons(
    outcomes: dict[str, case_pb2.CaseView],
) -> None:
    case = by_name(outcomes, "the offender is coming back tomorrow")
    threat = next(factor for factor in case.risk.factors if factor.factor == "THREAT")
    assert threat.level == "MEDIUM" and "offender expected back" in threat.reason


def contacts_in(stack: Stack) -> int:
    return count_rows(stack.settings, "intake", "contacts")


def with_dash_answers(answers: int) -> common_pb2.ContactDetails:
    contact = phone_theft(what_happened="My partner hit me")
    contact.domestic_abuse.risk_answers.extend(dash_answers(24)[:answers])
    return contact


def with_victim_born_after_the_incident() -> common_pb2.ContactDetails:
    contact = phone_theft(caller_is_victim=False, victim=common_pb2.Person(name="Young Victim"))
    contact.victim.date_of_birth = contact.occurred_at.ToDatetime().date().replace(day=1).isoformat()
    contact.occurred_at.FromDatetime(contact.occurred_at.ToDatetime().replace(day=1, year=2020))
    return contact


def in_progress_but_redirected() -> common_pb2.ContactDetails:
    contact = phone_theft(first_contact_outcome=common_pb2.FIRST_CONTACT_OUTCOME_REDIRECT_COUNCIL)
    contact.risk_indicators.in_progress = True
    return contact


REFUSED = {
    "unknown offence code": (phone_theft(offence_codes=["49", "99Z"]), "contact.offence_codes[1]"),
    "DASH with 23 answers": (with_dash_answers(23), "contact.domestic_abuse.risk_answers"),
    "incident in the future": (phone_theft(), "contact.occurred_at"),
    "victim born after the incident": (with_victim_born_after_the_incident(), "contact.victim.date_of_birth"),
    "third-party report by the victim": (phone_theft(third_party_report=True), "contact.third_party_report"),
    "emergency closed at first contact": (in_progress_but_redirected(), "contact.first_contact_outcome"),
    "unknown hate strand": (phone_theft(hate_strands=[42]), "contact.hate_strands[0]"),
}
REFUSED["incident in the future"][0].occurred_at.GetCurrentTime()
REFUSED["incident in the future"][0].occurred_at.seconds += 86_400


@on_both_backends
@pytest.mark.parametrize("name", REFUSED)
async def test_malformed_or_contradictory_contacts_are_refused_and_nothing_is_written(
    stack: Stack, name: str
) -> None:
    contact, field = REFUSED[name]
    before = contacts_in(stack)
    with pytest.raises(grpc.aio.AioRpcError) as refused:
        await stack.intake("pc.scenarios").CreateContact(
            intake_pb2.CreateContactRequest(request_id=str(uuid.uuid4()), contact=contact)
        )
    assert refused.value.code() == grpc.StatusCode.INVALID_ARGUMENT
    assert (refused.value.details() or "").startswith(f"{field}:")
    assert contacts_in(stack) == before


@on_both_backends
def test_information_given_from_the_agency_directory_is_the_advice_recorded(
    stack: Stack, outcomes: dict[str, case_pb2.CaseView]
) -> None:
    case = by_name(outcomes, "civil dispute: advice given")
    assert case.risk.first_contact.resolved
    assert "Citizens Advice (0800 144 8848)" in case.risk.first_contact.advice
    [given] = case.contact.guided.advice_given
    assert given.kind == questions_pb2.ADVICE_KIND_INFORMATION
    assert given.text == case.risk.first_contact.advice
