"""Cases already running survive workflow code changes: every recorded history replays cleanly."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from google.protobuf import json_format
from temporalio.api.history.v1 import History
from temporalio.client import WorkflowHistory
from temporalio.worker import Replayer

from contact101.runtime.config import Settings
from contact101.temporal.client import data_converter
from contact101.v1 import case_pb2
from workflows.contact_workflow import ContactWorkflow
from workflows.sandbox import case_workflow_runner
from workflows.worker import workflow_interceptors

HISTORIES = sorted((Path(__file__).parents[1] / "histories").glob("*.json"))


async def recorded_history(path: Path, settings: Settings) -> WorkflowHistory:
    """The history under its case's workflow id (the reference it was opened with), which
    intake's signed opening names."""
    events = json_format.ParseDict(json.loads(path.read_text()), History(), ignore_unknown_fields=True)
    started = events.events[0].workflow_execution_started_event_attributes
    [opened] = await data_converter(settings).decode(started.input.payloads, [case_pb2.CaseOpened])
    return WorkflowHistory(opened.reference, events.events)


def test_histories_are_recorded() -> None:
    assert HISTORIES, "record histories with `python -m tests.histories.record NAME`"


async def replay(path: Path) -> None:
    """Replay the recorded history as the worker runs the case workflow; nondeterminism raises."""
    settings = Settings()
    replayer = Replayer(
        workflows=[ContactWorkflow],
        data_converter=data_converter(settings),
        interceptors=workflow_interceptors(settings),
        workflow_runner=case_workflow_runner(),
    )
    await replayer.replay_workflow(await recorded_history(path, settings))


@pytest.mark.parametrize("path", HISTORIES, ids=[path.stem for path in HISTORIES])
async def test_recorded_history_replays(path: Path) -> None:
    await replay(path)
