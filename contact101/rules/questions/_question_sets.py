"""Question sets as versioned data: one YAML file per incident type under sets/ (the current
version) and sets/previous/ (versions contacts were answered under before), loaded and checked
at start-up so a malformed set stops the service with the file, the key and the problem named."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from contact101.rules.dash_questions import risk_tool
from contact101.rules.questions._answer_targets import Target, target
from contact101.rules.questions._fact_paths import FactPathError, set_fact
from contact101.rules.rule_files import RuleFileError, load_rule_file, require
from contact101.v1 import common_pb2, questions_pb2

SETS_FOLDER = Path(__file__).with_name("sets")
# Questions several sets ask alike, kept once: a set lists `- include: NAME` among its questions
# for shared/NAME.yaml, or `- include: risk_tool` for the force's domestic abuse risk tool.
SHARED_FOLDER = "shared"
RISK_TOOL = "risk_tool"
RISK_CHOICES = (("yes", "Yes"), ("no", "No"), ("declined", "Declined to answer"))
QUESTION_ID = re.compile(r"[a-z][a-z0-9_]{0,63}", re.ASCII)
YES_NO_VALUES = ("yes", "no", "unknown")
ANSWER_TYPES = {
    name.removeprefix("ANSWER_TYPE_").lower(): number
    for name, number in questions_pb2.AnswerType.items()
    if number
}
ADVICE_KINDS = {
    name.removeprefix("ADVICE_KIND_").lower(): number
    for name, number in questions_pb2.AdviceKind.items()
    if number
}
Facts = tuple[tuple[str, Any], ...]
QUESTION_KEYS = frozenset(
    {"id", "text", "help", "type", "choices", "ask_if", "sets", "into", "mandatory_line_of_enquiry",
     "advice", "effect", "source", "min", "max"}
)  # fmt: skip
ADVICE_KEYS = frozenset({"kind", "text", "on_answers", "source"})
# A label with a comma in a flow mapping must be quoted: unquoted, the comma ends it and the
# rest reads as a key, which this refuses.
CHOICE_KEYS = frozenset({"id", "label"})
SET_KEYS = frozenset(
    {"version", "id", "title", "incident_type", "agencies", "facts", "questions", "contradictions"}
)
INCIDENT_TYPE_KEYS = frozenset({"id", "title", "family", "description", "keywords"})


@dataclass(frozen=True)
class GuidedQuestion:
    """A question as the set asks it (message) and what its answers mean."""

    message: questions_pb2.Question
    sets: Mapping[str, Facts]  # answer value (yes, no, unknown, a choice id) → facts it sets
    into: Target | None = None  # where a valued answer goes
    minimum: float | None = None
    maximum: float | None = None
    asks_risk_tool: bool = False  # one of the domestic abuse risk tool's questions (into: risk:ID)

    @property
    def id(self) -> str:
        return self.message.id

    @property
    def answer_type(self) -> questions_pb2.AnswerType.ValueType:
        return self.message.answer_type

    def values(self) -> tuple[str, ...]:
        """The values a yes/no or choice answer may take."""
        if self.answer_type == questions_pb2.ANSWER_TYPE_YES_NO:
            return YES_NO_VALUES
        return tuple(choice.id for choice in self.message.choices)


@dataclass(frozen=True)
class Contradiction:
    """Answers that cannot all be true: each question id with the values that clash."""

    answers: Mapping[str, tuple[str, ...]]
    problem: str


@dataclass(frozen=True)
class QuestionSetRules:
    """A question set: what the officer asks (message, as clients see it), the facts the
    incident type itself sets, and what each answer means."""

    message: questions_pb2.QuestionSet
    incident_type: questions_pb2.IncidentType
    facts: Facts
    questions: Mapping[str, GuidedQuestion]  # in the order asked
    contradictions: tuple[Contradiction, ...] = ()
    keywords: tuple[str, ...] = ()  # words in a caller's account that suggest the incident type

    @property
    def id(self) -> str:
        return self.message.id

    @property
    def version(self) -> str:
        return self.message.version


@dataclass(frozen=True)
class QuestionCatalogue:
    """Every question set, current and previous, by id and version."""

    current: Mapping[str, QuestionSetRules]
    versions: Mapping[tuple[str, str], QuestionSetRules] = field(default_factory=dict)

    def find(self, set_id: str, version: str = "") -> QuestionSetRules | None:
        """The set at version (the current one when version is empty); None when unknown."""
        if not version:
            return self.current.get(set_id)
        return self.versions.get((set_id, version))

    def incident_types(self) -> list[questions_pb2.IncidentType]:
        return [rules.incident_type for rules in self.current.values()]


def load_question_set(path: Path) -> QuestionSetRules:
    rules = load_rule_file(path)
    where = str(path)
    _known_keys(dict(rules.data), SET_KEYS, where)
    set_id = _identifier(rules.get("id", str), f"{where}: id")
    type_entry = rules.get("incident_type", dict)
    _known_keys(type_entry, INCIDENT_TYPE_KEYS, f"{where}: incident_type")
    incident_type = questions_pb2.IncidentType(
        id=_identifier(
            require(type_entry, "id", str, f"{where}: incident_type"), f"{where}: incident_type.id"
        ),
        title=require(type_entry, "title", str, f"{where}: incident_type"),
        family=require(type_entry, "family", str, f"{where}: incident_type"),
        description=require(type_entry, "description", str, f"{where}: incident_type"),
        question_set_id=set_id,
        question_set_version=rules.version,
    )
    keywords = tuple(_strings(type_entry.get("keywords", []), f"{where}: incident_type.keywords"))
    facts = _facts(rules.data.get("facts", {}), f"{where}: facts")
    questions: dict[str, GuidedQuestion] = {}
    for entry, entry_where in _with_includes(rules.get("questions", list), path):
        question = _question(entry, entry_where, questions)
        questions[question.id] = question
    contradictions = tuple(
        _contradiction(entry, f"{where}: contradictions[{index}]", questions)
        for index, entry in enumerate(rules.data.get("contradictions", []))
    )
    message = questions_pb2.QuestionSet(
        id=set_id,
        version=rules.version,
        title=require(rules.data, "title", str, where),
        incident_type_id=incident_type.id,
        questions=[question.message for question in questions.values()],
        agency_ids=_strings(rules.data.get("agencies", []), f"{where}: agencies"),
    )
    return QuestionSetRules(message, incident_type, facts, questions, contradictions, keywords)


def _with_includes(entries: list[Any], path: Path) -> list[tuple[Any, str]]:
    """The set's question entries, with each `include` replaced by the questions it names."""
    expanded: list[tuple[Any, str]] = []
    for index, entry in enumerate(entries):
        where = f"{path}: questions[{index}]"
        if not (isinstance(entry, dict) and set(entry) == {"include"}):
            expanded.append((entry, where))
        elif entry["include"] == RISK_TOOL:
            expanded.extend((entry, f"{where} (the risk tool)") for entry in _risk_tool_questions())
        else:
            shared = path.parent / SHARED_FOLDER / f"{entry['include']}.yaml"
            if not shared.is_file():
                raise RuleFileError(f"{where}.include: no shared questions {shared.name} in {shared.parent}")
            included = load_rule_file(shared).get("questions", list)
            expanded.extend((item, f"{shared}: questions[{number}]") for number, item in enumerate(included))
    return expanded


