"""Safeguarding referrals from the THRIVE triggers: MARAC, MASH (child or adult), the
neighbourhood team and welfare checks. Which trigger makes which referral: rules/referrals.yaml."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path

from contact101.rules.rule_files import load_rule_file, require, require_names
from contact101.v1 import safeguarding_pb2
from services.safeguarding.thrive_rules import TRIGGERS

REFERRALS_FILE = Path(__file__).with_name("rules") / "referrals.yaml"
KINDS = frozenset(
    name.removeprefix("SAFEGUARDING_REFERRAL_KIND_")
    for name, value in safeguarding_pb2.SafeguardingReferralKind.items()
    if value
)


@dataclass(frozen=True)
class ReferralRule:
    kind: str
    to: str
    when: tuple[str, ...]


@dataclass(frozen=True)
class ReferralRules:
    version: str
    rules: tuple[ReferralRule, ...]


def load_referral_rules(path: Path) -> ReferralRules:
    data = load_rule_file(path)
    where = f"{path}: referrals"
    referrals = data.get("referrals", dict)
    require_names(list(referrals), KINDS, where)
    return ReferralRules(
        data.version,
        tuple(
            ReferralRule(
                kind,
                require(entry, "to", str, f"{where}.{kind}"),
                require_names(entry.get("when", []), TRIGGERS, f"{where}.{kind}.when"),
            )
            for kind, entry in referrals.items()
        ),
    )


@cache
def referral_rules() -> ReferralRules:
    return load_referral_rules(REFERRALS_FILE)


def safeguarding_referrals(
    triggers: dict[str, str], rules: ReferralRules | None = None
) -> list[safeguarding_pb2.SafeguardingReferral]:
    """The referrals the triggers call for, each with the triggers that made it as its reason."""
    rules = rules or referral_rules()
    made = []
    for rule in rules.rules:
        reasons = [triggers[name] for name in rule.when if name in triggers]
        if reasons:
            made.append(
                safeguarding_pb2.SafeguardingReferral(
                    kind=safeguarding_pb2.SafeguardingReferralKind.Value(
                        f"SAFEGUARDING_REFERRAL_KIND_{rule.kind}"
                    ),
                    to=rule.to,
                    reason="; ".join(reasons),
                    rule_version=rules.version,
                )
            )
    return made
