"""Whose crimes a contact reports: the one definition of who the victims are (a name of only
spaces names nobody), one label per victim, and the label of a crime against society."""

from __future__ import annotations

from contact101.v1 import common_pb2

NO_INDIVIDUAL_VICTIM = "no individual victim"


def principal_victim(contact: common_pb2.ContactDetails) -> common_pb2.Person | None:
    """The caller when they are the victim, else the victim the contact names, else nobody."""
    if contact.caller_is_victim:
        return contact.caller
    return contact.victim if contact.victim.name.strip() else None


def has_victim(contact: common_pb2.ContactDetails) -> bool:
    """Whether the contact has a principal victim: the caller, or a named victim."""
    return principal_victim(contact) is not None


def victims(contact: common_pb2.ContactDetails) -> list[common_pb2.Person]:
    """Every victim the contact is about: the principal victim, if any, and the others."""
    principal = principal_victim(contact)
    return ([principal] if principal is not None else []) + list(contact.other_victims)


def victim_labels(contact: common_pb2.ContactDetails) -> list[str]:
    """Whose crimes these are, one label per victim (no names: they stay in the contact)."""
    labels = []
    if contact.caller_is_victim:
        labels.append("caller")
    elif has_victim(contact):
        labels.append("victim")
    labels.extend(f"other victim {index}" for index, _ in enumerate(contact.other_victims, start=1))
    if contact.organisation_victim.strip():
        labels.append("organisation")
    return labels
