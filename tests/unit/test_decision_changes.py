"""What an answer would change, in words (services/intake/decision_changes.py): each decision
that differs between the preview now and with the answer, and nothing when none does."""

from __future__ import annotations

from contact101.v1 import common_pb2, crime_decision_pb2, preview_pb2, safeguarding_pb2
from services.intake.decision_changes import decision_changes


def decisions(
    grade: common_pb2.RiskGrade.ValueType = common_pb2.RISK_GRADE_SCHEDULED,
    code: str = "49",
    name: str = "Other theft",
    allocated: bool = False,
    referrals: tuple[str, ...] = (),
    enhanced: bool = False,
) -> preview_pb2.PreviewDecisions:
    risk = safeguarding_pb2.RiskAssessment(grade=grade)
    for to in referrals:
        risk.safeguarding_referrals.add(kind=safeguarding_pb2.SAFEGUARDING_REFERRAL_KIND_MARAC, to=to)
    crime = crime_decision_pb2.CrimeDecision(recorded=True, offence_code=code, offence_name=name)
    crime.investigation.allocated = allocated
    crime.investigation.team = "Local Investigation Team" if allocated else ""
    crime.investigation.reasons.append("viable lines of enquiry: score 2 (viable from 2)")
    referral = safeguarding_pb2.VictimReferral(
        status="REFERRED", consent_rule="OPT_OUT", enhanced_rights=enhanced, update_within_working_days=1
    )
    return preview_pb2.PreviewDecisions(risk=risk, crime=crime, referral=referral)


def test_the_same_decisions_change_nothing() -> None:
    assert decision_changes(decisions(), decisions()) == []


def test_a_grade_and_a_classification_change_in_words() -> None:
    changes = decision_changes(
        decisions(),
        decisions(common_pb2.RISK_GRADE_EMERGENCY, code="28E", name="Burglary - residential"),
    )
    assert changes == [
        "would grade emergency instead of scheduled",
        "would record 28E burglary - residential instead of 49 other theft",
    ]


def test_an_allocation_a_referral_and_enhanced_rights_in_words() -> None:
    changes = decision_changes(decisions(), decisions(allocated=True, referrals=("MARAC",), enhanced=True))
    assert changes == [
        "would allocate the crime to Local Investigation Team (viable lines of enquiry: score 2 "
        "(viable from 2)) instead of filing it",
        "would refer to MARAC",
        "would give the victim enhanced rights under the Victims' Code (updates within 1 working day)",
    ]


def test_resolving_at_first_contact_makes_no_crime_decision() -> None:
    resolved = decisions(common_pb2.RISK_GRADE_RESOLVED_WITHOUT_DEPLOYMENT)
    resolved.risk.first_contact.resolved = True
    resolved.risk.first_contact.agency = "local council"
    resolved.ClearField("crime")
    resolved.ClearField("referral")
    assert decision_changes(decisions(), resolved) == [
        "would grade resolved without deployment instead of scheduled",
        "would resolve the contact at first contact (local council)",
        "would make no crime decision",
        "would make no victim referral",
    ]
