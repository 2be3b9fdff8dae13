"""`contact101 report` options for the facts behind the risk, crime and victim decisions.

Each option type is declared here once, with its help, so the report command only lists
them; `apply_capture` turns what the officer typed into the ContactDetails fields.
"""

from collections.abc import Mapping
from datetime import datetime
from typing import Annotated, TypeVar

import typer

from contact101.v1 import common_pb2

RISK_INDICATORS = tuple(field.name for field in common_pb2.RiskIndicators.DESCRIPTOR.fields)
E = TypeVar("E", bound=int)


def choices(enum_items: list[tuple[str, E]], prefix: str) -> dict[str, E]:
    """An enum's values by the names officers type: HATE_STRAND_SEXUAL_ORIENTATION → sexual-orientation."""
    return {name.removeprefix(prefix).lower().replace("_", "-"): value for name, value in enum_items if value}


HATE_STRANDS = choices(common_pb2.HateStrand.items(), "HATE_STRAND_")
JUDGEMENT_FACTORS = choices(common_pb2.DashJudgementFactor.items(), "DASH_JUDGEMENT_FACTOR_")
CONSENT = choices(common_pb2.VictimConsent.items(), "VICTIM_CONSENT_")
CATEGORIES = choices(common_pb2.IncidentCategory.items(), "INCIDENT_CATEGORY_")
OUTCOMES = {
    "advice": common_pb2.FIRST_CONTACT_OUTCOME_ADVICE_GIVEN,
    "fraud": common_pb2.FIRST_CONTACT_OUTCOME_REDIRECT_FRAUD_REPORTING_CENTRE,
    "council": common_pb2.FIRST_CONTACT_OUTCOME_REDIRECT_COUNCIL,
    "highways": common_pb2.FIRST_CONTACT_OUTCOME_REDIRECT_HIGHWAYS,
    "lost-property": common_pb2.FIRST_CONTACT_OUTCOME_LOST_PROPERTY_OWN_ENQUIRIES,
    "btp": common_pb2.FIRST_CONTACT_OUTCOME_REDIRECT_BRITISH_TRANSPORT_POLICE,
    "transfer": common_pb2.FIRST_CONTACT_OUTCOME_TRANSFER_OTHER_FORCE,
}
RISK_ANSWERS = {
    "yes": common_pb2.RISK_ANSWER_VALUE_YES,
    "no": common_pb2.RISK_ANSWER_VALUE_NO,
    "not-asked": common_pb2.RISK_ANSWER_VALUE_NOT_ASKED,
    "declined": common_pb2.RISK_ANSWER_VALUE_DECLINED,
}
REPORT_TYPES = choices(common_pb2.ReportType.items(), "REPORT_TYPE_")
# --nchi answers: the Code of Practice threshold questions the officer answered yes.
NCHI_ANSWERS = {
    "trivial": "trivial_irrational_or_malicious",
    "hostility": "hostility_inferred",
    "harm": "risk_of_significant_harm",
    "future-offence": "risk_of_future_offence",
}

