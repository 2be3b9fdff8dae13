"""Reading the file exporter's spans back: the traces of one contact, as trees.

Every process appends its spans to data_dir/telemetry/traces.jsonl (see contact101.runtime.telemetry).
A contact's traces are those with a span naming its reference: the contact101.reference
attribute on service calls, or Temporal's workflow id, which is the reference.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from contact101.runtime.telemetry import CASE_REFERENCE

TEMPORAL_WORKFLOW_ID = "temporalWorkflowID"


@dataclass
class SpanRecord:
    name: str
    trace_id: str
    span_id: str
    parent_id: str
    service: str
    start: datetime
    end: datetime
    status: str
    attributes: dict[str, Any]
    children: list[SpanRecord] = field(default_factory=list)

    @property
    def milliseconds(self) -> float:
        return (self.end - self.start).total_seconds() * 1000

    def concerns(self, reference: str) -> bool:
        return reference in (self.attributes.get(CASE_REFERENCE), self.attributes.get(TEMPORAL_WORKFLOW_ID))


def _hex(value: str | None) -> str:
    return (value or "").removeprefix("0x")


def parse_span(line: str) -> SpanRecord:
    """One line of the file exporter's output."""
    raw = json.loads(line)
    return SpanRecord(
        name=raw["name"],
        trace_id=_hex(raw["context"]["trace_id"]),
        span_id=_hex(raw["context"]["span_id"]),
        parent_id=_hex(raw.get("parent_id")),
        service=str(raw.get("resource", {}).get("attributes", {}).get("service.name", "")),
        start=datetime.fromisoformat(raw["start_time"]),
        end=datetime.fromisoformat(raw["end_time"]),
        status=raw.get("status", {}).get("status_code", "UNSET"),
        attributes=raw.get("attributes") or {},
    )


def read_spans(lines: Iterable[str]) -> list[SpanRecord]:
    """The spans in lines; a line cut short (a process writing as we read) is skipped."""
    spans = []
    for line in lines:
        if not line.strip():
            continue
        try:
            spans.append(parse_span(line))
        except (ValueError, KeyError):
            continue
    return spans


def traces_of(spans: list[SpanRecord], reference: str) -> dict[str, list[SpanRecord]]:
    """The spans of every trace that concerns reference, by trace id, oldest trace first."""
    wanted = {span.trace_id for span in spans if span.concerns(reference)}
    traces: dict[str, list[SpanRecord]] = {}
    for span in sorted(spans, key=lambda span: span.start):
        if span.trace_id in wanted:
            traces.setdefault(span.trace_id, []).append(span)
    return traces


def span_tree(spans: list[SpanRecord]) -> list[SpanRecord]:
    """The roots of one trace with their children attached, each level in start order.

    A span whose parent was not exported (a process with tracing off) is shown as a root.
    """
    by_id = {span.span_id: span for span in spans}
    roots = []
    for span in sorted(spans, key=lambda span: span.start):
        span.children = []
    for span in sorted(spans, key=lambda span: span.start):
        parent = by_id.get(span.parent_id)
        if parent is None:
            roots.append(span)
        else:
            parent.children.append(span)
    return roots
