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
    assert outcomes.version == "crime-outcomes-2024.1"
    assert "Home Office Counting Rules" in outcomes.source
    assert outcomes.name_of("1") == "Charged/summonsed"
    assert outcomes.name_of("18") == "Investigation complete; no suspect identified"
    assert "victim supports action" in (outcomes.name_of("15") or "")
    assert "does not support" in (outcomes.name_of("16") or "")
    assert "another body" in (outcomes.name_of("20") or "")
    assert outcomes.name_of("19") is None, "outcome 19 was withdrawn"


def test_an_outcome_without_a_name_is_refused(tmp_path: Path) -> None:
    table = tmp_path / "outcomes.yaml"
    table.write_text('version: test\nsource: tests\noutcomes:\n  "1": ""\n')
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