Risk = Annotated[
    list[str] | None,
    typer.Option(
        help=f"a risk indicator captured; repeat: {', '.join(n.replace('_', '-') for n in RISK_INDICATORS)}"
    ),
]
Hate = Annotated[
    list[str] | None, typer.Option(help=f"perceived hostility; repeat: {', '.join(HATE_STRANDS)}")
]
DomesticAbuse = Annotated[bool, typer.Option(help="the contact is domestic abuse")]
Dash = Annotated[
    str | None,
    typer.Option(
        help="the risk tool's answers as ID=yes|no|not-asked|declined, comma-separated, every question "
        "once (e.g. injury=yes,very_frightened=no,...; ids: `contact101/rules/domestic_abuse_tool.yaml`)"
    ),
]
Judgement = Annotated[
    list[str] | None,
    typer.Option(help=f"DASH professional judgement; repeat: {', '.join(JUDGEMENT_FACTORS)}"),
]
Consent = Annotated[str | None, typer.Option(help="the victim's word on victim support: given or declined")]
Bereaved = Annotated[bool, typer.Option(help="the victim is a bereaved close relative")]
ThirdParty = Annotated[bool, typer.Option(help="reported by a third party on the victim's behalf")]
Offence = Annotated[list[str] | None, typer.Option(help="Home Office offence code, e.g. 28E; repeat")]
Outcome = Annotated[
    str | None, typer.Option(help=f"resolved or redirected at first contact: {', '.join(OUTCOMES)}")
]
Category = Annotated[str | None, typer.Option(help=f"opening category: {', '.join(CATEGORIES)}")]
EvidenceAgainst = Annotated[str | None, typer.Option(help="credible evidence that no crime took place")]
ReportType = Annotated[
    str | None, typer.Option(help=f"what the contact is: {', '.join(REPORT_TYPES)} (default crime-report)")
]
MoneyAtRisk = Annotated[bool, typer.Option(help="fraud: in progress or money still at risk")]
IdentifiableSuspect = Annotated[bool, typer.Option(help="fraud: a local or identifiable suspect")]
TransferTo = Annotated[str | None, typer.Option(help="with --outcome transfer: the force for the area")]
OffenderBack = Annotated[
    str | None, typer.Option(help="the offender is expected back: when, e.g. 2026-11-24T18:00")
]
UpdateEvery = Annotated[int, typer.Option(help="victim updates every N days, as agreed with the victim")]
Nchi = Annotated[
    list[str] | None,
    typer.Option(help=f"hate incident threshold answered yes; repeat: {', '.join(NCHI_ANSWERS)}"),
]
MaracJudgement = Annotated[str | None, typer.Option(help="MARAC on professional judgement: the concerns")]
OtherVictim = Annotated[
    list[str] | None, typer.Option(help="another victim of the same incident (name); repeat")
]


def pick(option: str, text: str, known: Mapping[str, E]) -> E:
    key = text.strip().lower().replace("_", "-")
    if key not in known:
        raise typer.BadParameter(f"{option} takes one of {', '.join(known)}, not {text!r}")
    return known[key]


def parse_dash(text: str) -> list[common_pb2.RiskAnswer]:
    """'injury=yes, very_frightened=declined' → answers keyed by question id (the service checks
    that every question of the tool is answered once)."""
    answers = []
    for item in text.replace(",", " ").split():
        question, _, answer = item.partition("=")
        answers.append(
            common_pb2.RiskAnswer(
                question_id=question.strip().lower(), answer=pick(f"--dash {question}", answer, RISK_ANSWERS)
            )
        )
    return answers


def apply_decision_facts(
    contact: common_pb2.ContactDetails,
    *,
    report_type: str | None,
    money_at_risk: bool,
    identifiable_suspect: bool,
    transfer_to: str | None,
    offender_back: datetime | None,
    update_every: int,
    nchi: list[str] | None,
    marac_judgement: str | None,
) -> None:
    """Put the facts behind the report type, fraud, jurisdiction, NCHI, THRIVE and updates into contact."""
    if report_type:
        contact.report_type = pick("--report-type", report_type, REPORT_TYPES)
    if money_at_risk or identifiable_suspect:
        contact.fraud.money_at_risk = money_at_risk
        contact.fraud.identifiable_suspect = identifiable_suspect
    contact.transfer_to_force = (transfer_to or "").strip()
    if offender_back is not None:
        contact.offender_expected_back.expected_at.FromDatetime(offender_back)
    contact.victim_update_every_days = update_every
    if nchi is not None:
        contact.hate_incident.answered = True
        for answer in nchi:
            key = answer.strip().lower()
            if key not in NCHI_ANSWERS:
                raise typer.BadParameter(f"--nchi takes one of {', '.join(NCHI_ANSWERS)}, not {answer!r}")
            setattr(contact.hate_incident, NCHI_ANSWERS[key], True)
    if marac_judgement:
        contact.domestic_abuse.marac_judgement = marac_judgement


