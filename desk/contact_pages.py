"""The contact officer's pages: a new contact during the call, its reference at once, "my cases",
the caller's and the place's history, and the amendment of a case returned for rework."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from zoneinfo import ZoneInfo

import grpc
from aiohttp import web

from contact101.rules import permissions
from contact101.v1 import case_pb2, intake_pb2, review_pb2
from desk.contact_form import (
    ACTS,
    CHANNELS,
    CONSENT,
    FIELD_CONTROLS,
    LABELS,
    PREMISES,
    RISK_QUESTIONS,
    ReadContact,
    answers_from,
    blank_answers,
    read_contact,
)
from desk.desk_state import DESK, Desk
from desk.guided_questions import INCIDENT_TYPE_CONTROL, GuidedDraft, guided_draft
from desk.permitted import permitted
from desk.preview_panel import PreviewPanel, preview_panel
from desk.refusal_words import refusal_in_words
from desk.rendering import page
from desk.services_client import CALL_TIMEOUT_SECONDS

ROUTES = web.RouteTableDef()
MY_CASES_SHOWN = 20
HISTORY_SHOWN = 10


def zone_of(request: web.Request) -> ZoneInfo:
    desk: Desk = request.app[DESK]
    return ZoneInfo(desk.settings.working_day_zone)


@dataclass
class Draft:
    """A contact as the new-contact screen holds it: the form's controls, the contact they
    describe, and the guided capture of its incident type."""

    answers: dict[str, str]
    read: ReadContact
    guided: GuidedDraft

    @property
    def errors(self) -> dict[str, str]:
        return self.read.errors | self.guided.errors


async def draft_of(request: web.Request, posted: Mapping[str, object], suggest: bool = True) -> Draft:
    """The draft the form sent; suggest: with the incident types its account suggests."""
    desk: Desk = request.app[DESK]
    answers = answers_from(posted, zone_of(request))
    typed = {
        name: value
        for name, value in posted.items()
        if isinstance(value, str) and (name.startswith("q-") or name == INCIDENT_TYPE_CONTROL)
    }
    words = answers["what_happened"] if suggest else ""
    guided = await guided_draft(desk.services.intake, desk.question_sets, typed, words)
    return Draft(answers, read_contact(answers, zone_of(request)), guided)


async def panel_of(request: web.Request, draft: Draft) -> PreviewPanel:
    desk: Desk = request.app[DESK]
    return await preview_panel(
        desk.services.intake,
        draft.read.contact,
        draft.guided.question_set,
        draft.guided.answers,
        list(draft.errors.values()),
    )


def contact_form(
    request: web.Request,
    draft: Draft,
    panel: PreviewPanel,
    request_id: str,
    status: int = 200,
    errors: dict[str, str] | None = None,
    problem: str = "",
) -> web.Response:
    return page(
        request,
        "new_contact.html",
        status,
        answers=draft.answers,
        guided=draft.guided,
        panel=panel,
        request_id=request_id,
        errors=errors or {},
        problem=problem,
        labels=LABELS,
        channels=list(CHANNELS),
        acts=list(ACTS),
        premises=list(PREMISES),
        consents=list(CONSENT),
        risk_questions=RISK_QUESTIONS,
    )


@ROUTES.get("/contacts/new")
@permitted(permissions.RECORD_CONTACT)
async def new_contact(request: web.Request) -> web.Response:
    desk: Desk = request.app[DESK]
    answers = blank_answers(zone_of(request))
    draft = Draft(
        answers,
        read_contact(answers, zone_of(request)),
        await guided_draft(desk.services.intake, desk.question_sets, {}, ""),
    )
    return contact_form(request, draft, PreviewPanel(), str(uuid.uuid4()))


@ROUTES.post("/contacts/new/guided")
@permitted(permissions.RECORD_CONTACT)
async def guided_questions(request: web.Request) -> web.Response:
    """The incident type's suggestions and its questions again, as the answers so far ask them."""
    draft = await draft_of(request, await request.post())
    return page(request, "guided_questions.html", guided=draft.guided, errors={})


@ROUTES.post("/contacts/new/preview")
@permitted(permissions.RECORD_CONTACT)
async def preview(request: web.Request) -> web.Response:
    """The live panel for the draft as it stands."""
    draft = await draft_of(request, await request.post(), suggest=False)
    return page(request, "preview_panel.html", panel=await panel_of(request, draft))


@ROUTES.post("/contacts/new")
@permitted(permissions.RECORD_CONTACT)
async def record_contact(request: web.Request) -> web.Response:
    """Record the contact with its answers; "continue" (the page without JavaScript) shows the
    suggestions, the questions and the panel for what is typed so far instead."""
    desk: Desk = request.app[DESK]
    posted = await request.post()
    draft = await draft_of(request, posted)
    request_id = str(posted.get("request_id") or uuid.uuid4())
    if posted.get("action") == "continue":
        return contact_form(request, draft, await panel_of(request, draft), request_id)
    if draft.errors:
        return contact_form(request, draft, await panel_of(request, draft), request_id, 400, draft.errors)
    create = intake_pb2.CreateContactRequest(
        request_id=request_id, contact=draft.read.contact, answers=draft.guided.answers
    )
    if draft.guided.question_set is not None:
        create.question_set_id = draft.guided.question_set.id
        create.question_set_version = draft.guided.question_set.version
    try:
        created = await desk.services.intake.CreateContact(create, timeout=CALL_TIMEOUT_SECONDS)
    except grpc.aio.AioRpcError as error:
        controls = FIELD_CONTROLS | draft.guided.answer_controls
        control = next(
            (name for field, name in controls.items() if (error.details() or "").startswith(f"{field}:")),
            None,
        )
        fields = {field: LABELS[name] for field, name in FIELD_CONTROLS.items()} | {
            f"answers.{asked.question.id}": asked.question.text for asked in draft.guided.asked
        }
        words = refusal_in_words(error, fields)
        panel = await panel_of(request, draft)
        if control is not None:
            return contact_form(request, draft, panel, request_id, 400, {control: words})
        return contact_form(request, draft, panel, request_id, 400, problem=words)
    raise web.HTTPSeeOther(f"/contacts/recorded/{created.reference}")


