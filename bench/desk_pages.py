"""The officer's desk's page times on the embedded stack with many cases stored.

    .venv/bin/python -m bench.desk_pages [--cases 10000] [--requests 200] [--json PATH]

Starts the embedded stack as real processes (Temporal dev server on a SQLite file, the four
services, the worker, the desk), stores `--cases` cases in review's tables (each awaiting
verification, with its officer's `create` event in the audit trail, as the case workflow
leaves them) and records a few real cases through the desk's officer, then signs in as a
supervisor and as that officer and times each page `--requests` times, one request at a time,
as a browser would ask for it (its session cookie, the full page read). Target: p95 < 150 ms.
Then it times the live panel's round trip as the new-contact screen makes it as the officer
types (POST /contacts/new/preview: the draft with a vehicle crime's answers, through intake's
PreviewContact). Target: p95 < 100 ms.
"""

from __future__ import annotations

import asyncio
import json
import re
import tempfile
import time
import uuid
from dataclasses import asdict, dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Annotated

import aiohttp
import typer
from sqlalchemy import insert
from yarl import URL

from bench.run_figures import percentile_ms
from contact101.data.service_database import service_engine
from contact101.rpc.local_accounts import accounts_file, save_account
from deploy.local_stack import wait_until_healthy
from deploy.process_stack import ProcessStack
from deploy.processes import DESK
from services.review.models import AuditEventRecord, Review

PASSWORD = "bench desk password"
OFFICER, SUPERVISOR = "pc.bench", "sgt.bench"
REAL_CASES = 10  # recorded through the desk: the case pages read their workflows
TARGET_P95_MS = 150.0
PREVIEW_TARGET_P95_MS = 100.0
PREVIEW = "/contacts/new/preview"
# A vehicle crime part-way through its question set, as the panel sends it while the officer types.
PREVIEW_DRAFT = {
    "channel": "phone",
    "caller_name": "Bench Desk Caller",
    "caller_phone": "07700 900999",
    "caller_is_victim": "on",
    "what_happened": "My car was broken into overnight, window smashed, a bag taken from my car",
    "location": "outside 3 Mill Road, Leeds",
    "location_postcode": "LS1 6HD",
    "consent": "not asked",
    "incident_type": "vehicle_crime",
    "q-what_happened": "theft_from",
    "q-window_damaged": "yes",
    "q-offender_still_there": "no",
}
DEFAULT_JSON = Path("data/bench/desk-pages.json")
ROWS_PER_INSERT = 1000

app = typer.Typer(add_completion=False)


@dataclass
class PageTime:
    page: str
    requests: int
    p50_ms: float
    p95_ms: float
    p99_ms: float


def store_cases(stack: ProcessStack, count: int) -> None:
    """count cases awaiting verification in review's tables, spread over 50 officers, due over
    the next four hours, with their officers' `create` events in the audit trail."""
    now = datetime.now(UTC)
    engine = service_engine(stack.settings, "review")
    try:
        for start in range(0, count, ROWS_PER_INSERT):
            numbers = range(start, min(start + ROWS_PER_INSERT, count))
            references = {n: f"101-20200101-{n:06d}" for n in numbers}
            reviews = [
                {
                    "reference": references[n],
                    "submission": 1,
                    "officer_id": f"pc.stored{n % 50}",
                    "grade": "RISK_GRADE_SCHEDULED",
                    "crime_recorded": True,
                    "state": "VERIFICATION_STATE_AWAITING",
                    "submitted_at": now - timedelta(minutes=n % 240),
                    "reasons": [],
                    "due_at": now + timedelta(minutes=n % 240),
                    "created_at": now,
                }
                for n in numbers
            ]
            events = [
                {
                    "event_id": f"{references[n]}/0",
                    "reference": references[n],
                    "sequence": 0,
                    "action": "create",
                    "actor_id": f"pc.stored{n % 50}",
                    "actor_role": "ROLE_CONTACT_OFFICER",
                    "at": now - timedelta(minutes=n % 240),
                    "rule_version": "",
                    "detail": "contact received by phone",
                    "before": {},
                    "after": {},
                    "created_at": now,
                }
                for n in numbers
            ]
            with engine.begin() as connection:
                connection.execute(insert(Review), reviews)
                connection.execute(insert(AuditEventRecord), events)
    finally:
        engine.dispose()


def signed_in_client(url: str) -> aiohttp.ClientSession:
    jar = aiohttp.CookieJar(unsafe=True, treat_as_secure_origin=[URL(url)])
    return aiohttp.ClientSession(url, cookie_jar=jar)


async def form_token(client: aiohttp.ClientSession, path: str) -> str:
    async with client.get(path) as response:
        text = await response.text()
    marker = 'name="csrf_token" value="'
    return text.split(marker, 1)[1].split('"', 1)[0]


async def sign_in(client: aiohttp.ClientSession, user: str) -> None:
    form = {"csrf_token": await form_token(client, "/sign-in"), "user": user, "password": PASSWORD}
    async with client.post("/sign-in", data=form) as response:
        assert response.status == 200 and response.url.path != "/sign-in", f"{user} was not signed in"