def risk_indicators(risk: list[str] | None) -> common_pb2.RiskIndicators:
    """The `--risk` options as risk indicators."""
    indicators = {name.replace("_", "-"): name for name in RISK_INDICATORS}
    captured = common_pb2.RiskIndicators()
    for name in risk or []:
        key = name.strip().lower().replace("_", "-")
        if key not in indicators:
            raise typer.BadParameter(f"--risk takes one of {', '.join(indicators)}, not {name!r}")
        setattr(captured, indicators[key], True)
    return captured


def apply_capture(
    contact: common_pb2.ContactDetails,
    *,
    risk: list[str] | None,
    hate: list[str] | None,
    domestic_abuse: bool,
    dash: str | None,
    judgement: list[str] | None,
    consent: str | None,
    bereaved: bool,
    third_party: bool,
    offence: list[str] | None,
    outcome: str | None,
    category: str | None,
    evidence_against: str | None,
    other_victim: list[str] | None,
) -> None:
    """Put what the officer captured into contact."""
    contact.risk_indicators.CopyFrom(risk_indicators(risk))
    contact.hate_strands.extend(pick("--hate", strand, HATE_STRANDS) for strand in hate or [])
    if domestic_abuse or dash or judgement:
        contact.domestic_abuse.SetInParent()
        contact.domestic_abuse.risk_answers.extend(parse_dash(dash or ""))
        contact.domestic_abuse.judgement_factors.extend(
            pick("--judgement", factor, JUDGEMENT_FACTORS) for factor in judgement or []
        )
    if consent:
        contact.victim_support_consent = pick("--consent", consent, CONSENT)
    contact.bereaved_relative = bereaved
    contact.third_party_report = third_party
    contact.offence_codes.extend(code.strip().upper() for code in offence or [])
    if outcome:
        contact.first_contact_outcome = pick("--outcome", outcome, OUTCOMES)
    if category:
        contact.opening_category = pick("--category", category, CATEGORIES)
    contact.evidence_against = evidence_against or ""
    contact.other_victims.extend(common_pb2.Person(name=name.strip()) for name in other_victim or [])


# The offence facts the crime decision is made from (issue 15): one act per report command.
ACTS = choices(common_pb2.OffenceAct.items(), "OFFENCE_ACT_")
PREMISES = choices(common_pb2.Premises.items(), "PREMISES_")
PROPERTY = choices(common_pb2.PropertyKind.items(), "PROPERTY_KIND_")
WEAPONS = choices(common_pb2.WeaponKind.items(), "WEAPON_KIND_")
INJURIES = choices(common_pb2.InjuryLevel.items(), "INJURY_LEVEL_")
SEXES = choices(common_pb2.Sex.items(), "SEX_")
AGE_BANDS = choices(common_pb2.AgeBand.items(), "AGE_BAND_")
OCCURRENCES = choices(common_pb2.OccurrenceKind.items(), "OCCURRENCE_KIND_")
FACT_FLAGS = (
    "attempted",
    "from_the_person",
    "from_a_vehicle",
    "distraction",
    "by_employee",
    "life_endangered",
)

