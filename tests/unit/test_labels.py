"""Enum values in plain words: one definition, so `show` and `stats` say the same thing."""

from __future__ import annotations

from contact101.labels import label, short_name
from contact101.v1 import case_pb2, common_pb2, figures_pb2


def test_a_value_reads_as_plain_words_without_its_enum_prefix() -> None:
    assert label(common_pb2.RiskGrade, common_pb2.RISK_GRADE_PRIORITY) == "priority"
    assert (
        label(common_pb2.RiskGrade, common_pb2.RISK_GRADE_RESOLVED_WITHOUT_DEPLOYMENT)
        == "resolved without deployment"
    )
    assert (
        label(figures_pb2.DeadlineBucket, figures_pb2.DEADLINE_BUCKET_DUE_WITHIN_24_HOURS)
        == "due within 24 hours"
    )
    assert label(case_pb2.CaseStatus, case_pb2.CASE_STATUS_AWAITING_VERIFICATION) == "awaiting verification"


def test_a_case_not_yet_graded_reads_not_graded_everywhere() -> None:
    assert label(common_pb2.RiskGrade, common_pb2.RISK_GRADE_UNSPECIFIED) == "not graded"
    assert label(common_pb2.Channel, common_pb2.CHANNEL_UNSPECIFIED) == "unspecified"


def test_the_short_name_is_the_value_as_operators_type_it_in_queries() -> None:
    assert short_name(case_pb2.CaseStatus, case_pb2.CASE_STATUS_CLOSED) == "CLOSED"
    assert short_name(common_pb2.RiskGrade, common_pb2.RISK_GRADE_EMERGENCY) == "EMERGENCY"