async def record_real_cases(client: aiohttp.ClientSession) -> list[str]:
    references = []
    for number in range(REAL_CASES):
        form = {
            "csrf_token": await form_token(client, "/contacts/new"),
            "request_id": str(uuid.uuid4()),
            "caller_name": f"Bench Desk Caller {number}",
            "caller_phone": f"07700 90{number:04d}",
            "caller_is_victim": "on",
            "what_happened": "My phone was stolen from my table at the cafe while I was paying",
            "location": "Cafe Nero, 12 Briggate, Leeds",
            "location_postcode": "LS1 6HD",
            "occurred_at": (datetime.now(UTC) - timedelta(hours=1)).strftime("%Y-%m-%d %H:%M"),
            "act": "theft",
            "premises": "shop",
            "channel": "phone",
            "consent": "not asked",
        }
        async with client.post("/contacts/new", data=form) as response:
            assert response.url.path.startswith("/contacts/recorded/"), problem_shown(await response.text())
            references.append(response.url.path.rsplit("/", 1)[1])
    return references


def problem_shown(page: str) -> str:
    """The words of a page that refused the contact, from its error summary on."""
    words = " ".join(re.sub(r"<[^>]+>", " ", page).split())
    return words[words.find("There is a problem") :][:800] or words[:800]


async def time_page(client: aiohttp.ClientSession, path: str, requests: int) -> PageTime:
    async with client.get(path) as response:  # warm: connections, templates, the first read
        await response.read()
    durations = []
    for _ in range(requests):
        started = time.perf_counter()
        async with client.get(path) as response:
            await response.read()
            assert response.status == 200 and response.url.path == path.split("?")[0], path
        durations.append(time.perf_counter() - started)
    return PageTime(
        path,
        requests,
        percentile_ms(durations, 50),
        percentile_ms(durations, 95),
        percentile_ms(durations, 99),
    )


async def time_preview(client: aiohttp.ClientSession, requests: int) -> PageTime:
    """The live panel's round trip: the draft posted as htmx posts it, the panel read."""
    draft = PREVIEW_DRAFT | {
        "csrf_token": await form_token(client, "/contacts/new"),
        "occurred_at": (datetime.now(UTC) - timedelta(hours=8)).strftime("%Y-%m-%d %H:%M"),
    }
    durations = []
    for number in range(requests + 1):  # the first warms
        started = time.perf_counter()
        async with client.post(PREVIEW, data=draft, headers={"HX-Request": "true"}) as response:
            panel = await response.text()
            assert response.status == 200 and 'id="preview-grade"' in panel, panel[-2000:]
        if number:
            durations.append(time.perf_counter() - started)
    return PageTime(
        f"{PREVIEW} (POST)",
        requests,
        percentile_ms(durations, 50),
        percentile_ms(durations, 95),
        percentile_ms(durations, 99),
    )


async def measure(cases: int, requests: int) -> list[PageTime]:
    with tempfile.TemporaryDirectory(prefix="contact101-bench-desk-") as folder:
        stack = ProcessStack.in_folder(Path(folder) / "data")
        try:
            await stack.start_all()
            for user, role in ((OFFICER, "contact_officer"), (SUPERVISOR, "supervisor")):
                save_account(accounts_file(stack.settings), user, role, PASSWORD)
            await stack.start(DESK.name)
            await wait_until_healthy(DESK.health_address(stack.settings), stack.children[DESK.name])
            store_cases(stack, cases)
            url = f"http://{stack.settings.desk_address}"
            async with signed_in_client(url) as officer, signed_in_client(url) as supervisor:
                await sign_in(officer, OFFICER)
                await sign_in(supervisor, SUPERVISOR)
                references = await record_real_cases(officer)
                await asyncio.sleep(5)  # the cases reach the queue
                return [
                    await time_page(officer, "/contacts/new", requests),
                    await time_page(officer, "/cases/mine", requests),
                    await time_page(officer, f"/cases/{references[0]}", requests),
                    await time_page(supervisor, "/queue", requests),
                    await time_page(supervisor, f"/cases/{references[-1]}", requests),
                    await time_preview(officer, requests),
                ]
        finally:
            stack.stop_all()


@app.command()
def main(
    cases: Annotated[int, typer.Option(help="cases stored before the pages are timed")] = 10_000,
    requests: Annotated[int, typer.Option(help="timed requests of each page")] = 200,
    json_path: Annotated[Path, typer.Option("--json", help="where the figures are written")] = DEFAULT_JSON,
) -> None:
    times = asyncio.run(measure(cases, requests))
    print(f"Desk pages with {cases:,} cases stored ({requests} requests each, one at a time):")
    print(f"  {'page':<40} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8}")
    for timed in times:
        page = timed.page if not timed.page.startswith("/cases/1") else "/cases/REF"
        print(f"  {page:<40} {timed.p50_ms:>8.1f} {timed.p95_ms:>8.1f} {timed.p99_ms:>8.1f}")
    pages, preview = times[:-1], times[-1]
    worst = max(timed.p95_ms for timed in pages)
    print(f"  worst p95 {worst:.1f} ms (target < {TARGET_P95_MS:.0f} ms)")
    print(f"  preview round trip p95 {preview.p95_ms:.1f} ms (target < {PREVIEW_TARGET_P95_MS:.0f} ms)")
    json_path.parent.mkdir(parents=True, exist_ok=True)
    json_path.write_text(
        json.dumps(
            {"cases": cases, "pages": [asdict(timed) for timed in pages], "preview": asdict(preview)},
            indent=2,
        )
    )


if __name__ == "__main__":
    app()
