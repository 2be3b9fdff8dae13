"""Guided capture on the desk over plain HTTP (as a browser without JavaScript sends its forms),
in front of the real stack: "Continue" suggests incident types from the caller's words and asks
the confirmed type's questions, conditions honoured; the panel beside it previews the draft, or
says what it still lacks; recording sends the answers with the set's version."""

from __future__ import annotations

import re
from collections.abc import AsyncIterator

import aiohttp
import pytest

from contact101.v1 import questions_pb2
from tests.cases import eventually_case
from tests.desk import add_desk_user, desk_client, desk_settings, form_token, serving_desk, sign_in
from tests.stack import Stack

REFERENCE = re.compile(r"/contacts/recorded/(101-[0-9]{8}-[0-9]+)")
CALL = {
    "channel": "phone",
    "caller_name": "Alex Example",
    "caller_phone": "07700 900123",
    "caller_is_victim": "on",
    "what_happened": "My car was broken into overnight, window smashed, a bag taken from my car",
    "location": "outside 3 Mill Road, Leeds",
    "location_postcode": "LS1 6HD",
    "occurred_at": "2026-11-30 23:00",
    "consent": "not asked",
}


@pytest.fixture(scope="module")
async def desk_url(stack: Stack) -> AsyncIterator[str]:
    settings = desk_settings(stack.settings)
    add_desk_user(settings, "pc.nojs", "contact_officer")
    async with serving_desk(settings) as url:
        yield url


async def sent(client: aiohttp.ClientSession, path: str, form: dict[str, str]) -> tuple[int, str]:
    token = await form_token(client, "/contacts/new")
    async with client.post(path, data={"csrf_token": token, **form}, allow_redirects=False) as response:
        return response.status, response.headers.get("Location", "") or await response.text()


async def test_without_javascript_continue_suggests_the_type_and_asks_its_questions_as_answered(
    stack: Stack, desk_url: str
) -> None:
    async with desk_client(desk_url) as client:
        await sign_in(client, "pc.nojs")
        status, page = await sent(client, "/contacts/new", CALL | {"action": "continue"})
        assert status == 200
        assert re.search(r"<li>Vehicle crime \(matched: [^)]+\)</li>", page), "suggested from the words"
        assert 'id="q-what_happened"' not in page, "no questions before the officer confirms a type"

        chosen = CALL | {"action": "continue", "incident_type": "vehicle_crime"}
        status, page = await sent(client, "/contacts/new", chosen)
        assert 'id="q-what_happened"' in page
        assert 'id="q-window_damaged"' not in page, "asked only when something was taken from it"
        assert "Grade:" in page, "the panel previews the draft on the page itself"

        answered = chosen | {"q-what_happened": "theft_from"}
        status, page = await sent(client, "/contacts/new", answered)
        assert 'id="q-window_damaged"' in page
        assert page.index('id="q-window_damaged"') < page.index('id="q-when"'), "in asking order"

        status, page = await sent(client, "/contacts/new", answered | {"q-window_damaged": "perhaps"})
        assert "Answer with yes, no or unknown" in page

        recorded = answered | {"q-window_damaged": "yes", "q-cctv": "a doorbell camera at number 5"}
        del recorded["action"]
        status, location = await sent(client, "/contacts/new", recorded)
        assert status == 303, location
    found = REFERENCE.fullmatch(location)
    assert found is not None, location
    case = await eventually_case(stack, found[1], lambda case: bool(case.contact.guided.question_set_id))
    guided = case.contact.guided
    assert guided.question_set_id == "vehicle_crime" and guided.question_set_version
    assert guided.answers["window_damaged"].yes_no == questions_pb2.YES_NO_YES
    assert guided.answers["cctv"].text == "a doorbell camera at number 5"


async def test_answers_the_service_refuses_as_contradictory_are_shown_at_the_question(desk_url: str) -> None:
    lost = CALL | {
        "what_happened": "I lost my wallet in town, or it may have been taken",
        "incident_type": "lost_found_property",
        "q-lost_or_found": "lost",
        "q-stolen_not_lost": "yes",
    }
    async with desk_client(desk_url) as client:
        await sign_in(client, "pc.nojs")
        status, page = await sent(client, "/contacts/new", lost)
    assert status == 400
    assert 'href="#q-stolen_not_lost"' in page, "the error summary leads to the question"
    assert 'id="q-stolen_not_lost-error"' in page
    assert "reported as a theft" in page
    assert "stolen_not_lost" not in page.split('id="q-stolen_not_lost-error"', 1)[1].split("</p>", 1)[0]


async def test_the_panel_says_what_a_draft_lacks_instead_of_failing(desk_url: str) -> None:
    async with desk_client(desk_url) as client:
        await sign_in(client, "pc.nojs")
        draft = {"what_happened": "someone took my bike", "incident_type": "theft"}
        status, panel = await sent(client, "/contacts/new/preview", draft)
    assert status == 200
    assert "<html" not in panel, "htmx asks for the panel alone"
    assert "the contact still needs" in panel
    assert "Enter the caller&#39;s name" in panel and "Enter where it happened" in panel
