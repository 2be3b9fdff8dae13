"""The officer's desk in real headless Chromium, in front of the real stack: an officer records a
call by keyboard alone; a supervisor in another browser context sees it arrive in the queue
without reloading, returns it, the officer amends it beside the reasons, the supervisor approves
it and sees it leave; refusals (self-verification, a case no longer awaiting) are shown in the
page in plain words; the same at 320 px; axe-core finds no WCAG 2.2 AA violation on any page.

Screenshots of what each person saw are saved in data/screenshots/ (desk-*.png).
"""

from __future__ import annotations

import re
import time
from collections.abc import AsyncIterator

import pytest
from playwright.async_api import Browser, Page, ViewportSize, expect

from contact101.v1 import case_pb2
from tests.browser import chromium, screenshot_path
from tests.browser_checks import Keyboard, accessibility_violations, focused_id, no_sideways_scrolling
from tests.cases import awaiting_verification, eventually_case
from tests.desk import PASSWORD, add_desk_user, desk_settings, serving_desk
from tests.stack import Stack

REFERENCE = re.compile(r"101-[0-9]{8}-[0-9]+")
DESK_SCREEN = ViewportSize(width=1280, height=900)
PHONE_SCREEN = ViewportSize(width=320, height=640)  # the narrowest screen WCAG's reflow rule asks for
PEOPLE = {
    "pc.keys": "contact_officer",
    "sgt.queue": "supervisor",
    "sgt.late": "supervisor",
    "pc.narrow": "contact_officer",
}
# A typical volume crime as the caller gives it, in the order of the call.
CALL = {
    "caller_name": "Alex Example",
    "caller_phone": "07700 900123",
    "what_happened": (
        "My phone was taken from my table at the cafe while I was paying at the counter. "
        "A man in a red hoodie picked it up and walked out towards the market."
    ),
    "location": "Cafe Nero, 12 Briggate, Leeds",
    "location_postcode": "LS1 6HD",
    "act": "theft",
    "premises": "shop",
    "suspect": "man in a red hoodie, about 20",
    "cctv": "the cafe has a camera over the counter",
}


@pytest.fixture(scope="module")
async def desk_url(stack: Stack) -> AsyncIterator[str]:
    settings = desk_settings(stack.settings)
    for user, role in PEOPLE.items():
        add_desk_user(settings, user, role)
    async with serving_desk(settings) as url:
        yield url


@pytest.fixture(scope="module")
async def browser() -> AsyncIterator[Browser]:
    async with chromium() as running:
        yield running


async def signed_in(browser: Browser, url: str, user: str, viewport: ViewportSize = DESK_SCREEN) -> Page:
    """A browser context of its own (axe is injected past the desk's CSP), signed in by keyboard."""
    context = await browser.new_context(viewport=viewport, bypass_csp=True, base_url=url)
    page = await context.new_page()
    await page.goto("/sign-in")
    assert await focused_id(page) == "user", "sign-in starts where the person types"
    await page.keyboard.type(user)
    await page.keyboard.press("Tab")
    await page.keyboard.type(PASSWORD)
    await page.keyboard.press("Enter")
    await expect(page.locator(".who")).to_contain_text(user)
    return page


async def accessible(page: Page, name: str) -> None:
    await page.screenshot(path=screenshot_path(f"desk-{name}"), full_page=True)
    assert await accessibility_violations(page) == [], name


async def record_the_call(page: Page) -> tuple[str, Keyboard, float]:
    """Capture CALL on the new-contact screen by keyboard alone: its reference, the keys pressed
    and the seconds taken."""
    keyboard = Keyboard(page)
    started = time.monotonic()
    await page.goto("/contacts/new")
    assert await focused_id(page) == "caller_name", "the screen starts where the officer types"
    await keyboard.type(CALL["caller_name"])
    await keyboard.press("Tab")
    await keyboard.type(CALL["caller_phone"])
    # Past what this caller does not give: date of birth, address, postcode, is the victim (yes),
    # the victim's name.
    await keyboard.press("Tab", times=6)
    assert await focused_id(page) == "what_happened"
    await keyboard.type(CALL["what_happened"])
    for control in ("location", "location_postcode"):
        await keyboard.press("Tab")
        await keyboard.type(CALL[control])
    await keyboard.press("Tab", times=2)  # when: now
    assert await focused_id(page) == "act"
    await keyboard.type(CALL["act"])  # a select chooses by the letters typed
    await keyboard.press("Tab")
    await keyboard.type(CALL["premises"])
    for control in ("suspect", "cctv"):
        await keyboard.press("Tab")
        await keyboard.type(CALL[control])
    await page.screenshot(path=screenshot_path("desk-new-contact"), full_page=True)
    await keyboard.press("Alt+s")
    reference_shown = page.locator(".reference")
    await expect(reference_shown).to_have_text(REFERENCE)
    seconds = time.monotonic() - started
    reference = await reference_shown.text_content()
    assert reference is not None
    return reference, keyboard, seconds


