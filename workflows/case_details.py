"""What the Temporal UI shows operators of a case: a summary and current details in plain words,
with no personal data (no names, phones, addresses or what happened)."""

from __future__ import annotations

from datetime import datetime

from contact101.labels import label
from contact101.v1 import case_pb2, common_pb2
from workflows.clocks import OPEN_STATES, VICTIM_UPDATE, find, timestamp
from workflows.search_attributes import team


def summary(opened: case_pb2.CaseOpened) -> str:
    """The case's static summary, set when its workflow starts."""
    channel = label(common_pb2.Channel, opened.contact.channel)
    if opened.HasField("reopened_by"):
        return f"101 case {opened.reference}, reopened for new work"
    return f"101 case {opened.reference}, received by {channel}"


def current_details(case: case_pb2.CaseView) -> str:
    """The case as it stands, one fact a line (Temporal markdown)."""
    lines = [
        f"**Status:** {label(case_pb2.CaseStatus, case.status)}",
        f"**Grade:** {label(common_pb2.RiskGrade, case.risk.grade)}",
        f"**Next deadline:** {_next_deadline(case)}",
        f"**Team:** {team(case) or 'not allocated'}",
    ]
    if case.crime.recorded:
        crime = "cancelled" if case.HasField("cancellation") else "recorded"
        lines.append(f"**Crime:** {case.crime.crime_number} ({crime})")
    agreed = find(case.clocks, VICTIM_UPDATE)
    if agreed is not None and agreed.every_days and agreed.state in OPEN_STATES:
        lines.append(
            f"**Victim updates:** every {agreed.every_days} day(s), as agreed; "
            f"next {_when(timestamp(agreed.due_at))} (update {agreed.revision + 1})"
        )
    return "\n".join(lines)


def _next_deadline(case: case_pb2.CaseView) -> str:
    open_clocks = [clock for clock in case.clocks if clock.state in OPEN_STATES]
    if not open_clocks:
        return "none"
    nearest = min(open_clocks, key=lambda clock: timestamp(clock.due_at))
    return f"{_when(timestamp(nearest.due_at))} ({nearest.name.replace('_', ' ')})"


def _when(at: datetime) -> str:
    return at.strftime("%Y-%m-%d %H:%M UTC")
