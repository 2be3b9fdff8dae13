"""A key ring: the key new material is protected with, and every key that may still open it, by id.

Payload encryption and the services' signed assertions both rotate their keys this way: a new
key and id are set, and the old ones stay among the previous keys until nothing uses them.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Generic, TypeVar

from pydantic import SecretStr

K = TypeVar("K")


@dataclass(frozen=True)
class KeyRing(Generic[K]):
    current_id: str
    by_id: Mapping[str, K]

    @classmethod
    def of(
        cls,
        current_id: str,
        current: SecretStr,
        previous: Mapping[str, SecretStr],
        key_from: Callable[[str], K],
    ) -> KeyRing[K]:
        """The ring of the configured secrets, each made into a key by key_from."""
        keys = {key_id: key_from(secret.get_secret_value()) for key_id, secret in previous.items()}
        keys[current_id] = key_from(current.get_secret_value())
        return cls(current_id=current_id, by_id=keys)
