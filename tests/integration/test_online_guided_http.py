"""The online report by incident type (issue 16 item 4) over plain HTTP in front of the real
stack: the public chooses what they are reporting, answers its questions one per page (only
those that apply), checks their answers, changes one, and sends; as a browser without
JavaScript does it, every page posting what was typed so far."""

from __future__ import annotations

import asyncio
import re
from collections.abc import AsyncIterator
from datetime import UTC, time
from html.parser import HTMLParser

import aiohttp
import pytest

from contact101.v1 import common_pb2
from tests.cases import awaiting_verification
from tests.online_reports import YESTERDAY, date_answers, london_time, serving_online_reports
from tests.stack import Stack, count_rows

REFERENCE = re.compile(r'class="reference">(101-[0-9]{8}-[0-9]+)<')
H1 = re.compile(r"<h1[^>]*>(?:<label[^>]*>)?([^<]+)<")
ERROR_LINKS = re.compile(r'<li><a href="#([a-z_-]+)">([^<]+)</a></li>')
ABOUT_YOU = {"name": "Sam Public", "email": "sam.public@example.com", "phone": "", "victim": "yes"}


class FormFields(HTMLParser):
    """What a browser sends of a page's form as it stands: hidden fields, the text in text
    boxes, checked radios (buttons are added by the press)."""

    def __init__(self) -> None:
        super().__init__()
        self.fields: dict[str, str] = {}
        self._textarea: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = {name: value or "" for name, value in attrs}
        name = found.get("name", "")
        if tag == "textarea":
            self._textarea = name
            self.fields[name] = ""
        elif tag == "input" and name and (found.get("type") != "radio" or "checked" in found):
            self.fields[name] = found.get("value", "")

    def handle_data(self, data: str) -> None:
        if self._textarea:
            self.fields[self._textarea] += data

    def handle_endtag(self, tag: str) -> None:
        if tag == "textarea":
            self._textarea = None


def form_fields(page: str) -> dict[str, str]:
    parser = FormFields()
    parser.feed(page)
    return parser.fields


class Visitor:
    """Someone going through the pages: each press posts the page's form with what they typed."""

    def __init__(self, session: aiohttp.ClientSession, url: str) -> None:
        self.session, self.url = session, f"{url}questions"
        self.page, self.status = "", 0

    @property
    def heading(self) -> str:
        found = H1.search(self.page)
        return found[1].strip() if found else ""

    async def start(self) -> None:
        async with self.session.get(self.url) as response:
            self.status, self.page = response.status, await response.text()

    async def press(self, button: str = "continue", **typed: str) -> str:
        data = {**form_fields(self.page), **typed, "go": button}
        async with self.session.post(self.url, data=data) as response:
            self.status, self.page = response.status, await response.text()
        return self.heading


@pytest.fixture(scope="module")
async def form_url(stack: Stack) -> AsyncIterator[str]:
    async with serving_online_reports(stack.settings) as url:
        yield url


@pytest.fixture
async def visitor(form_url: str) -> AsyncIterator[Visitor]:
    async with aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=60)) as session:
        yield Visitor(session, form_url)


def when_answers(question_id: str = "when") -> dict[str, str]:
    day = date_answers(YESTERDAY)
    parts = {f"q-{question_id}-{part}": day[f"date_{part}"] for part in ("day", "month", "year")}
    return {**parts, f"q-{question_id}-time": "21:30"}


async def to_check_your_answers(visitor: Visitor) -> None:
    """A bike stolen yesterday evening, answered page by page up to check your answers."""
    await visitor.start()
    assert await visitor.press(incident_type="theft") == "What was stolen, and from where?"
    assert await visitor.press(**{"q-what_kind": "cycle"}) == "When did it happen, or between what times?"
    asked_next = await visitor.press(**when_answers())
    assert asked_next == "Is the person who took it still there, or close by, now?", (
        "a cycle: no robbery asked"
    )
    described = await visitor.press(**{"q-offender_still_there": "no"})
    assert described.startswith("Can you describe who took it")
    assert (await visitor.press()).startswith("Is there any CCTV")  # left blank: not known
    assert (
        await visitor.press(**{"q-cctv": "A camera over the library door"})
        == "Did anyone see it happen? Who?"
    )
    assert "serial number" in await visitor.press()
    assert "vulnerable" in await visitor.press(**{"q-property_serial": "Frame number WTU123456"})
    assert await visitor.press(**{"q-vulnerability": "none"}) == "About you"
    assert await visitor.press(**ABOUT_YOU) == "What happened"
    assert (
        await visitor.press(what_happened="My bike went from the rack.\r\nThe lock was cut.")
        == "Where it happened"
    )
    heading = await visitor.press(location="Central Library, Calverley Street, Leeds", postcode="ls1 3ab")
    assert heading == "Check your answers before sending your report"