Act = Annotated[
    str | None, typer.Option(help=f"what was done (the crime decision is made from it): {', '.join(ACTS)}")
]
Premises = Annotated[str | None, typer.Option(help=f"where it was done: {', '.join(PREMISES)}")]
Property = Annotated[
    str | None,
    typer.Option("--property", help=f"what was taken, damaged or defrauded: {', '.join(PROPERTY)}"),
]
WeaponKind = Annotated[str | None, typer.Option(help=f"the weapon used or carried: {', '.join(WEAPONS)}")]
InjuryLevel = Annotated[str | None, typer.Option(help=f"the injury done: {', '.join(INJURIES)}")]
FactFlag = Annotated[
    list[str] | None,
    typer.Option(help=f"a fact of the act; repeat: {', '.join(f.replace('_', '-') for f in FACT_FLAGS)}"),
]
VictimSex = Annotated[str | None, typer.Option(help=f"the victim's sex: {', '.join(SEXES)}")]
VictimGender = Annotated[str | None, typer.Option(help="the victim's gender, as they describe it")]
VictimAgeBand = Annotated[
    str | None,
    typer.Option(help=f"the victim's age when the date of birth is not known: {', '.join(AGE_BANDS)}"),
]
OrganisationVictim = Annotated[str | None, typer.Option(help="a business or organisation that is the victim")]
OccurredFrom = Annotated[
    str | None, typer.Option(help="the start of a period, e.g. 2026-11-22T22:00; --when is its end")
]
Occurrence = Annotated[str | None, typer.Option(help=f"with --occurred-from: {', '.join(OCCURRENCES)}")]
OccurrenceDetail = Annotated[
    str | None, typer.Option(help="the caller's words for when: 'overnight', 'most weekends'")
]
Online = Annotated[bool, typer.Option(help="it happened online or by phone: --where is optional")]
ClassificationReason = Annotated[
    str | None, typer.Option(help="why the --offence stands although the facts point elsewhere")
]


def offence_fact(
    act: str | None,
    premises: str | None,
    property_kind: str | None,
    weapon: str | None,
    injury: str | None,
    fact: list[str] | None,
) -> common_pb2.OffenceFacts | None:
    """The act the officer described with --act and its facts; None without --act."""
    if not act:
        if premises or property_kind or weapon or injury or fact:
            raise typer.BadParameter(
                "--premises, --property, --weapon-kind, --injury-level and --fact need --act"
            )
        return None
    flags = {name.replace("_", "-"): name for name in FACT_FLAGS}
    facts = common_pb2.OffenceFacts(act=pick("--act", act, ACTS))
    if premises:
        facts.premises = pick("--premises", premises, PREMISES)
    if property_kind:
        facts.property = pick("--property", property_kind, PROPERTY)
    if weapon:
        facts.weapon = pick("--weapon-kind", weapon, WEAPONS)
    if injury:
        facts.injury = pick("--injury-level", injury, INJURIES)
    for name in fact or []:
        key = name.strip().lower().replace("_", "-")
        if key not in flags:
            raise typer.BadParameter(f"--fact takes one of {', '.join(flags)}, not {name!r}")
        setattr(facts, flags[key], True)
    return facts


def apply_offence_facts(
    contact: common_pb2.ContactDetails,
    *,
    act: str | None,
    premises: str | None,
    property_kind: str | None,
    weapon: str | None,
    injury: str | None,
    fact: list[str] | None,
    victim_sex: str | None,
    victim_gender: str | None,
    victim_age_band: str | None,
    organisation_victim: str | None,
    occurrence: str | None,
    occurrence_detail: str | None,
    online: bool,
    classification_reason: str | None,
) -> None:
    """Put the offence facts and the victim and time facts the officer captured into contact."""
    facts = offence_fact(act, premises, property_kind, weapon, injury, fact)
    if facts is not None:
        contact.offence_facts.append(facts)
    if victim_sex:
        contact.victim_sex = pick("--victim-sex", victim_sex, SEXES)
    contact.victim_gender = victim_gender or ""
    if victim_age_band:
        contact.victim_age_band = pick("--victim-age-band", victim_age_band, AGE_BANDS)
    contact.organisation_victim = organisation_victim or ""
    if occurrence:
        contact.occurrence_kind = pick("--occurrence", occurrence, OCCURRENCES)
    contact.occurrence_detail = occurrence_detail or ""
    if online:
        contact.location_kind = common_pb2.LOCATION_KIND_ONLINE
    contact.classification_reason = classification_reason or ""
