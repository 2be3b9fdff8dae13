"""What changed in a case: its fields flattened to text, and compared before and after.

A case flattens to `path → value` pairs (`contact.suspects[0].description`, `risk.grade`,
`clocks.verification.state`), so that the supervisor sees what changed since the last
review and every audit record carries the values an action changed.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, cast

from google.protobuf import json_format

from contact101.v1 import case_pb2

CaseFields = dict[str, str]

# Bookkeeping about the case rather than the case itself.
NOT_AUDITED = frozenset({"history", "changes_since_review", "notifications"})
# What the supervisor verifies: the work on the case, not its progress or deadlines.
NOT_REVIEWED = NOT_AUDITED | frozenset({"status", "verification", "clocks", "information"})
# When a step ran, rather than what it decided.
STEP_TIMES = frozenset({"risk.assessed_at", "crime.decided_at", "referral.referred_at"})


def case_fields(case: case_pb2.CaseView, leave_out: frozenset[str] = NOT_AUDITED) -> CaseFields:
    """The case's fields as text, by path; top-level fields in leave_out are left out."""
    kept = case_pb2.CaseView()
    kept.CopyFrom(case)
    for name in leave_out:
        kept.ClearField(cast(Any, name))
    tree = json_format.MessageToDict(kept, preserving_proto_field_name=True)
    if "clocks" in tree:
        tree["clocks"] = {clock["name"]: clock for clock in tree["clocks"]}
    fields: CaseFields = {}
    _flatten(tree, "", fields)
    return fields


def reviewed_fields(case: case_pb2.CaseView) -> CaseFields:
    """The fields a supervisor's review covers."""
    return {path: value for path, value in case_fields(case, NOT_REVIEWED).items() if path not in STEP_TIMES}


def _flatten(value: Any, path: str, into: CaseFields) -> None:
    if isinstance(value, dict):
        for key, item in value.items():
            _flatten(item, f"{path}.{key}" if path else key, into)
    elif isinstance(value, list):
        for index, item in enumerate(value):
            _flatten(item, f"{path}[{index}]", into)
    elif isinstance(value, bool):
        into[path] = "yes" if value else "no"
    else:
        into[path] = str(value)


def changes(before: Mapping[str, str], after: Mapping[str, str]) -> list[case_pb2.FieldChange]:
    """Every field whose value differs, in path order; a field added or removed shows as empty."""
    return [
        case_pb2.FieldChange(field=path, before=before.get(path, ""), after=after.get(path, ""))
        for path in sorted(before.keys() | after.keys())
        if before.get(path) != after.get(path)
    ]


def changed_values(before: Mapping[str, str], after: Mapping[str, str]) -> tuple[CaseFields, CaseFields]:
    """The values of the changed fields, as they were and as they became (absent when unset)."""
    changed = [change.field for change in changes(before, after)]
    return (
        {path: before[path] for path in changed if path in before},
        {path: after[path] for path in changed if path in after},
    )