async def test_a_call_goes_from_the_officer_to_the_queue_and_back_and_leaves_it_approved(
    stack: Stack, browser: Browser, desk_url: str
) -> None:
    supervisor = await signed_in(browser, desk_url, "sgt.queue")
    officer = await signed_in(browser, desk_url, "pc.keys")
    late = supervisor
    try:
        await expect(supervisor).to_have_url(re.compile("/queue$"))
        await supervisor.evaluate("window.deskMarker = 'not reloaded'")
        await accessible(supervisor, "queue")

        await accessible(officer, "new-contact-empty")
        reference, keyboard, seconds = await record_the_call(officer)
        await accessible(officer, "contact-recorded")
        print(
            f"\nA volume crime by keyboard: {keyboard.keystrokes} keystrokes, {seconds:.1f} s in the browser"
        )
        assert keyboard.keystrokes < 600

        link = supervisor.get_by_role("link", name=reference)
        arrived = supervisor.locator("#queue-table").get_by_role("link", name=reference)
        await expect(arrived).to_be_visible(timeout=30_000)
        assert await supervisor.evaluate("window.deskMarker") == "not reloaded", "pushed, not reloaded"
        row = supervisor.locator("#queue-table tr", has=link)
        await expect(row).to_contain_text("pc.keys")
        await expect(row).to_contain_text(re.compile(r"\d+ (h|min).* left"))
        await accessible(supervisor, "queue-with-case")

        late = await signed_in(browser, desk_url, "sgt.late")
        await late.goto(f"/cases/{reference}")  # a second supervisor opens the same case
        watching = await late.context.new_page()  # and has the queue open beside it
        await watching.goto("/queue")
        await watching.evaluate("window.deskMarker = 'not reloaded'")

        await arrived.click()
        await expect(supervisor.get_by_role("heading", level=1)).to_have_text(f"Case {reference}")
        await accessible(supervisor, "case-to-verify")
        await supervisor.get_by_label("Reasons for returning it, one a line").fill(
            "Say which way the offender went from the market"
        )
        await supervisor.keyboard.press("Alt+r")
        await expect(supervisor.get_by_role("status")).to_contain_text("You returned the case")

        await officer.keyboard.press("Alt+m")
        mine = officer.locator("tr", has=officer.get_by_role("link", name=reference, exact=True))
        await expect(mine).to_contain_text("returned for rework")
        await accessible(officer, "my-cases")
        await mine.get_by_role("link", name="amend it").click()
        reasons = officer.get_by_role("complementary", name="Why it was returned")
        await expect(reasons).to_contain_text("Say which way the offender went from the market")
        assert await focused_id(officer) == "what_happened"
        await officer.keyboard.press("Control+End")
        await officer.keyboard.type(" He went down Kirkgate.")
        await officer.get_by_label("What you changed, and why").fill("Added where the offender went")
        await accessible(officer, "amend")
        await officer.keyboard.press("Alt+s")
        await expect(officer.get_by_role("status")).to_contain_text("Your amendment is saved")

        await supervisor.keyboard.press("Alt+q")
        again = supervisor.locator("#queue-table tr", has=supervisor.get_by_role("link", name=reference))
        await expect(again).to_contain_text("submission 2", timeout=30_000)
        await again.get_by_role("link", name=reference).click()
        changes = supervisor.get_by_role("table", name="Changed since the last review")
        await expect(changes).to_contain_text("He went down Kirkgate")
        await expect(
            watching.get_by_role("row", name=re.compile(f"{reference}.*submission 2"))
        ).to_be_visible()
        await supervisor.keyboard.press("Alt+a")
        await expect(supervisor.get_by_role("status")).to_contain_text("You approved the case")
        await expect(watching.get_by_role("link", name=reference)).to_have_count(0, timeout=30_000)
        assert await watching.evaluate("window.deskMarker") == "not reloaded", "it left without a reload"

        await late.keyboard.press("Alt+a")  # the page it opened before, when the case still awaited
        refusal = late.get_by_role("alert")
        await expect(refusal).to_contain_text("is not awaiting verification")
        await expect(refusal).to_contain_text("Nothing was changed")
        await expect(refusal).not_to_contain_text("CASE_STATUS")
        await late.screenshot(path=screenshot_path("desk-no-longer-awaiting"), full_page=True)

        case = await eventually_case(
            stack, reference, lambda case: case.verification.state != case_pb2.VERIFICATION_STATE_AWAITING
        )
        assert case.verification.state == case_pb2.VERIFICATION_STATE_APPROVED
        assert case.verification.supervisor_id == "sgt.queue"
    finally:
        for page in (supervisor, officer, late):
            await page.context.close()


