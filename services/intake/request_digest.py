"""The digest of what a CreateContact request asks: who sent it and the contact, canonically."""

from __future__ import annotations

import hashlib

from contact101.v1 import common_pb2


def request_digest(officer_id: str, contact: common_pb2.ContactDetails) -> str:
    """SHA-256 of the sender and the contact's deterministic protobuf serialization: a retry of
    the same request has the same digest, anything else sent under its request id has another."""
    digest = hashlib.sha256(officer_id.encode())
    digest.update(b"\0")
    digest.update(contact.SerializeToString(deterministic=True))
    return digest.hexdigest()
