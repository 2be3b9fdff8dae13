"""OpenTelemetry for every Contact101 process: one trace per contact and live metrics.

`process_telemetry(settings, "intake")` sets the process's tracer and meter providers,
with the exporter the settings choose (none, console, OTLP to a collector, or JSON-lines
files under data_dir/telemetry/) and the share of traces they keep, and routes Temporal's
SDK metrics, the case workflow's own included, into the same meter provider. The
instrumentation itself lives where the calls are made: gRPC channels and servers, the
Temporal client, each database engine.

Spans never carry personal data: gRPC spans name the method, SQL spans the statement text
(bound parameters are never recorded), Temporal spans the workflow id, which is the
contact reference; `tag_case` adds the reference where a call concerns one case.
"""

from __future__ import annotations

import os
from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

from google.protobuf.message import Message
from opentelemetry import metrics, trace
from opentelemetry.exporter.otlp.proto.grpc.metric_exporter import OTLPMetricExporter
from opentelemetry.exporter.otlp.proto.grpc.trace_exporter import OTLPSpanExporter
from opentelemetry.sdk.metrics import MeterProvider
from opentelemetry.sdk.metrics.export import (
    ConsoleMetricExporter,
    MetricExporter,
    MetricsData,
    PeriodicExportingMetricReader,
)
from opentelemetry.sdk.resources import Resource
from opentelemetry.sdk.trace import ReadableSpan, SpanProcessor, TracerProvider
from opentelemetry.sdk.trace.export import (
    BatchSpanProcessor,
    ConsoleSpanExporter,
    SimpleSpanProcessor,
    SpanExporter,
    SpanExportResult,
)
from opentelemetry.sdk.trace.sampling import ParentBased, TraceIdRatioBased
from temporalio.contrib.opentelemetry import MetricsExporter
from temporalio.runtime import MetricBuffer, Runtime, TelemetryConfig

from contact101.runtime.config import Settings

CASE_REFERENCE = "contact101.reference"
TEMPORAL_METRIC_BUFFER_SIZE = 10_000
FILE_EXPORT_DELAY_MILLIS = 1000


def telemetry_dir(settings: Settings) -> Path:
    return settings.data_dir / "telemetry"


def traces_path(settings: Settings) -> Path:
    """Where the file exporter writes spans, one JSON object per line, from every process."""
    return telemetry_dir(settings) / "traces.jsonl"


def metrics_path(settings: Settings) -> Path:
    return telemetry_dir(settings) / "metrics.jsonl"


class JsonLinesSpanExporter(SpanExporter):
    """Appends each span as one JSON line; several processes share the file (O_APPEND, one write)."""

    def __init__(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self._path = path

    def export(self, spans: Sequence[ReadableSpan]) -> SpanExportResult:
        lines = "".join(span.to_json(indent=None) + "\n" for span in spans)
        descriptor = os.open(self._path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
        try:
            os.write(descriptor, lines.encode())
        finally:
            os.close(descriptor)
        return SpanExportResult.SUCCESS


def tag_case(reference: str) -> None:
    """Mark the current span as concerning the case with this reference (not personal data)."""
    if reference:
        trace.get_current_span().set_attribute(CASE_REFERENCE, reference)


def tag_case_of(request: Any) -> None:
    """tag_case with the request's `reference` field, when it is a message that has one."""
    if isinstance(request, Message) and "reference" in request.DESCRIPTOR.fields_by_name:
        tag_case(getattr(request, "reference"))  # noqa: B009  # a proto field, not an attribute


def current_trace_id() -> str:
    """The current trace's id as 32 hex digits, or "" outside a recorded trace."""
    context = trace.get_current_span().get_span_context()
    return format(context.trace_id, "032x") if context.is_valid else ""


def process_resource(service: str) -> Resource:
    return Resource.create({"service.name": f"contact101-{service}", "service.namespace": "contact101"})


def span_processor(settings: Settings) -> SpanProcessor | None:
    match settings.telemetry_exporter:
        case "console":
            return SimpleSpanProcessor(ConsoleSpanExporter())
        case "otlp":
            return BatchSpanProcessor(
                OTLPSpanExporter(endpoint=settings.otlp_endpoint, insecure=_insecure(settings))
            )
        case "file":
            return BatchSpanProcessor(
                JsonLinesSpanExporter(traces_path(settings)), schedule_delay_millis=FILE_EXPORT_DELAY_MILLIS
            )
        case _:
            return None


def tracer_provider(
    settings: Settings, service: str, sample_ratio: float | None = None
) -> TracerProvider | None:
    """The tracer provider the settings ask for, or None when spans are not recorded.

    It keeps sample_ratio (default: the settings' trace_sample_ratio) of the traces this process
    starts, chosen by trace id, and every span of a trace it joins as the trace's first process
    chose: so a trace is kept or dropped whole, across every process.
    """
    processor = span_processor(settings)
    if processor is None:
        return None
    ratio = settings.trace_sample_ratio if sample_ratio is None else sample_ratio
    provider = TracerProvider(
        resource=process_resource(service), sampler=ParentBased(TraceIdRatioBased(ratio))
    )
    provider.add_span_processor(processor)
    return provider


def start_tracing(settings: Settings, service: str, sample_ratio: float | None = None) -> None:
    """Make this process's spans go where settings say (tracer_provider); with "none" they are not recorded.

    The first call in a process decides: OpenTelemetry keeps the first tracer provider set.
    """
    if isinstance(trace.get_tracer_provider(), TracerProvider):
        return
    provider = tracer_provider(settings, service, sample_ratio)
    if provider is not None:
        trace.set_tracer_provider(provider)


def metric_exporter(settings: Settings) -> MetricExporter | None:
    match settings.telemetry_exporter:
        case "console":
            return ConsoleMetricExporter()
        case "otlp":
            return OTLPMetricExporter(endpoint=settings.otlp_endpoint, insecure=_insecure(settings))
        case "file":
            path = metrics_path(settings)
            path.parent.mkdir(parents=True, exist_ok=True)
            return ConsoleMetricExporter(out=path.open("a", encoding="utf-8"), formatter=_json_line)
        case _:
            return None


@asynccontextmanager
async def process_telemetry(settings: Settings, service: str) -> AsyncIterator[None]:
    """Tracing and metrics for a long-running process (a service or the worker), flushed on exit.

    Call it before the process connects to Temporal: Temporal's SDK metrics go through the
    default runtime it installs.
    """
    start_tracing(settings, service)
    exporter = metric_exporter(settings)
    if exporter is None:
        yield
        return
    reader = PeriodicExportingMetricReader(
        exporter, export_interval_millis=settings.metrics_interval.total_seconds() * 1000
    )
    meter_provider = MeterProvider(metric_readers=[reader], resource=process_resource(service))
    metrics.set_meter_provider(meter_provider)
    buffer = MetricBuffer(TEMPORAL_METRIC_BUFFER_SIZE)
    Runtime.set_default(Runtime(telemetry=TelemetryConfig(metrics=buffer)), error_if_already_set=False)
    try:
        async with MetricsExporter(buffer, meter_provider):
            yield
    finally:
        meter_provider.shutdown()
        tracer_provider = trace.get_tracer_provider()
        if isinstance(tracer_provider, TracerProvider):
            tracer_provider.shutdown()


def _insecure(settings: Settings) -> bool:
    return settings.otlp_endpoint.startswith("http://")


def _json_line(data: MetricsData) -> str:
    return data.to_json(indent=None) + "\n"