@ROUTES.get("/contacts/recorded/{reference}")
@permitted(permissions.RECORD_CONTACT)
async def contact_recorded(request: web.Request) -> web.Response:
    return page(request, "contact_recorded.html", reference=request.match_info["reference"])


async def cases_now(desk: Desk, references: list[str]) -> list[case_pb2.CaseView]:
    """Each case as it stands, in the order given; one the service cannot give now is left out."""

    async def case(reference: str) -> case_pb2.CaseView | None:
        try:
            return await desk.services.intake.GetCase(
                intake_pb2.GetCaseRequest(reference=reference), timeout=CALL_TIMEOUT_SECONDS
            )
        except grpc.aio.AioRpcError:
            return None

    found = await asyncio.gather(*(case(reference) for reference in references))
    return [case for case in found if case is not None]


@ROUTES.get("/cases/mine")
@permitted(permissions.RECORD_CONTACT)
async def my_cases(request: web.Request) -> web.Response:
    desk: Desk = request.app[DESK]
    recorded = await desk.services.review.ListRecordedCases(
        review_pb2.ListRecordedCasesRequest(limit=MY_CASES_SHOWN), timeout=CALL_TIMEOUT_SECONDS
    )
    cases = await cases_now(desk, [case.reference for case in recorded.cases])
    return page(request, "my_cases.html", cases=cases)


@ROUTES.get("/history")
@permitted(permissions.FIND_CASES)
async def history(request: web.Request) -> web.Response:
    """The cases the caller's phone and the place's postcode are in (each search is audited)."""
    desk: Desk = request.app[DESK]
    keys = {
        "phone": request.query.get("caller_phone", "").strip(),
        "postcode": request.query.get("location_postcode", "").strip(),
    }
    found: dict[str, list[intake_pb2.FoundCase]] = {}
    problems: dict[str, str] = {}
    for kind, value in keys.items():
        if not value:
            continue
        try:
            search = intake_pb2.FindCasesRequest(limit=HISTORY_SHOWN)
            setattr(search, kind, value)
            answer = await desk.services.intake.FindCases(search, timeout=CALL_TIMEOUT_SECONDS)
            found[kind] = list(answer.cases)
        except grpc.aio.AioRpcError as error:
            problems[kind] = refusal_in_words(error, acting=False)
    template = "history_panel.html" if request.headers.get("HX-Request") else "history.html"
    return page(request, template, keys=keys, found=found, problems=problems)


@ROUTES.get("/cases/{reference}/amend")
@permitted(permissions.AMEND_CASE)
async def amend_form(request: web.Request) -> web.Response:
    desk: Desk = request.app[DESK]
    case = await desk.services.intake.GetCase(
        intake_pb2.GetCaseRequest(reference=request.match_info["reference"]), timeout=CALL_TIMEOUT_SECONDS
    )
    answers = {
        "what_happened": case.contact.what_happened,
        "location": case.contact.location,
        "location_postcode": case.contact.location_postcode,
        "suspect": case.contact.suspects[0].description if case.contact.suspects else "",
        "note": "",
    }
    return page(request, "amend.html", case=case, answers=answers, errors={}, problem="")


@ROUTES.post("/cases/{reference}/amend")
@permitted(permissions.AMEND_CASE)
async def amend(request: web.Request) -> web.Response:
    desk: Desk = request.app[DESK]
    reference = request.match_info["reference"]
    posted = await request.post()
    answers = {
        name: str(posted.get(name, "")).strip()
        for name in ("what_happened", "location", "location_postcode", "suspect", "note")
    }
    case = await desk.services.intake.GetCase(
        intake_pb2.GetCaseRequest(reference=reference), timeout=CALL_TIMEOUT_SECONDS
    )
    errors = {}
    if not answers["note"]:
        errors["note"] = "Say what you changed and why"
    if not answers["what_happened"]:
        errors["what_happened"] = "Enter what happened"
    if errors:
        return page(request, "amend.html", 400, case=case, answers=answers, errors=errors, problem="")
    contact = case.contact
    contact.what_happened = answers["what_happened"]
    contact.location = answers["location"]
    contact.location_postcode = answers["location_postcode"]
    del contact.suspects[:]
    if answers["suspect"]:
        contact.suspects.add(description=answers["suspect"])
    try:
        await desk.services.intake.AmendContact(
            intake_pb2.AmendContactRequest(reference=reference, contact=contact, note=answers["note"]),
            timeout=CALL_TIMEOUT_SECONDS,
        )
    except grpc.aio.AioRpcError as error:
        return page(
            request, "amend.html", 400, case=case, answers=answers, errors={}, problem=refusal_in_words(error)
        )
    raise web.HTTPSeeOther(f"/cases/{reference}?done=amended")
