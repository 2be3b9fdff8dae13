"""The online-report form in real headless Chromium, in front of the real stack: a member of the
public fills it in with a mouse, a keyboard alone or a phone, and the case workflow gets the report.

Screenshots of what they saw are saved in data/screenshots/ (online-report-*.png).
"""

from __future__ import annotations

import re
from collections.abc import AsyncIterator

import pytest
from playwright.async_api import Browser, Page, ViewportSize, expect

from services.intake.online_reports.intake_submission import ONLINE_REPORT_ACTOR
from tests.browser import chromium, screenshot_path, tab_to
from tests.cases import awaiting_verification
from tests.online_reports import (
    TOMORROW,
    bike_theft,
    bike_theft_contact,
    date_answers,
    serving_online_reports,
)
from tests.stack import Stack

REFERENCE = re.compile(r"101-[0-9]{8}-[0-9]+")
# Labels as the page shows them, for the text answers of tests.online_reports.bike_theft.
LABELS = {
    "name": "Full name",
    "email": "Email address",
    "phone": "Phone number",
    "what_happened": "What happened?",
    "location": "Where did it happen?",
    "postcode": "Postcode of where it happened (optional)",
    "date_day": "Day",
    "date_month": "Month",
    "date_year": "Year",
    "time": "What time did it happen?",
}
VICTIM = {"yes": "Yes, it happened to me", "no": "No, it happened to someone else, or I saw it happen"}
PHONE_SCREEN = ViewportSize(width=320, height=640)  # the narrowest screen WCAG's reflow rule asks for
TOUCH_TARGET = 44  # CSS pixels


@pytest.fixture(scope="module")
async def form_url(stack: Stack) -> AsyncIterator[str]:
    async with serving_online_reports(stack.settings) as url:
        yield url


@pytest.fixture(scope="module")
async def browser() -> AsyncIterator[Browser]:
    async with chromium() as running:
        yield running


@pytest.fixture
async def page(browser: Browser, form_url: str) -> AsyncIterator[Page]:
    context = await browser.new_context(viewport={"width": 1024, "height": 768})
    opened = await context.new_page()
    await opened.goto(form_url)
    yield opened
    await context.close()


async def fill_in(page: Page, answers: dict[str, str]) -> None:
    """Type the answers by the labels a person reads, and choose the victim answer."""
    for control, label in LABELS.items():
        await page.get_by_label(label, exact=True).fill(answers[control])
    if answers["victim"]:
        await page.get_by_label(VICTIM[answers["victim"]]).check()


async def no_sideways_scrolling(page: Page) -> bool:
    return bool(await page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"))


async def test_a_report_sent_online_opens_a_case_with_what_was_typed(stack: Stack, page: Page) -> None:
    await expect(page.get_by_role("heading", level=1)).to_have_text("Report a crime or incident")
    await expect(page.get_by_role("heading", name="In an emergency, call 999")).to_be_visible()
    await fill_in(page, bike_theft())
    await page.screenshot(path=screenshot_path("online-report-form"), full_page=True)

    await page.get_by_role("button", name="Send report").click()

    await expect(page.get_by_role("heading", level=1)).to_have_text("Report sent")
    await expect(page.get_by_role("heading", name="What happens next")).to_be_visible()
    reference = await page.locator(".reference").text_content()
    assert reference is not None and REFERENCE.fullmatch(reference)
    await page.screenshot(path=screenshot_path("online-report-sent"), full_page=True)

    case = await awaiting_verification(stack, reference)
    assert case.contact == bike_theft_contact()
    assert case.officer_id == ONLINE_REPORT_ACTOR
    created = case.history[0]
    assert (created.action, created.actor_id, created.detail) == (
        "create",
        ONLINE_REPORT_ACTOR,
        "contact received by online",
    )


async def test_problems_are_summarised_at_the_top_and_each_leads_to_its_question(page: Page) -> None:
    answers = bike_theft(email="sam@", victim="", what_happened="", postcode="nowhere")
    await fill_in(page, {**answers, **date_answers(TOMORROW)})
    await page.get_by_role("button", name="Send report").click()

    await expect(page).to_have_title("Error: Report a crime or incident")
    summary = page.get_by_role("alert").filter(has=page.get_by_role("heading", name="There is a problem"))
    await expect(summary).to_be_focused()
    await page.screenshot(path=screenshot_path("online-report-problems"), full_page=True)
    problems = {
        "Your email address must be an email address": page.get_by_label("Email address"),
        "Select yes if it happened to you": page.get_by_label(VICTIM["yes"]),
        "Tell us what happened": page.get_by_label("What happened?"),
        "The postcode must be a UK postcode such as SW1A 1AA": page.get_by_label(LABELS["postcode"]),
        "The date and time it happened must not be in the future": page.get_by_label("Day"),
    }
    await expect(summary.get_by_role("link")).to_have_text(list(problems))
    for message, control in problems.items():
        await summary.get_by_role("link", name=message).click()
        await expect(control).to_be_focused()
    for label in ("Email address", "What happened?"):
        await expect(page.get_by_label(label)).to_have_accessible_description(re.compile("Error: "))
    await expect(page.get_by_label("Full name")).to_have_value("Sam Public")
    await expect(page.get_by_label("Email address")).to_have_value("sam@")
    await expect(page.get_by_label(LABELS["postcode"])).to_have_value("nowhere")


async def test_a_report_can_be_filled_in_and_sent_with_the_keyboard_alone(page: Page) -> None:
    answers = bike_theft(victim="no", email="")
    await tab_to(page, "a.skip-link")
    for control in ("name", "email", "phone"):
        await tab_to(page, f"#{control}")
        await page.keyboard.type(answers[control])
    await tab_to(page, "#victim")
    await page.keyboard.press("ArrowDown")  # moves to and selects the next answer, "No"
    for control in ("what_happened", "location", "postcode", "date_day", "date_month", "date_year", "time"):
        await tab_to(page, f"#{control}")
        await page.keyboard.type(answers[control])
    await tab_to(page, "button[type=submit]")
    await page.keyboard.press("Enter")

    await expect(page.get_by_role("heading", level=1)).to_have_text("Report sent")
    await expect(page.locator(".reference")).to_have_text(REFERENCE)


async def test_on_a_phone_the_form_fits_the_screen_with_large_touch_targets(
    browser: Browser, form_url: str
) -> None:
    context = await browser.new_context(viewport=PHONE_SCREEN, is_mobile=True, has_touch=True)
    try:
        page = await context.new_page()
        await page.goto(form_url)
        assert await no_sideways_scrolling(page)
        await page.screenshot(path=screenshot_path("online-report-phone"), full_page=True)
        for control in [*LABELS.values(), VICTIM["yes"]]:
            box = await page.get_by_label(control, exact=True).bounding_box()
            assert box is not None and box["height"] >= TOUCH_TARGET, control
        send = await page.get_by_role("button", name="Send report").bounding_box()
        assert send is not None and send["height"] >= TOUCH_TARGET
        assert send["width"] > PHONE_SCREEN["width"] / 2, "the button spans the screen"

        await page.get_by_role("button", name="Send report").tap()
        await expect(page.get_by_role("heading", name="There is a problem")).to_be_visible()
        assert await no_sideways_scrolling(page)
        await page.screenshot(path=screenshot_path("online-report-phone-problems"), full_page=True)
    finally:
        await context.close()
