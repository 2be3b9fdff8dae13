"""The online-report form over HTTP: show it, read what is sent, record it through intake.

GET / shows the form with a new form token; POST / reads the answers and either shows the
form again with every problem named (the answers as typed) or records the report and shows
its reference; a form whose token already sent a different report is shown again with its
answers, a new token and why. /questions asks the question set of an incident type instead,
one question per page (guided_pages). /healthz answers while the process runs. No access log: a request line
carries the sender's address, which is personal data; each report logs only its request
id and reference.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from aiohttp import web
from opentelemetry import trace

from contact101.runtime.config import Settings
from contact101.runtime.telemetry import tag_case
from services.intake.online_reports.cross_origin import is_cross_origin
from services.intake.online_reports.form_token import form_key, issue_form_token, request_id_of
from services.intake.online_reports.guided_pages import GuidedReportPages
from services.intake.online_reports.html_pages import (
    EXPIRED,
    NOT_ACCEPTED,
    SENT_ALREADY,
    UNAVAILABLE,
    cross_origin_refusal,
    page,
    security_headers,
    too_long,
)
from services.intake.online_reports.intake_submission import (
    FormUsedAlready,
    IntakeSubmission,
    IntakeUnavailable,
    ReportRefused,
)
from services.intake.online_reports.report_form import CONTROLS, QUESTIONS, read_report, refusal_message

log = logging.getLogger(__name__)
STATIC = Path(__file__).with_name("static")

# The longest report the form allows (20,000 characters of what happened, each up to
# 4 bytes of UTF-8 sent as %XX) fits; anything larger is refused before it is read.
BODY_LIMIT = 256 * 1024


class OnlineReportPages:
    def __init__(self, settings: Settings, intake: IntakeSubmission) -> None:
        self._intake = intake
        self._key = form_key(settings)
        self._zone = ZoneInfo(settings.working_day_zone)

    async def show_form(self, request: web.Request) -> web.Response:
        return self._form({}, 200)

    async def health(self, request: web.Request) -> web.Response:
        return web.json_response({"status": "ok"})

    async def receive_report(self, request: web.Request) -> web.Response:
        if is_cross_origin(request.headers, request.host):
            return cross_origin_refusal()
        try:
            posted = await request.post()
        except web.HTTPRequestEntityTooLarge:
            return too_long()
        answers = {name: value for name in CONTROLS if isinstance(value := posted.get(name, ""), str)}
        posted_token = posted.get("form_token")
        token = posted_token if isinstance(posted_token, str) else ""
        now = datetime.now(UTC)
        request_id = request_id_of(self._key, token, now)
        if request_id is None:
            return self._form(answers, 400, notice=EXPIRED)
        report = read_report(answers, now, self._zone)
        if report.errors:
            return self._form(answers, 400, token, errors=report.errors)
        try:
            with trace.get_tracer(__name__).start_as_current_span("online report"):
                reference = await self._intake.submit(request_id, report.contact)
                tag_case(reference)
        except ReportRefused as refusal:
            found = refusal_message(str(refusal))
            if found is None:
                log.warning("online report %s refused by intake: %s", request_id, refusal)
                return self._form(answers, 400, token, notice=NOT_ACCEPTED)
            return self._form(answers, 400, token, errors=dict([found]))
        except FormUsedAlready as used:
            log.warning("online report %s: the form's token already sent %s", request_id, used.reference)
            return self._form(answers, 409, notice=SENT_ALREADY.format(reference=used.reference))
        except IntakeUnavailable as failure:
            log.error("online report %s not sent: %s", request_id, failure)
            return self._form(answers, 503, token, notice=UNAVAILABLE)
        log.info("online report %s recorded as %s", request_id, reference)
        return page("submitted.html", reference=reference)

    def _form(
        self,
        answers: dict[str, str],
        status: int,
        token: str | None = None,
        errors: dict[str, str] | None = None,
        notice: str = "",
    ) -> web.Response:
        """The form with the answers given; a new report's token unless this one's is given."""
        return page(
            "report.html",
            status,
            answers={name: answers.get(name, "") for name in CONTROLS},
            errors=errors or {},
            controls={name: question.control for name, question in QUESTIONS.items()},
            notice=notice,
            form_token=token or issue_form_token(self._key, datetime.now(UTC)),
        )


def build_app(settings: Settings, intake: IntakeSubmission) -> web.Application:
    pages = OnlineReportPages(settings, intake)
    app = web.Application(client_max_size=BODY_LIMIT, middlewares=[security_headers])
    app.router.add_get("/", pages.show_form)
    app.router.add_post("/", pages.receive_report)
    app.router.add_get("/healthz", pages.health)
    guided = GuidedReportPages(settings, intake)
    app.router.add_get("/questions", guided.start)
    app.router.add_post("/questions", guided.receive)
    app.router.add_static("/static/", STATIC)

    async def close_intake(_app: web.Application) -> None:
        await intake.close()

    app.on_cleanup.append(close_intake)
    return app


@dataclass
class RunningSite:
    runner: web.AppRunner
    port: int

    async def stop(self) -> None:
        await self.runner.cleanup()


async def start(settings: Settings, address: str | None = None) -> RunningSite:
    """Serve the form on address (HOST:PORT, port 0 picks a free one), else online_reports_address."""
    host, _, port = (address or settings.online_reports_address).rpartition(":")
    runner = web.AppRunner(build_app(settings, IntakeSubmission(settings)), access_log=None)
    await runner.setup()
    await web.TCPSite(runner, host.strip("[]"), int(port)).start()
    return RunningSite(runner, port=int(runner.addresses[0][1]))
