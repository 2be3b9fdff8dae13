"""Fraud calls for service (fraud_calls_for_service.yaml): the captured facts that keep a fraud
with the force instead of redirecting it to the national fraud reporting service."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path

from contact101.rules.rule_files import RuleFileError, load_rule_file
from contact101.v1 import common_pb2

FRAUD_CALLS_FILE = Path(__file__).with_name("fraud_calls_for_service.yaml")
FRAUD_FACTS = frozenset(field.name for field in common_pb2.FraudCallForService.DESCRIPTOR.fields)
INDICATORS = frozenset(field.name for field in common_pb2.RiskIndicators.DESCRIPTOR.fields)


@dataclass(frozen=True)
class FraudCallRules:
    version: str
    criteria: dict[str, str]  # captured fact → how it reads in the reason


def load_fraud_call_rules(path: Path) -> FraudCallRules:
    rules = load_rule_file(path)
    criteria = rules.get("criteria", dict)
    unknown = sorted(set(criteria) - FRAUD_FACTS - INDICATORS)
    if unknown or not criteria:
        raise RuleFileError(f"{path}: criteria: unknown fact(s) {', '.join(unknown) or 'none given'}")
    return FraudCallRules(rules.version, {name: str(text) for name, text in criteria.items()})


@cache
def fraud_call_rules() -> FraudCallRules:
    return load_fraud_call_rules(FRAUD_CALLS_FILE)


def call_for_service(contact: common_pb2.ContactDetails, rules: FraudCallRules | None = None) -> list[str]:
    """The call-for-service criteria a fraud contact meets, as reasons; empty: redirect it."""
    rules = rules or fraud_call_rules()
    met = []
    for name, reason in rules.criteria.items():
        facts = contact.fraud if name in FRAUD_FACTS else contact.risk_indicators
        if getattr(facts, name):
            met.append(reason)
    return list(dict.fromkeys(met))