def _risk_tool_questions() -> list[dict[str, Any]]:
    """The force's domestic abuse risk tool (contact101/rules/domestic_abuse_tool.yaml), one
    choice of yes, no or declined per question, as `risk_<id>`; the tool's questions not asked
    are recorded as not asked."""
    tool = risk_tool()
    return [
        {
            "id": f"risk_{question_id}",
            "text": text,
            "help": f"{tool.name} question {number} of {len(tool.questions)} ({tool.version})",
            "type": "choice",
            "choices": [{"id": value, "label": label} for value, label in RISK_CHOICES],
            "into": f"risk:{question_id}",
            "source": f"{tool.name} risk checklist, contact101/rules/domestic_abuse_tool.yaml",
        }
        for number, (question_id, text) in enumerate(tool.questions.items(), start=1)
    ]


def _question(entry: Any, where: str, earlier: Mapping[str, GuidedQuestion]) -> GuidedQuestion:
    if not isinstance(entry, dict):
        raise RuleFileError(f"{where}: must be a mapping with id, text and type")
    _known_keys(entry, QUESTION_KEYS, where)
    question_id = _identifier(require(entry, "id", str, where), f"{where}.id")
    if question_id in earlier:
        raise RuleFileError(f"{where}.id: {question_id} is asked twice")
    type_name = require(entry, "type", str, where)
    if type_name not in ANSWER_TYPES:
        raise RuleFileError(f"{where}.type: must be one of {', '.join(ANSWER_TYPES)}")
    message = questions_pb2.Question(
        id=question_id,
        text=require(entry, "text", str, where),
        help=str(entry.get("help", "")),
        answer_type=ANSWER_TYPES[type_name],
        mandatory_line_of_enquiry=bool(entry.get("mandatory_line_of_enquiry", False)),
        effect=str(entry.get("effect", "")),
        source=str(entry.get("source", "")),
    )
    for index, choice in enumerate(entry.get("choices", [])):
        _known_keys(choice, CHOICE_KEYS, f"{where}.choices[{index}]")
        message.choices.add(
            id=_identifier(
                require(choice, "id", str, f"{where}.choices[{index}]"), f"{where}.choices[{index}].id"
            ),
            label=require(choice, "label", str, f"{where}.choices[{index}]"),
        )
    if (type_name == "choice") != bool(message.choices):
        raise RuleFileError(f"{where}.choices: a choice question, and only one, lists its choices")
    question = GuidedQuestion(message, {})
    allowed = set(question.values())
    for asked, values in dict(entry.get("ask_if", {})).items():
        condition_where = f"{where}.ask_if.{asked}"
        if asked not in earlier:
            raise RuleFileError(f"{condition_where}: must be a question asked before this one")
        any_of = _answer_words(values, condition_where)
        _known_values(any_of, set(earlier[asked].values()), condition_where)
        message.conditions.add(question_id=asked, any_of=any_of)
    sets: dict[str, Facts] = {}
    for value, value_facts in dict(entry.get("sets", {})).items():
        (word,) = _answer_words(value, f"{where}.sets")
        _known_values([word], allowed, f"{where}.sets")
        sets[word] = _facts(value_facts, f"{where}.sets.{word}")
    for index, advice in enumerate(entry.get("advice", [])):
        advice_where = f"{where}.advice[{index}]"
        kind = require(advice, "kind", str, advice_where)
        if kind not in ADVICE_KINDS:
            raise RuleFileError(f"{advice_where}.kind: must be one of {', '.join(ADVICE_KINDS)}")
        _known_keys(advice, ADVICE_KEYS, advice_where)
        on_answers = _answer_words(advice.get("on_answers", []), f"{advice_where}.on_answers")
        if allowed:
            _known_values(on_answers, allowed, f"{advice_where}.on_answers")
        message.advice.add(
            kind=ADVICE_KINDS[kind],
            text=require(advice, "text", str, advice_where),
            on_answers=on_answers,
            source=str(advice.get("source", "")),
        )
    into = None
    into_name = str(entry.get("into", ""))
    if "into" in entry:
        try:
            into = target(require(entry, "into", str, where), message.answer_type)
        except FactPathError as error:
            raise RuleFileError(f"{where}.into: {error.problem}") from None
    elif type_name not in ("yes_no", "choice", "number", "text"):
        raise RuleFileError(f"{where}.into: a {type_name} question must say where its answer goes")
    return GuidedQuestion(
        message,
        sets,
        into,
        _number(entry.get("min"), f"{where}.min"),
        _number(entry.get("max"), f"{where}.max"),
        asks_risk_tool=into_name.startswith("risk:"),
    )


