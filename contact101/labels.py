"""Enum values in plain words: the one definition every text, table, chart and refusal uses.

    label(common_pb2.RiskGrade, common_pb2.RISK_GRADE_PRIORITY) == "priority"

A value's label is its name without the enum's prefix, in lower case with spaces; WORDS
holds the few that people say otherwise. short_name is the name without the prefix, as
operators type it in queries and dashboards (CASE_STATUS_CLOSED → CLOSED).
"""

from __future__ import annotations

from typing import Any, Protocol

# Values whose plain words differ from their names, by the value's full name.
WORDS = {
    "RISK_GRADE_UNSPECIFIED": "not graded",
}


class ProtoEnum(Protocol):
    """A generated protobuf enum, such as common_pb2.Channel."""

    def items(self) -> list[tuple[str, Any]]: ...

    def __hash__(self) -> int: ...


def full_name(enum: ProtoEnum, value: int) -> str:
    return next(name for name, number in enum.items() if number == value)


def short_name(enum: ProtoEnum, value: int) -> str:
    """The value's name without the enum's prefix (that of its unspecified value)."""
    prefix = full_name(enum, 0).removesuffix("UNSPECIFIED")
    return full_name(enum, value).removeprefix(prefix)


def label(enum: ProtoEnum, value: int) -> str:
    """The value in plain words, as people read it."""
    return WORDS.get(full_name(enum, value)) or short_name(enum, value).replace("_", " ").lower()


def code_in_words(code: str) -> str:
    """A code a message carries as text (a THRIVE level, a flag, a status) in plain words:
    VICTIM_OPTED_OUT → victim opted out."""
    return code.replace("_", " ").lower()
