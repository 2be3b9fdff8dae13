"""The import-linter contracts are enforced: a service that imports another fails the build."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")
PACKAGES = ("contact101", "services", "workflows", "cli", "desk", "deploy", "bench", "tests")


def lint_imports(tree: Path) -> subprocess.CompletedProcess[str]:
    environment = {**os.environ, "PYTHONPATH": str(tree)}
    return subprocess.run(
        [str(LINT_IMPORTS), "--config", str(tree / "pyproject.toml"), "--no-cache"],
        cwd=tree, env=environment, capture_output=True, text=True, timeout=120,
    )  # fmt: skip


def copy_of_the_code(tmp_path: Path) -> Path:
    tree = tmp_path / "tree"
    for package in PACKAGES:
        shutil.copytree(ROOT / package, tree / package, ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / "pyproject.toml", tree / "pyproject.toml")
    return tree


def add_import(module: Path, line: str) -> None:
    text = module.read_text()
    marker = "from __future__ import annotations\n"
    module.write_text(text.replace(marker, f"{marker}\n{line}\n", 1))


def test_the_code_keeps_every_contract(tmp_path: Path) -> None:
    result = lint_imports(copy_of_the_code(tmp_path))
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 broken" in result.stdout


@pytest.mark.parametrize(
    ("module", "forbidden_import", "contract"),
    [
        ("services/safeguarding/thrive.py", "services.crime.ncrs", "No service imports another service"),
        ("contact101/rpc/edge_checks.py", "services.safeguarding.dash", "Layers: tests, then entry points"),
        ("cli/render.py", "desk", "Layers: tests, then entry points"),  # entry points stand apart
        (
            "services/review/server.py",
            "workflows.contact_workflow",
            "Services reach the case workflow only through the case client",
        ),
    ],
)
def test_an_import_against_the_layers_breaks_the_build(
    tmp_path: Path, module: str, forbidden_import: str, contract: str
) -> None:
    tree = copy_of_the_code(tmp_path)
    add_import(tree / module, f"import {forbidden_import}  # noqa: F401")
    result = lint_imports(tree)
    assert result.returncode != 0
    verdict = re.search(re.escape(contract) + r".*?(KEPT|BROKEN)", result.stdout, re.DOTALL)
    assert verdict is not None and verdict.group(1) == "BROKEN", result.stdout
