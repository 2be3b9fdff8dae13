"""The online report by incident type in real headless Chromium, in front of the real stack
(issue 16 item 4): a member of the public answers the questions one page at a time with
JavaScript switched off, with a keyboard alone, and on a phone.

Screenshots of what they saw are saved in data/screenshots/ (online-questions-*.png)."""

from __future__ import annotations

import re
from collections.abc import AsyncIterator

import pytest
from playwright.async_api import Browser, BrowserContext, Page, ViewportSize, expect

from tests.browser import chromium, screenshot_path, tab_to
from tests.cases import awaiting_verification
from tests.online_reports import YESTERDAY, serving_online_reports
from tests.stack import Stack

REFERENCE = re.compile(r"101-[0-9]{8}-[0-9]+")
PHONE_SCREEN = ViewportSize(width=320, height=640)  # the narrowest screen WCAG's reflow rule asks for
TOUCH_TARGET = 44  # CSS pixels


@pytest.fixture(scope="module")
async def form_url(stack: Stack) -> AsyncIterator[str]:
    async with serving_online_reports(stack.settings) as url:
        yield f"{url}questions"


@pytest.fixture(scope="module")
async def browser() -> AsyncIterator[Browser]:
    async with chromium() as running:
        yield running


@pytest.fixture
async def without_javascript(browser: Browser) -> AsyncIterator[BrowserContext]:
    context = await browser.new_context(java_script_enabled=False, viewport={"width": 1024, "height": 768})
    yield context
    await context.close()


async def heading(page: Page, text: str) -> None:
    await expect(page.get_by_role("heading", level=1)).to_have_text(text)


async def next_page(page: Page) -> None:
    await page.get_by_role("button", name="Continue", exact=True).click()


async def answer_about_you(page: Page) -> None:
    await heading(page, "About you")
    await page.get_by_label("Full name").fill("Sam Public")
    await page.get_by_label("Email address").fill("sam.public@example.com")
    await page.get_by_label("Yes, it happened to me").check()
    await next_page(page)
    await heading(page, "What happened")
    await page.get_by_label("What happened?").fill("Someone scratched the bonnet and both doors.")
    await next_page(page)
    await heading(page, "Where it happened")
    await page.get_by_label("Where did it happen?").fill("Outside 12 Park Row, Leeds")
    await next_page(page)


async def test_damage_reported_by_its_questions_without_javascript(
    stack: Stack, without_javascript: BrowserContext, form_url: str
) -> None:
    page = await without_javascript.new_page()
    await page.goto(form_url)
    await heading(page, "What are you reporting?")
    await page.get_by_label("Criminal damage and arson").check()
    await next_page(page)
    await heading(page, "Was it damaged, set on fire, or only threatened?")
    await expect(page.get_by_role("button", name="Back")).to_be_visible()
    await page.get_by_label("Damaged", exact=True).check()
    await next_page(page)
    await page.get_by_label("A vehicle").check()
    await next_page(page)
    await heading(page, "When did it happen, or between what times?")
    await page.screenshot(path=screenshot_path("online-questions-when"), full_page=True)
    for label, value in (("Day", YESTERDAY.day), ("Month", YESTERDAY.month), ("Year", YESTERDAY.year)):
        await page.get_by_label(label, exact=True).fill(str(value))
    await page.get_by_label("Time (optional)").fill("23:15")
    await next_page(page)
    await heading(page, "Are they still there, or close by, now?")
    await page.get_by_label("No", exact=True).check()
    await next_page(page)
    await heading(page, "Have they said they will come back? When?")  # asked: they are not there
    await next_page(page)
    await heading(page, "Do you know, or can you describe, who did it?")
    await page.get_by_label("What they looked like").fill("A teenager in a grey hoodie")
    await next_page(page)
    await next_page(page)  # no camera they know of
    await next_page(page)  # nobody saw it
    await page.get_by_label("None that the caller knows of").check()
    await next_page(page)
    await answer_about_you(page)

    await heading(page, "Check your answers before sending your report")
    await page.screenshot(path=screenshot_path("online-questions-check"), full_page=True)
    await expect(page.get_by_text("A teenager in a grey hoodie")).to_be_visible()
    await page.get_by_role("button", name="Change what was damaged, or threatened?").click()
    await heading(page, "What was damaged, or threatened?")
    await expect(page.get_by_label("A vehicle")).to_be_checked()
    await page.get_by_label("A home").check()
    await next_page(page)
    await heading(page, "Check your answers before sending your report")
    await page.get_by_role("button", name="Send report").click()

    await heading(page, "Report sent")
    reference = await page.locator(".reference").text_content()
    assert reference is not None and REFERENCE.fullmatch(reference)
    case = await awaiting_verification(stack, reference)
    guided = case.contact.guided
    assert guided.incident_type_id == "criminal_damage"
    assert guided.answers["what_damaged"].choice == "home"
    assert guided.answers["suspect_description"].person.description == "A teenager in a grey hoodie"
    assert "coming_back" not in guided.answers and "life_endangered" not in guided.answers
    assert case.crime.offence_code == "58A", "damage to a dwelling, as changed"


async def test_the_questions_can_be_answered_with_the_keyboard_alone(browser: Browser, form_url: str) -> None:
    context = await browser.new_context(viewport={"width": 1024, "height": 768})
    try:
        page = await context.new_page()
        await page.goto(form_url)
        await page.get_by_role("button", name="Continue", exact=True).focus()
        await page.keyboard.press("Enter")
        await expect(page).to_have_title(re.compile("^Error: What are you reporting"))
        summary = page.get_by_role("alert").filter(has=page.get_by_role("heading", name="There is a problem"))
        await expect(summary).to_be_focused()
        await page.keyboard.press("Tab")
        await page.keyboard.press("Enter")  # the link "Select what you are reporting"
        await expect(page.get_by_label("Theft", exact=True)).to_be_focused()
        await page.keyboard.press("Space")
        await page.keyboard.press("Enter")  # the form's default button: Continue, not Back
        await heading(page, "What was stolen, and from where?")
        await tab_to(page, "button.back-link")  # past the skip link and the header's link
        await tab_to(page, "#q-what_kind")  # the first answer
        await page.keyboard.press("ArrowDown")  # moves to and selects the next answer
        await page.keyboard.press("Enter")
        await heading(page, "When did it happen, or between what times?")
        await page.get_by_role("button", name="Back").focus()
        await page.keyboard.press("Enter")
        await heading(page, "What was stolen, and from where?")
        await expect(page.get_by_label("From a shop or store")).to_be_checked()
    finally:
        await context.close()


async def test_on_a_phone_each_page_fits_the_screen_with_large_touch_targets(
    browser: Browser, form_url: str
) -> None:
    context = await browser.new_context(viewport=PHONE_SCREEN, is_mobile=True, has_touch=True)
    try:
        page = await context.new_page()
        await page.goto(form_url)
        await page.get_by_label("Burglary").tap()
        await page.get_by_role("button", name="Continue", exact=True).tap()
        await expect(page.get_by_role("heading", level=1)).not_to_have_text("What are you reporting?")
        assert await page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
        await page.screenshot(path=screenshot_path("online-questions-phone"), full_page=True)
        for button in ("Back", "Continue"):
            box = await page.get_by_role("button", name=button, exact=True).bounding_box()
            assert box is not None and box["height"] >= TOUCH_TARGET, button
        first_answer = await page.locator(".radio-input").first.bounding_box()
        assert first_answer is not None and first_answer["height"] >= TOUCH_TARGET
    finally:
        await context.close()