async def test_a_supervisor_who_worked_on_a_case_is_refused_its_verification_in_the_page(
    stack: Stack, browser: Browser, desk_url: str
) -> None:
    officer = await signed_in(browser, desk_url, "pc.keys")
    supervisor = await signed_in(browser, desk_url, "sgt.late")
    try:
        reference, _keyboard, _seconds = await record_the_call(officer)
        await awaiting_verification(stack, reference)
        await supervisor.goto(f"/cases/{reference}")
        await supervisor.get_by_label("The new information").fill(
            "The caller rang back: the phone is insured"
        )
        await supervisor.keyboard.press("Alt+i")
        await expect(supervisor.get_by_role("status")).to_contain_text("The information is added")
        await eventually_case(
            stack, reference, lambda case: case.status == case_pb2.CASE_STATUS_AWAITING_VERIFICATION
        )
        await supervisor.goto(f"/cases/{reference}")
        await supervisor.keyboard.press("Alt+a")
        refusal = supervisor.get_by_role("alert")
        await expect(refusal).to_contain_text(f"You cannot verify case {reference}: you worked on it")
        await expect(refusal).to_contain_text("Nothing was changed")
        await expect(supervisor.locator(".summary")).to_contain_text("awaiting verification")
        await accessible(supervisor, "self-verification-refused")
        case = await awaiting_verification(stack, reference)
        assert case.verification.state == case_pb2.VERIFICATION_STATE_AWAITING
    finally:
        for page in (supervisor, officer):
            await page.context.close()


async def test_at_320_pixels_the_desk_fits_the_screen_and_still_records_a_call(
    browser: Browser, desk_url: str
) -> None:
    officer = await signed_in(browser, desk_url, "pc.narrow", PHONE_SCREEN)
    supervisor = await signed_in(browser, desk_url, "sgt.late", PHONE_SCREEN)
    try:
        await officer.goto("/contacts/new")
        assert await no_sideways_scrolling(officer)
        await accessible(officer, "new-contact-320")
        reference, _keyboard, _seconds = await record_the_call(officer)
        assert await no_sideways_scrolling(officer)
        await accessible(officer, "contact-recorded-320")

        await supervisor.goto("/queue")
        await expect(supervisor.get_by_role("link", name=reference)).to_be_visible(timeout=30_000)
        assert await no_sideways_scrolling(supervisor)
        await accessible(supervisor, "queue-320")
        await supervisor.get_by_role("link", name=reference).click()
        await expect(supervisor.get_by_role("heading", level=1)).to_have_text(f"Case {reference}")
        assert await no_sideways_scrolling(supervisor)
        await accessible(supervisor, "case-320")
    finally:
        for page in (supervisor, officer):
            await page.context.close()


async def test_a_page_sent_with_problems_summarises_them_and_leads_to_each(
    browser: Browser, desk_url: str
) -> None:
    officer = await signed_in(browser, desk_url, "pc.narrow")
    try:
        await officer.goto("/contacts/new")
        await officer.keyboard.press("Alt+s")
        summary = officer.get_by_role("alert").filter(
            has=officer.get_by_role("heading", name="There is a problem")
        )
        await expect(summary).to_be_focused()
        await expect(summary.get_by_role("link")).to_have_text(
            ["Enter the caller's name", "Enter what happened", "Enter where it happened"]
        )
        await summary.get_by_role("link", name="Enter what happened").click()
        await expect(officer.get_by_label("What happened, in the caller's words")).to_be_focused()
        await expect(
            officer.get_by_label("What happened, in the caller's words")
        ).to_have_accessible_description(re.compile("Error: Enter what happened"))
        await accessible(officer, "new-contact-problems")
    finally:
        await officer.context.close()
