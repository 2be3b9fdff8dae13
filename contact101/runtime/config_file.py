"""Reading a Contact101 configuration file: TOML, YAML, or .env lines.

TOML and YAML files hold the settings by name (`temporal_target = "temporal:7233"`);
a .env-style file holds them as environment variables (`CONTACT101_TEMPORAL_TARGET=...`).
A name that is not a setting is refused, so that a typo never passes silently.
"""

from __future__ import annotations

import tomllib
from collections.abc import Collection
from pathlib import Path
from typing import Any

import yaml
from dotenv import dotenv_values

ENV_PREFIX = "CONTACT101_"


class ConfigFileError(ValueError):
    """The configuration file is missing, unreadable or names unknown settings."""


def read_config_file(path: Path, setting_names: Collection[str]) -> dict[str, Any]:
    """The settings path holds, by setting name."""
    if not path.is_file():
        raise ConfigFileError(f"configuration file {path} does not exist")
    values = _parse(path)
    unknown = sorted(name for name in values if name not in setting_names)
    if unknown:
        raise ConfigFileError(f"configuration file {path}: unknown setting(s) {', '.join(unknown)}")
    return values


def _parse(path: Path) -> dict[str, Any]:
    suffix = path.suffix.lower()
    try:
        if suffix == ".toml":
            return tomllib.loads(path.read_text())
        if suffix in (".yaml", ".yml"):
            loaded = yaml.safe_load(path.read_text()) or {}
            if not isinstance(loaded, dict):
                raise ConfigFileError(f"configuration file {path}: expected a mapping of settings")
            return {str(name): value for name, value in loaded.items()}
    except (tomllib.TOMLDecodeError, yaml.YAMLError) as error:
        raise ConfigFileError(f"configuration file {path}: {error}") from error
    return {
        name.removeprefix(ENV_PREFIX).lower(): value
        for name, value in dotenv_values(path).items()
        if value is not None
    }
