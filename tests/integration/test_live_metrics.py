"""The case workflow's live figures reach the process's metrics, through Temporal's runtime."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from temporalio.client import Client
from temporalio.runtime import BufferedMetricUpdate, MetricBuffer, Runtime, TelemetryConfig
from temporalio.testing import WorkflowEnvironment

from contact101.runtime.config import Settings
from contact101.temporal.client import data_converter, tracing_interceptors
from contact101.v1 import case_pb2, common_pb2, intake_pb2, review_pb2
from tests.stack import create_request, eventually, running_stack
from workflows.case_metrics import CONTACTS_RECEIVED, CRIME_DECISIONS, VERIFICATION_LATENCY, observations

TEMPORAL_ATTRIBUTES = {"service_name", "namespace", "task_queue", "workflow_type"}


def recorded(updates: Sequence[BufferedMetricUpdate], name: str) -> list[dict[str, str | int | float | bool]]:
    """The attributes of each update of the named metric, less those Temporal adds to every one."""
    return [
        {key: value for key, value in update.attributes.items() if key not in TEMPORAL_ATTRIBUTES}
        for update in updates
        if update.metric.name == name
    ]


async def test_a_case_counts_once_in_the_live_figures(
    temporal_env: WorkflowEnvironment, tmp_path: Path
) -> None:
    buffer = MetricBuffer(10_000)
    client = await Client.connect(
        temporal_env.client.service_client.config.target_host,
        data_converter=data_converter(Settings()),
        interceptors=tracing_interceptors(),
        runtime=Runtime(telemetry=TelemetryConfig(metrics=buffer)),
    )
    updates: list[BufferedMetricUpdate] = []
    async with running_stack(client, tmp_path) as stack:
        created = await stack.intake("pc.counted").CreateContact(create_request())
        await eventually(
            lambda: stack.intake("pc.counted").GetCase(
                intake_pb2.GetCaseRequest(reference=created.reference)
            ),
            lambda case: case.status == case_pb2.CASE_STATUS_AWAITING_VERIFICATION,
        )
        await stack.review("sgt.counter").Approve(review_pb2.ApproveRequest(reference=created.reference))

        async def drained() -> list[BufferedMetricUpdate]:
            updates.extend(buffer.retrieve_updates())
            return updates

        await eventually(drained, lambda found: bool(recorded(found, VERIFICATION_LATENCY)))

    received = recorded(updates, CONTACTS_RECEIVED)
    assert received == [{"channel": "PHONE", "grade": "SCHEDULED"}]
    assert recorded(updates, CRIME_DECISIONS) == [{"within_24h": "yes"}]
    assert recorded(updates, VERIFICATION_LATENCY) == [{"outcome": "APPROVED"}]
    assert any(update.metric.name.startswith("temporal_") for update in updates), "SDK metrics too"


def test_a_step_that_changes_nothing_counts_nothing() -> None:
    case = case_pb2.CaseView(reference="101-20261123-0001")
    case.risk.grade = common_pb2.RISK_GRADE_PRIORITY
    assert observations(case, case) == []
    assert [found.metric for found in observations(case_pb2.CaseView(), case)] == [CONTACTS_RECEIVED]
