"""What an answer would change, in words: the decisions a contact gets now against those it
would get with the answer ("would grade emergency instead of scheduled", "would record 28E
...instead of 49 ..."), for the officer to see before asking."""

from __future__ import annotations

from contact101.labels import label
from contact101.v1 import common_pb2, crime_decision_pb2, preview_pb2, safeguarding_pb2


def decision_changes(now: preview_pb2.PreviewDecisions, then: preview_pb2.PreviewDecisions) -> list[str]:
    """Each decision that differs between now and then, as 'would ...'."""
    changes = []
    if then.risk.grade != now.risk.grade:
        changes.append(f"would grade {_grade(then.risk)} instead of {_grade(now.risk)}")
    changes += _first_contact(now.risk, then.risk)
    changes += _crime(now, then)
    changes += _safeguarding(now.risk, then.risk)
    if then.risk.dash.level != now.risk.dash.level and then.risk.HasField("dash"):
        changes.append(
            f"would make the {then.risk.dash.tool} level {then.risk.dash.level.lower()} "
            f"instead of {(now.risk.dash.level or 'none').lower()}"
        )
    added = [flag for flag in then.risk.vulnerability_flags if flag not in now.risk.vulnerability_flags]
    if added:
        changes.append("would flag " + ", ".join(_words(flag) for flag in added))
    changes += _referral(now, then)
    return changes


def _grade(risk: safeguarding_pb2.RiskAssessment) -> str:
    return label(common_pb2.RiskGrade, risk.grade)


def _words(name: str) -> str:
    return name.lower().replace("_", " ")


def _first_contact(now: safeguarding_pb2.RiskAssessment, then: safeguarding_pb2.RiskAssessment) -> list[str]:
    if then.first_contact.resolved == now.first_contact.resolved:
        return []
    if then.first_contact.resolved:
        return [f"would resolve the contact at first contact ({then.first_contact.agency})"]
    return [f"would no longer resolve the contact at first contact: {then.first_contact.reason}"]


def _offence(crime: crime_decision_pb2.CrimeDecision) -> str:
    return f"{crime.offence_code} {crime.offence_name.lower()}" if crime.offence_code else "no offence"


def _crime(now: preview_pb2.PreviewDecisions, then: preview_pb2.PreviewDecisions) -> list[str]:
    before, after = now.crime, then.crime
    if not then.HasField("crime"):
        return ["would make no crime decision"] if now.HasField("crime") else []
    if after.recorded and not before.recorded:
        return [f"would record {_offence(after)} (no crime recorded now)", *_investigation(before, after)]
    if before.recorded and not after.recorded:
        return [f"would record no crime instead of {_offence(before)}"]
    changes = []
    if after.offence_code != before.offence_code:
        verb = "record" if after.recorded else "classify as"
        changes.append(f"would {verb} {_offence(after)} instead of {_offence(before)}")
    added = [flag for flag in after.flags if flag not in before.flags]
    if added:
        changes.append("would flag the crime " + ", ".join(_words(flag) for flag in added))
    return changes + _investigation(before, after)


def _investigation(
    before: crime_decision_pb2.CrimeDecision, after: crime_decision_pb2.CrimeDecision
) -> list[str]:
    was, will = before.investigation, after.investigation
    if not after.recorded or (before.recorded and (was.allocated, was.team) == (will.allocated, will.team)):
        return []
    why = f" ({will.reasons[0]})" if will.reasons else ""
    if not before.recorded:
        return [f"would allocate it to {will.team}{why}" if will.allocated else f"would file it{why}"]
    if will.allocated and was.allocated:
        return [f"would allocate the crime to {will.team} instead of {was.team}"]
    if will.allocated:
        return [f"would allocate the crime to {will.team}{why} instead of filing it"]
    return [f"would file the crime{why} instead of allocating it to {was.team}"]


def _referred_to(risk: safeguarding_pb2.RiskAssessment) -> dict[int, str]:
    return {referral.kind: referral.to for referral in risk.safeguarding_referrals}


def _safeguarding(now: safeguarding_pb2.RiskAssessment, then: safeguarding_pb2.RiskAssessment) -> list[str]:
    before, after = _referred_to(now), _referred_to(then)
    added = [to for kind, to in after.items() if kind not in before]
    dropped = [to for kind, to in before.items() if kind not in after]
    changes = [f"would refer to {', '.join(added)}"] if added else []
    if dropped:
        changes.append(f"would no longer refer to {', '.join(dropped)}")
    return changes


def _referral(now: preview_pb2.PreviewDecisions, then: preview_pb2.PreviewDecisions) -> list[str]:
    before, after = now.referral, then.referral
    if now.HasField("referral") and not then.HasField("referral"):
        return ["would make no victim referral"]
    changes = []
    if after.status != before.status:
        shown = _words(before.status) if now.HasField("referral") else "none"
        changes.append(f"would make the victim referral {_words(after.status)} instead of {shown}")
    if after.consent_rule != before.consent_rule and after.consent_rule == "EXPLICIT":
        changes.append("would refer the victim to victim support only with their explicit consent")
    if after.enhanced_rights != before.enhanced_rights:
        words = "give" if after.enhanced_rights else "no longer give"
        changes.append(
            f"would {words} the victim enhanced rights under the Victims' Code "
            f"(updates within {_working_days(after.update_within_working_days)})"
        )
    return changes


def _working_days(days: int) -> str:
    return f"{days} working day" + ("" if days == 1 else "s")
