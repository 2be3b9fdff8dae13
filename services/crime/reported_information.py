"""Information and intelligence (rules/report_types.yaml): a contact that is not a report of a
crime is passed to the team that uses it and is not recorded as the offence it suspects."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path

from contact101.rules.rule_files import load_rule_file, require_names
from contact101.v1 import common_pb2

REPORT_TYPES_FILE = Path(__file__).with_name("rules") / "report_types.yaml"
REPORT_TYPES = frozenset(
    name.removeprefix("REPORT_TYPE_") for name, value in common_pb2.ReportType.items() if value
)


@dataclass(frozen=True)
class ReportTypeRules:
    version: str
    routes: dict[str, str]  # report type that is not a crime report → who receives it


def load_report_type_rules(path: Path) -> ReportTypeRules:
    rules = load_rule_file(path)
    routes = rules.get("routes", dict)
    require_names(list(routes), REPORT_TYPES - {"CRIME_REPORT", "INCIDENT"}, f"{path}: routes")
    return ReportTypeRules(rules.version, {name: str(to) for name, to in routes.items()})


@cache
def report_type_rules() -> ReportTypeRules:
    return load_report_type_rules(REPORT_TYPES_FILE)


def passed_on_to(contact: common_pb2.ContactDetails, rules: ReportTypeRules | None = None) -> str | None:
    """Who receives a contact that is information or intelligence; None for a report of a crime."""
    rules = rules or report_type_rules()
    return rules.routes.get(common_pb2.ReportType.Name(contact.report_type).removeprefix("REPORT_TYPE_"))
