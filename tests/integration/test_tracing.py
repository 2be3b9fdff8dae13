"""One contact is one trace: the intake call, the workflow, every activity, every service call
and every SQL statement, with no personal data in any span."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from opentelemetry import trace
from opentelemetry.sdk.trace import ReadableSpan, TracerProvider
from opentelemetry.sdk.trace.export import SimpleSpanProcessor
from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter

from contact101.runtime.telemetry import CASE_REFERENCE, current_trace_id
from contact101.v1 import case_pb2, common_pb2, intake_pb2
from tests.stack import Stack, create_request, eventually, phone_theft

CALLER = common_pb2.Person(
    name="Zebedee Quillfeather",
    phone="07700 900987",
    address="14 Larkspur Gardens, Harrogate",
    postcode="HG1 5QT",
    email="zebedee.quillfeather@example.org",
)
PERSONAL = (CALLER.name, "Quillfeather", CALLER.phone, "900987", CALLER.address, "Larkspur", CALLER.postcode)


@pytest.fixture(scope="module")
def spans() -> Iterator[InMemorySpanExporter]:
    """Every span the process records from now on, kept in memory."""
    exporter = InMemorySpanExporter()
    provider = trace.get_tracer_provider()
    if not isinstance(provider, TracerProvider):
        provider = TracerProvider()
        trace.set_tracer_provider(provider)
    processor = SimpleSpanProcessor(exporter)
    provider.add_span_processor(processor)
    yield exporter
    exporter.shutdown()  # the processor stays, exporting nothing


def attribute_text(span: ReadableSpan) -> str:
    values = [str(value) for value in (span.attributes or {}).values()]
    values += [str(value) for event in span.events for value in (event.attributes or {}).values()]
    return " ".join([span.name, *values])


async def test_one_contact_is_one_trace_without_personal_data(
    stack: Stack, spans: InMemorySpanExporter
) -> None:
    contact = phone_theft(caller=CALLER)
    with trace.get_tracer(__name__).start_as_current_span("contact101 report"):
        created = await stack.intake("pc.tracer").CreateContact(create_request(contact))
        trace_id = current_trace_id()
    reference = created.reference
    await eventually(
        lambda: stack.intake("pc.tracer").GetCase(intake_pb2.GetCaseRequest(reference=reference)),
        lambda case: case.status == case_pb2.CASE_STATUS_AWAITING_VERIFICATION,
    )

    async def of_this_contact() -> list[ReadableSpan]:
        return [
            span for span in spans.get_finished_spans() if format(span.context.trace_id, "032x") == trace_id
        ]

    expected = [
        "/contact101.v1.IntakeService/CreateContact",
        "StartWorkflow:ContactWorkflow",
        "RunWorkflow:ContactWorkflow",
        "RunActivity:assess_risk",
        "/contact101.v1.SafeguardingService/AssessRisk",
        "RunActivity:decide_crime",
        "/contact101.v1.CrimeService/DecideCrime",
        "RunActivity:refer_victim",
        "/contact101.v1.SafeguardingService/ReferVictim",
        "RunActivity:submit_for_verification",
        "/contact101.v1.ReviewService/SubmitForVerification",
    ]
    in_trace = await eventually(
        of_this_contact,
        lambda found: all(name in {span.name for span in found} for name in expected),
    )
    names = [span.name for span in in_trace]
    kinds = {(span.name, span.kind) for span in in_trace}
    for service_call in (name for name in expected if name.startswith("/")):
        assert (service_call, trace.SpanKind.CLIENT) in kinds or service_call.endswith("CreateContact")
        assert (service_call, trace.SpanKind.SERVER) in kinds
    statements = [span for span in in_trace if (span.attributes or {}).get("db.system") == "sqlite"]
    databases = {str((span.attributes or {}).get("db.name", "")).rsplit("/", 1)[-1] for span in statements}
    assert {"intake.db", "crime.db", "safeguarding.db", "review.db"} <= databases, names
    assert any(
        str((span.attributes or {}).get("db.statement", "")).startswith("INSERT") for span in statements
    )

    workflow_spans = [
        span
        for span in spans.get_finished_spans()
        if (span.attributes or {}).get("temporalWorkflowID") == reference and "Query" not in span.name
    ]
    assert {format(span.context.trace_id, "032x") for span in workflow_spans} == {trace_id}
    assert any((span.attributes or {}).get(CASE_REFERENCE) == reference for span in in_trace)

    for span in in_trace:
        text = attribute_text(span)
        leaked = [value for value in PERSONAL if value.lower() in text.lower()]
        assert not leaked, f"span {span.name} holds personal data {leaked}"