async def test_the_first_page_offers_the_public_types_and_warns_to_call_999(visitor: Visitor) -> None:
    await visitor.start()
    assert visitor.status == 200 and visitor.heading == "What are you reporting?"
    assert 'value="theft"' in visitor.page and 'value="criminal_damage"' in visitor.page
    assert 'value="domestic_abuse"' not in visitor.page and 'value="missing_person"' not in visitor.page
    assert "In an emergency, call 999" in visitor.page
    assert 'href="/">Tell us in your own words</a>' in visitor.page
    assert "back-link" not in visitor.page, "the first page has nowhere to go back to"
    assert await visitor.press() == "What are you reporting?" and visitor.status == 400
    assert ERROR_LINKS.findall(visitor.page) == [("incident_type", "Select what you are reporting")]
    assert "<title>Error: What are you reporting?" in visitor.page


async def test_a_theft_reported_by_its_questions_is_classified_from_the_answers(
    stack: Stack, visitor: Visitor
) -> None:
    await visitor.start()
    await visitor.press(incident_type="theft")
    assert "From the person means from their hand" in visitor.page, "the question's help is its hint"
    assert await visitor.press() == "What was stolen, and from where?" and visitor.status == 400
    assert ERROR_LINKS.findall(visitor.page) == [("q-what_kind", "Select the answer that fits best")]
    await visitor.press(**{"q-what_kind": "cycle"})
    tomorrow = {"q-when-day": "1", "q-when-month": "1", "q-when-year": "2999", "q-when-time": "9pm"}
    await visitor.press(**tomorrow)
    assert visitor.status == 400
    assert ERROR_LINKS.findall(visitor.page)[0][0] == "q-when-day"
    assert 'value="2999"' in visitor.page, "what was typed is shown again"
    assert await visitor.press("back") == "What was stolen, and from where?"
    assert 'value="cycle" checked' in visitor.page

    await to_check_your_answers(visitor)
    assert "A pedal cycle" in visitor.page and "A camera over the library door" in visitor.page
    assert "Not answered" in visitor.page and "Did they use force" not in visitor.page
    assert await visitor.press("back") == "Where it happened"
    await visitor.press()
    # Changing what was stolen opens the robbery question, asked before coming back to check.
    assert await visitor.press("change:q:what_kind") == "What was stolen, and from where?"
    asked = await visitor.press(**{"q-what_kind": "from_person"})
    assert asked == "Did they use force, or threaten force, to take it?"
    assert await visitor.press(**{"q-force_used": "no"}) == "Check your answers before sending your report"

    await visitor.press("send")
    sent = REFERENCE.search(visitor.page)
    assert visitor.status == 200 and sent is not None, visitor.page
    case = await awaiting_verification(stack, sent[1])
    assert case.contact.channel == common_pb2.CHANNEL_ONLINE
    guided = case.contact.guided
    assert (guided.incident_type_id, guided.answers["what_kind"].choice) == ("theft", "from_person")
    assert guided.answers["force_used"].yes_no and "suspect_description" not in guided.answers
    assert case.crime.offence_code == "39", case.crime
    assert case.contact.occurred_at.ToDatetime(UTC) == london_time(YESTERDAY, time(21, 30))
    assert case.contact.what_happened == "My bike went from the rack.\nThe lock was cut."
    assert [gap.question_id for gap in guided.unanswered_mandatory] == ["suspect_description", "witness"]


async def test_an_answer_that_it_is_happening_now_says_to_call_999_first(visitor: Visitor) -> None:
    await visitor.start()
    await visitor.press(incident_type="theft")
    await visitor.press(**{"q-what_kind": "cycle"})
    await visitor.press(**when_answers())
    assert await visitor.press(**{"q-offender_still_there": "yes"}) == "Call 999 now"
    assert "textphone 18000" in visitor.page
    assert (await visitor.press("onward")).startswith("Can you describe who took it")
    assert await visitor.press("back") == "Is the person who took it still there, or close by, now?"
    assert 'value="yes" checked' in visitor.page


async def test_the_pages_keep_the_forms_protections(stack: Stack, form_url: str, visitor: Visitor) -> None:
    await to_check_your_answers(visitor)
    token = form_fields(visitor.page)["form_token"]
    request_id = token.partition(".")[0]
    forged = {
        **form_fields(visitor.page),
        "form_token": token.replace("online-", "online-0", 1),
        "go": "send",
    }
    async with visitor.session.post(visitor.url, data=forged) as response:
        page = await response.text()
        assert response.status == 400 and "This form was open for too long" in page
        assert 'name="form_token" value="' + token not in page
    async with visitor.session.post(
        visitor.url, data=forged, headers={"Sec-Fetch-Site": "cross-site"}
    ) as response:
        assert response.status == 403 and "sent from another website" in await response.text()
    assert count_rows(stack.settings, "intake", "contacts", request_id=request_id) == 0

    sending = {**form_fields(visitor.page), "go": "send"}
    sending["form_token"] = token
    first, second = await asyncio.gather(
        visitor.session.post(visitor.url, data=sending), visitor.session.post(visitor.url, data=sending)
    )
    pages = [await first.text(), await second.text()]
    references = {found[1] for page in pages if (found := REFERENCE.search(page))}
    assert (first.status, second.status) == (200, 200) and len(references) == 1
    assert count_rows(stack.settings, "intake", "contacts", request_id=request_id) == 1
    assert (
        first.headers["Cache-Control"] == "no-store"
        and "script-src" not in first.headers["Content-Security-Policy"]
    )
