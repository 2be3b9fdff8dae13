"""The online report that asks a question set: what the public has typed so far (carried from
page to page in the form itself, so no page needs a session or JavaScript), the pages it asks
in order given the answers so far (a question only when its conditions hold), and each page's
problems.

The pages: what you are reporting (the incident types offered to the public), the set's
questions one per page, about you, what happened, where, then check your answers."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, tzinfo

from contact101.rules.questions import QuestionCatalogue, QuestionSetRules, answer_value, is_asked
from contact101.v1 import common_pb2, questions_pb2
from services.intake.online_reports.guided_answers import ReadAnswer, control_names, read_answer
from services.intake.online_reports.report_form import QUESTIONS, ReadReport, read_report

# What the public may report online, in the order offered. The rest need a conversation: a
# risk to someone (domestic abuse, stalking, sexual offences, a missing person, concern for
# someone's welfare), intelligence (drugs: Crimestoppers), or an answer rather than a report
# (information requests): the first page says to call 101, or 999.
PUBLIC_INCIDENT_TYPES = (
    "theft",
    "burglary",
    "vehicle_crime",
    "criminal_damage",
    "anti_social_behaviour",
    "hate",
    "fraud",
    "road_incident",
    "lost_found_property",
)
TYPE_PAGE, CHECK_PAGE, QUESTION_PAGE = "type", "check", "q:"
# The pages about the person and the incident after the set's questions, each with the
# questions of the report form it asks.
DETAIL_PAGES = {
    "about": ("name", "email", "phone", "victim"),
    "what": ("what_happened",),
    "where": ("location", "postcode"),
}
DETAIL_CONTROLS = tuple(control for controls in DETAIL_PAGES.values() for control in controls)
STATE_CONTROLS = ("incident_type", "seen", "returning")
INCIDENT_TYPE_MISSING = "Select what you are reporting"
# Facts an answer may set that make it an emergency: the public is told to call 999 now.
EMERGENCY_FACTS = frozenset(
    f"risk_indicators.{name}"
    for name in ("in_progress", "suspect_on_scene", "threat_to_life", "serious_injury")
)
PAGE_NAME = re.compile(r"(type|check|about|what|where|q:[a-z][a-z0-9_]{0,63})", re.ASCII)


@dataclass(frozen=True)
class AskedQuestion:
    question: questions_pb2.Question
    read: ReadAnswer

    @property
    def page(self) -> str:
        return QUESTION_PAGE + self.question.id


class GuidedReport:
    """What has been typed so far into the pages of a report by incident type."""

    def __init__(
        self, typed: Mapping[str, str], catalogue: QuestionCatalogue, now: datetime, zone: tzinfo
    ) -> None:
        self.now, self.zone = now, zone
        chosen = typed.get("incident_type", "")
        self.question_set: QuestionSetRules | None = (
            next((rules for rules in catalogue.current.values() if rules.incident_type.id == chosen), None)
            if chosen in PUBLIC_INCIDENT_TYPES
            else None
        )
        names = [*STATE_CONTROLS, *DETAIL_CONTROLS]
        if self.question_set is not None:
            names += [
                name for question in self.question_set.message.questions for name in control_names(question)
            ]
        self.typed = {name: typed.get(name, "") for name in names}

    @property
    def seen(self) -> list[str]:
        return self.typed["seen"].split()

    def asked(self) -> list[AskedQuestion]:
        """The set's questions that apply, in order, given the answers before each."""
        if self.question_set is None:
            return []
        answers: dict[str, questions_pb2.Answer] = {}
        asked: list[AskedQuestion] = []
        for question in self.question_set.questions.values():
            if not is_asked(question, answers):
                continue
            read = read_answer(question.message, self.typed, self.now, self.zone)
            if read.answer is not None:
                answers[question.id] = read.answer
            asked.append(AskedQuestion(question.message, read))
        return asked

    def pages(self) -> list[str]:
        return [TYPE_PAGE, *(asked.page for asked in self.asked()), *DETAIL_PAGES, CHECK_PAGE]

    def question(self, page: str) -> AskedQuestion | None:
        return next((asked for asked in self.asked() if asked.page == page), None)

    def errors(self, page: str) -> dict[str, str]:
        """The problems with a page's answers: control name (the one the error links to) → message."""
        if page == TYPE_PAGE:
            return {} if self.question_set is not None else {"incident_type": INCIDENT_TYPE_MISSING}
        if page in DETAIL_PAGES:
            problems = self.details().errors
            return {
                QUESTIONS[name].control: problems[name] for name in DETAIL_PAGES[page] if name in problems
            }
        asked = self.question(page)
        if asked is not None and asked.read.error:
            return {control_names(asked.question)[0]: asked.read.error}
        return {}

    def is_emergency(self, page: str) -> bool:
        """Whether the answer on page says it is happening now or someone is in danger."""
        asked = self.question(page)
        if asked is None or asked.read.answer is None or self.question_set is None:
            return False
        value = answer_value(asked.read.answer) or ""
        facts = self.question_set.questions[asked.question.id].sets.get(value, ())
        return any(path in EMERGENCY_FACTS and fact is True for path, fact in facts)

    def first_page_with_errors(self) -> str | None:
        return next((page for page in self.pages() if self.errors(page)), None)

    def details(self) -> ReadReport:
        """The person and the incident as the detail pages give them (the set asks when)."""
        return read_report(self.typed, self.now, self.zone, ask_when=False)

    def contact(self) -> common_pb2.ContactDetails:
        """The contact to send: dated when it is sent, unless an answer says when it happened."""
        contact = self.details().contact
        contact.occurred_at.FromDatetime(self.now)
        return contact

    def answers(self) -> list[questions_pb2.Answer]:
        """The answers to the questions asked; those left blank, and those an answer changed
        later rules out, are not sent."""
        return [asked.read.answer for asked in self.asked() if asked.read.answer is not None]

    def controls_of(self, page: str) -> list[str]:
        if page in DETAIL_PAGES:
            return list(DETAIL_PAGES[page])
        if page == TYPE_PAGE:
            return ["incident_type"]
        asked = self.question(page)
        return control_names(asked.question) if asked is not None else []

    def next_page(self, page: str) -> str:
        """After page: the next one in order, or (changing an answer from check your answers)
        the first page not yet seen, else back to check your answers."""
        pages = self.pages()
        if self.typed["returning"]:
            return next((later for later in pages if later not in self.seen), CHECK_PAGE)
        return pages[min(pages.index(page) + 1, len(pages) - 1)] if page in pages else TYPE_PAGE

    def previous_page(self, page: str) -> str:
        pages = self.pages()
        return pages[max(pages.index(page) - 1, 0)] if page in pages else TYPE_PAGE
