"""Log lines are JSON off a terminal, carry the trace id, and keep personal data out."""

from __future__ import annotations

import io
import json
import logging

from opentelemetry.sdk.trace import TracerProvider

from contact101.runtime.structured_logging import JsonFormatter, redact_text
from contact101.v1 import case_pb2, common_pb2


def logged(emit: object) -> dict[str, object]:
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(JsonFormatter("intake"))
    logger = logging.getLogger("contact101.test")
    logger.addHandler(handler)
    logger.propagate = False
    logger.setLevel(logging.INFO)
    try:
        assert callable(emit)
        emit(logger)
    finally:
        logger.removeHandler(handler)
    return dict(json.loads(stream.getvalue()))


def test_a_log_line_is_json_with_the_trace_id_of_its_call() -> None:
    tracer = TracerProvider().get_tracer(__name__)
    with tracer.start_as_current_span("call") as span:
        line = logged(lambda log: log.info("case %s graded", "101-20261123-0001"))
    assert line["message"] == "case 101-20261123-0001 graded"
    assert line["service"] == "intake"
    assert line["level"] == "INFO"
    assert line["trace_id"] == format(span.get_span_context().trace_id, "032x")


def test_personal_data_never_reaches_a_log_line() -> None:
    caller = common_pb2.Person(name="Zebedee Quillfeather", phone="07700 900987", postcode="HG1 5QT")
    case = case_pb2.CaseView(reference="101-20261123-0007")
    case.contact.caller.CopyFrom(caller)
    line = logged(
        lambda log: log.warning(
            "call back %s on %s or %s about %s in %s",
            caller,
            "07700 900987",
            "zebedee@example.org",
            case,
            "HG1 5QT",
            extra={"caller": "Zebedee Quillfeather", "reference": "101-20261123-0007"},
        )
    )
    text = json.dumps(line)
    for personal in ("Zebedee", "Quillfeather", "900987", "zebedee@example.org", "HG1 5QT"):
        assert personal not in text
    assert line["message"] == (
        "call back <Person> on [redacted] or [redacted] about <CaseView 101-20261123-0007> in [redacted]"
    )
    assert line["caller"] == "[redacted]"
    assert line["reference"] == "101-20261123-0007"


def test_references_crime_numbers_and_times_are_not_mistaken_for_personal_data() -> None:
    text = "101-20261123-0001 crime CR-2026-000123 at 2026-11-23 16:23:49 on 127.0.0.1:50051"
    assert redact_text(text) == text
    assert redact_text("ring +44 7700 900123 or 0113 496 0000") == "ring [redacted] or [redacted]"
