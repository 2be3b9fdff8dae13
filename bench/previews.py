"""Preview latency on a running Contact101: an officer previewing a draft as they capture it,
one preview after another, over a mix of drafts (a theft whose account says "right now", a shed
burglary with lines of enquiry open, a domestic abuse report with the risk tool owed)."""

from __future__ import annotations

import time
from datetime import UTC, datetime, timedelta

import psutil

from bench.load import RPC_TIMEOUT_SECONDS, Callers, closed_loop
from bench.run_figures import PreviewLatency, percentile_ms
from contact101.rules.questions import question_catalogue
from contact101.v1 import common_pb2, preview_pb2, questions_pb2

WARMUP_PREVIEWS = 10
DRAFTS = (
    ("theft", "I'm calling right now because my bike was stolen from outside the library"),
    ("burglary", "Someone broke into my shed overnight and took the mower"),
    ("domestic_abuse", "My partner pushed me into the door again tonight"),
)


def yes_no(question_id: str, value: questions_pb2.YesNo.ValueType) -> questions_pb2.Answer:
    return questions_pb2.Answer(question_id=question_id, yes_no=value)


def preview_request(number: int) -> preview_pb2.PreviewContactRequest:
    """The number-th preview of a run: one of DRAFTS, partly answered."""
    set_id, words = DRAFTS[number % len(DRAFTS)]
    contact = common_pb2.ContactDetails(
        channel=common_pb2.CHANNEL_PHONE,
        caller=common_pb2.Person(
            name=f"Bench Caller {number % 500}", phone="07700 900123", postcode="LS1 4AP"
        ),
        caller_is_victim=True,
        what_happened=words,
        location=f"{number % 300} Briggate, Leeds",
        location_postcode="LS1 6HD",
    )
    contact.occurred_at.FromDatetime(datetime.now(UTC) - timedelta(hours=2))
    answers = {
        "theft": [questions_pb2.Answer(question_id="what_kind", choice="cycle")],
        "burglary": [
            questions_pb2.Answer(question_id="building", choice="outbuilding"),
            yes_no("offender_still_there", questions_pb2.YES_NO_NO),
        ],
        "domestic_abuse": [],
    }[set_id]
    return preview_pb2.PreviewContactRequest(
        contact=contact,
        question_set_id=set_id,
        question_set_version=question_catalogue().current[set_id].version,
        answers=answers,
    )


async def preview_latency(callers: Callers, previews: int) -> PreviewLatency:
    """Time previews, one after another (as one officer works), after a warm-up."""

    async def one_preview(number: int) -> float:
        started = time.perf_counter()
        await callers.intake.PreviewContact(preview_request(number), timeout=RPC_TIMEOUT_SECONDS)
        return time.perf_counter() - started

    await closed_loop(iter(range(WARMUP_PREVIEWS)), 1, one_preview)
    loop = await closed_loop(iter(range(previews)), 1, one_preview)
    seen = loop.to_verified
    return PreviewLatency(
        len(seen),
        percentile_ms(seen, 50),
        percentile_ms(seen, 95),
        percentile_ms(seen, 99),
        psutil.getloadavg()[0],
    )
