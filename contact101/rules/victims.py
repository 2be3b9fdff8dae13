"""Whose crimes a contact reports: one label per victim, and the label of a crime against society."""

from __future__ import annotations

from contact101.v1 import common_pb2

NO_INDIVIDUAL_VICTIM = "no individual victim"


def victim_labels(contact: common_pb2.ContactDetails) -> list[str]:
    """Whose crimes these are, one label per victim (no names: they stay in the contact)."""
    labels = []
    if contact.caller_is_victim:
        labels.append("caller")
    elif contact.victim.name.strip():
        labels.append("victim")
    labels.extend(f"other victim {index}" for index, _ in enumerate(contact.other_victims, start=1))
    if contact.organisation_victim.strip():
        labels.append("organisation")
    return labels
