"""The case's custom search attributes: what operators filter on in the Temporal UI and CLI.

Each is registered on the Temporal server when the stack starts (`dev_server_flags`, or
`temporal operator search-attribute create` on a real cluster), upserted by the case
workflow at every step and read by the force's figures. Never personal data: only the
case's state, grade, channel, flags, next deadline and team.
"""

from __future__ import annotations

from typing import Any

from temporalio.common import SearchAttributeKey

CASE_STATUS = SearchAttributeKey.for_keyword("CaseStatus")
RISK_GRADE = SearchAttributeKey.for_keyword("RiskGrade")
CHANNEL = SearchAttributeKey.for_keyword("Channel")
VULNERABLE = SearchAttributeKey.for_bool("Vulnerable")
CRIME_RECORDED = SearchAttributeKey.for_bool("CrimeRecorded")
AWAITING_VERIFICATION = SearchAttributeKey.for_bool("AwaitingVerification")
NEXT_DEADLINE = SearchAttributeKey.for_datetime("NextDeadline")
TEAM = SearchAttributeKey.for_keyword("Team")

CASE_SEARCH_ATTRIBUTES: tuple[SearchAttributeKey[Any], ...] = (
    CASE_STATUS,
    RISK_GRADE,
    CHANNEL,
    VULNERABLE,
    CRIME_RECORDED,
    AWAITING_VERIFICATION,
    NEXT_DEADLINE,
    TEAM,
)


def cli_type_name(key: SearchAttributeKey[Any]) -> str:
    """The type as the `temporal` CLI spells it: Keyword, Bool, Datetime, KeywordList, ..."""
    return key.indexed_value_type.name.title().replace("_", "")


def dev_server_flags() -> list[str]:
    """`--search-attribute Name=Type` for each case search attribute, for `temporal server start-dev`."""
    return [
        flag
        for key in CASE_SEARCH_ATTRIBUTES
        for flag in ("--search-attribute", f"{key.name}={cli_type_name(key)}")
    ]
