"""The report by incident type over HTTP: GET /questions starts one (what are you reporting?),
and every page POSTs to /questions with what was typed so far, the page it came from and
which button was pressed (continue, back, change a row of check your answers, send).

A page with problems comes back with them named in an error summary; nothing is sent before
check your answers. Sending works as the one-page form's does: the form token from the first
page is the request id (a second press records one contact), cross-origin posts are refused,
and a report intake cannot take now comes back with its answers to send again. An answer that
says it is happening now, or someone is in danger, is met with "Call 999 now" before going on."""

from __future__ import annotations

import logging
from datetime import UTC, datetime
from typing import Any
from zoneinfo import ZoneInfo

from aiohttp import web
from opentelemetry import trace

from contact101.rules.questions import question_catalogue
from contact101.runtime.config import Settings
from contact101.runtime.telemetry import tag_case
from contact101.v1 import questions_pb2
from services.intake.online_reports.cross_origin import is_cross_origin
from services.intake.online_reports.form_token import form_key, issue_form_token, request_id_of
from services.intake.online_reports.guided_answers import (
    LOCATION_DESCRIPTION,
    PART_LABELS,
    PARTS,
    YES_NO,
    answer_text,
    control_names,
)
from services.intake.online_reports.guided_report import (
    CHECK_PAGE,
    DETAIL_PAGES,
    PAGE_NAME,
    PUBLIC_INCIDENT_TYPES,
    QUESTION_PAGE,
    TYPE_PAGE,
    GuidedReport,
)
from services.intake.online_reports.html_pages import (
    EXPIRED,
    NOT_ACCEPTED,
    SENT_ALREADY,
    UNAVAILABLE,
    cross_origin_refusal,
    page,
    too_long,
)
from services.intake.online_reports.intake_submission import (
    FormUsedAlready,
    IntakeSubmission,
    IntakeUnavailable,
    ReportRefused,
)
from services.intake.online_reports.report_form import QUESTIONS, refusal_message

log = logging.getLogger(__name__)
CONTROL_KINDS = {
    questions_pb2.ANSWER_TYPE_YES_NO: "radios",
    questions_pb2.ANSWER_TYPE_CHOICE: "radios",
    questions_pb2.ANSWER_TYPE_NUMBER: "number",
    questions_pb2.ANSWER_TYPE_TEXT: "text",
    questions_pb2.ANSWER_TYPE_TIME: "time",
}
BLANK_HINT = "Leave it blank if you do not know."
TIME_HINT = (
    "For example, 27 3 2026. If you are not sure, give your best estimate. Leave it blank if you do not know."
)
TITLES = {
    TYPE_PAGE: "What are you reporting?",
    "about": "About you",
    "what": "What happened",
    "where": "Where it happened",
}
# As the about-you page's answers read (about_you.html).
VICTIM_LABELS = {"yes": "Yes, it happened to me", "no": "No, it happened to someone else, or I saw it happen"}
ANSWER_DOES_NOT_FIT = "Check this answer: it does not fit your other answers"


