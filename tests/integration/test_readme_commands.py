"""The README runs top to bottom (issue 18, item 7): every `contact101` example of "A case
from start to finish" and "A case over days and weeks", in the order written, against a
fresh `./dev up` (python -m deploy.local_stack with a data folder of its own).

Its Migrate example shows what `contact101 migrate` prints on a fresh folder.

The README shows the references a fresh stack gives (`# → 101-20261123-0001`); each is
replaced by the one the report really got. A case moves on by itself between commands (it
is assessed, decided, submitted), so a command it is not ready for yet is tried again."""

from __future__ import annotations

import os
import re
import shlex
import subprocess
import time
from pathlib import Path

import pytest

from tests.command_line import INSTALLED_CLI as CLI
from tests.integration.test_local_stack import ROOT, local_stack, stack_environment

__all__ = ["local_stack", "stack_environment"]  # the fixtures this test uses

SECTIONS = ("## A case from start to finish", "## A case over days and weeks")
CODE_BLOCK = re.compile(r"```bash\n(.*?)```", re.DOTALL)
REFERENCE = re.compile(r"101-\d{8}-\d{4}")
READY_WITHIN_SECONDS = 90


def section(text: str, heading: str) -> str:
    start = text.index(heading)
    end = text.find("\n## ", start + 1)
    return text[start : end if end >= 0 else len(text)]


def readme_commands(readme: str) -> list[tuple[list[str], str]]:
    """Each example command as arguments, with the reference its `# → REF` line promises, if any."""
    commands: list[tuple[list[str], str]] = []
    for heading in SECTIONS:
        for block in CODE_BLOCK.findall(section(readme, heading)):
            for line in block.replace("\\\n", " ").splitlines():
                promised = re.fullmatch(r"# → (101-\d{8}-\d{4})", line.strip())
                if promised and commands:
                    commands[-1] = (commands[-1][0], promised.group(1))
                elif line.startswith("contact101 "):
                    commands.append((shlex.split(line, comments=True)[1:], ""))
    return commands


def run(environment: dict[str, str], arguments: list[str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(CLI), *arguments], env=environment, capture_output=True, text=True, timeout=60)


@pytest.mark.slow
def test_the_readme_examples_work_in_the_order_written(
    local_stack: subprocess.Popen[str], stack_environment: dict[str, str]
) -> None:
    commands = readme_commands((ROOT / "README.md").read_text(encoding="utf-8"))
    subcommands = [
        next(word for word in arguments if not word.startswith("-") and ":" not in word)
        for arguments, _ in commands
    ]
    for expected in (
        "report",
        "show",
        "queue",
        "approve",
        "return",
        "amend",
        "add-info",
        "cancel-crime",
        "history",
        "find",
    ):
        assert expected in subcommands, f"the README shows {expected}"
    actual: dict[str, str] = {}
    for arguments, promised in commands:
        arguments = [
            REFERENCE.sub(lambda found: actual.get(found.group(0), found.group(0)), word)
            for word in arguments
        ]
        deadline = time.monotonic() + READY_WITHIN_SECONDS
        result = run(stack_environment, arguments)
        while result.returncode != 0 and "report" not in arguments and time.monotonic() < deadline:
            time.sleep(1)
            result = run(stack_environment, arguments)
        assert result.returncode == 0, f"{shlex.join(arguments)}\n{result.stdout}{result.stderr}"
        if promised:
            actual[promised] = result.stdout.strip()
            assert REFERENCE.fullmatch(actual[promised]), result.stdout

    first, second, third = actual.values()
    shown = {
        reference: run(stack_environment, ["--as", "sgt.jones:supervisor", "show", reference]).stdout
        for reference in (first, second, third)
    }
    assert "status: closed" in shown[first] or "approve" in shown[first]
    assert "amend" in shown[second] and "frame WTU123456" in shown[second]
    assert "Crime cancelled" in shown[third] and "Kent Police" in shown[third]


def test_the_readme_shows_what_migrate_prints_on_a_fresh_folder(tmp_path: Path) -> None:
    block = CODE_BLOCK.findall(section((ROOT / "README.md").read_text(encoding="utf-8"), "### Migrate"))[0]
    commands = [
        shlex.split(line, comments=True)[1:] for line in block.splitlines() if line.startswith("contact101 ")
    ]
    shown = [line.removeprefix("# ") for line in block.splitlines() if line.startswith("# ")]
    environment = {
        **{name: value for name, value in os.environ.items() if not name.startswith("CONTACT101_")},
        "CONTACT101_DATA_DIR": str(tmp_path),
    }

    printed = [line for arguments in commands for line in run(environment, arguments).stdout.splitlines()]

    assert printed == shown
