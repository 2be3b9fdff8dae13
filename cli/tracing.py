"""`contact101 trace REF`: a contact's traces as span trees, from the local file exporter."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import TYPE_CHECKING

import typer
from rich.console import Console
from rich.tree import Tree

from contact101.runtime.config import get_settings

if TYPE_CHECKING:
    from contact101.runtime.trace_file import SpanRecord

console = Console(width=None if sys.stdout.isatty() else 200)
# Whether the command runs in a span of its own (command_span): only then do its calls carry a trace.
TRACED: ContextVar[bool] = ContextVar("traced", default=False)


@contextmanager
def command_span(command: str) -> Iterator[None]:
    """A root span for one CLI command, so that everything it causes shares its trace.

    Tracing starts here, not for every command: OpenTelemetry's SDK is slow to load, and
    commands that only read (show, queue) have nothing to trace.
    """
    from opentelemetry import trace

    from contact101.runtime.telemetry import start_tracing

    # A person's command is always traced, whatever share of the services' own traces is kept:
    # its trace is the one `report` names and `contact101 trace` shows.
    start_tracing(get_settings(), "cli", sample_ratio=1.0)
    traced = TRACED.set(True)
    try:
        with trace.get_tracer(__name__).start_as_current_span(f"contact101 {command}"):
            yield
    finally:
        TRACED.reset(traced)


def tag_case(reference: str) -> None:
    """Mark the command's span as concerning the case (contact101.runtime.telemetry.tag_case)."""
    from contact101.runtime.telemetry import tag_case as tag

    tag(reference)


def trace_hint(reference: str) -> str:
    """What `report` prints about its trace, or "" when tracing is off."""
    from contact101.runtime.telemetry import current_trace_id

    trace_id = current_trace_id()
    return f"trace {trace_id} (contact101 trace {reference} shows it)" if trace_id else ""


def label(span: SpanRecord) -> str:
    service = span.service.removeprefix("contact101-")
    failed = " [red]ERROR[/red]" if span.status == "ERROR" else ""
    return f"{span.name} [dim]{service} {span.milliseconds:.1f} ms[/dim]{failed}"


def add_children(branch: Tree, span: SpanRecord) -> None:
    for child in span.children:
        add_children(branch.add(label(child)), child)


def show_trace(reference: str) -> None:
    """Show every trace of a contact (its recording, approvals, amendments) as a span tree."""
    from contact101.runtime.telemetry import traces_path
    from contact101.runtime.trace_file import read_spans, span_tree, traces_of

    settings = get_settings()
    path = traces_path(settings)
    if not path.exists():
        console.print(f"no traces in {path}: run the stack with CONTACT101_TELEMETRY_EXPORTER=file")
        raise typer.Exit(1)
    with path.open(encoding="utf-8") as lines:
        traces = traces_of(read_spans(lines), reference)
    if not traces:
        console.print(
            f"no trace mentions {reference} in {path}: the services keep "
            f"{settings.trace_sample_ratio:.0%} of the traces they start (CONTACT101_TRACE_SAMPLE_RATIO)"
        )
        raise typer.Exit(1)
    for trace_id, spans in traces.items():
        tree = Tree(f"[bold]trace {trace_id}[/bold] ({len(spans)} spans)")
        for root in span_tree(spans):
            add_children(tree.add(label(root)), root)
        console.print(tree)
