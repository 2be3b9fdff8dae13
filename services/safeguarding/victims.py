"""Victims' Code: referral to victim support with its consent rule, enhanced rights, the
needs assessment, and the due dates of the case's Victims' Code deadlines (counted in
working days at intake, services/intake/clock_policy.py).

Victims of sexual offences and domestic abuse, and bereaved relatives, are referred only
with explicit consent; everyone else is referred unless they opt out.
Rules: contact101/rules/victims_code.yaml.
"""

from __future__ import annotations

from contact101.rules.victims import NO_INDIVIDUAL_VICTIM
from contact101.rules.victims_code import VictimsCodeRules, victims_code_rules
from contact101.v1 import common_pb2, crime_decision_pb2, safeguarding_pb2


def explicit_consent_reasons(
    contact: common_pb2.ContactDetails, crime: crime_decision_pb2.CrimeDecision, rules: VictimsCodeRules
) -> list[str]:
    reasons = [f"{crime.family.replace('_', ' ')} offence"] if crime.consent_route == "EXPLICIT" else []
    reasons += [flag.lower().replace("_", " ") for flag in crime.flags if flag in rules.explicit_crime_flags]
    if contact.bereaved_relative and rules.explicit_for_bereaved:
        reasons.append("bereaved relative")
    return reasons


def refer(
    contact: common_pb2.ContactDetails,
    crime: crime_decision_pb2.CrimeDecision,
    risk: safeguarding_pb2.RiskAssessment,
    deadlines: safeguarding_pb2.VictimsCodeDeadlines,
    rules: VictimsCodeRules | None = None,
) -> safeguarding_pb2.VictimReferral:
    """The victim's referral under the Victims' Code, due by the case's deadlines."""
    rules = rules or victims_code_rules()
    referral = safeguarding_pb2.VictimReferral(
        due_date=deadlines.referral.due_date,
        rule_version=f"{rules.version}; {deadlines.calendar_version}",
    )
    if not (crime.recorded or crime.offence_code in rules.refer_without_recorded_crime):
        referral.status = "NOT_APPLICABLE"
        referral.reason = f"no crime recorded: {crime.reason}"
        return referral
    if crime.crimes and all(recorded.victim == NO_INDIVIDUAL_VICTIM for recorded in crime.crimes):
        referral.status = "NOT_APPLICABLE"
        referral.reason = (
            f"{crime.offence_name.lower()} is a crime against society, with no individual victim"
        )
        return referral

    referral.enhanced_reasons.extend(rules.enhanced.found(contact, crime, risk, crime.enhanced_rights))
    referral.enhanced_rights = bool(referral.enhanced_reasons)
    enhanced = referral.enhanced_rights
    update = deadlines.enhanced_update if enhanced else deadlines.update
    referral.update_within_working_days = update.working_days
    referral.next_update_due_date = update.due_date
    if crime.recorded and not crime.investigation.allocated:
        notice = deadlines.enhanced_not_investigated_notice if enhanced else deadlines.not_investigated_notice
        referral.not_investigated_notice_due_date = notice.due_date
    referral.needs.extend(rules.needs.found(contact, crime, risk, crime.family) or [rules.default_need])
    _apply_consent(referral, contact, explicit_consent_reasons(contact, crime, rules), crime)
    return referral


def _apply_consent(
    referral: safeguarding_pb2.VictimReferral,
    contact: common_pb2.ContactDetails,
    explicit_because: list[str],
    crime: crime_decision_pb2.CrimeDecision,
) -> None:
    consent = contact.victim_support_consent
    offence = crime.offence_name.lower()
    if explicit_because:
        referral.consent_rule = "EXPLICIT"
        because = ", ".join(explicit_because)
        if consent == common_pb2.VICTIM_CONSENT_GIVEN:
            referral.referred, referral.status = True, "REFERRED"
            referral.reason = (
                f"victim of {offence} referred to victim support with explicit consent ({because})"
            )
        elif consent == common_pb2.VICTIM_CONSENT_DECLINED:
            referral.status = "CONSENT_DECLINED"
            referral.reason = f"the victim declined a referral ({because}: explicit consent needed)"
        else:
            referral.status = "AWAITING_CONSENT"
            referral.reason = (
                f"explicit consent needed ({because}): ask the victim, "
                f"and refer by {referral.due_date} if they agree"
            )
        return
    referral.consent_rule = "OPT_OUT"
    if consent == common_pb2.VICTIM_CONSENT_DECLINED:
        referral.status = "VICTIM_OPTED_OUT"
        referral.reason = f"the victim of {offence} opted out of a referral to victim support"
    else:
        referral.referred, referral.status = True, "REFERRED"
        referral.reason = f"victim of {offence} referred to victim support (the victim did not opt out)"