def _contradiction(entry: Any, where: str, questions: Mapping[str, GuidedQuestion]) -> Contradiction:
    if not isinstance(entry, dict):
        raise RuleFileError(f"{where}: must be a mapping with answers and problem")
    answers: dict[str, tuple[str, ...]] = {}
    for question_id, values in dict(require(entry, "answers", dict, where)).items():
        if question_id not in questions:
            raise RuleFileError(f"{where}.answers.{question_id}: no such question in the set")
        listed = _answer_words(values, f"{where}.answers.{question_id}")
        _known_values(listed, set(questions[question_id].values()), f"{where}.answers.{question_id}")
        answers[question_id] = tuple(listed)
    if len(answers) < 2:
        raise RuleFileError(f"{where}.answers: a contradiction needs two questions or more")
    return Contradiction(answers, require(entry, "problem", str, where))


def _facts(entry: Any, where: str) -> Facts:
    if not isinstance(entry, dict):
        raise RuleFileError(f"{where}: must be a mapping of fact paths to values")
    facts = tuple((str(path), value) for path, value in entry.items())
    probe = common_pb2.ContactDetails()
    for path, value in facts:
        try:
            set_fact(probe, path, value)
        except FactPathError as error:
            raise RuleFileError(f"{where}.{path}: {error.problem}") from None
    return facts


