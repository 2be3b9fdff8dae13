"""Finding what a caller's account says, in their words, without reading "nobody was hurt" as an injury.

Rule files list the cues as regular expressions; a cue counts only when none of the three
words before it, in the same clause, negates it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

NEGATIONS = frozenset({"no", "not", "nothing", "nobody", "never", "without", "none", "neither", "nor"})
CLAUSE_BREAK = re.compile(r"[.;:!?,\n]")
WORD = re.compile(r"[a-z']+")
NEGATION_WINDOW = 3


def compile_cues(patterns: Iterable[str]) -> tuple[re.Pattern[str], ...]:
    return tuple(re.compile(pattern, re.IGNORECASE) for pattern in patterns)


def is_negated(text: str, start: int) -> bool:
    """Whether one of the few words before text[start:] in its clause negates it."""
    clause = CLAUSE_BREAK.split(text[:start])[-1].lower()
    words = WORD.findall(clause)[-NEGATION_WINDOW:]
    return any(word in NEGATIONS or word.endswith("n't") for word in words)


def find_cue(patterns: Iterable[re.Pattern[str]], text: str) -> str | None:
    """The first words of text that a pattern matches, not negated; None when there are none."""
    for pattern in patterns:
        for match in pattern.finditer(text):
            if not is_negated(text, match.start()):
                return match.group(0)
    return None
