"""The text of an HTML email, for a message that comes without a plain-text part."""

from __future__ import annotations

import re
from html.parser import HTMLParser

# Elements whose start or end begins a new line of text.
BLOCKS = frozenset(
    {"address", "article", "blockquote", "br", "dd", "div", "dl", "dt", "footer", "header", "hr"}
    | {"h1", "h2", "h3", "h4", "h5", "h6", "li", "ol", "p", "pre", "section", "table", "td", "th", "tr", "ul"}
)
HIDDEN = frozenset({"head", "script", "style", "template", "title"})
SPACES = re.compile(r"[ \t\r\f\v\xa0]+")


class _TextCollector(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.pieces: list[str] = []
        self._hidden_depth = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in HIDDEN:
            self._hidden_depth += 1
        elif tag in BLOCKS:
            self.pieces.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in HIDDEN:
            self._hidden_depth = max(self._hidden_depth - 1, 0)
        elif tag in BLOCKS:
            self.pieces.append("\n")

    def handle_data(self, data: str) -> None:
        if not self._hidden_depth:
            self.pieces.append(data)


def html_to_text(html: str) -> str:
    """The visible text of html: one line per block, runs of spaces and blank lines collapsed."""
    collector = _TextCollector()
    collector.feed(html)
    collector.close()
    lines = (SPACES.sub(" ", line).strip() for line in "".join(collector.pieces).split("\n"))
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()
