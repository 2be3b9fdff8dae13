"""Versioned rule files: the thresholds and tables behind every decision, kept as YAML data.

Each file is a mapping with a `version` (recorded on every decision the rules make) and
its own sections. A file that is malformed stops the service at start-up with the file,
the key and the problem named, never halfway through a decision.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

import yaml

from contact101.v1 import common_pb2

T = TypeVar("T")
# The lines of enquiry rule files score and name, as the proto names them without their prefix.
LINE_KINDS = frozenset(
    name.removeprefix("LINE_OF_ENQUIRY_KIND_")
    for name, value in common_pb2.LineOfEnquiryKind.items()
    if value
)


class RuleFileError(ValueError):
    """A rule file that cannot be used, as `path: key: problem`."""


@dataclass(frozen=True)
class RuleFile:
    path: Path
    version: str
    data: Mapping[str, Any]

    def get(self, key: str, kind: type[T]) -> T:
        """The top-level entry key, which must be of type kind."""
        return require(self.data, key, kind, str(self.path))


def load_rule_file(path: Path) -> RuleFile:
    """The rule file at path, with its version checked."""
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as error:
        raise RuleFileError(f"{path}: cannot be read: {error}") from None
    if not isinstance(data, dict):
        raise RuleFileError(f"{path}: must be a mapping with a version")
    version = require(data, "version", str, str(path))
    if not version.strip():
        raise RuleFileError(f"{path}: version: must not be empty")
    return RuleFile(path=path, version=version, data=data)


def require(mapping: Mapping[str, Any], key: str, kind: type[T], where: str) -> T:
    """mapping[key], which must be present and of type kind; otherwise a RuleFileError naming both."""
    if key not in mapping:
        raise RuleFileError(f"{where}: {key}: is missing")
    value = mapping[key]
    if kind is float and isinstance(value, int) and not isinstance(value, bool):
        value = float(value)
    if not isinstance(value, kind) or (kind is int and isinstance(value, bool)):
        raise RuleFileError(f"{where}: {key}: must be a {kind.__name__}")
    return value


def require_names(values: Any, known: frozenset[str] | set[str], where: str) -> tuple[str, ...]:
    """A list of names, every one of them in known."""
    if not isinstance(values, list) or not all(isinstance(value, str) for value in values):
        raise RuleFileError(f"{where}: must be a list of names")
    unknown = sorted(set(values) - set(known))
    if unknown:
        raise RuleFileError(
            f"{where}: unknown name(s) {', '.join(unknown)}; known: {', '.join(sorted(known))}"
        )
    return tuple(values)
