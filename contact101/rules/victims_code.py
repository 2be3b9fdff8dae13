"""The Victims' Code rule file (victims_code.yaml): day counts, consent, enhanced rights and needs.

Shared reference data: intake counts a new case's Victims' Code deadlines from it, and
safeguarding refers victims by it. Sources are cited in the file.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from contact101.rules.rule_files import RuleFileError, load_rule_file, require
from contact101.v1 import common_pb2, crime_decision_pb2, safeguarding_pb2

VICTIMS_CODE_FILE = Path(__file__).with_name("victims_code.yaml")


@dataclass(frozen=True)
class Reasons:
    """A reason for each of the crime's categories (its enhanced-rights category for enhanced
    rights, its family for the needs assessment), offence code, crime flag or vulnerability
    flag, and for bereavement."""

    categories: dict[str, str]
    offence_codes: dict[str, str]
    crime_flags: dict[str, str]
    vulnerability_flags: dict[str, str]
    bereaved_relative: str

    def found(
        self,
        contact: common_pb2.ContactDetails,
        crime: crime_decision_pb2.CrimeDecision,
        risk: safeguarding_pb2.RiskAssessment,
        category: str,
    ) -> list[str]:
        reasons = [self.categories.get(category, ""), self.offence_codes.get(crime.offence_code, "")]
        reasons += [self.crime_flags.get(flag, "") for flag in crime.flags]
        reasons += self.of_vulnerabilities(risk.vulnerability_flags)
        if contact.bereaved_relative:
            reasons.append(self.bereaved_relative)
        return list(dict.fromkeys(reason for reason in reasons if reason))

    def of_vulnerabilities(self, flags: Iterable[str]) -> list[str]:
        """The reasons the assessed vulnerability flags give, in order."""
        return list(
            dict.fromkeys(
                self.vulnerability_flags[flag] for flag in flags if flag in self.vulnerability_flags
            )
        )


def _reasons(data: dict[str, Any], where: str) -> Reasons:
    def table(key: str) -> dict[str, str]:
        entries = data.get(key, {})
        if not isinstance(entries, dict):
            raise RuleFileError(f"{where}: {key}: must map names to reasons")
        return {str(name): str(text) for name, text in entries.items()}

    return Reasons(
        table("categories"),
        table("offence_codes"),
        table("crime_flags"),
        table("vulnerability_flags"),
        require(data, "bereaved_relative", str, where),
    )


@dataclass(frozen=True)
class VictimsCodeRules:
    version: str
    referral_days: int
    update_days: dict[str, int]
    notice_days: dict[str, int]
    explicit_crime_flags: frozenset[str]
    explicit_for_bereaved: bool
    refer_without_recorded_crime: frozenset[str]
    enhanced: Reasons
    default_need: str
    needs: Reasons


def load_victims_code_rules(path: Path) -> VictimsCodeRules:
    rules = load_rule_file(path)
    where = str(path)
    updates = rules.get("update_within_working_days", dict)
    notices = rules.get("not_investigated_notice_within_working_days", dict)
    explicit = rules.get("explicit_consent", dict)
    needs = rules.get("needs", dict)
    return VictimsCodeRules(
        version=rules.version,
        referral_days=rules.get("referral_within_working_days", int),
        update_days={
            kind: require(updates, kind, int, f"{where}: update") for kind in ("standard", "enhanced")
        },
        notice_days={
            kind: require(notices, kind, int, f"{where}: notice") for kind in ("standard", "enhanced")
        },
        explicit_crime_flags=frozenset(explicit.get("crime_flags", [])),
        explicit_for_bereaved=require(explicit, "bereaved_relative", bool, f"{where}: explicit_consent"),
        refer_without_recorded_crime=frozenset(rules.get("refer_without_recorded_crime", list)),
        enhanced=_reasons(rules.get("enhanced_rights", dict), f"{where}: enhanced_rights"),
        default_need=require(needs, "default", str, f"{where}: needs"),
        needs=_reasons(needs, f"{where}: needs"),
    )


@cache
def victims_code_rules() -> VictimsCodeRules:
    return load_victims_code_rules(VICTIMS_CODE_FILE)
