"""Incident types suggested from a caller's words: each set's keywords found in the words,
ranked by how much of the words they explain, with the words that matched as written. For the
officer to confirm; nothing is decided from them."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from contact101.rules.questions._question_sets import QuestionSetRules
from contact101.v1 import questions_pb2


@dataclass(frozen=True)
class Suggestion:
    rules: QuestionSetRules
    score: float
    matched_words: tuple[str, ...]

    def as_message(self) -> questions_pb2.IncidentTypeSuggestion:
        return questions_pb2.IncidentTypeSuggestion(
            incident_type=self.rules.incident_type, score=self.score, matched_words=self.matched_words
        )


def keyword_pattern(keyword: str) -> re.Pattern[str]:
    """A keyword's words in order, whatever the spacing and punctuation between them; a
    trailing * matches any ending (stol* matches stole and stolen)."""
    words = [re.escape(word.rstrip("*")) + (r"\w*" if word.endswith("*") else "") for word in keyword.split()]
    return re.compile(r"\b" + r"[\W_]+".join(words) + r"\b", re.IGNORECASE)


def suggest_incident_types(
    words: str, question_sets: Iterable[QuestionSetRules], limit: int = 5
) -> list[Suggestion]:
    """The incident types whose keywords the words contain, best first: a longer keyword counts
    for more than a short one; ties go to the order the sets are listed in."""
    suggestions: list[Suggestion] = []
    for rules in question_sets:
        matched: list[tuple[int, str]] = []
        score = 0.0
        for keyword in rules.keywords:
            for match in keyword_pattern(keyword).finditer(words):
                if all(match.start() != start for start, _text in matched):
                    matched.append((match.start(), match.group(0)))
                    score += len(keyword.split())
        if matched:
            in_order = tuple(dict.fromkeys(text for _start, text in sorted(matched)))
            suggestions.append(Suggestion(rules, score, in_order))
    ranked = sorted(enumerate(suggestions), key=lambda item: (-item[1].score, item[0]))
    return [suggestion for _index, suggestion in ranked[:limit]]
