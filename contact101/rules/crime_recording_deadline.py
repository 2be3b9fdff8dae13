"""When the crime-recording decision is due after a report is first received (NCRS: 24 hours)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from functools import cache
from pathlib import Path

from contact101.rules.rule_files import load_rule_file

DEADLINE_FILE = Path(__file__).with_name("crime_recording_deadline.yaml")


@dataclass(frozen=True)
class CrimeRecordingDeadline:
    version: str
    decision_within: timedelta


def load_crime_recording_deadline(path: Path) -> CrimeRecordingDeadline:
    rules = load_rule_file(path)
    return CrimeRecordingDeadline(rules.version, timedelta(hours=rules.get("decision_within_hours", int)))


@cache
def crime_decision_within() -> timedelta:
    """The NCRS 24 hours, unless the force's rule file says otherwise."""
    return load_crime_recording_deadline(DEADLINE_FILE).decision_within
