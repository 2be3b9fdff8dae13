"""Traces are sampled whole: a process keeps the share of the traces it starts that the settings
say, and every span of a trace it joins as the trace began (kept or not)."""

from __future__ import annotations

from pathlib import Path

from opentelemetry import trace
from opentelemetry.sdk.trace import TracerProvider

from contact101.runtime.config import Settings
from contact101.runtime.telemetry import tracer_provider, traces_path
from contact101.runtime.trace_file import read_spans

TRACES = 1_000  # two spans each, within the batch processor's queue (2,048)


def file_settings(tmp_path: Path, **settings: object) -> Settings:
    return Settings.model_validate({"data_dir": tmp_path, "telemetry_exporter": "file", **settings})


def spans_written(settings: Settings, provider: TracerProvider) -> int:
    provider.shutdown()  # flushes the batch
    path = traces_path(settings)
    return len(read_spans(path.read_text().splitlines())) if path.exists() else 0


def started_traces(provider: TracerProvider) -> None:
    tracer = provider.get_tracer(__name__)
    for _ in range(TRACES):
        with tracer.start_as_current_span("CreateContact"), tracer.start_as_current_span("INSERT"):
            pass


def test_by_default_a_tenth_of_the_traces_a_process_starts_are_kept_whole(tmp_path: Path) -> None:
    settings = file_settings(tmp_path)
    provider = tracer_provider(settings, "intake")
    assert provider is not None
    started_traces(provider)
    written = spans_written(settings, provider)
    assert written % 2 == 0, "a kept trace keeps its child span"
    assert 0.05 * TRACES < written / 2 < 0.15 * TRACES, written


def test_every_trace_is_kept_at_ratio_one(tmp_path: Path) -> None:
    settings = file_settings(tmp_path, trace_sample_ratio=1.0)
    provider = tracer_provider(settings, "intake")
    assert provider is not None
    started_traces(provider)
    assert spans_written(settings, provider) == 2 * TRACES


def test_a_joined_trace_is_kept_as_it_began(tmp_path: Path) -> None:
    settings = file_settings(tmp_path, trace_sample_ratio=0.0)
    provider = tracer_provider(settings, "worker")
    assert provider is not None
    tracer = provider.get_tracer(__name__)
    for sampled in (True, False):
        flags = trace.TraceFlags(trace.TraceFlags.SAMPLED if sampled else trace.TraceFlags.DEFAULT)
        remote = trace.SpanContext(0xABC + sampled, 0xDEF, is_remote=True, trace_flags=flags)
        with tracer.start_as_current_span(
            "RunActivity", context=trace.set_span_in_context(trace.NonRecordingSpan(remote))
        ):
            pass
    assert spans_written(settings, provider) == 1


def test_no_provider_without_an_exporter(tmp_path: Path) -> None:
    assert tracer_provider(file_settings(tmp_path, telemetry_exporter="none"), "intake") is None
