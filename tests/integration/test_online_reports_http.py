"""The online-report form over plain HTTP, in front of the real stack: what a browser sends and gets."""

from __future__ import annotations

import asyncio
import re
from collections.abc import AsyncIterator

import aiohttp
import pytest

from contact101.v1 import common_pb2
from services.intake.online_reports.intake_submission import ONLINE_REPORT_ACTOR
from tests.cases import case_of
from tests.online_reports import bike_theft, serving_online_reports
from tests.stack import Stack, count_rows

FORM_TOKEN = re.compile(r'name="form_token" value="([^"]+)"')
REFERENCE = re.compile(r'class="reference">(101-[0-9]{8}-[0-9]+)<')


@pytest.fixture(scope="module")
async def form_url(stack: Stack) -> AsyncIterator[str]:
    async with serving_online_reports(stack.settings) as url:
        yield url


@pytest.fixture
async def browser_like() -> AsyncIterator[aiohttp.ClientSession]:
    async with aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=60)) as session:
        yield session


async def form_token(session: aiohttp.ClientSession, url: str) -> str:
    async with session.get(url) as response:
        assert response.status == 200
        found = FORM_TOKEN.search(await response.text())
    assert found is not None
    return found[1]


async def send(
    session: aiohttp.ClientSession, url: str, answers: dict[str, str], token: str, **headers: str
) -> tuple[int, str]:
    async with session.post(url, data={**answers, "form_token": token}, headers=headers) as response:
        return response.status, await response.text()


def contacts_of(stack: Stack, token: str) -> int:
    return count_rows(stack.settings, "intake", "contacts", request_id=token.partition(".")[0])


async def test_the_form_warns_to_call_999_and_is_not_kept_in_caches(
    form_url: str, browser_like: aiohttp.ClientSession
) -> None:
    async with browser_like.get(form_url) as response:
        page = await response.text()
        assert response.headers["Cache-Control"] == "no-store"
        assert "script-src" not in response.headers["Content-Security-Policy"]
        assert "frame-ancestors 'none'" in response.headers["Content-Security-Policy"]
    assert '<html lang="en-GB">' in page
    assert "In an emergency, call 999" in page
    assert "a crime is in progress or someone is in immediate danger" in page
    assert "textphone 18000" in page
    assert await form_token(browser_like, form_url) != await form_token(browser_like, form_url)
    async with browser_like.get(f"{form_url}healthz") as health:
        assert (health.status, await health.json()) == (200, {"status": "ok"})


async def test_a_report_sent_twice_at_once_records_one_online_contact(
    stack: Stack, form_url: str, browser_like: aiohttp.ClientSession
) -> None:
    token = await form_token(browser_like, form_url)
    first, second = await asyncio.gather(
        send(browser_like, form_url, bike_theft(), token), send(browser_like, form_url, bike_theft(), token)
    )
    assert (first[0], second[0]) == (200, 200)
    references = {found[1] for _status, page in (first, second) if (found := REFERENCE.search(page))}
    assert len(references) == 1, (first, second)
    assert "What happens next" in first[1]
    assert contacts_of(stack, token) == 1
    case = await case_of(stack, references.pop())
    assert case.contact.channel == common_pb2.CHANNEL_ONLINE
    assert case.officer_id == ONLINE_REPORT_ACTOR
    created = case.history[0]
    assert (created.action, created.actor_id, created.actor_role) == (
        "create",
        ONLINE_REPORT_ACTOR,
        common_pb2.ROLE_SERVICE,
    )


