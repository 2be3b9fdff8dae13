"""A case as it stands, and what each role does with it: add information (anyone who works
cases), approve or return it (supervisors), cancel or transfer its crime (decision makers)."""

from __future__ import annotations

from collections.abc import Awaitable

import grpc
from aiohttp import web

from contact101.labels import label
from contact101.rules import permissions
from contact101.v1 import case_pb2, crime_decision_pb2, crime_pb2, intake_pb2, review_pb2
from desk.desk_state import DESK, Desk
from desk.guided_questions import answers_in_words
from desk.permitted import permitted
from desk.refusal_words import refusal_in_words
from desk.rendering import page
from desk.services_client import CALL_TIMEOUT_SECONDS

ROUTES = web.RouteTableDef()
SOURCES = {
    label(case_pb2.InformationSource, value): value
    for _name, value in case_pb2.InformationSource.items()
    if value != case_pb2.INFORMATION_SOURCE_UNSPECIFIED
}
CATEGORIES = {
    label(crime_decision_pb2.CancellationCategory, value): value
    for _name, value in crime_decision_pb2.CancellationCategory.items()
    if value != crime_decision_pb2.CANCELLATION_CATEGORY_UNSPECIFIED
}
DONE = {
    "approved": "You approved the case.",
    "returned": "You returned the case to its officer with your reasons.",
    "amended": "Your amendment is saved; the case goes back for verification.",
    "informed": "The information is added to the case.",
    "cancelled": "The crime is cancelled.",
}


async def case_page(
    request: web.Request, status: int = 200, problem: str = "", **form: object
) -> web.Response:
    """The case view; a refused action's reason (problem) and its form's answers when given."""
    desk: Desk = request.app[DESK]
    reference = request.match_info["reference"]
    try:
        case = await desk.services.intake.GetCase(
            intake_pb2.GetCaseRequest(reference=reference), timeout=CALL_TIMEOUT_SECONDS
        )
    except grpc.aio.AioRpcError as error:
        return page(request, "problem.html", 404 if error.code() == grpc.StatusCode.NOT_FOUND else 503,
                    title=f"Case {reference}", message=refusal_in_words(error, acting=False))  # fmt: skip
    answers = {"text": "", "source": "officer", "reasons": "", "category": "", "reason": "", "related": ""}
    guided = case.contact.guided
    guided_answers: list[tuple[str, str]] = []
    if guided.question_set_id:
        question_set = await desk.question_sets.question_set(
            guided.question_set_id, guided.question_set_version
        )
        guided_answers = answers_in_words(question_set, guided)
    return page(
        request,
        "case.html",
        status,
        case=case,
        guided_answers=guided_answers,
        problem=problem,
        done=DONE.get(request.query.get("done", ""), ""),
        answers=answers | {name: str(value) for name, value in form.items()},
        sources=list(SOURCES),
        categories=list(CATEGORIES),
        permissions=permissions,
        awaiting=case.status == case_pb2.CASE_STATUS_AWAITING_VERIFICATION,
        returned=case.status == case_pb2.CASE_STATUS_RETURNED_FOR_REWORK,
    )


@ROUTES.get("/cases")
@permitted(permissions.READ_CASE)
async def find_case(request: web.Request) -> web.Response:
    reference = request.query.get("reference", "").strip().upper()
    if reference:
        raise web.HTTPSeeOther(f"/cases/{reference}")
    return page(request, "find_case.html")


@ROUTES.get("/cases/{reference}")
@permitted(permissions.READ_CASE)
async def show_case(request: web.Request) -> web.Response:
    return await case_page(request)


async def act(request: web.Request, call: Awaitable[object], done: str, **form: object) -> web.Response:
    """Await the service's answer to an action; the case again with its refusal, or its result."""
    try:
        await call
    except grpc.aio.AioRpcError as error:
        return await case_page(request, 400, refusal_in_words(error), **form)
    raise web.HTTPSeeOther(f"/cases/{request.match_info['reference']}?done={done}")


@ROUTES.post("/cases/{reference}/information")
@permitted(permissions.ADD_INFORMATION)
async def add_information(request: web.Request) -> web.Response:
    desk: Desk = request.app[DESK]
    posted = await request.post()
    text, source = str(posted.get("text", "")).strip(), str(posted.get("source", ""))
    if not text:
        return await case_page(request, 400, "Enter the information to add.", text=text, source=source)
    addition = intake_pb2.AddInformationRequest(
        reference=request.match_info["reference"],
        source=SOURCES.get(source, case_pb2.INFORMATION_SOURCE_OFFICER),
        text=text,
        touches_risk=bool(posted.get("touches_risk")),
        attended=bool(posted.get("attended")),
    )
    call = desk.services.intake.AddInformation(addition, timeout=CALL_TIMEOUT_SECONDS)
    return await act(request, call, "informed", text=text, source=source)


@ROUTES.post("/cases/{reference}/approve")
@permitted(permissions.VERIFY_CASE)
async def approve(request: web.Request) -> web.Response:
    desk: Desk = request.app[DESK]
    call = desk.services.review.Approve(
        review_pb2.ApproveRequest(reference=request.match_info["reference"]), timeout=CALL_TIMEOUT_SECONDS
    )
    return await act(request, call, "approved")


@ROUTES.post("/cases/{reference}/return")
@permitted(permissions.VERIFY_CASE)
async def return_for_rework(request: web.Request) -> web.Response:
    desk: Desk = request.app[DESK]
    reasons_text = str((await request.post()).get("reasons", ""))
    reasons = [line.strip() for line in reasons_text.splitlines() if line.strip()]
    if not reasons:
        return await case_page(request, 400, "Give at least one reason for returning the case, one a line.")
    call = desk.services.review.ReturnForRework(
        review_pb2.ReturnForReworkRequest(reference=request.match_info["reference"], reasons=reasons),
        timeout=CALL_TIMEOUT_SECONDS,
    )
    return await act(request, call, "returned", reasons=reasons_text)


@ROUTES.post("/cases/{reference}/cancel-crime")
@permitted(permissions.CANCEL_CRIME)
async def cancel_crime(request: web.Request) -> web.Response:
    desk: Desk = request.app[DESK]
    posted = await request.post()
    form = {name: str(posted.get(name, "")).strip() for name in ("category", "reason", "related")}
    if form["category"] not in CATEGORIES:
        return await case_page(request, 400, "Choose why the crime is cancelled or transferred.", **form)
    cancellation = crime_pb2.CancelCrimeRequest(
        reference=request.match_info["reference"],
        category=CATEGORIES[form["category"]],
        reason=form["reason"],
        related=form["related"],
    )
    call = desk.services.crime.CancelCrime(cancellation, timeout=CALL_TIMEOUT_SECONDS)
    return await act(request, call, "cancelled", **form)
