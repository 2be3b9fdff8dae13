"""Reading and writing assessments, referrals, the contact history and emergency dispatches.
Each function is one transaction."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import UTC, datetime, timedelta

from google.protobuf import json_format
from sqlalchemy import delete, distinct, func, select
from sqlalchemy.orm import Session, sessionmaker

from contact101.data.database import insert_once
from contact101.v1 import common_pb2, safeguarding_pb2
from services.safeguarding.models import (
    ContactKeyRecord,
    EmergencyDispatchRecord,
    RiskAssessmentRecord,
    SafeguardingReferralRecord,
    VictimReferralRecord,
)
from services.safeguarding.repeats import (
    HistoryCounts,
    RepeatRules,
    is_asb,
    location_key,
    repeat_findings,
    repeat_rules,
    victim_keys,
)

Assess = Callable[[safeguarding_pb2.RepeatFindings], safeguarding_pb2.RiskAssessment]


def history_counts(
    session: Session, reference: str, contact: common_pb2.ContactDetails, rules: RepeatRules
) -> HistoryCounts:
    """How many contacts in the history, this one included, share this contact's victim or address."""
    occurred_at = contact.occurred_at.ToDatetime(tzinfo=UTC)

    def earlier(
        digests: list[str], within: timedelta, asb_only: bool = False, domestic_abuse_only: bool = False
    ) -> int:
        if not digests:
            return 0
        query = select(func.count(distinct(ContactKeyRecord.reference))).where(
            ContactKeyRecord.digest.in_(digests),
            ContactKeyRecord.reference != reference,
            ContactKeyRecord.occurred_at >= occurred_at - within,
            ContactKeyRecord.occurred_at <= occurred_at,
        )
        if asb_only:
            query = query.where(ContactKeyRecord.asb)
        if domestic_abuse_only:
            query = query.where(ContactKeyRecord.domestic_abuse)
        return int(session.scalar(query) or 0)

    def marac_referred(digests: list[str]) -> bool:
        """An earlier contact about the victim was referred to MARAC within the repeat-MARAC look-back."""
        if not digests:
            return False
        query = (
            select(SafeguardingReferralRecord.id)
            .join(ContactKeyRecord, ContactKeyRecord.reference == SafeguardingReferralRecord.reference)
            .where(
                ContactKeyRecord.digest.in_(digests),
                ContactKeyRecord.kind == "VICTIM",
                SafeguardingReferralRecord.reference != reference,
                SafeguardingReferralRecord.kind == "SAFEGUARDING_REFERRAL_KIND_MARAC",
                SafeguardingReferralRecord.made_at >= occurred_at - rules.repeat_marac_within,
            )
            .limit(1)
        )
        return session.scalar(query) is not None

    victims = victim_keys(contact)
    places = [location_key(contact)] if contact.location_postcode else []
    return HistoryCounts(
        victim_contacts=earlier(victims, rules.repeat_victim.within) + 1 if victims else 0,
        location_contacts=earlier(places, rules.repeat_location.within) + 1 if places else 0,
        asb_complaints=earlier(victims + places, rules.asb_case_review.within, asb_only=True) + 1
        if is_asb(contact)
        else 0,
        domestic_abuse_incidents=earlier(
            victims, rules.marac_potential_escalation.within, domestic_abuse_only=True
        )
        + 1
        if victims and contact.HasField("domestic_abuse")
        else 0,
        marac_referred=contact.HasField("domestic_abuse") and marac_referred(victims),
    )


def _remember(
    session: Session, reference: str, contact_version: int, contact: common_pb2.ContactDetails
) -> None:
    """Keep this version's keys in the history, in place of any earlier version's."""
    session.execute(
        delete(ContactKeyRecord).where(
            ContactKeyRecord.reference == reference, ContactKeyRecord.contact_version < contact_version
        )
    )
    keys = [("VICTIM", key) for key in victim_keys(contact)]
    if contact.location_postcode:
        keys.append(("LOCATION", location_key(contact)))
    session.add_all(
        ContactKeyRecord(
            reference=reference,
            contact_version=contact_version,
            kind=kind,
            digest=key,
            occurred_at=contact.occurred_at.ToDatetime(tzinfo=UTC),
            asb=is_asb(contact),
            domestic_abuse=contact.HasField("domestic_abuse"),
        )
        for kind, key in keys
    )


def preview_repeats(
    sessions: sessionmaker[Session], contacts: Sequence[common_pb2.ContactDetails]
) -> list[safeguarding_pb2.RepeatFindings]:
    """What the history shows for each draft contact, as for a new contact: read, never written
    (a preview). Drafts with the same keys are looked up once."""
    rules = repeat_rules()
    found: dict[tuple[object, ...], safeguarding_pb2.RepeatFindings] = {}
    results = []
    with sessions() as session:
        for contact in contacts:
            key = (
                tuple(victim_keys(contact)),
                location_key(contact) if contact.location_postcode else "",
                is_asb(contact),
                contact.HasField("domestic_abuse"),
                contact.occurred_at.seconds,
            )
            if key not in found:
                found[key] = repeat_findings(history_counts(session, "", contact, rules), rules)
            results.append(found[key])
    return results