async def test_problems_send_nothing_and_keep_what_was_typed(
    stack: Stack, form_url: str, browser_like: aiohttp.ClientSession
) -> None:
    token = await form_token(browser_like, form_url)
    answers = bike_theft(name="Sam <Public>", email="sam@", postcode="nowhere", time="9pm")
    status, page = await send(browser_like, form_url, answers, token)
    assert status == 400
    assert "<title>Error: Report a crime or incident</title>" in page
    assert re.findall(r'<li><a href="#([a-z_]+)">', page) == ["email", "postcode", "time"]
    assert 'value="Sam &lt;Public&gt;"' in page
    assert 'value="nowhere"' in page
    assert f'value="{token}"' in page, "the same report keeps its request id"
    assert 'aria-describedby="email-hint email-error"' in page
    assert contacts_of(stack, token) == 0


async def test_a_report_without_a_token_of_the_forms_is_not_sent(
    stack: Stack, form_url: str, browser_like: aiohttp.ClientSession
) -> None:
    token = await form_token(browser_like, form_url)
    forged = token.replace("online-", "online-0", 1)
    status, page = await send(browser_like, form_url, bike_theft(), forged)
    assert status == 400
    assert "This form was open for too long" in page
    assert 'value="Central Library, Calverley Street, Leeds"' in page
    new_token = FORM_TOKEN.search(page)
    assert new_token is not None and new_token[1] not in (token, forged)
    assert contacts_of(stack, token) == contacts_of(stack, forged) == 0


@pytest.mark.parametrize(
    "headers",
    [{"Sec-Fetch-Site": "cross-site"}, {"Sec-Fetch-Site": "same-site"}, {"Origin": "https://evil.example"}],
    ids=["cross-site", "same-site", "foreign origin"],
)
async def test_a_report_another_website_makes_a_browser_send_is_refused(
    stack: Stack, form_url: str, browser_like: aiohttp.ClientSession, headers: dict[str, str]
) -> None:
    token = await form_token(browser_like, form_url)
    status, page = await send(browser_like, form_url, bike_theft(), token, **headers)
    assert status == 403
    assert "sent from another website" in page
    assert contacts_of(stack, token) == 0


async def test_an_oversized_report_is_refused_unread(
    form_url: str, browser_like: aiohttp.ClientSession
) -> None:
    token = await form_token(browser_like, form_url)
    status, page = await send(browser_like, form_url, bike_theft(what_happened="x" * 300_000), token)
    assert status == 413
    assert "too long to send" in page


async def test_when_intake_is_down_the_answers_wait_and_a_retry_records_one_contact(
    stack: Stack, form_url: str, browser_like: aiohttp.ClientSession
) -> None:
    nowhere = stack.settings.model_copy(update={"intake_address": "127.0.0.1:1"})
    async with serving_online_reports(nowhere) as cut_off_url:
        token = await form_token(browser_like, cut_off_url)
        status, page = await send(browser_like, cut_off_url, bike_theft(), token)
    assert status == 503
    assert "we could not send your report just now" in page
    assert f'value="{token}"' in page
    assert 'value="Sam Public"' in page

    status, page = await send(browser_like, form_url, bike_theft(), token)
    assert status == 200 and REFERENCE.search(page)
    assert contacts_of(stack, token) == 1


async def test_a_form_sent_again_with_another_report_keeps_the_answers_and_says_why(
    stack: Stack, form_url: str, browser_like: aiohttp.ClientSession
) -> None:
    token = await form_token(browser_like, form_url)
    status, page = await send(browser_like, form_url, bike_theft(), token)
    assert status == 200
    first = REFERENCE.search(page)
    assert first is not None

    knife = "A man with a knife said he would come back for me tonight."
    status, page = await send(browser_like, form_url, bike_theft(what_happened=knife), token)
    assert status == 409
    assert "Report sent" not in page and first[1] in page
    assert "has not been sent" in page
    assert knife in page
    assert f'value="{token}"' not in page
    assert contacts_of(stack, token) == 1

    again = FORM_TOKEN.search(page)
    assert again is not None
    status, page = await send(browser_like, form_url, bike_theft(what_happened=knife), again[1])
    assert status == 200
    second = REFERENCE.search(page)
    assert second is not None and second[1] != first[1]
