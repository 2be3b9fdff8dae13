"""The crime outcomes table as sourced data, and when a new grade sends a closed case back to a supervisor."""

from __future__ import annotations

from pathlib import Path

import pytest

from contact101.rules.rule_files import RuleFileError
from contact101.v1 import common_pb2
from services.crime.crime_outcomes import crime_outcomes, load_crime_outcomes
from workflows.contact_workflow import raises


def test_the_outcomes_table_is_versioned_sourced_and_has_the_home_office_types() -> None:
    outcomes = crime_outcomes()
    assert outcomes.version == "crime-outcomes-2026.2"
    assert "Home Office Counting Rules" in outcomes.source
    assert outcomes.name_of("1") == "Charged/summonsed"
    assert outcomes.name_of("18") == "Investigation complete; no suspect identified"
    assert "victim supports action" in (outcomes.name_of("15") or "")
    assert "does not support" in (outcomes.name_of("16") or "")
    assert "another body" in (outcomes.name_of("20") or "")
    assert outcomes.name_of("19") is None, "outcome 19 is the fraud bureau's, for fraud a force never records"


def test_every_outcome_names_its_source_and_the_sourced_wordings_are_the_sources() -> None:
    outcomes = crime_outcomes()
    assert set(outcomes.sources) == set(outcomes.names)
    confirmed = {kind for kind, source in outcomes.sources.items() if source.confirmed}
    assert confirmed >= {"1", "1A", "2", "2A", "3", "3A", "4", "14", "15", "16", "18", "20", "21", "22"}
    assert outcomes.name_of("2") == "Youth caution (including conditional caution)"
    assert outcomes.name_of("3") == "Adult caution (including conditional caution)"
    assert outcomes.sources["21"].ref == "cleveland_foi" and "not in the public interest" in (
        outcomes.name_of("21") or ""
    )
    assert outcomes.sources["22"].ref == "kingsley_napley_2020"
    assert "(OC14)" in outcomes.sources["14"].found and "suspect not identified" in (
        outcomes.name_of("14") or ""
    )
    assert confirmed == set(outcomes.names), "every outcome type names its source"


def test_the_prevented_and_out_of_court_outcomes_carry_their_sourced_wording() -> None:
    outcomes = crime_outcomes()
    assert outcomes.name_of("5") == "Offender died"
    assert outcomes.name_of("7") == "Cannabis or khat warning"
    assert outcomes.name_of("9") == "Prosecution not in the public interest (CPS)"
    assert outcomes.name_of("13") == (
        "Prosecution prevented - victim or key witness dead or too ill to give evidence"
    )
    assert outcomes.name_of("17") == "Prosecution time limit expired", "no unsourced gloss on the time limit"
    for kind in ("5", "6", "7", "8", "9", "10", "11", "12", "13", "17"):
        assert outcomes.sources[kind].ref == "oocd_dashboard"
        assert outcomes.sources[kind].found.startswith(f"{kind}: ")


def test_an_outcome_citing_an_unknown_source_is_refused(tmp_path: Path) -> None:
    table = tmp_path / "outcomes.yaml"
    table.write_text(
        "version: test\nsource: tests\nsources: {a: a source}\n"
        'outcomes:\n  "1": {name: Charged, source: {ref: b, found: it}}\n'
    )
    with pytest.raises(RuleFileError, match="source"):
        load_crime_outcomes(table)


def test_an_outcome_without_a_name_is_refused(tmp_path: Path) -> None:
    table = tmp_path / "outcomes.yaml"
    table.write_text(
        "version: test\nsource: tests\nsources: {a: a source}\n"
        'outcomes:\n  "1": {name: "", source: {ref: a, found: it}}\n'
    )
    with pytest.raises(RuleFileError, match="outcomes"):
        load_crime_outcomes(table)


@pytest.mark.parametrize(
    ("before", "after", "raised"),
    [
        (common_pb2.RISK_GRADE_SCHEDULED, common_pb2.RISK_GRADE_PRIORITY, True),
        (common_pb2.RISK_GRADE_PRIORITY, common_pb2.RISK_GRADE_EMERGENCY, True),
        (common_pb2.RISK_GRADE_SCHEDULED, common_pb2.RISK_GRADE_SCHEDULED, False),
        (common_pb2.RISK_GRADE_PRIORITY, common_pb2.RISK_GRADE_SCHEDULED, False),
        (common_pb2.RISK_GRADE_UNSPECIFIED, common_pb2.RISK_GRADE_SCHEDULED, True),
    ],
)
def test_a_grade_is_raised_only_when_it_becomes_more_urgent(
    before: common_pb2.RiskGrade.ValueType, after: common_pb2.RiskGrade.ValueType, raised: bool
) -> None:
    assert raises(before, after) is raised
