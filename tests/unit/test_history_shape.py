"""A case's history stays short: the steps run in one activation publish their search attributes
in one upsert (each upsert is a history event and a visibility write on the Temporal server)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.unit.test_replay import HISTORIES

UPSERT = "EVENT_TYPE_UPSERT_WORKFLOW_SEARCH_ATTRIBUTES"


@pytest.mark.parametrize("path", HISTORIES, ids=[path.stem for path in HISTORIES])
def test_no_upsert_follows_another_with_nothing_between(path: Path) -> None:
    types = [event["eventType"] for event in json.loads(path.read_text())["events"]]
    back_to_back = [index for index in range(1, len(types)) if types[index - 1] == types[index] == UPSERT]
    assert not back_to_back, f"upserts back to back at events {back_to_back}"
