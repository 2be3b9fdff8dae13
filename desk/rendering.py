"""The desk's pages: Jinja2 templates with the filters that put the system's values in plain words."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any
from zoneinfo import ZoneInfo

import jinja2
from aiohttp import web
from google.protobuf.timestamp_pb2 import Timestamp

from contact101.labels import ProtoEnum, label
from contact101.v1 import case_pb2, common_pb2, crime_decision_pb2, review_pb2
from desk.people import FORM_TOKEN, PERSON

TEMPLATES = jinja2.Environment(
    loader=jinja2.PackageLoader("desk", "templates"),
    autoescape=True,
    undefined=jinja2.StrictUndefined,
    trim_blocks=True,
    lstrip_blocks=True,
)
LONDON = ZoneInfo("Europe/London")
ENUMS: dict[str, ProtoEnum] = {
    "grade": common_pb2.RiskGrade,
    "status": case_pb2.CaseStatus,
    "verification": case_pb2.VerificationState,
    "clock_state": case_pb2.ClockState,
    "source": case_pb2.InformationSource,
    "cancellation": crime_decision_pb2.CancellationCategory,
    "role": common_pb2.Role,
    "sign_in": review_pb2.SignInKind,
    "channel": common_pb2.Channel,
    "stage": review_pb2.EscalationStage,
}
CLOCK_NAMES = {
    "crime_decision": "crime decision",
    "victim_referral": "victim referral",
    "victim_update": "victim update",
    "attendance": "attendance",
    "verification": "verification",
}


def in_words(value: int, enum: str) -> str:
    """An enum value as people say it: `{{ case.status | words("status") }}`."""
    return label(ENUMS[enum], value)


def when(moment: Timestamp | datetime | None) -> str:
    """A moment in the force's time, to the minute; empty when not set."""
    if isinstance(moment, Timestamp):
        if not moment.seconds and not moment.nanos:
            return ""
        moment = moment.ToDatetime(tzinfo=UTC)
    return moment.astimezone(LONDON).strftime("%d %b %Y %H:%M") if moment else ""


def time_left(due: Timestamp, now: datetime | None = None) -> str:
    """How long until due, or how long since it passed: "1 h 20 min left", "35 min overdue"."""
    if not due.seconds:
        return "no deadline"
    seconds = int((due.ToDatetime(tzinfo=UTC) - (now or datetime.now(UTC))).total_seconds())
    hours, minutes = divmod(abs(seconds) // 60, 60)
    days, hours = divmod(hours, 24)
    parts = [f"{days} d"] * bool(days) + [f"{hours} h"] * bool(hours) + [f"{minutes} min"]
    return f"{' '.join(parts[:2])} {'left' if seconds >= 0 else 'overdue'}"


def is_overdue(due: Timestamp) -> bool:
    return bool(due.seconds) and due.ToDatetime(tzinfo=UTC) < datetime.now(UTC)


def clock_name(name: str) -> str:
    return CLOCK_NAMES.get(name, name.replace("_", " "))


def field_name(path: str) -> str:
    """A case field's path as words: contact.suspects[0].description → suspects 1 description."""
    words = path.removeprefix("contact.").replace("_", " ").replace(".", " ")
    return "".join(
        f" {int(part) + 1}" if part.isdigit() else part for part in words.replace("[", " ").split("]")
    )


TEMPLATES.filters.update(
    words=in_words, when=when, time_left=time_left, clock_name=clock_name, field_name=field_name
)
TEMPLATES.tests["overdue"] = is_overdue


def page(request: web.Request, template: str, status: int = 200, **context: Any) -> web.Response:
    """A page of the desk, never cached: it shows case data."""
    text = TEMPLATES.get_template(template).render(
        person=request.get(PERSON), csrf_token=request.get(FORM_TOKEN, ""), path=request.path, **context
    )
    return web.Response(
        text=text, status=status, content_type="text/html", headers={"Cache-Control": "no-store"}
    )


def fragment(template: str, **context: Any) -> str:
    return TEMPLATES.get_template(template).render(**context)
