"""Cases already running survive workflow code changes: every recorded history replays cleanly."""

from __future__ import annotations

from pathlib import Path

import pytest
from temporalio.client import WorkflowHistory
from temporalio.worker import Replayer

from contact101.runtime.config import Settings
from contact101.temporal.client import data_converter
from workflows.contact_workflow import ContactWorkflow
from workflows.worker import workflow_interceptors

HISTORIES = sorted((Path(__file__).parents[1] / "histories").glob("*.json"))


def test_histories_are_recorded() -> None:
    assert HISTORIES, "record histories with `python -m tests.histories.record NAME`"


@pytest.mark.parametrize("path", HISTORIES, ids=[path.stem for path in HISTORIES])
async def test_recorded_history_replays(path: Path) -> None:
    history = WorkflowHistory.from_json(path.stem, path.read_text())
    settings = Settings()
    replayer = Replayer(
        workflows=[ContactWorkflow],
        data_converter=data_converter(settings),
        interceptors=workflow_interceptors(settings),
    )
    await replayer.replay_workflow(history)
