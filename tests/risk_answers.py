"""Domestic abuse risk tool answers for tests: the configured tool's questions answered by id."""

from __future__ import annotations

from contact101.rules.dash_questions import risk_tool
from contact101.v1 import common_pb2

YES, NO = common_pb2.RISK_ANSWER_VALUE_YES, common_pb2.RISK_ANSWER_VALUE_NO


def answers_from(values: list[bool]) -> list[common_pb2.RiskAnswer]:
    """One answer per question of the tool, in its order: True yes, False no."""
    return [
        common_pb2.RiskAnswer(question_id=question, answer=YES if value else NO)
        for question, value in zip(risk_tool().questions, values, strict=True)
    ]


def dash_answers(yes: int, *, rest: common_pb2.RiskAnswerValue.ValueType = NO) -> list[common_pb2.RiskAnswer]:
    """The first `yes` questions answered yes, the others `rest` (no, not asked or declined)."""
    return [
        common_pb2.RiskAnswer(question_id=question, answer=YES if index < yes else rest)
        for index, question in enumerate(risk_tool().questions)
    ]
