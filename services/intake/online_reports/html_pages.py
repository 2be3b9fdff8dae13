"""The online-report pages as HTML: the templates, the headers every page carries (no scripts,
never framed, never cached) and what the form tells someone whose report was not sent."""

from __future__ import annotations

from typing import Any

import jinja2
from aiohttp import web
from aiohttp.typedefs import Handler

TEMPLATES = jinja2.Environment(
    loader=jinja2.PackageLoader(__package__, "templates"),
    autoescape=True,
    undefined=jinja2.StrictUndefined,
    trim_blocks=True,
    lstrip_blocks=True,
)
# No scripts at all; styles and form posts only from this site; never inside another's frame.
SECURITY_HEADERS = {
    "Content-Security-Policy": (
        "default-src 'none'; style-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'"
    ),
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
}
EXPIRED = (
    "This form was open for too long, so your report has not been sent yet. "
    "Check your answers and send it again."
)
UNAVAILABLE = (
    "Sorry, we could not send your report just now. Your answers are below: "
    "try sending it again in a few minutes. If you cannot wait, call 101."
)
SENT_ALREADY = (
    "This form has already sent a report, with the reference {reference}, and what you sent "
    "now is different, so it has not been sent. If it is a new report, check your answers "
    "below and send it again. If it adds to your earlier report, call 101 and quote its reference."
)
NOT_ACCEPTED = "Sorry, we could not accept your report. Check your answers and try again, or call 101."


@web.middleware
async def security_headers(request: web.Request, handler: Handler) -> web.StreamResponse:
    response = await handler(request)
    response.headers.update(SECURITY_HEADERS)
    return response


def page(template: str, status: int = 200, **context: Any) -> web.Response:
    """A page of the form; never cached, as it may show what someone typed."""
    return web.Response(
        text=TEMPLATES.get_template(template).render(**context),
        status=status,
        content_type="text/html",
        headers={"Cache-Control": "no-store"},
    )


def cross_origin_refusal() -> web.Response:
    return page(
        "problem.html",
        403,
        title="Report not sent",
        message="This report was sent from another website, so we have not accepted it.",
    )


def too_long() -> web.Response:
    return page(
        "problem.html",
        413,
        title="Report too long",
        message="Your report is too long to send. Shorten what happened and send it again.",
    )
