"""Local accounts for the desk's password sign-in: one JSON file of user ids, roles and Argon2id hashes.

For the embedded stack and small sites; a force signs in through its identity provider
(OpenID Connect) instead. `contact101 desk-user add` writes the file and the desk reads it at
each sign-in, so an account added or changed counts at once. Only hashes are stored
(argon2-cffi's defaults, RFC 9106's second recommendation), in a file only its owner can read.
"""

from __future__ import annotations

import json
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from contact101.rpc.auth import normalised_user_id
from contact101.rpc.edge_checks import is_identifier
from contact101.rpc.roles import PERSON_ROLES
from contact101.runtime.config import Settings

# The roles a person can hold; `service` is the system's own.
MIN_PASSWORD_LENGTH = 12
HASHER = PasswordHasher()
# Checked against when no account has the id given, so that a wrong id takes as long as a wrong password.
NOBODY_HASH = HASHER.hash("nobody has this account")


@dataclass(frozen=True)
class LocalAccount:
    user_id: str
    role: str


def accounts_file(settings: Settings) -> Path:
    return settings.desk_accounts_file or settings.data_dir / "desk-accounts.json"


def _read(path: Path) -> dict[str, dict[str, str]]:
    if not path.exists():
        return {}
    accounts: dict[str, dict[str, str]] = json.loads(path.read_text())["accounts"]
    return accounts


def _write(path: Path, accounts: dict[str, dict[str, str]]) -> None:
    """Replace the file whole (readers never see half of it), readable by its owner only."""
    path.parent.mkdir(parents=True, exist_ok=True)
    descriptor, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    try:
        with os.fdopen(descriptor, "w") as file:
            json.dump({"accounts": accounts}, file, indent=2, sort_keys=True)
        os.chmod(temporary, 0o600)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def save_account(path: Path, user_id: str, role: str, password: str) -> LocalAccount:
    """Add the account, or replace its role and password; ValueError says what is wrong."""
    if role not in PERSON_ROLES:
        raise ValueError(f"role must be one of {', '.join(PERSON_ROLES)}")
    if not is_identifier(user_id):
        raise ValueError(f"{user_id!r} is not a user id: letters, digits and . _ @ : + - only")
    if len(password) < MIN_PASSWORD_LENGTH:
        raise ValueError(f"the password must be at least {MIN_PASSWORD_LENGTH} characters")
    account = LocalAccount(normalised_user_id(user_id), role)
    accounts = _read(path)
    accounts[account.user_id] = {"role": role, "password_hash": HASHER.hash(password)}
    _write(path, accounts)
    return account


def remove_account(path: Path, user_id: str) -> bool:
    """Remove the account; False when there was none."""
    accounts = _read(path)
    if accounts.pop(normalised_user_id(user_id), None) is None:
        return False
    _write(path, accounts)
    return True


def list_accounts(path: Path) -> list[LocalAccount]:
    return [LocalAccount(user_id, entry["role"]) for user_id, entry in sorted(_read(path).items())]


def signed_in_account(path: Path, user_id: str, password: str) -> LocalAccount | None:
    """The account when user_id and password match one; None otherwise (never saying which was wrong)."""
    entry = _read(path).get(normalised_user_id(user_id))
    try:
        HASHER.verify(entry["password_hash"] if entry else NOBODY_HASH, password)
    except (VerificationError, InvalidHashError):
        return None
    if entry is None or entry["role"] not in PERSON_ROLES:
        return None
    return LocalAccount(normalised_user_id(user_id), entry["role"])
