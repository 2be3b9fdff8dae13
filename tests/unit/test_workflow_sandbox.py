"""The worker's sandbox runs each case on a fresh copy of the workflow module only: loaded from
cached bytecode, everything it imports passed through, so a run costs no compiling or re-importing."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from tests.unit.test_replay import HISTORIES, replay

PROJECT = Path(__file__).resolve().parents[2]
WORKFLOW_PACKAGE = {PROJECT / "workflows" / "__init__.py", PROJECT / "workflows" / "contact_workflow.py"}


@dataclass
class CodeWatch:
    """Our source files compiled and module bodies executed while watching (audit events)."""

    watching: bool = False
    compiled: set[Path] = field(default_factory=set)
    executed: set[Path] = field(default_factory=set)

    def __call__(self, event: str, args: tuple[Any, ...]) -> None:
        if not self.watching:
            return
        if event == "compile" and isinstance(args[1], str):
            self._note(self.compiled, args[1])
        elif event == "exec" and hasattr(args[0], "co_filename"):
            self._note(self.executed, args[0].co_filename)

    def _note(self, into: set[Path], filename: str) -> None:
        path = Path(filename)
        if path.is_absolute() and path.resolve().is_relative_to(PROJECT):
            into.add(path.resolve())

    @contextmanager
    def watch(self) -> Iterator[None]:
        self.watching = True
        try:
            yield
        finally:
            self.watching = False


CODE = CodeWatch()
sys.addaudithook(CODE)


async def replay_approved_case() -> None:
    [path] = [path for path in HISTORIES if path.stem == "current-approved"]
    await replay(path)


async def test_a_case_run_reimports_only_the_workflow_module_and_compiles_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    await replay_approved_case()  # all the replayer imports, imported
    monkeypatch.setattr(sys, "pycache_prefix", str(tmp_path))  # and no bytecode cached
    await replay_approved_case()
    with CODE.watch():
        await replay_approved_case()
    assert CODE.executed <= WORKFLOW_PACKAGE, "executed afresh in the sandbox"
    assert PROJECT / "workflows" / "contact_workflow.py" in CODE.executed
    assert not CODE.compiled, "compiled for a run: bytecode not cached"
