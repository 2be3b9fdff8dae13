"""The supervisor's pages: the verification queue, kept up to date by server-sent events from
review's stream (the browser never asks again), the duty inspector's escalations, the force
figures with their chart, and who signed in."""

from __future__ import annotations

import asyncio
import time
from datetime import UTC, datetime, timedelta

from aiohttp import web
from aiohttp_session import get_session
from aiohttp_sse import sse_response

from contact101.rules import permissions
from contact101.v1 import figures_pb2, review_pb2
from desk.desk_state import DESK, Desk
from desk.permitted import permitted
from desk.rendering import fragment, page
from desk.services_client import CALL_TIMEOUT_SECONDS
from desk.volume_chart import volume_chart

ROUTES = web.RouteTableDef()
QUEUE_SHOWN = 100
# With no change, the queue is drawn again this often, so that its time left stays true.
REDRAW_SECONDS = 30.0
FIGURES_DAYS = 14


def queue_html(queue: review_pb2.VerificationQueue) -> str:
    alerted = {alert.reference for alert in queue.alerts}
    return fragment("queue_table.html", queue=queue, alerted=alerted, now=datetime.now(UTC))


async def first_queue(desk: Desk) -> review_pb2.VerificationQueue:
    stream = desk.services.review.WatchAwaitingVerification(
        review_pb2.WatchAwaitingVerificationRequest(limit=QUEUE_SHOWN), timeout=CALL_TIMEOUT_SECONDS
    )
    try:
        async for queue in stream:
            return queue
        return review_pb2.VerificationQueue()
    finally:
        stream.cancel()


@ROUTES.get("/queue")
@permitted(permissions.WATCH_QUEUE)
async def queue_page(request: web.Request) -> web.Response:
    return page(request, "queue.html", queue=queue_html(await first_queue(request.app[DESK])))


@ROUTES.get("/queue/events")
@permitted(permissions.WATCH_QUEUE)
async def queue_events(request: web.Request) -> web.StreamResponse:
    """The queue as HTML each time it changes (event `queue`), and again every REDRAW_SECONDS
    for its time left, until the stream ends or the session's idle timeout does."""
    desk: Desk = request.app[DESK]
    session = await get_session(request)
    ends_in = float(session["seen"]) + desk.settings.desk_idle_timeout.total_seconds() - time.time()
    stream = desk.services.review.WatchAwaitingVerification(
        review_pb2.WatchAwaitingVerificationRequest(limit=QUEUE_SHOWN)
    )
    latest: list[review_pb2.VerificationQueue] = []
    sending = asyncio.Lock()

    async with sse_response(request) as events:

        async def send(queue: review_pb2.VerificationQueue) -> None:
            async with sending:
                await events.send(queue_html(queue), event="queue")

        async def forward() -> None:
            async for queue in stream:
                latest[:] = [queue]
                await send(queue)

        async def redraw() -> None:
            while True:
                await asyncio.sleep(REDRAW_SECONDS)
                for queue in latest:
                    await send(queue)

        tasks = [asyncio.create_task(forward()), asyncio.create_task(redraw())]
        try:
            await asyncio.wait(tasks, timeout=max(ends_in, 0), return_when=asyncio.FIRST_COMPLETED)
        finally:
            for task in tasks:
                task.cancel()
            stream.cancel()
            await asyncio.gather(*tasks, return_exceptions=True)
    return events


@ROUTES.get("/escalations")
@permitted(permissions.WATCH_PERFORMANCE)
async def escalations(request: web.Request) -> web.Response:
    desk: Desk = request.app[DESK]
    found = await desk.services.review.ListEscalations(
        review_pb2.ListEscalationsRequest(limit=100), timeout=CALL_TIMEOUT_SECONDS
    )
    return page(request, "escalations.html", escalations=found.escalations)


@ROUTES.get("/figures")
@permitted(permissions.WATCH_PERFORMANCE)
async def figures(request: web.Request) -> web.Response:
    desk: Desk = request.app[DESK]
    window = figures_pb2.FiguresWindow()
    now = datetime.now(UTC)
    window.since.FromDatetime(now - timedelta(days=FIGURES_DAYS))
    window.until.FromDatetime(now)
    found = await desk.services.review.GetPerformanceFigures(window, timeout=CALL_TIMEOUT_SECONDS)
    return page(
        request, "figures.html", figures=found, chart=volume_chart(found.daily_volumes), days=FIGURES_DAYS
    )


@ROUTES.get("/sign-ins")
@permitted(permissions.SEE_SIGN_INS)
async def sign_ins(request: web.Request) -> web.Response:
    desk: Desk = request.app[DESK]
    found = await desk.services.review.ListSignIns(
        review_pb2.ListSignInsRequest(limit=100), timeout=CALL_TIMEOUT_SECONDS
    )
    return page(request, "sign_ins.html", events=found.events)
