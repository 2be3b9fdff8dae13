"""Real headless Chromium for tests (Debian's `chromium`, driven by Playwright; never a download).

`.ci/run` installs Chromium when it is missing, so in CI a missing browser fails the tests;
on a developer's machine without it they are skipped, saying how to get it.
"""

from __future__ import annotations

import os
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

import pytest
from playwright.async_api import Browser, Page, async_playwright

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGUMENTS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
# Pictures of the pages the tests saw, to look at (data/ is not committed).
SCREENSHOTS = Path(__file__).resolve().parent.parent / "data" / "screenshots"


@asynccontextmanager
async def chromium() -> AsyncIterator[Browser]:
    """Chromium with a fresh temporary profile, closed afterwards."""
    if not CHROMIUM.exists() and not os.environ.get("CI"):
        pytest.skip(f"no {CHROMIUM}: `apt-get install chromium` (.ci/run does) to run the browser tests")
    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGUMENTS)
        try:
            yield browser
        finally:
            await browser.close()


def screenshot_path(name: str) -> Path:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    return SCREENSHOTS / f"{name}.png"


async def tab_to(page: Page, selector: str, most: int = 15) -> None:
    """Press Tab until the control matching selector has the focus."""
    for _ in range(most):
        await page.keyboard.press("Tab")
        if await page.evaluate("s => document.activeElement.matches(s)", selector):
            return
    raise AssertionError(f"{selector} was not reached with {most} presses of Tab")
