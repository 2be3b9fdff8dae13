"""Live figures the case workflow counts as a case moves on, as OpenTelemetry metrics.

`observations(before, after)` is the pure part: what one step of a case adds to the
figures. `CaseMetrics` records them on Temporal's workflow metric meter, which never
counts again while a workflow replays and goes out through the process's meter provider
(see contact101.runtime.telemetry). No attribute holds personal data.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

from temporalio.common import MetricCounter, MetricHistogramTimedelta, MetricMeter

from contact101.labels import short_name
from contact101.v1 import case_pb2, common_pb2
from workflows.clocks import timestamp

CONTACTS_RECEIVED = "contact101_contacts_received"
FIRST_CONTACT_RESOLUTIONS = "contact101_first_contact_resolutions"
CRIME_DECISIONS = "contact101_crime_decisions"
VICTIM_REFERRALS = "contact101_victim_referrals"
VERIFICATION_LATENCY = "contact101_verification_latency"
ESCALATIONS = "contact101_escalations"

VERIFICATION_LATENCY_DESCRIPTION = "Time from submission for verification to the supervisor's decision"
COUNTERS = {
    CONTACTS_RECEIVED: "Contacts received and graded, by channel and grade",
    FIRST_CONTACT_RESOLUTIONS: "Contacts resolved or redirected at first point of contact, by outcome",
    CRIME_DECISIONS: "Crime-recording decisions, by whether they were made by their due time",
    VICTIM_REFERRALS: "Victim-support referrals, by whether they were made within their deadline",
    ESCALATIONS: "Escalations: emergency dispatch, and clocks escalated to the duty inspector",
}


@dataclass(frozen=True)
class Observation:
    metric: str
    attributes: dict[str, str] = field(default_factory=dict)
    duration: timedelta | None = None  # for the latency histogram; counters count 1


def yes_no(value: bool) -> str:
    return "yes" if value else "no"


def observations(before: case_pb2.CaseView, after: case_pb2.CaseView) -> list[Observation]:
    """What the step from before to after adds to the live figures."""
    found: list[Observation] = []
    if after.risk.grade and not before.risk.grade:
        found.append(
            Observation(
                CONTACTS_RECEIVED,
                {
                    "channel": short_name(common_pb2.Channel, after.contact.channel),
                    "grade": short_name(common_pb2.RiskGrade, after.risk.grade),
                },
            )
        )
    resolution = after.risk.first_contact
    if resolution.resolved and not before.risk.first_contact.resolved:
        outcome = short_name(common_pb2.FirstContactOutcome, resolution.outcome)
        found.append(Observation(FIRST_CONTACT_RESOLUTIONS, {"outcome": outcome}))
    if after.HasField("crime") and not before.HasField("crime"):
        found.append(Observation(CRIME_DECISIONS, {"within_24h": yes_no(decided_in_time(after))}))
    if after.referral.referred and not before.referral.referred:
        found.append(Observation(VICTIM_REFERRALS, {"within_deadline": yes_no(referred_in_time(after))}))
    if (
        after.verification.HasField("decided_at")
        and after.verification.decided_at != before.verification.decided_at
    ):
        outcome = short_name(case_pb2.VerificationState, after.verification.state)
        found.append(Observation(VERIFICATION_LATENCY, {"outcome": outcome}, verification_latency(after)))
    if after.HasField("emergency") and not before.HasField("emergency"):
        found.append(Observation(ESCALATIONS, {"kind": "emergency_dispatch"}))
    escalated_before = {
        (clock.name, clock.revision) for clock in before.clocks if clock.HasField("escalated_at")
    }
    found.extend(
        Observation(ESCALATIONS, {"kind": f"{clock.name}_clock"})
        for clock in after.clocks
        if clock.HasField("escalated_at") and (clock.name, clock.revision) not in escalated_before
    )
    return found


def decided_in_time(case: case_pb2.CaseView) -> bool:
    crime = case.crime
    return timestamp(crime.decided_at) <= timestamp(crime.decision_due_at)


def referred_in_time(case: case_pb2.CaseView) -> bool:
    referral = case.referral
    if not referral.due_date:
        return True
    return timestamp(referral.referred_at).date() <= date.fromisoformat(referral.due_date)


def verification_latency(case: case_pb2.CaseView) -> timedelta:
    """From the case's latest submission for verification to the supervisor's decision."""
    submitted = [entry.at for entry in case.history if entry.action == "submit"]
    since = timestamp(submitted[-1]) if submitted else timestamp(case.received_at)
    return timestamp(case.verification.decided_at) - since


class CaseMetrics:
    """A workflow's instruments, each made on its metric meter the first time a step counts on it
    (a case counts on a few of them); record() adds a step's observations."""

    def __init__(self, meter: MetricMeter) -> None:
        self._meter = meter
        self._counters: dict[str, MetricCounter] = {}
        self._latency: MetricHistogramTimedelta | None = None

    def record(self, found: list[Observation]) -> None:
        for observation in found:
            if observation.duration is not None:
                self._latency_histogram().record(observation.duration, observation.attributes)
            else:
                self._counter(observation.metric).add(1, observation.attributes)

    def _counter(self, name: str) -> MetricCounter:
        if name not in self._counters:
            self._counters[name] = self._meter.create_counter(name, COUNTERS[name])
        return self._counters[name]

    def _latency_histogram(self) -> MetricHistogramTimedelta:
        if self._latency is None:
            self._latency = self._meter.create_histogram_timedelta(
                VERIFICATION_LATENCY, VERIFICATION_LATENCY_DESCRIPTION, "ms"
            )
        return self._latency
