"""Hate strands: the grounds of hostility a contact names, shared by the crime and risk decisions."""

from __future__ import annotations

from contact101.v1 import common_pb2


def strand_names(contact: common_pb2.ContactDetails) -> list[str]:
    """The contact's hate strands as RACE, RELIGION, ..., each once, in the order given."""
    names = (
        common_pb2.HateStrand.Name(strand).removeprefix("HATE_STRAND_") for strand in contact.hate_strands
    )
    return list(dict.fromkeys(names))
