"""The keys a person and a place are known by, normalised once for every use: the repeat-victim
checks (safeguarding) and finding a case when the caller has no reference (intake).

Only SHA-256 digests of the keys are stored and compared, so no table of keys holds names,
numbers or addresses. A key is "KIND:VALUE" before it is digested, so that a phone number
never matches a postcode.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata

from contact101.v1 import common_pb2

MIN_PHONE_DIGITS = 10


def digest(key: str) -> str:
    return hashlib.sha256(key.encode("utf-8")).hexdigest()


def normalise_name(name: str) -> str:
    """Lower case, accents and punctuation dropped, one space between words: "O'Neil, Seán" → "oneil sean"."""
    plain = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode("ascii").lower()
    return " ".join(re.sub(r"[^a-z ]", "", plain.replace("-", " ")).split())


def normalise_phone(phone: str) -> str:
    """UK numbers as dialled at home: "+44 (0)7700 900123" → "07700900123"; too short → ""."""
    digits = re.sub(r"\D", "", phone)
    if digits.startswith("44") and len(digits) > MIN_PHONE_DIGITS:
        digits = "0" + digits[2:].lstrip("0")
    return digits if len(digits) >= MIN_PHONE_DIGITS else ""


def normalise_postcode(postcode: str) -> str:
    """Spaces dropped, upper case: "ls1 4ap" → "LS14AP"."""
    return re.sub(r"\s", "", postcode).upper()


def normalise_email(email: str) -> str:
    return email.strip().lower()


def normalise_address(address: str) -> str:
    """Lower case words and numbers, punctuation dropped: "12, Briggate  Road" → "12 briggate road"."""
    return " ".join(re.sub(r"[^a-z0-9 ]", " ", address.lower()).split())


def name_and_birth_key(name: str, date_of_birth: str) -> str:
    """The digest of a name with a date of birth, or "" without either."""
    normalised = normalise_name(name)
    return digest(f"name-dob:{normalised}|{date_of_birth}") if normalised and date_of_birth else ""


def phone_key(phone: str) -> str:
    normalised = normalise_phone(phone)
    return digest(f"phone:{normalised}") if normalised else ""


def email_key(email: str) -> str:
    normalised = normalise_email(email)
    return digest(f"email:{normalised}") if normalised else ""


def postcode_key(postcode: str) -> str:
    normalised = normalise_postcode(postcode)
    return digest(f"postcode:{normalised}") if normalised else ""


def address_key(address: str) -> str:
    normalised = normalise_address(address)
    return digest(f"address:{normalised}") if normalised else ""


def person_keys(person: common_pb2.Person) -> list[str]:
    """Digests of the keys that identify a person: name with date of birth, and phone."""
    keys = [name_and_birth_key(person.name, person.date_of_birth), phone_key(person.phone)]
    return [key for key in keys if key]


def search_keys(person: common_pb2.Person) -> dict[str, str]:
    """Every key a person can be found by, by kind (FindCasesRequest's fields), digested."""
    keys = {
        "name_and_birth": name_and_birth_key(person.name, person.date_of_birth),
        "phone": phone_key(person.phone),
        "email": email_key(person.email),
        "postcode": postcode_key(person.postcode),
        "address": address_key(person.address),
    }
    return {kind: key for kind, key in keys.items() if key}