def _identifier(value: str, where: str) -> str:
    if not QUESTION_ID.fullmatch(value):
        raise RuleFileError(f"{where}: must be a lower-case id such as taken_from_person")
    return value


def _known_keys(entry: dict[Any, Any], known: frozenset[str], where: str) -> None:
    """Every key of entry is one the loader reads (a bare `on:` or `yes:` key reads as true)."""
    unknown = sorted(str(key) for key in entry if key not in known)
    if unknown:
        raise RuleFileError(
            f"{where}: unknown key(s) {', '.join(unknown)}; known: {', '.join(sorted(known))}"
        )


def _answer_words(values: Any, where: str) -> list[str]:
    """Answer values as listed in YAML, where a bare yes or no reads as true or false."""
    listed = values if isinstance(values, list) else [values]
    return _strings([{True: "yes", False: "no"}.get(value, value) for value in listed], where)


def _strings(values: Any, where: str) -> list[str]:
    if not isinstance(values, list) or not all(isinstance(value, str) for value in values):
        raise RuleFileError(f"{where}: must be a list of text")
    return list(values)


def _known_values(values: list[str], allowed: set[str], where: str) -> None:
    unknown = sorted(set(values) - allowed)
    if unknown:
        raise RuleFileError(
            f"{where}: unknown answer(s) {', '.join(unknown)}; known: {', '.join(sorted(allowed))}"
        )


def _number(value: Any, where: str) -> float | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise RuleFileError(f"{where}: must be a number")
    return float(value)


def load_catalogue(folder: Path) -> QuestionCatalogue:
    """The sets in folder (current) and folder/previous (earlier versions)."""
    current: dict[str, QuestionSetRules] = {}
    versions: dict[tuple[str, str], QuestionSetRules] = {}
    for path in sorted(folder.glob("*.yaml")):
        rules = load_question_set(path)
        if rules.id in current:
            raise RuleFileError(
                f"{path}: id: {rules.id} is in two files; an earlier version goes in previous/"
            )
        current[rules.id] = rules
        versions[(rules.id, rules.version)] = rules
    for path in sorted((folder / "previous").glob("*.yaml")):
        rules = load_question_set(path)
        if (rules.id, rules.version) in versions:
            raise RuleFileError(f"{path}: version: {rules.id} {rules.version} is kept twice")
        versions[(rules.id, rules.version)] = rules
    types = [rules.incident_type.id for rules in current.values()]
    if len(set(types)) != len(types):
        raise RuleFileError(f"{folder}: every incident type needs a question set of its own")
    return QuestionCatalogue(current, versions)


@cache
def question_catalogue() -> QuestionCatalogue:
    return load_catalogue(SETS_FOLDER)
