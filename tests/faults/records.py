"""What the stack left behind: each case's records in the services' databases (the proof that
a fault lost or doubled nothing), and its logs and traces (which must hold no personal data)."""

from __future__ import annotations

import sqlite3
from collections.abc import Collection

from contact101.runtime.config import Settings
from tests.stack import phone_theft

# The personal data of every case the fault tests record (tests.stack.phone_theft).
_CONTACT = phone_theft()
PERSONAL_DATA = (
    _CONTACT.caller.name,
    _CONTACT.caller.phone,
    _CONTACT.caller.date_of_birth,
    _CONTACT.what_happened,
)

# The records every recorded crime with a victim leaves, one of each, in the service that owns it.
ONE_PER_CASE = (
    ("intake", "contacts"),
    ("safeguarding", "risk_assessments"),
    ("crime", "crime_decisions"),
    ("crime", "crime_numbers"),
    ("safeguarding", "victim_referrals"),
    ("review", "reviews"),
)


def records_per_case(settings: Settings, references: Collection[str]) -> dict[str, dict[str, int]]:
    """For each table of ONE_PER_CASE, how many rows each case has."""
    counts: dict[str, dict[str, int]] = {}
    marks = ", ".join("?" for _ in references)
    for service, table in ONE_PER_CASE:
        with sqlite3.connect(settings.data_dir / f"{service}.db") as connection:
            rows = connection.execute(
                f"select reference, count(*) from {table} where reference in ({marks}) group by reference",
                tuple(references),
            ).fetchall()
        found = dict(rows)
        counts[table] = {reference: found.get(reference, 0) for reference in references}
    return counts


def cases_not_exactly_once(settings: Settings, references: Collection[str]) -> set[str]:
    """The cases missing a record, or holding one twice."""
    counts = records_per_case(settings, references)
    return {reference for per_case in counts.values() for reference, count in per_case.items() if count != 1}


def distinct_crime_numbers(settings: Settings, references: Collection[str]) -> int:
    marks = ", ".join("?" for _ in references)
    with sqlite3.connect(settings.data_dir / "crime.db") as connection:
        row = connection.execute(
            f"select count(distinct crime_number) from crime_decisions where reference in ({marks})",
            tuple(references),
        ).fetchone()
    return int(row[0])


def personal_data_written_out(settings: Settings) -> list[str]:
    """The log and trace files of every process that hold any of the cases' personal data."""
    outputs = [
        *(settings.data_dir / "logs").glob("*.log"),
        *(settings.data_dir / "telemetry").glob("*.jsonl"),
    ]
    return [
        f"{path.name}: {value}"
        for path in outputs
        for value in PERSONAL_DATA
        if value.encode() in path.read_bytes()
    ]
