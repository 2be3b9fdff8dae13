"""The NCRS crime-recording decision as a pure function of the captured contact.

Record a crime when, on the balance of probability, the circumstances as reported amount
to a crime in law and there is no credible evidence to the contrary; give reasons for
every decision, and above all for not recording one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from contact101.v1 import common_pb2

RULE_VERSION = "ncrs-2026.1"


@dataclass(frozen=True)
class Offence:
    code: str
    name: str
    notifiable: bool
    pattern: re.Pattern[str]


OFFENCES = (
    Offence(
        "28E", "Burglary - residential", True, re.compile(r"\bburgl|\bbroke into\b|\bbroken into\b", re.I)
    ),
    Offence(
        "8N", "Assault with injury", True, re.compile(r"\bassault|\bpunched\b|\bhit me\b|\battacked\b", re.I)
    ),
    Offence(
        "45", "Theft from a vehicle", True, re.compile(r"\bfrom (my|the|his|her) (car|van|vehicle)\b", re.I)
    ),
    Offence("49", "Other theft", True, re.compile(r"\bstole|\bstolen\b|\btheft\b|\bnicked\b", re.I)),
    Offence("58", "Criminal damage", True, re.compile(r"\bdamage|\bsmashed\b|\bvandal|\bgraffiti\b", re.I)),
)
NO_OFFENCE_CODE = "NONE"


@dataclass(frozen=True)
class Decision:
    recorded: bool
    offence_code: str
    offence_name: str
    notifiable: bool
    reason: str
    rule_version: str = RULE_VERSION


def decide(contact: common_pb2.ContactDetails) -> Decision:
    """The recording decision for what the caller reported."""
    for offence in OFFENCES:
        match = offence.pattern.search(contact.what_happened)
        if match:
            return Decision(
                recorded=True,
                offence_code=offence.code,
                offence_name=offence.name,
                notifiable=offence.notifiable,
                reason=(
                    f"on the balance of probability the account ('{match.group(0)}') amounts to "
                    f"{offence.name.lower()}, with no credible evidence to the contrary"
                ),
            )
    return Decision(
        recorded=False,
        offence_code=NO_OFFENCE_CODE,
        offence_name="No notifiable offence",
        notifiable=False,
        reason="the circumstances as reported do not amount to a notifiable offence",
    )
