"""The force's domestic abuse risk tool (DASH, or DARA): its question ids, thresholds and version.

risk_tool_in_use.yaml chooses the tool; domestic_abuse_tool.yaml (DASH) and dara_tool.yaml
(DARA) hold each one's questions. Intake checks answers against the chosen tool's ids;
safeguarding scores them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from contact101.rules.rule_files import RuleFileError, load_rule_file, require

RULES = Path(__file__).parent
TOOL_FILE = RULES / "domestic_abuse_tool.yaml"
DARA_FILE = RULES / "dara_tool.yaml"
IN_USE_FILE = RULES / "risk_tool_in_use.yaml"
TOOL_FILES = {"dash": TOOL_FILE, "dara": DARA_FILE}
QUESTION_ID = re.compile(r"[a-z][a-z0-9_]{0,63}", re.ASCII)
NOT_CONFIRMED = "not_confirmed"


@dataclass(frozen=True)
class RiskTool:
    version: str
    name: str
    # The checklist levels by count of "yes" answers; None when the tool sets no count (DARA):
    # then its level is the officer's professional judgement alone.
    high_from: int | None
    medium_from: int | None
    questions: dict[str, str]  # question id → the question as asked, in the tool's order
    unconfirmed: frozenset[str] = frozenset()  # questions whose wording no source confirms


def load_risk_tool(path: Path) -> RiskTool:
    rules = load_rule_file(path)
    where = f"{path}: questions"
    cited = rules.data.get("sources", {})
    questions: dict[str, str] = {}
    unconfirmed: set[str] = set()
    for index, entry in enumerate(rules.get("questions", list)):
        if not isinstance(entry, dict):
            raise RuleFileError(f"{where}[{index}]: must be a mapping with id and text")
        question_id = require(entry, "id", str, f"{where}[{index}]")
        if not QUESTION_ID.fullmatch(question_id) or question_id in questions:
            raise RuleFileError(f"{where}[{index}].id: must be a new lower-case id such as injury")
        questions[question_id] = require(entry, "text", str, f"{where}[{index}]")
        if "source" in entry:
            source = require(entry, "source", dict, f"{where}[{index}]")
            ref = require(source, "ref", str, f"{where}[{index}].source")
            if ref not in cited:
                raise RuleFileError(f"{where}[{index}].source.ref: must be one of the file's sources")
            if ref == NOT_CONFIRMED:
                unconfirmed.add(question_id)
    high_from, medium_from = rules.data.get("high_from"), rules.data.get("medium_from")
    if high_from is not None or medium_from is not None:
        high_from, medium_from = rules.get("high_from", int), rules.get("medium_from", int)
        if not 0 < medium_from < high_from <= len(questions):
            raise RuleFileError(
                f"{path}: medium_from and high_from: need 0 < medium_from < high_from <= {len(questions)}"
            )
    return RiskTool(
        rules.version, rules.get("tool", str), high_from, medium_from, questions, frozenset(unconfirmed)
    )


def load_tool_in_use(path: Path) -> RiskTool:
    """The tool the file at path chooses, by name (dash or dara)."""
    rules = load_rule_file(path)
    name = rules.get("tool", str)
    if name not in TOOL_FILES:
        raise RuleFileError(f"{path}: tool: must be one of {', '.join(TOOL_FILES)}")
    return load_risk_tool(TOOL_FILES[name])


@cache
def risk_tool() -> RiskTool:
    return load_tool_in_use(IN_USE_FILE)
