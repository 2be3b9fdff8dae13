"""Signing in (a local account's password, or the force's identity provider) and out."""

from __future__ import annotations

import asyncio
import logging

import grpc
from aiohttp import web
from aiohttp_session import get_session

from contact101.rpc.local_accounts import accounts_file, signed_in_account
from contact101.v1 import review_pb2
from desk.audit import record_sign_in, record_sign_out
from desk.desk_state import DESK, Desk
from desk.openid_connect import SignInRefused
from desk.people import PASSWORD, Person
from desk.rendering import page
from desk.sessions import end_session, person_of, start_session

log = logging.getLogger(__name__)
ROUTES = web.RouteTableDef()
ENDED = {
    "idle": "You were signed out because the desk was not used for a while. Sign in again.",
    "signed-out": "You have signed out.",
}
NOT_RECORDED = (
    "You could not be signed in because the sign-in could not be recorded in the audit trail just now. "
    "Try again in a moment."
)
OIDC_KEPT = ("state", "nonce", "code_verifier")


def sign_in_form(request: web.Request, status: int = 200, **context: object) -> web.Response:
    desk: Desk = request.app[DESK]
    notice = ENDED.get(request.query.get("ended", ""), "")
    fields = {"notice": notice, "errors": {}, "user": "", "problem": ""} | context
    return page(request, "sign_in.html", status, oidc=desk.identity_provider is not None, **fields)


@ROUTES.get("/sign-in")
async def show_sign_in(request: web.Request) -> web.Response:
    return sign_in_form(request)


async def signed_in(request: web.Request, person: Person) -> web.Response:
    """Record the sign-in as the person, then start their session; refused if it is not recorded."""
    desk: Desk = request.app[DESK]
    try:
        await record_sign_in(desk.services, desk.tokens, person, review_pb2.SIGN_IN_KIND_SIGNED_IN)
    except grpc.aio.AioRpcError as error:
        log.warning("sign-in of %s not recorded: %s %s", person.user_id, error.code().name, error.details())
        return sign_in_form(request, 503, problem=NOT_RECORDED)
    await start_session(request, person)
    log.info("%s signed in as %s (%s)", person.user_id, person.role, person.method)
    raise web.HTTPSeeOther("/")


@ROUTES.post("/sign-in")
async def sign_in_with_password(request: web.Request) -> web.Response:
    desk: Desk = request.app[DESK]
    posted = await request.post()
    user, password = str(posted.get("user", "")).strip(), str(posted.get("password", ""))
    errors = {}
    if not user:
        errors["user"] = "Enter your user id"
    if not password:
        errors["password"] = "Enter your password"
    if errors:
        return sign_in_form(request, 400, errors=errors, user=user)
    account = await asyncio.to_thread(signed_in_account, accounts_file(desk.settings), user, password)
    if account is None:
        errors["user"] = "The user id or the password is not right"
        return sign_in_form(request, 400, errors=errors, user=user)
    return await signed_in(request, Person(account.user_id, account.role, PASSWORD))


@ROUTES.get("/sign-in/oidc")
async def sign_in_with_identity_provider(request: web.Request) -> web.Response:
    desk: Desk = request.app[DESK]
    if desk.identity_provider is None:
        raise web.HTTPNotFound()
    authorization = await desk.identity_provider.authorization()
    session = await get_session(request)
    session["oidc"] = {key: authorization[key] for key in OIDC_KEPT}
    raise web.HTTPSeeOther(authorization["url"])


@ROUTES.get("/sign-in/oidc/callback")
async def identity_provider_answered(request: web.Request) -> web.Response:
    desk: Desk = request.app[DESK]
    if desk.identity_provider is None:
        raise web.HTTPNotFound()
    session = await get_session(request)
    kept = session.pop("oidc", None) or {}
    if not kept or request.query.get("state") != kept.get("state") or "code" not in request.query:
        problem = (
            request.query.get("error_description") or "the answer does not belong to a sign-in started here"
        )
        return sign_in_form(request, 400, problem=f"You were not signed in: {problem}.")
    try:
        person = await desk.identity_provider.signed_in(request.query["code"], kept)
    except SignInRefused as refusal:
        return sign_in_form(request, 403, problem=f"You were not signed in: {refusal}.")
    return await signed_in(request, person)


@ROUTES.post("/sign-out")
async def sign_out(request: web.Request) -> web.Response:
    desk: Desk = request.app[DESK]
    person = person_of(await get_session(request))
    if person is not None:
        await record_sign_out(desk.services, desk.tokens, person, review_pb2.SIGN_IN_KIND_SIGNED_OUT)
    await end_session(request)
    raise web.HTTPSeeOther("/sign-in?ended=signed-out")
