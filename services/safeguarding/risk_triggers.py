"""What in a contact bears on its risk: the THRIVE triggers, each with the reason it was found.

A trigger comes from what the officer captured (risk indicators and offence facts), from
the DASH checklist, from the offences the contact is classified as, or from the contact
history. The caller's own words never make a trigger: they make prompts for the officer to
confirm ("is the offender still there?"), which account_prompts finds.
Every trigger only ever adds: a contact with one more risk factor has every trigger the
contact without it has, which is what keeps the grading monotonic.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime

from contact101.rules.account_cues import find_cue
from contact101.rules.hate_strands import strand_names
from contact101.rules.offences import AGE_BANDS, Offence
from contact101.rules.victims import victims
from contact101.v1 import common_pb2, safeguarding_pb2
from services.safeguarding.thrive_rules import ThriveRules

CAPTURED = "captured by the officer"
# add(name, detail): how find_triggers' helpers report a trigger.
Adder = Callable[[str, str], None]
HARM_TO_A_CHILD = ("domestic_abuse", "weapon", "injury", "threat_to_life", "in_progress", "sexual_offence")


@dataclass(frozen=True)
class Findings:
    """What the safeguarding service knows beyond the contact itself."""

    dash: safeguarding_pb2.DashAssessment | None
    repeats: safeguarding_pb2.RepeatFindings
    offences: tuple[Offence, ...]  # disclosed by the contact, as the crime service will read it
    assessed_at: datetime


def age_on(born: str, day: date) -> int | None:
    if not born:
        return None
    birthday = date.fromisoformat(born)
    return day.year - birthday.year - ((day.month, day.day) < (birthday.month, birthday.day))


def find_triggers(
    contact: common_pb2.ContactDetails, findings: Findings, rules: ThriveRules
) -> dict[str, str]:
    """Trigger name → why it was found, in finding order: "weapon involved (the account says 'knife')"."""
    found: dict[str, str] = {}

    def add(name: str, detail: str) -> None:
        found.setdefault(name, f"{rules.descriptions[name]} ({detail})")

    indicators = contact.risk_indicators
    for name in ("threat_to_life", "suspect_on_scene", "serious_injury", "in_progress", "weapon", "injury"):
        if getattr(indicators, name):
            add(name, CAPTURED)
    if indicators.serious_injury:
        add("injury", "serious injury captured")
    if any(fact.weapon for fact in contact.offence_facts):
        add("weapon", "captured in the offence facts")
    if any(fact.injury for fact in contact.offence_facts):
        add("injury", "captured in the offence facts")
    _domestic_abuse(contact, findings.dash, add)
    _marac(contact, findings.repeats, add)
    _sexual_offence(contact, findings, rules, add)
    _children(contact, indicators, rules, found, add)
    if indicators.vulnerable_adult:
        add("vulnerable_adult", CAPTURED)
    if indicators.mental_health:
        add("mental_health", CAPTURED)
        _right_care_right_person(findings, rules, found, add)
    if contact.HasField("offender_expected_back"):
        back = contact.offender_expected_back
        when = (
            back.expected_at.ToDatetime(tzinfo=UTC).strftime("%d %b %Y %H:%M")
            if back.HasField("expected_at")
            else "when not known"
        )
        add("offender_expected_back", f"{when}{': ' + back.detail if back.detail else ''}")
    if contact.hate_strands:
        add("hate_crime", ", ".join(strand.lower().replace("_", " ") for strand in strand_names(contact)))
    _repeats(findings.repeats, add)
    _lines_of_enquiry(contact, rules, add)
    if contact.third_party_report:
        add("third_party_report", "reported on the victim's behalf")
        if found.keys() & {"child_victim", "vulnerable_adult", "mental_health"}:
            add("third_party_vulnerable", "the victim is vulnerable and has not been spoken to")
    if contact.bereaved_relative:
        add("bereaved_relative", CAPTURED)
    return found


def account_cues(contact: common_pb2.ContactDetails, rules: ThriveRules) -> list[safeguarding_pb2.AccountCue]:
    """The risk facts not captured that the caller's words suggest the officer ask about, each
    with the words and the question: never a trigger."""
    cues = []
    for name, prompt in rules.prompts.items():
        if getattr(contact.risk_indicators, name):
            continue
        words = find_cue(prompt.cues, contact.what_happened)
        if words is not None:
            cues.append(safeguarding_pb2.AccountCue(indicator=name, words=words, ask=prompt.ask))
    return cues


def account_prompts(contact: common_pb2.ContactDetails, rules: ThriveRules) -> list[str]:
    """The account's cues (account_cues) as the officer reads them."""
    return [f"the account says '{cue.words}': {cue.ask}" for cue in account_cues(contact, rules)]


