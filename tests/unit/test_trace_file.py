"""The file exporter's spans read back as one tree per trace of a contact."""

from __future__ import annotations

from pathlib import Path

from opentelemetry.sdk.resources import Resource
from opentelemetry.sdk.trace import TracerProvider
from opentelemetry.sdk.trace.export import SimpleSpanProcessor

from contact101.runtime.telemetry import CASE_REFERENCE, JsonLinesSpanExporter
from contact101.runtime.trace_file import read_spans, span_tree, traces_of


def test_a_contacts_traces_come_back_as_span_trees(tmp_path: Path) -> None:
    path = tmp_path / "telemetry" / "traces.jsonl"
    provider = TracerProvider(resource=Resource.create({"service.name": "contact101-intake"}))
    provider.add_span_processor(SimpleSpanProcessor(JsonLinesSpanExporter(path)))
    tracer = provider.get_tracer(__name__)
    with tracer.start_as_current_span("contact101 report", attributes={CASE_REFERENCE: "101-20261123-0001"}):
        with tracer.start_as_current_span("StartWorkflow:ContactWorkflow"):
            pass
        with tracer.start_as_current_span("INSERT intake.db"):
            pass
    with tracer.start_as_current_span("approve", attributes={"temporalWorkflowID": "101-20261123-0001"}):
        pass
    with tracer.start_as_current_span("another contact", attributes={CASE_REFERENCE: "101-20261123-0002"}):
        pass
    with path.open("a") as cut_short:
        cut_short.write('{"name": "half a li')

    traces = traces_of(read_spans(path.read_text().splitlines()), "101-20261123-0001")
    assert len(traces) == 2
    first, second = traces.values()
    [root] = span_tree(first)
    assert root.name == "contact101 report" and root.service == "contact101-intake"
    assert [child.name for child in root.children] == ["StartWorkflow:ContactWorkflow", "INSERT intake.db"]
    assert [span.name for span in span_tree(second)] == ["approve"]
