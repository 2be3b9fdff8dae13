"""Signing in to the officer's desk, over HTTP in front of the real stack: local accounts made by
the CLI, a real OpenID Connect provider, the session cookie, the form token, the idle timeout,
and every sign-in and sign-out in review's audit trail."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import AsyncIterator, Iterator
from datetime import timedelta
from http.cookies import SimpleCookie

import aiohttp
import pytest
from oidc_provider_mock import User, run_server_in_thread
from pydantic import SecretStr

from contact101.runtime.config import Settings
from contact101.v1 import intake_pb2, review_pb2
from deploy.process_stack import free_port
from tests.desk import add_desk_user, desk_client, desk_settings, form_token, serving_desk, sign_in
from tests.stack import Stack, eventually


@pytest.fixture(scope="module")
async def desk(stack: Stack) -> AsyncIterator[tuple[Settings, str]]:
    settings = desk_settings(stack.settings)
    for user, role in (
        ("pc.signin", "contact_officer"),
        ("sgt.signin", "supervisor"),
        ("pc.idle", "contact_officer"),
    ):
        add_desk_user(settings, user, role)
    async with serving_desk(settings) as url:
        yield settings, url


async def sign_ins_of(stack: Stack, person: str) -> list[review_pb2.SignInEvent]:
    found = await stack.review("ops.audit", "operator").ListSignIns(
        review_pb2.ListSignInsRequest(person_id=person)
    )
    return list(found.events)


def kinds(events: list[review_pb2.SignInEvent]) -> list[str]:
    return [review_pb2.SignInKind.Name(event.kind) for event in events]


async def test_a_local_account_signs_in_with_a_secure_cookie_and_both_ends_are_audited(
    stack: Stack, desk: tuple[Settings, str]
) -> None:
    _settings, url = desk
    async with desk_client(url) as client:
        token = await form_token(client, "/sign-in")
        form = {"csrf_token": token, "user": "PC.SignIn", "password": "correct horse battery staple"}
        async with client.post("/sign-in", data=form, allow_redirects=False) as response:
            assert response.status == 303
            cookie = SimpleCookie(response.headers["Set-Cookie"])["contact101_desk"]
        assert cookie["secure"] and cookie["httponly"] and cookie["samesite"] == "Lax"
        async with client.get("/") as response:
            assert response.url.path == "/contacts/new"
            assert "pc.signin, a contact officer" in await response.text()
        assert kinds(await sign_ins_of(stack, "pc.signin")) == ["SIGN_IN_KIND_SIGNED_IN"]

        async with client.post(
            "/sign-out", data={"csrf_token": await form_token(client, "/cases/mine")}
        ) as response:
            assert "You have signed out" in await response.text()
        async with client.get("/cases/mine") as response:
            assert response.url.path == "/sign-in"
    events = await sign_ins_of(stack, "pc.signin")
    assert kinds(events) == ["SIGN_IN_KIND_SIGNED_OUT", "SIGN_IN_KIND_SIGNED_IN"]
    assert {event.method for event in events} == {"password"}


async def test_a_wrong_password_signs_nobody_in_and_does_not_say_which_was_wrong(
    stack: Stack, desk: tuple[Settings, str]
) -> None:
    _settings, url = desk
    async with desk_client(url) as client:
        for user in ("pc.signin", "pc.nobody"):
            response = await sign_in(client, user, password="not the password at all")
            assert response.status == 400
            async with client.get("/sign-in") as page:
                assert "pc." not in (page.headers.get("Set-Cookie") or "")
        async with client.get("/contacts/new") as page:
            assert page.url.path == "/sign-in"
    assert await sign_ins_of(stack, "pc.nobody") == []


async def test_a_form_without_its_token_changes_nothing(stack: Stack, desk: tuple[Settings, str]) -> None:
    _settings, url = desk
    async with desk_client(url) as client:
        await sign_in(client, "pc.signin")
        contact = {"caller_name": "Forged Caller", "what_happened": "Nothing", "location": "Nowhere"}
        for token in ("", "a-token-of-another-session"):
            async with client.post("/contacts/new", data={**contact, "csrf_token": token}) as response:
                assert response.status == 403
                assert "did not come from a page of the desk" in await response.text()
    recorded = await stack.review("pc.signin", "contact_officer").ListRecordedCases(
        review_pb2.ListRecordedCasesRequest()
    )
    assert recorded.cases == []


async def test_a_session_left_idle_is_signed_out_and_that_is_audited(stack: Stack) -> None:
    settings = desk_settings(stack.settings, desk_idle_timeout=timedelta(seconds=2))
    add_desk_user(settings, "pc.idle", "contact_officer")
    async with serving_desk(settings) as url, desk_client(url) as client:
        await sign_in(client, "pc.idle")
        async with client.get("/cases/mine") as response:
            assert response.url.path == "/cases/mine"
        await asyncio.sleep(2.5)
        async with client.get("/cases/mine") as response:
            assert response.url.path == "/sign-in"
            assert "not used for a while" in await response.text()
    assert kinds(await sign_ins_of(stack, "pc.idle")) == ["SIGN_IN_KIND_TIMED_OUT", "SIGN_IN_KIND_SIGNED_IN"]


async def test_a_session_ends_after_a_shift_however_active(stack: Stack) -> None:
    settings = desk_settings(stack.settings, token_max_lifetime=timedelta(seconds=2))
    add_desk_user(settings, "pc.shift", "contact_officer")
    async with serving_desk(settings) as url, desk_client(url) as client:
        await sign_in(client, "pc.shift")
        for _ in range(3):
            async with client.get("/cases/mine") as response:
                assert response.url.path == "/cases/mine"
            await asyncio.sleep(0.4)
        await asyncio.sleep(1)
        async with client.get("/cases/mine") as response:
            assert response.url.path == "/sign-in"
    assert kinds(await sign_ins_of(stack, "pc.shift")) == ["SIGN_IN_KIND_TIMED_OUT", "SIGN_IN_KIND_SIGNED_IN"]


async def test_the_desk_records_a_contact_as_the_officer_signed_in(
    stack: Stack, desk: tuple[Settings, str]
) -> None:
    _settings, url = desk
    async with desk_client(url) as client:
        await sign_in(client, "pc.signin")
        answers = {
            "csrf_token": await form_token(client, "/contacts/new"),
            "request_id": str(uuid.uuid4()),
            "caller_name": "Jo Caller",
            "caller_is_victim": "on",
            "what_happened": "My bike was taken from outside the library",
            "location": "Central Library, Leeds",
            "occurred_at": "2026-12-01T09:30",
            "channel": "phone",
            "consent": "not asked",
        }
        async with client.post("/contacts/new", data=answers) as response:
            assert response.url.path.startswith("/contacts/recorded/")
            reference = response.url.path.rsplit("/", 1)[1]
            assert reference in await response.text()
    case = await stack.intake("pc.reader").GetCase(intake_pb2.GetCaseRequest(reference=reference))
    assert case.officer_id == "pc.signin"
    recorded = await eventually(
        lambda: stack.review("pc.signin", "contact_officer").ListRecordedCases(
            review_pb2.ListRecordedCasesRequest()
        ),
        lambda found: reference in [case.reference for case in found.cases],
    )
    assert recorded.cases[0].reference == reference


async def test_a_page_for_another_role_says_who_may_use_it(desk: tuple[Settings, str]) -> None:
    _settings, url = desk
    async with desk_client(url) as client:
        await sign_in(client, "pc.signin")
        async with client.get("/queue") as response:
            assert response.status == 403
            text = await response.text()
    assert "Only a supervisor or an operator can see the verification queue" in text
    assert "you are signed in as a contact officer" in text


@pytest.fixture(scope="module")
def identity_provider() -> Iterator[str]:
    """A real OpenID Connect provider (oidc-provider-mock: Authlib's server) on a loopback port."""
    people = [
        User(
            sub="insp-0001",
            claims={"preferred_username": "insp.oidc", "contact101_role": ["staff", "supervisor"]},
        ),
        User(sub="nobody-0002", claims={"preferred_username": "clerk.oidc", "contact101_role": "clerk"}),
    ]
    with run_server_in_thread(user_claims=people, require_nonce=True) as server:
        yield f"http://localhost:{server.server_port}"


async def sign_in_at_the_provider(client: aiohttp.ClientSession, subject: str) -> aiohttp.ClientResponse:
    """Start at the desk's button, choose the person at the provider, follow it back to the desk."""
    async with client.get("/sign-in/oidc", allow_redirects=False) as started:
        assert started.status == 303
        authorize = started.headers["Location"]
    async with client.post(authorize, data={"sub": subject}, allow_redirects=False) as chosen:
        callback = chosen.headers["Location"]
    async with client.get(callback) as back:
        await back.read()
        return back


async def test_openid_connect_signs_in_with_the_role_from_the_configured_claim(
    stack: Stack, identity_provider: str
) -> None:
    settings = desk_settings(
        stack.settings,
        desk_address=f"127.0.0.1:{free_port()}",  # the redirect address the provider sends people back to
        desk_oidc_issuer=identity_provider,
        desk_oidc_client_id="contact101-desk",
        desk_oidc_client_secret=SecretStr("a-client-secret-for-the-test-provider"),
    )
    async with serving_desk(settings, settings.desk_address) as url:
        async with desk_client(url) as client:
            async with client.get("/sign-in") as page:
                assert "Sign in with your force account" in await page.text()
            landed = await sign_in_at_the_provider(client, "insp-0001")
            assert landed.url.path == "/queue"
            assert "insp.oidc, a supervisor" in await landed.text()
        async with desk_client(url) as client:
            refused = await sign_in_at_the_provider(client, "nobody-0002")
            assert refused.status == 403
            assert "gives you no role for Contact101" in await refused.text()
    events = await sign_ins_of(stack, "insp.oidc")
    assert [(kind, event.method) for kind, event in zip(kinds(events), events, strict=True)] == [
        ("SIGN_IN_KIND_SIGNED_IN", "openid connect")
    ]
