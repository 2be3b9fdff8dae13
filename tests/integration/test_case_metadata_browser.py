"""Operators read cases in the Temporal UI that ships with the project (the dev server's), in
real headless Chromium: each case's workflow carries a summary and current details in plain
words (status, grade, next deadline, team) and no personal data. Like every payload, they are
encrypted by the payload codec, so the UI shows them once the operator has signed in through
the codec server; so does the answer to the case query on the UI's Queries tab.

Screenshots in data/screenshots/ (case-details-*.png).
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from playwright.async_api import Browser, Page, expect
from temporalio.api.sdk.v1 import WorkflowMetadata

from contact101.rpc.auth import issue_token
from contact101.temporal.codec_server import start
from contact101.v1 import case_pb2, common_pb2
from deploy.process_stack import free_port
from tests.browser import chromium, screenshot_path
from tests.cases import awaiting_verification
from tests.stack import Stack, create_request, phone_theft, running_stack, start_temporal
from workflows.case_details import current_details

CALLER = "Ottoline Braithwaite-Nkemelu"
PHONE = "07700 900456"
SEEN = 30_000  # ms the UI gets to load a workflow and decode it (a busy machine is slow)


@dataclass(frozen=True)
class UiStack:
    stack: Stack
    ui: str
    codec: str
    case: case_pb2.CaseView


@pytest.fixture(scope="module")
async def ui_stack(tmp_path_factory: pytest.TempPathFactory) -> AsyncIterator[UiStack]:
    """A dev server with its UI pointed at a codec server, the services and a worker on it, and
    one case awaiting verification."""
    ui_port, codec_port = free_port(), free_port()
    ui, codec = f"http://localhost:{ui_port}", f"http://localhost:{codec_port}"
    environment = await start_temporal(ui_port=ui_port, ui_codec_endpoint=codec)
    try:
        data_dir = Path(tmp_path_factory.mktemp("ui-details"))
        async with running_stack(environment.client, data_dir, codec_cors_origins=[ui]) as stack:
            codec_server = await start(stack.settings, f"127.0.0.1:{codec_port}")
            try:
                caller = common_pb2.Person(name=CALLER, phone=PHONE)
                created = await stack.intake("pc.ui").CreateContact(
                    create_request(phone_theft(caller=caller))
                )
                case = await awaiting_verification(stack, created.reference)
                yield UiStack(stack, ui, codec, case)
            finally:
                await codec_server.stop()
    finally:
        await environment.shutdown()


@pytest.fixture(scope="module")
async def browser() -> AsyncIterator[Browser]:
    async with chromium() as running:
        yield running


@pytest.fixture
async def page(browser: Browser) -> AsyncIterator[Page]:
    context = await browser.new_context(viewport={"width": 1280, "height": 1000})
    try:
        yield await context.new_page()
    finally:
        await context.close()


async def sign_in_through_the_codec_server(page: Page, ui_stack: UiStack) -> None:
    """What the README asks of an operator: the UI's codec endpoint with cross-origin
    credentials, then signing in on the codec server's page."""
    await page.goto(f"{ui_stack.ui}/namespaces/default/workflows")
    await page.get_by_test_id("data-encoder-status-configured").click()
    await page.get_by_test_id("use-local-endpoint-input").check(force=True)
    await page.locator("#data-encoder-endpoint-input").fill(ui_stack.codec)
    await page.locator("label").filter(has_text="Include cross-origin credentials").click()
    await page.locator('#data-encoder-settings >> [data-testid="confirm-modal-button"]').click()
    await page.goto(ui_stack.codec + "/")
    token = issue_token(ui_stack.stack.settings, "ops.browser", "operator")
    await page.get_by_label("Your Contact101 token").fill(token)
    await page.get_by_role("button", name="Sign in").click()
    await expect(page.get_by_role("heading", name="Signed in")).to_be_visible()


async def test_the_case_details_are_plain_words_without_personal_data_and_encrypted_at_rest(
    ui_stack: UiStack,
) -> None:
    handle = ui_stack.stack.temporal.get_workflow_handle(ui_stack.case.reference)
    metadata = await handle.query("__temporal_workflow_metadata", result_type=WorkflowMetadata)
    details = metadata.current_details
    assert details == current_details(ui_stack.case)
    assert "**Status:** awaiting verification" in details
    assert "**Grade:** scheduled" in details
    assert "**Next deadline:** " in details and "UTC" in details
    described = await handle.describe()
    assert await described.static_summary() == f"101 case {ui_stack.case.reference}, received by phone"
    for personal in (CALLER, PHONE, ui_stack.case.contact.what_happened[:30]):
        assert personal not in details
    stored = described.raw_description.execution_config.user_metadata.summary
    assert stored.metadata["encoding"] == b"binary/encrypted", "the summary is a payload like any other"
    assert b"101 case" not in stored.data


async def test_an_operator_finds_the_cases_grade_and_deadline_on_its_page(
    page: Page, ui_stack: UiStack
) -> None:
    await sign_in_through_the_codec_server(page, ui_stack)
    await page.goto(f"{ui_stack.ui}/namespaces/default/workflows/{ui_stack.case.reference}")
    await page.get_by_role("tab", name="User Metadata").click()
    # The UI renders the summary and the current details (markdown) each in a frame of its own.
    summary, details = (page.locator("#content iframe").nth(n).content_frame for n in (0, 1))
    await expect(summary.get_by_text(f"101 case {ui_stack.case.reference}")).to_be_visible(timeout=SEEN)
    await expect(details.get_by_text("Grade:")).to_be_visible(timeout=SEEN)
    await expect(details.get_by_text("scheduled")).to_be_visible()
    deadline = current_details(ui_stack.case).split("**Next deadline:** ")[1].split(" (")[0]
    await expect(details.get_by_text(deadline)).to_be_visible()
    assert await details.get_by_text(CALLER).count() == 0
    await page.screenshot(path=screenshot_path("case-details-signed-in"), full_page=True)


async def test_the_case_query_answers_on_the_queries_tab_for_an_operator_signed_in(
    page: Page, ui_stack: UiStack
) -> None:
    await sign_in_through_the_codec_server(page, ui_stack)
    await page.goto(f"{ui_stack.ui}/namespaces/default/workflows/{ui_stack.case.reference}")
    await page.get_by_role("tab", name="Queries").click()
    await expect(page.get_by_role("textbox", name="Query Type")).to_have_value("case", timeout=SEEN)
    await page.get_by_role("button", name="Run Query").click()
    result = page.get_by_role("textbox", name="Query Result")
    # The case view itself, decoded by the codec server (which records the read), as JSON; the
    # editor shows its first lines.
    await expect(result).to_contain_text('"name": "crime_decision"', timeout=SEEN)
    await expect(result).to_contain_text(CALLER)
    await page.screenshot(path=screenshot_path("case-query-signed-in"), full_page=True)
