"""The effective configuration as TOML, with every secret masked.

Secret settings (token and payload keys) show as `**********`, and so does the password
of any URL (a database URL, an exporter endpoint). The output reads back as a
configuration file once the masked secrets are given by environment variables.
"""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import urlsplit, urlunsplit

from contact101.runtime.config import SERVICE_NAMES, Settings

MASK = "**********"


def mask_url_password(value: str) -> str:
    """value with the password of its URL (if it is a URL with one) masked."""
    if "://" not in value:
        return value
    parts = urlsplit(value)
    if not parts.password:
        return value
    credentials, _, host = parts.netloc.rpartition("@")
    user = credentials.partition(":")[0]
    return urlunsplit(parts._replace(netloc=f"{user}:{MASK}@{host}"))


def masked(value: Any) -> Any:
    """value with URL passwords masked at any depth (pydantic masks SecretStr already)."""
    if isinstance(value, str):
        return mask_url_password(value)
    if isinstance(value, list):
        return [masked(item) for item in value]
    if isinstance(value, dict):
        return {key: masked(item) for key, item in value.items()}
    return value


def as_toml(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return str(value)
    if isinstance(value, list):
        return "[" + ", ".join(as_toml(item) for item in value) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{json.dumps(key)} = {as_toml(item)}" for key, item in value.items()) + "}"
    return json.dumps(str(value))


def effective_configuration(settings: Settings) -> str:
    """Every setting as `name = value`, then what each service ends up with, secrets masked."""
    lines = ["# Contact101 effective configuration (secrets masked)"]
    for name, value in settings.model_dump(mode="json").items():
        if value is None:
            lines.append(f"# {name} is not set")
        else:
            lines.append(f"{name} = {as_toml(masked(value))}")
    lines.append("")
    lines.append("# What each service uses:")
    for service in SERVICE_NAMES:
        database = mask_url_password(settings.database_url_of(service))
        lines.append(f"#   {service:<13} at {settings.address_of(service)}, database {database}")
    return "\n".join(lines)