class GuidedReportPages:
    def __init__(self, settings: Settings, intake: IntakeSubmission) -> None:
        self._intake = intake
        self._key = form_key(settings)
        self._zone = ZoneInfo(settings.working_day_zone)

    def _report(self, typed: dict[str, str]) -> GuidedReport:
        return GuidedReport(typed, question_catalogue(), datetime.now(UTC), self._zone)

    async def start(self, request: web.Request) -> web.Response:
        return self._show(self._report({}), TYPE_PAGE, issue_form_token(self._key, datetime.now(UTC)))

    async def receive(self, request: web.Request) -> web.Response:
        if is_cross_origin(request.headers, request.host):
            return cross_origin_refusal()
        try:
            posted = await request.post()
        except web.HTTPRequestEntityTooLarge:
            return too_long()
        typed = {name: value for name, value in posted.items() if isinstance(value, str)}
        report = self._report(typed)
        token = typed.get("form_token", "")
        pages = report.pages()
        came_from = typed.get("page", "")
        current = came_from if PAGE_NAME.fullmatch(came_from) and came_from in pages else TYPE_PAGE
        pressed = typed.get("go", "continue")
        if pressed == "back":
            return self._show(report, report.previous_page(current), token)
        if pressed.startswith("change:") and pressed.removeprefix("change:") in pages:
            report.typed["returning"] = "yes"
            return self._show(report, pressed.removeprefix("change:"), token)
        if pressed == "send" and current == CHECK_PAGE:
            return await self._send(report, token)
        if pressed == "onward":  # past the call-999 warning of an answer already read
            return self._show(report, report.next_page(current), token)
        errors = report.errors(current)
        if errors:
            return self._show(report, current, token, errors, status=400)
        seen = [page for page in report.seen if not (current == TYPE_PAGE and page.startswith(QUESTION_PAGE))]
        report.typed["seen"] = " ".join(dict.fromkeys([*seen, current]))
        if report.is_emergency(current):
            return page("call_999_now.html", page_name=current, hidden=dict(report.typed), form_token=token)
        return self._show(report, report.next_page(current), token)

    async def _send(self, report: GuidedReport, token: str) -> web.Response:
        now = datetime.now(UTC)
        request_id = request_id_of(self._key, token, now)
        if request_id is None:
            return self._show(
                report, CHECK_PAGE, issue_form_token(self._key, now), status=400, notice=EXPIRED
            )
        wrong = report.first_page_with_errors()
        if wrong is not None:
            return self._show(report, wrong, token, report.errors(wrong), status=400)
        assert report.question_set is not None, "the first page's errors name a missing type"
        try:
            with trace.get_tracer(__name__).start_as_current_span("online report"):
                reference = await self._intake.submit(
                    request_id, report.contact(), report.question_set.message, report.answers()
                )
                tag_case(reference)
        except ReportRefused as refusal:
            return self._refused(report, token, str(refusal), request_id)
        except FormUsedAlready as used:
            log.warning("online report %s: the form's token already sent %s", request_id, used.reference)
            notice = SENT_ALREADY.format(reference=used.reference)
            return self._show(report, CHECK_PAGE, issue_form_token(self._key, now), status=409, notice=notice)
        except IntakeUnavailable as failure:
            log.error("online report %s not sent: %s", request_id, failure)
            return self._show(report, CHECK_PAGE, token, status=503, notice=UNAVAILABLE)
        log.info("online report %s recorded as %s", request_id, reference)
        return page("submitted.html", reference=reference)

    def _refused(self, report: GuidedReport, token: str, refusal: str, request_id: str) -> web.Response:
        """The page of the answer intake refused, with why; else check your answers."""
        field, _, problem = refusal.partition(": ")
        question_page = QUESTION_PAGE + field.removeprefix("answers.")
        asked = report.question(question_page) if field.startswith("answers.") else None
        if asked is not None:
            errors = {control_names(asked.question)[0]: f"{ANSWER_DOES_NOT_FIT} ({problem})"}
            return self._show(report, question_page, token, errors, status=400)
        found = refusal_message(refusal)
        detail_page = next((name for name, asks in DETAIL_PAGES.items() if found and found[0] in asks), None)
        if found is not None and detail_page is not None:
            errors = {QUESTIONS[found[0]].control: found[1]}
            return self._show(report, detail_page, token, errors, status=400)
        log.warning("online report %s refused by intake: %s", request_id, refusal)
        return self._show(report, CHECK_PAGE, token, status=400, notice=NOT_ACCEPTED)

    def _show(
        self,
        report: GuidedReport,
        page_name: str,
        token: str,
        errors: dict[str, str] | None = None,
        status: int = 200,
        notice: str = "",
    ) -> web.Response:
        """A page of the report with what was typed so far carried in hidden fields."""
        if page_name == CHECK_PAGE:
            report.typed["returning"] = ""
        shown = report.controls_of(page_name)
        context: dict[str, Any] = {
            "page": page_name,
            "hidden": {name: value for name, value in report.typed.items() if name not in shown},
            "answers": report.typed,
            "errors": errors or {},
            "notice": notice,
            "form_token": token,
        }
        if page_name == CHECK_PAGE:
            return page("check_answers.html", status, sections=self._sections(report), **context)
        kind = page_name if page_name in (TYPE_PAGE, *DETAIL_PAGES) else "question"
        context.update(kind=kind, back=page_name != TYPE_PAGE, title=TITLES.get(page_name, ""))
        if page_name == TYPE_PAGE:
            catalogue = question_catalogue()
            titles = {
                rules.incident_type.id: rules.incident_type.title for rules in catalogue.current.values()
            }
            context["incident_types"] = [(kind_id, titles[kind_id]) for kind_id in PUBLIC_INCIDENT_TYPES]
        asked = report.question(page_name)
        if asked is not None:
            context.update(self._question_context(asked.question), title=asked.question.text)
        return page("guided_page.html", status, **context)

    def _question_context(self, question: questions_pb2.Question) -> dict[str, Any]:
        controls = control_names(question)
        control_kind = CONTROL_KINDS.get(question.answer_type, "parts")
        hint = " ".join(filter(None, [question.help, TIME_HINT if control_kind == "time" else BLANK_HINT]))
        if question.answer_type == questions_pb2.ANSWER_TYPE_YES_NO:
            options = [(word, label) for word, (_number, label) in YES_NO.items()]
        else:
            options = [(choice.id, choice.label) for choice in question.choices]
        labels = {**PART_LABELS}
        if question.answer_type == questions_pb2.ANSWER_TYPE_LOCATION:
            labels["description"] = LOCATION_DESCRIPTION
        parts = [
            (control, labels[part])
            for control, part in zip(controls, PARTS[question.answer_type], strict=True)
            if control_kind == "parts"
        ]
        return {
            "question": question,
            "controls": controls,
            "control_kind": control_kind,
            "hint": hint,
            "options": options,
            "parts": parts,
        }

    def _sections(self, report: GuidedReport) -> list[tuple[str, list[tuple[str, str, str]]]]:
        """The check-your-answers rows (question, answer, the page that changes it), by heading."""
        assert report.question_set is not None
        typed = report.typed
        incident = [("What you are reporting", report.question_set.incident_type.title, TYPE_PAGE)]
        answers = [
            (asked.question.text, answer_text(asked.question, asked.read.answer, self._zone), asked.page)
            for asked in report.asked()
        ]
        contact = "\n".join(filter(None, [typed["email"], typed["phone"]]))
        about = [
            ("Full name", typed["name"], "about"),
            ("How we can contact you", contact, "about"),
            ("Did it happen to you?", VICTIM_LABELS.get(typed["victim"], ""), "about"),
            ("What happened", typed["what_happened"], "what"),
            (
                "Where it happened",
                "\n".join(filter(None, [typed["location"], typed["postcode"].upper()])),
                "where",
            ),
        ]
        return [("What happened", [*incident, *answers]), ("About you and the report", about)]
