"""The import-linter contracts are enforced: a service that imports another fails the build."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")
PACKAGES = ("contact101", "services", "workflows", "cli", "deploy", "bench", "tests")


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


def test_a_service_importing_another_breaks_the_build(tmp_path: Path) -> None:
    tree = copy_of_the_code(tmp_path)
    add_import(tree / "services" / "safeguarding" / "thrive.py", "import services.crime.ncrs  # noqa")
    result = lint_imports(tree)
    assert result.returncode != 0
    assert "No service imports another service BROKEN" in result.stdout


def test_the_shared_library_importing_a_service_breaks_the_build(tmp_path: Path) -> None:
    tree = copy_of_the_code(tmp_path)
    add_import(tree / "contact101" / "rpc" / "edge_checks.py", "import services.safeguarding.dash  # noqa")
    result = lint_imports(tree)
    assert result.returncode != 0
    assert "BROKEN" in result.stdout


def test_a_service_reaching_into_the_workflow_breaks_the_build(tmp_path: Path) -> None:
    tree = copy_of_the_code(tmp_path)
    add_import(tree / "services" / "review" / "server.py", "import workflows.contact_workflow  # noqa")
    result = lint_imports(tree)
    assert result.returncode != 0
    assert "Services reach the case workflow only through the case client BROKEN" in result.stdout
