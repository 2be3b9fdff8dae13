"""What browser tests check on every page a person sees: axe-core's WCAG 2.2 AA rules, sideways
scrolling, and the keystrokes a task took."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from playwright.async_api import Page

AXE = Path(__file__).resolve().parent / "vendor" / "axe-core-4.14.1.min.js"
WCAG_22_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]


async def accessibility_violations(page: Page) -> list[str]:
    """axe-core's violations of WCAG 2.2 A and AA on the page as it is now, one line each
    (the page's context must bypass its CSP, which admits no script of the test's)."""
    if not await page.evaluate("typeof window.axe !== 'undefined'"):
        await page.add_script_tag(path=AXE)
    violations = await page.evaluate(
        "async tags => (await axe.run(document, {runOnly: {type: 'tag', values: tags}})).violations"
        ".map(v => `${v.id}: ${v.help} (${v.nodes.map(n => n.target.join(' ')).join(', ')})`)",
        WCAG_22_AA,
    )
    return list(violations)


async def no_sideways_scrolling(page: Page) -> bool:
    return bool(await page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"))


async def focused_id(page: Page) -> str:
    return str(await page.evaluate("document.activeElement ? document.activeElement.id : ''"))


@dataclass
class Keyboard:
    """A person's keyboard on a page, counting each key they press."""

    page: Page
    keystrokes: int = 0

    async def type(self, text: str) -> None:
        await self.page.keyboard.type(text)
        self.keystrokes += len(text)

    async def press(self, key: str, times: int = 1) -> None:
        for _ in range(times):
            await self.page.keyboard.press(key)
        self.keystrokes += times