def _domestic_abuse(
    contact: common_pb2.ContactDetails, dash: safeguarding_pb2.DashAssessment | None, add: Adder
) -> None:
    if not contact.HasField("domestic_abuse"):
        return
    add("domestic_abuse", "reported as domestic abuse")
    if dash is None:
        return
    detail = f"{dash.yes_count} of {dash.questions} yes"
    if dash.not_answered:
        detail += f", {len(dash.not_answered)} not asked or declined"
    if dash.level != dash.checklist_level:
        detail += ", raised by professional judgement"
    if dash.level == "HIGH":
        add("dash_high", detail)
    elif dash.level == "MEDIUM":
        add("dash_medium", detail)


def _marac(contact: common_pb2.ContactDetails, repeats: safeguarding_pb2.RepeatFindings, add: Adder) -> None:
    """SafeLives' MARAC criteria beyond visible high risk (dash_high): professional judgement,
    potential escalation and repeat MARAC."""
    if not contact.HasField("domestic_abuse"):
        return
    judgement = " ".join(contact.domestic_abuse.marac_judgement.split())
    if judgement:
        add("marac_professional_judgement", judgement[:300])
    if repeats.potential_escalation:
        add("marac_potential_escalation", f"{repeats.domestic_abuse_incidents} domestic abuse incidents")
    if repeats.marac_referred_within_window:
        add("marac_repeat", "an earlier incident about this victim was referred to MARAC")


def _right_care_right_person(
    findings: Findings, rules: ThriveRules, found: dict[str, str], add: Adder
) -> None:
    """Police attend a mental health or welfare concern only for a crime or a real and immediate
    risk to life or of serious harm; otherwise it is handed over to health partners."""
    risks = [name for name in rules.police_attend_welfare_for if name in found]
    if findings.offences:
        add("mental_health_police", f"a crime is involved: {findings.offences[0].label}")
    elif risks:
        add("mental_health_police", "; ".join(rules.descriptions[name] for name in sorted(risks)))
    else:
        add(
            "mental_health_health_partners",
            "no crime and no real and immediate risk to life or of serious harm",
        )


def _sexual_offence(
    contact: common_pb2.ContactDetails, findings: Findings, rules: ThriveRules, add: Adder
) -> None:
    serious = [
        offence.label for offence in findings.offences if offence.principal_rank >= rules.serious_offence_from
    ]
    if serious:
        add("serious_offence", serious[0])
    if not any(offence.family == "sexual" for offence in findings.offences):
        return
    add("sexual_offence", "the contact discloses a sexual offence")
    occurred = contact.occurred_at.ToDatetime(tzinfo=findings.assessed_at.tzinfo)
    if findings.assessed_at - occurred <= rules.forensic_window:
        add("recent_sexual_offence", f"within {rules.forensic_window.days} days")


def _children(
    contact: common_pb2.ContactDetails,
    indicators: common_pb2.RiskIndicators,
    rules: ThriveRules,
    found: dict[str, str],
    add: Adder,
) -> None:
    occurred_on = contact.occurred_at.ToDatetime().date()
    ages = [
        age for person in victims(contact) if (age := age_on(person.date_of_birth, occurred_on)) is not None
    ]
    children = [age for age in ages if age < rules.child_under]
    band = AGE_BANDS.get(contact.victim_age_band)
    if children:
        add("child_victim", f"aged {min(children)}")
    elif band is not None and band[1] <= rules.child_under:
        children = [band[0]]
        add("child_victim", f"aged under {band[1]}")
    if not (children or indicators.child_present):
        return
    harm = next((name for name in HARM_TO_A_CHILD if name in found), None)
    if harm is not None:
        who = "child victim" if children else "child present"
        add("child_at_risk", f"{who} and {rules.descriptions[harm]}")


def _repeats(repeats: safeguarding_pb2.RepeatFindings, add: Adder) -> None:
    if repeats.repeat_victim:
        add("repeat_victim", f"{repeats.victim_contacts} contacts about this victim")
    if repeats.repeat_location:
        add("repeat_location", f"{repeats.location_contacts} contacts about this address")
    if repeats.asb_case_review:
        add("asb_case_review", f"{repeats.asb_complaints} ASB complaints")


def _lines_of_enquiry(contact: common_pb2.ContactDetails, rules: ThriveRules, add: Adder) -> None:
    kinds = [
        common_pb2.LineOfEnquiryKind.Name(line.kind).removeprefix("LINE_OF_ENQUIRY_KIND_")
        for line in contact.lines_of_enquiry
    ]
    attend = [kind.lower() for kind in dict.fromkeys(kinds) if kind in rules.attendance_enquiries]
    if attend:
        add("attendance_enquiry", ", ".join(attend))
    count = len(kinds) + len(contact.suspects)
    if count:
        add("lines_some", f"{count} line(s) of enquiry or suspect(s)")
    if count >= rules.many_lines_from:
        add("lines_many", f"{count} lines of enquiry or suspects")
