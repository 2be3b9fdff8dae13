"""The values of the case's search attributes (keys: contact101/temporal/search_attributes.py),
upserted by the case workflow at every step."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from temporalio.common import SearchAttributeUpdate

from contact101.labels import short_name
from contact101.temporal.search_attributes import (
    AWAITING_VERIFICATION,
    CASE_STATUS,
    CHANNEL,
    CRIME_RECORDED,
    NEXT_DEADLINE,
    RISK_GRADE,
    TEAM,
    VULNERABLE,
)
from contact101.v1 import case_pb2, common_pb2, safeguarding_pb2
from workflows.clocks import next_deadline


def team(case: case_pb2.CaseView) -> str:
    """The investigating team the crime is allocated to, once it is."""
    investigation = case.crime.investigation
    return investigation.team if investigation.allocated else ""


def is_vulnerable(risk: safeguarding_pb2.RiskAssessment) -> bool:
    vulnerability_high = any(
        factor.factor == "VULNERABILITY" and factor.level == "HIGH" for factor in risk.factors
    )
    return bool(risk.vulnerability_flags) or vulnerability_high


def case_search_attributes(case: case_pb2.CaseView) -> list[SearchAttributeUpdate[Any]]:
    """The value of every case search attribute for the case as it stands; unknown ones are unset."""
    deadline = next_deadline(case.clocks)
    allocated_to = team(case)
    graded = case.HasField("risk") and case.risk.grade != common_pb2.RISK_GRADE_UNSPECIFIED
    decided = case.HasField("crime")
    return [
        CASE_STATUS.value_set(short_name(case_pb2.CaseStatus, case.status)),
        CHANNEL.value_set(short_name(common_pb2.Channel, case.contact.channel)),
        RISK_GRADE.value_set(short_name(common_pb2.RiskGrade, case.risk.grade))
        if graded
        else RISK_GRADE.value_unset(),
        VULNERABLE.value_set(is_vulnerable(case.risk)) if graded else VULNERABLE.value_unset(),
        CRIME_RECORDED.value_set(case.crime.recorded) if decided else CRIME_RECORDED.value_unset(),
        AWAITING_VERIFICATION.value_set(case.status == case_pb2.CASE_STATUS_AWAITING_VERIFICATION),
        NEXT_DEADLINE.value_set(deadline) if deadline else NEXT_DEADLINE.value_unset(),
        TEAM.value_set(allocated_to) if allocated_to else TEAM.value_unset(),
    ]


def changed(
    published: Sequence[SearchAttributeUpdate[Any]], current: Sequence[SearchAttributeUpdate[Any]]
) -> list[SearchAttributeUpdate[Any]]:
    """The updates in current that differ from what was last published (nothing is published at first)."""
    before = {update.key.name: update for update in published}
    return [update for update in current if before.get(update.key.name, update.key.value_unset()) != update]
