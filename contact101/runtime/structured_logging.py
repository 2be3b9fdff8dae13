"""How every Contact101 process logs: JSON lines when not on a terminal, readable text when on one.

Each line carries the trace and span id of the call it belongs to, so a log line leads to
its trace. Personal data is kept out: protobuf messages given as log arguments are shown
by type and case reference only, extra fields named like personal data are dropped, and
e-mail addresses, phone numbers and postcodes in the text are masked.
"""

from __future__ import annotations

import json
import logging
import re
import sys
from datetime import UTC, datetime
from typing import Any, TextIO

from google.protobuf.message import Message
from opentelemetry import trace

REDACTED = "[redacted]"
PERSONAL_FIELDS = frozenset(
    {"name", "caller", "victim", "phone", "email", "address", "postcode", "date_of_birth", "contact"}
)
EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
UK_PHONE = re.compile(r"(?<![\w-])(?:\+44\s?|0)\d(?:[\s-]?\d){8,9}(?!\d)")
UK_POSTCODE = re.compile(r"\b[A-Z]{1,2}\d[A-Z\d]?\s*\d[A-Z]{2}\b")
STANDARD_FIELDS = frozenset(vars(logging.makeLogRecord({}))) | {"message", "asctime", "taskName"}


def redact_text(text: str) -> str:
    """text with e-mail addresses, UK phone numbers and UK postcodes masked."""
    for pattern in (EMAIL, UK_PHONE, UK_POSTCODE):
        text = pattern.sub(REDACTED, text)
    return text


def safe_argument(value: object) -> object:
    """A log argument fit to print: a protobuf message becomes its type and case reference."""
    if not isinstance(value, Message):
        return value
    reference = getattr(value, "reference", "") if "reference" in value.DESCRIPTOR.fields_by_name else ""
    return f"<{value.DESCRIPTOR.name} {reference}>" if reference else f"<{value.DESCRIPTOR.name}>"


def redacted_message(record: logging.LogRecord) -> str:
    if isinstance(record.args, tuple):
        record.args = tuple(safe_argument(argument) for argument in record.args)
    elif isinstance(record.args, dict):
        record.args = {key: safe_argument(value) for key, value in record.args.items()}
    return redact_text(record.getMessage())


def trace_ids() -> dict[str, str]:
    context = trace.get_current_span().get_span_context()
    if not context.is_valid:
        return {}
    return {"trace_id": format(context.trace_id, "032x"), "span_id": format(context.span_id, "016x")}


def extra_fields(record: logging.LogRecord) -> dict[str, Any]:
    """Fields given with `extra=`, without any whose name says it holds personal data."""
    return {
        key: REDACTED if key.lower() in PERSONAL_FIELDS else value
        for key, value in vars(record).items()
        if key not in STANDARD_FIELDS
    }


class JsonFormatter(logging.Formatter):
    def __init__(self, service: str) -> None:
        super().__init__()
        self._service = service

    def format(self, record: logging.LogRecord) -> str:
        line: dict[str, Any] = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "service": self._service,
            "logger": record.name,
            "message": redacted_message(record),
            **trace_ids(),
            **extra_fields(record),
        }
        if record.exc_info:
            line["exception"] = redact_text(self.formatException(record.exc_info))
        return json.dumps(line, default=str)


class TextFormatter(logging.Formatter):
    def __init__(self) -> None:
        super().__init__("%(asctime)s %(name)s %(levelname)s %(message)s")

    def format(self, record: logging.LogRecord) -> str:
        record.msg, record.args = redacted_message(record), None
        ids = trace_ids()
        text = super().format(record)
        return f"{text} [trace {ids['trace_id']}]" if ids else text


def configure_logging(service: str = "contact101", stream: TextIO | None = None) -> None:
    """Log INFO and above to stream (stderr): JSON unless it is a terminal."""
    output = stream or sys.stderr
    handler = logging.StreamHandler(output)
    handler.setFormatter(TextFormatter() if output.isatty() else JsonFormatter(service))
    root = logging.getLogger()
    for existing in list(root.handlers):
        root.removeHandler(existing)
    root.addHandler(handler)
    root.setLevel(logging.INFO)
