"""The NCRS crime-recording decision as a pure function of the captured contact.

Record a crime when, on the balance of probability, the circumstances as reported amount
to a crime in law and there is no credible evidence to the contrary; the victim's account
is normally enough. Count one crime per victim, and where one incident holds several
crimes, the principal (most serious) one. Give reasons for every decision, and above all
for not recording one. Thresholds and tables: rules/ncrs.yaml and rules/offences.yaml.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from functools import cache
from pathlib import Path

from contact101.rules.fraud_calls import call_for_service, fraud_call_rules
from contact101.rules.hate_strands import strand_names
from contact101.rules.offences import (
    RECORDING_BODIES,
    Classification,
    Offence,
    OffenceTable,
    Suggestion,
    offence_table,
)
from contact101.rules.rule_files import RuleFileError, load_rule_file, require
from contact101.rules.victims import NO_INDIVIDUAL_VICTIM, victim_labels
from contact101.v1 import common_pb2, crime_decision_pb2
from services.crime.hate_incidents import hate_incident_rules, non_crime_hate_incident
from services.crime.reported_information import passed_on_to, report_type_rules

NCRS_FILE = Path(__file__).with_name("rules") / "ncrs.yaml"


@dataclass(frozen=True)
class NcrsRules:
    version: str
    n100_code: str
    n100_name: str
    no_offence_code: str
    no_offence_name: str
    recorded_elsewhere: dict[str, str]
    aggravating_strands: frozenset[str]


def load_ncrs_rules(path: Path) -> NcrsRules:
    rules = load_rule_file(path)
    where = str(path)
    n100 = rules.get("n100", dict)
    no_offence = rules.get("no_offence", dict)
    elsewhere = rules.get("recorded_elsewhere", dict)
    if set(elsewhere) != RECORDING_BODIES:
        raise RuleFileError(
            f"{where}: recorded_elsewhere: must explain {', '.join(sorted(RECORDING_BODIES))}"
        )
    strands = {name.removeprefix("HATE_STRAND_") for name, value in common_pb2.HateStrand.items() if value}
    aggravating = frozenset(rules.get("aggravating_strands", list))
    if not aggravating <= strands:
        raise RuleFileError(f"{where}: aggravating_strands: must be among {', '.join(sorted(strands))}")
    return NcrsRules(
        version=rules.version,
        n100_code=require(n100, "code", str, f"{where}: n100"),
        n100_name=require(n100, "name", str, f"{where}: n100"),
        no_offence_code=require(no_offence, "code", str, f"{where}: no_offence"),
        no_offence_name=require(no_offence, "name", str, f"{where}: no_offence"),
        recorded_elsewhere={body: " ".join(text.split()) for body, text in elsewhere.items()},
        aggravating_strands=aggravating,
    )


@cache
def ncrs_rules() -> NcrsRules:
    return load_ncrs_rules(NCRS_FILE)


def decide(
    contact: common_pb2.ContactDetails,
    reported_at: datetime,
    decision_due_at: datetime,
    table: OffenceTable | None = None,
    rules: NcrsRules | None = None,
) -> crime_decision_pb2.CrimeDecision:
    """The recording decision for what the caller reported, due when the case's clock says
    (crime numbers are allocated on storing).

    The offences are the officer's classification or what the offence facts classify as; the
    account only suggests (decision.suggestions) and prompts the officer to capture the facts.
    """
    table = table or offence_table()
    rules = rules or ncrs_rules()
    day = reported_at.date()
    strands = strand_names(contact)
    classified = table.classified(contact, day)
    decision = crime_decision_pb2.CrimeDecision(
        rule_version=f"{rules.version}; {table.version}",
        flags=_flags(contact, strands, bool(classified)),
        classified_from="OFFICER" if contact.offence_codes else "FACTS" if classified else "NONE",
    )
    decision.decision_due_at.FromDatetime(decision_due_at)
    suggestions = table.suggest(contact.what_happened, day)
    decision.suggestions.extend(
        crime_decision_pb2.OffenceSuggestion(
            offence_code=found.offence.code, offence_name=found.offence.name, words=found.words
        )
        for found in suggestions
    )
    receiver = passed_on_to(contact)
    if receiver is not None:
        suspected = [found.offence for found in classified] or [found.offence for found in suggestions]
        _passed_on(decision, rules, receiver, suspected[0] if suspected else None)
        return decision
    if not classified:
        _no_offence(decision, contact, rules, strands, suggestions)
        return decision

    # The principal crime; a crime against a victim comes before a crime against society.
    has_victim = bool(victim_labels(contact))
    principal = max(
        classified,
        key=lambda found: (
            has_victim and found.offence.counting_unit != "society",
            found.offence.principal_rank,
        ),
    )
    decision.uncounted_offences.extend(found.offence.label for found in classified if found is not principal)
    decision.prompts.extend(
        f"confirm {' and '.join(found.assumed)}: {found.offence.code} assumes them"
        for found in classified
        if found.assumed
    )
    offence, aggravation = _aggravated(principal.offence, strands, table, rules, day)
    decision.offence_code = offence.code
    decision.offence_name = offence.name
    decision.notifiable = offence.notifiable
    decision.family = offence.family
    decision.investigation_group = offence.investigation
    decision.consent_route = offence.consent.upper()
    decision.enhanced_rights = offence.enhanced_rights
    evidence_against = " ".join(contact.evidence_against.split())

    if offence.recorded_by:
        decision.reason = (
            f"{offence.name} ({principal.source}): {rules.recorded_elsewhere[offence.recorded_by]}"
        )
        kept = call_for_service(contact)
        if kept:
            decision.reason += f"; kept by the force as a call for service: {'; '.join(kept)}"
            decision.rule_version += f"; {fraud_call_rules().version}"
    elif offence.rape and (contact.third_party_report or evidence_against):
        why = "reported by a third party" if contact.third_party_report else "the account is disputed"
        decision.reason = (
            f"a report of rape ({principal.source}) not immediately recorded as a crime ({why}): "
            f"recorded as {rules.n100_code}, {rules.n100_name.lower()}, until the victim's account is taken"
        )
        decision.offence_code = rules.n100_code
        decision.offence_name = rules.n100_name
        decision.notifiable = False
    elif evidence_against:
        decision.reason = (
            f"{offence.name} was reported ({principal.source}), but there is credible evidence "
            f"to the contrary: {evidence_against[:500]}"
        )
    else:
        _record(decision, contact, principal, offence, aggravation)
    departures = table.contradictions(contact, day)
    if departures:
        decision.reason += (
            "; the officer's classification stands against the facts captured ("
            + "; ".join(why for _index, why in departures)
            + f"): {' '.join(contact.classification_reason.split())[:500]}"
        )
    return decision


def crime_victims(contact: common_pb2.ContactDetails, offence: Offence) -> list[str]:
    """Whose crimes are counted: one per victim, or one for the premises, vehicle or account."""
    victims = victim_labels(contact)
    if offence.counting_unit == "society" or not victims:
        return [NO_INDIVIDUAL_VICTIM]
    return victims if offence.counting_unit == "victim" else victims[:1]


def _record(
    decision: crime_decision_pb2.CrimeDecision,
    contact: common_pb2.ContactDetails,
    principal: Classification,
    offence: Offence,
    aggravation: str,
) -> None:
    decision.recorded = True
    decision.crimes.extend(
        crime_decision_pb2.RecordedCrime(victim=victim, offence_code=offence.code)
        for victim in crime_victims(contact, offence)
    )
    parts = [
        f"on the balance of probability the circumstances as reported ({principal.source}) amount "
        f"to {offence.name.lower()}, with no credible evidence to the contrary"
    ]
    if contact.third_party_report:
        parts.append("reported by a third party on the victim's behalf")
    if aggravation:
        parts.append(aggravation)
    if decision.uncounted_offences:
        parts.append(
            "principal crime counted; also disclosed but not counted: "
            + ", ".join(decision.uncounted_offences)
        )
    if len(decision.crimes) > 1:
        parts.append(f"one crime per victim: {len(decision.crimes)} crimes")
    elif offence.counting_unit in ("premises", "vehicle", "account") and len(victim_labels(contact)) > 1:
        parts.append(f"one crime per {offence.counting_unit}")
    decision.reason = "; ".join(parts)


def _passed_on(
    decision: crime_decision_pb2.CrimeDecision, rules: NcrsRules, receiver: str, offence: Offence | None
) -> None:
    """Information or intelligence: passed on, and not recorded as the offence it suspects."""
    decision.offence_code = rules.no_offence_code
    decision.offence_name = rules.no_offence_name
    decision.rule_version += f"; {report_type_rules().version}"
    suspected = f" (it suggests {offence.name.lower()})" if offence else ""
    decision.reason = (
        f"information, not a report of a crime{suspected}: passed to the {receiver} "
        "and not recorded as a crime"
    )


def _no_offence(
    decision: crime_decision_pb2.CrimeDecision,
    contact: common_pb2.ContactDetails,
    rules: NcrsRules,
    strands: list[str],
    suggestions: list[Suggestion],
) -> None:
    decision.offence_code = rules.no_offence_code
    decision.offence_name = rules.no_offence_name
    decision.reason = "the circumstances as reported do not amount to a notifiable offence"
    if suggestions:
        suggested = ", ".join(f"{found.offence.label} ('{found.words}')" for found in suggestions)
        decision.reason = (
            "no offence facts or classification were captured, and a crime is not recorded from "
            f"the wording of the account alone; the account suggests {suggested}"
        )
        decision.prompts.extend(
            f"the account suggests {found.offence.label} ('{found.words}'): capture the offence "
            "facts (or the classification) to decide"
            for found in suggestions
        )
    if strands:
        nchi = non_crime_hate_incident(contact.hate_incident)
        decision.rule_version += f"; {hate_incident_rules().version}"
        if nchi.recorded:
            decision.flags.append("HATE_INCIDENT")
            decision.flags.extend(f"HATE_INCIDENT_{strand}" for strand in strands)
            decision.reason += (
                f"; recorded as a non-crime hate incident ({', '.join(s.lower() for s in strands)})"
            )
        decision.reason += f"; {nchi.reason}"


def _aggravated(
    offence: Offence, strands: list[str], table: OffenceTable, rules: NcrsRules, day: date
) -> tuple[Offence, str]:
    """The racially or religiously aggravated form when the hostility perceived calls for it."""
    grounds = [strand.lower() for strand in strands if strand in rules.aggravating_strands]
    aggravated = table.find(offence.aggravated_form, day) if offence.aggravated_form else None
    if not grounds or aggravated is None:
        return offence, ""
    return aggravated, f"aggravated: hostility on grounds of {' and '.join(grounds)} is perceived"


def _flags(contact: common_pb2.ContactDetails, strands: list[str], offence_disclosed: bool) -> list[str]:
    """Record flags: domestic abuse; hate crime with its strands (a non-crime hate incident is
    flagged only when the Code of Practice threshold is met: _no_offence)."""
    flags = ["DOMESTIC_ABUSE"] if contact.HasField("domestic_abuse") else []
    if strands and offence_disclosed:
        flags.append("HATE_CRIME")
        flags.extend(f"HATE_CRIME_{strand}" for strand in strands)
    return flags
