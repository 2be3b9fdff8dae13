"""The force's domestic abuse risk tool (DASH, or DARA): its question ids, thresholds and version,
from domestic_abuse_tool.yaml. Intake checks answers against its ids; safeguarding scores them."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from contact101.rules.rule_files import RuleFileError, load_rule_file, require

TOOL_FILE = Path(__file__).with_name("domestic_abuse_tool.yaml")
QUESTION_ID = re.compile(r"[a-z][a-z0-9_]{0,63}", re.ASCII)


@dataclass(frozen=True)
class RiskTool:
    version: str
    name: str
    high_from: int
    medium_from: int
    questions: dict[str, str]  # question id → the question as asked, in the tool's order


def load_risk_tool(path: Path) -> RiskTool:
    rules = load_rule_file(path)
    where = f"{path}: questions"
    questions: dict[str, str] = {}
    for index, entry in enumerate(rules.get("questions", list)):
        if not isinstance(entry, dict):
            raise RuleFileError(f"{where}[{index}]: must be a mapping with id and text")
        question_id = require(entry, "id", str, f"{where}[{index}]")
        if not QUESTION_ID.fullmatch(question_id) or question_id in questions:
            raise RuleFileError(f"{where}[{index}].id: must be a new lower-case id such as injury")
        questions[question_id] = require(entry, "text", str, f"{where}[{index}]")
    high_from, medium_from = rules.get("high_from", int), rules.get("medium_from", int)
    if not 0 < medium_from < high_from <= len(questions):
        raise RuleFileError(
            f"{path}: medium_from and high_from: need 0 < medium_from < high_from <= {len(questions)}"
        )
    return RiskTool(rules.version, rules.get("tool", str), high_from, medium_from, questions)


@cache
def risk_tool() -> RiskTool:
    return load_risk_tool(TOOL_FILE)
