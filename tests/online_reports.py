"""The online-report form for tests: served on a free loopback port in front of a stack's
intake service, and the answers of a typical report."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from contact101.runtime.config import Settings
from contact101.v1 import common_pb2
from services.intake.online_reports.app import start

LONDON = ZoneInfo("Europe/London")
TODAY = datetime.now(LONDON).date()
YESTERDAY, TOMORROW = TODAY - timedelta(days=1), TODAY + timedelta(days=1)


@asynccontextmanager
async def serving_online_reports(settings: Settings) -> AsyncIterator[str]:
    """The form's address (http://127.0.0.1:PORT/) while it runs."""
    site = await start(settings, "127.0.0.1:0")
    try:
        yield f"http://127.0.0.1:{site.port}/"
    finally:
        await site.stop()


def bike_theft(**overrides: str) -> dict[str, str]:
    """What someone types to report a bike stolen yesterday evening, by control name."""
    answers = {
        "name": "Sam Public",
        "email": "sam.public@example.com",
        "phone": "07700 900982",
        "victim": "yes",
        "what_happened": "My bike was stolen from the rack outside the library.\nThe lock was cut.",
        "location": "Central Library, Calverley Street, Leeds",
        "postcode": "ls1 3ab",
        **date_answers(YESTERDAY),
        "time": "21:30",
    }
    answers.update(overrides)
    return answers


def date_answers(day: date) -> dict[str, str]:
    """The day, month and year boxes filled in with day."""
    return {"date_day": str(day.day), "date_month": str(day.month), "date_year": str(day.year)}


def bike_theft_contact() -> common_pb2.ContactDetails:
    """The contact that intake records from bike_theft()'s answers."""
    contact = common_pb2.ContactDetails(
        channel=common_pb2.CHANNEL_ONLINE,
        caller=common_pb2.Person(name="Sam Public", email="sam.public@example.com", phone="07700 900982"),
        caller_is_victim=True,
        what_happened="My bike was stolen from the rack outside the library.\nThe lock was cut.",
        location="Central Library, Calverley Street, Leeds",
        location_postcode="LS1 3AB",
    )
    contact.occurred_at.FromDatetime(london_time(YESTERDAY, time(21, 30)))
    return contact


def london_time(day: date, clock: time) -> datetime:
    """A local time in London as UTC, the way the form reads the date and time given."""
    return datetime.combine(day, clock, tzinfo=LONDON).astimezone(UTC)
