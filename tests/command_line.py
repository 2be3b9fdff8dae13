"""Running the `contact101` CLI in a test (with the `cli_environment` fixture of conftest.py)."""

from __future__ import annotations

import sys
from pathlib import Path

from typer.testing import CliRunner

from cli.main import app

runner = CliRunner()
# The installed command, as an officer runs it: its entry point and all.
INSTALLED_CLI = Path(sys.executable).with_name("contact101")


def contact101(*arguments: str) -> str:
    """The CLI's output (run it in a thread: it runs its own event loop), or fail with it."""
    result = runner.invoke(app, list(arguments))
    assert result.exit_code == 0, result.output
    return result.output