def assess_and_record(
    sessions: sessionmaker[Session],
    reference: str,
    contact_version: int,
    contact: common_pb2.ContactDetails,
    assess: Assess,
) -> safeguarding_pb2.RiskAssessment:
    """Assess this contact version against the history and store the assessment, its referrals
    and the contact's keys; or return the assessment already stored for this version."""

    def make(session: Session) -> RiskAssessmentRecord:
        assessment = assess(repeat_findings(history_counts(session, reference, contact, repeat_rules())))
        assessed_at = datetime.now(UTC)
        assessment.assessed_at.FromDatetime(assessed_at)
        _remember(session, reference, contact_version, contact)
        session.add_all(
            SafeguardingReferralRecord(
                reference=reference,
                contact_version=contact_version,
                kind=safeguarding_pb2.SafeguardingReferralKind.Name(referral.kind),
                recipient=referral.to,
                reason=referral.reason,
                rule_version=referral.rule_version,
                made_at=assessed_at,
            )
            for referral in assessment.safeguarding_referrals
        )
        return RiskAssessmentRecord(
            reference=reference,
            contact_version=contact_version,
            grade=common_pb2.RiskGrade.Name(assessment.grade),
            rule_version=assessment.rule_version,
            assessed_at=assessed_at,
            assessment_json=json_format.MessageToJson(assessment),
        )

    row = insert_once(
        sessions,
        lambda session: session.scalars(
            select(RiskAssessmentRecord).where(
                RiskAssessmentRecord.reference == reference,
                RiskAssessmentRecord.contact_version == contact_version,
            )
        ).one_or_none(),
        make,
    )
    return json_format.Parse(row.assessment_json, safeguarding_pb2.RiskAssessment())


def record_referral(
    sessions: sessionmaker[Session],
    reference: str,
    reported_at: datetime,
    referral: safeguarding_pb2.VictimReferral,
) -> safeguarding_pb2.VictimReferral:
    """Store the case's referral, or return the one already stored."""

    def make(_session: Session) -> VictimReferralRecord:
        stored = safeguarding_pb2.VictimReferral()
        stored.CopyFrom(referral)
        stored.reference = reference
        referred_at = datetime.now(UTC)
        stored.referred_at.FromDatetime(referred_at)
        return VictimReferralRecord(
            reference=reference,
            referred=stored.referred,
            status=stored.status,
            reason=stored.reason,
            due_date=datetime.fromisoformat(stored.due_date).date(),
            rule_version=stored.rule_version,
            reported_at=reported_at,
            referred_at=referred_at,
            enhanced_rights=stored.enhanced_rights,
            referral_json=json_format.MessageToJson(stored),
        )

    row = insert_once(
        sessions,
        lambda session: session.scalars(
            select(VictimReferralRecord).where(VictimReferralRecord.reference == reference)
        ).one_or_none(),
        make,
    )
    return json_format.Parse(row.referral_json, safeguarding_pb2.VictimReferral())


def record_dispatch(
    sessions: sessionmaker[Session],
    reference: str,
    contact_version: int,
    escalation: safeguarding_pb2.EmergencyEscalation,
) -> safeguarding_pb2.EmergencyEscalation:
    """Send the case to the emergency dispatch queue, or return the dispatch already made."""

    def make(_session: Session) -> EmergencyDispatchRecord:
        return EmergencyDispatchRecord(
            reference=reference,
            dispatch_id=escalation.dispatch_id,
            contact_version=contact_version,
            reason=escalation.reason,
            attend_within_minutes_urban=escalation.attend_within_minutes_urban,
            attend_within_minutes_rural=escalation.attend_within_minutes_rural,
            rule_version=escalation.rule_version,
            dispatched_at=datetime.now(UTC),
        )

    row = insert_once(
        sessions,
        lambda session: session.scalars(
            select(EmergencyDispatchRecord).where(EmergencyDispatchRecord.reference == reference)
        ).one_or_none(),
        make,
    )
    dispatched = safeguarding_pb2.EmergencyEscalation(
        dispatch_id=row.dispatch_id,
        reason=row.reason,
        attend_within_minutes_urban=row.attend_within_minutes_urban,
        attend_within_minutes_rural=row.attend_within_minutes_rural,
        rule_version=row.rule_version,
    )
    dispatched.dispatched_at.FromDatetime(row.dispatched_at)
    return dispatched
