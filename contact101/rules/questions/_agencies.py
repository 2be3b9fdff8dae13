"""The directory of agencies and advice an information request is resolved from, or a contact
redirected to (agencies.yaml): name, what they deal with, how to contact them, when."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path

from contact101.rules.rule_files import RuleFileError, load_rule_file, require
from contact101.v1 import questions_pb2

AGENCIES_FILE = Path(__file__).with_name("agencies.yaml")
FIELDS = ("name", "when_to_redirect", "phone", "website", "hours", "advice", "source")


@dataclass(frozen=True)
class AgencyDirectory:
    version: str
    agencies: dict[str, questions_pb2.Agency]

    def as_message(self) -> questions_pb2.ListAgenciesResponse:
        return questions_pb2.ListAgenciesResponse(version=self.version, agencies=list(self.agencies.values()))


def load_agencies(path: Path) -> AgencyDirectory:
    rules = load_rule_file(path)
    agencies: dict[str, questions_pb2.Agency] = {}
    for index, entry in enumerate(rules.get("agencies", list)):
        where = f"{path}: agencies[{index}]"
        if not isinstance(entry, dict):
            raise RuleFileError(f"{where}: must be a mapping")
        agency_id = require(entry, "id", str, where)
        if agency_id in agencies:
            raise RuleFileError(f"{where}.id: {agency_id} is listed twice")
        values = {
            name: require(entry, name, str, where) for name in ("name", "when_to_redirect", "hours", "source")
        }
        if not entry.get("phone") and not entry.get("website"):
            raise RuleFileError(f"{where}: needs a phone or a website")
        agencies[agency_id] = questions_pb2.Agency(
            id=agency_id,
            phone=str(entry.get("phone", "")),
            website=str(entry.get("website", "")),
            advice=str(entry.get("advice", "")),
            **values,
        )
    return AgencyDirectory(rules.version, agencies)


@cache
def agency_directory() -> AgencyDirectory:
    return load_agencies(AGENCIES_FILE)
