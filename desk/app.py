"""The officer's desk over HTTP: server-rendered pages, progressively enhanced with htmx.

Every page but sign-in needs a session (desk.sessions); every form post must carry the
session's form token; the services are called as the person signed in (desk.people). A page
works without JavaScript; with it, htmx swaps in the parts that change (the queue, pushed by
server-sent events) instead of loading the page again. No access log: a request line can carry
a reference or a search, and who asked is in the services' own logs and audit trail.
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass
from pathlib import Path

import grpc
from aiohttp import web
from aiohttp.typedefs import Handler
from aiohttp_session import get_session
from aiohttp_session import setup as setup_sessions

from contact101.runtime.config import Settings
from contact101.v1 import review_pb2
from desk import case_pages, contact_pages, sign_in_pages, supervisor_pages
from desk.audit import record_sign_out
from desk.desk_state import DESK, Desk
from desk.people import FORM_TOKEN, PERSON, act_as
from desk.refusal_words import refusal_in_words
from desk.rendering import page
from desk.sessions import CSRF_FIELD, csrf_token, has_lapsed, is_forged, person_of, seen_now, session_storage

log = logging.getLogger(__name__)

STATIC = Path(__file__).with_name("static")
BODY_LIMIT = 256 * 1024  # the longest contact a form sends, as online reports allow
# Scripts and styles from the desk only (htmx is a file of its own); never inside another's frame.
SECURITY_HEADERS = {
    "Content-Security-Policy": (
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self'; "
        "form-action 'self'; frame-ancestors 'none'; base-uri 'none'"
    ),
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
}
OPEN_PATHS = ("/healthz", "/static/")
REFUSAL_PAGE_STATUS = {
    grpc.StatusCode.NOT_FOUND: 404,
    grpc.StatusCode.PERMISSION_DENIED: 403,
    grpc.StatusCode.INVALID_ARGUMENT: 400,
    grpc.StatusCode.FAILED_PRECONDITION: 409,
}
SIGN_IN_PATHS = ("/sign-in",)
# Requests a page makes by itself: they keep a session open, but are not the person's activity.
PASSIVE_PATHS = ("/queue/events",)
FORGED = (
    "This form did not come from a page of the desk, or the page was open from an earlier sign-in, "
    "so nothing was done. Go back, load the page again and send it again."
)


@web.middleware
async def security_headers(request: web.Request, handler: Handler) -> web.StreamResponse:
    response = await handler(request)
    if not response.prepared:  # an event stream has sent its headers already
        response.headers.update(SECURITY_HEADERS)
    return response


@web.middleware
async def refusals_in_words(request: web.Request, handler: Handler) -> web.StreamResponse:
    """A service's refusal that no page answers itself (the case asked for does not exist, the
    service is down) as a page saying so in plain words."""
    try:
        return await handler(request)
    except grpc.aio.AioRpcError as error:
        status = REFUSAL_PAGE_STATUS.get(error.code(), 503)
        words = refusal_in_words(error, acting=request.method == "POST")
        return page(request, "problem.html", status, title="Not shown", message=words)


@web.middleware
async def signed_in_only(request: web.Request, handler: Handler) -> web.StreamResponse:
    """Sessions, the idle timeout, the form token and who the services are called as."""
    if request.path.startswith(OPEN_PATHS):
        return await handler(request)
    desk: Desk = request.app[DESK]
    session = await get_session(request)
    request[FORM_TOKEN] = csrf_token(session)
    if request.method == "POST":
        posted = await request.post()
        if is_forged(session, str(posted.get(CSRF_FIELD, ""))):
            return page(request, "problem.html", 403, title="Not done", message=FORGED)
    person = person_of(session)
    if person is not None and has_lapsed(session, desk.settings, time.time()):
        await record_sign_out(desk.services, desk.tokens, person, review_pb2.SIGN_IN_KIND_TIMED_OUT)
        session.invalidate()
        raise web.HTTPSeeOther("/sign-in?ended=idle")
    if person is None:
        if request.path.startswith(SIGN_IN_PATHS):
            return await handler(request)
        if request.path.startswith(PASSIVE_PATHS):
            raise web.HTTPUnauthorized(text="signed out")
        raise web.HTTPSeeOther("/sign-in")
    request[PERSON] = person
    act_as(desk.tokens.token_for(person))
    if not request.path.startswith(PASSIVE_PATHS):
        seen_now(session)
    return await handler(request)


async def health(_request: web.Request) -> web.Response:
    return web.json_response({"status": "ok"})


async def home(request: web.Request) -> web.Response:
    """Each role's first page."""
    person = request[PERSON]
    if person.is_officer:
        raise web.HTTPSeeOther("/contacts/new")
    if person.is_supervisor:
        raise web.HTTPSeeOther("/queue")
    raise web.HTTPSeeOther("/cases")


def build_app(settings: Settings) -> web.Application:
    app = web.Application(client_max_size=BODY_LIMIT, middlewares=[security_headers])
    setup_sessions(app, session_storage(settings))
    app.middlewares.extend([signed_in_only, refusals_in_words])
    app[DESK] = Desk.of(settings)
    app.router.add_get("/healthz", health)
    app.router.add_get("/", home)
    app.router.add_static("/static/", STATIC)
    for routes in (sign_in_pages.ROUTES, contact_pages.ROUTES, case_pages.ROUTES, supervisor_pages.ROUTES):
        app.add_routes(routes)

    async def close(_app: web.Application) -> None:
        await app[DESK].close()

    app.on_cleanup.append(close)
    return app


@dataclass
class RunningDesk:
    runner: web.AppRunner
    port: int

    async def stop(self) -> None:
        await self.runner.cleanup()


async def start(settings: Settings, address: str | None = None) -> RunningDesk:
    """Serve the desk on address (HOST:PORT, port 0 picks a free one), else desk_address."""
    host, _, port = (address or settings.desk_address).rpartition(":")
    runner = web.AppRunner(build_app(settings), access_log=None, shutdown_timeout=2.0)
    await runner.setup()
    await web.TCPSite(runner, host.strip("[]"), int(port)).start()
    return RunningDesk(runner, port=int(runner.addresses[0][1]))
