"""An officer whose report fails for want of a service is told how to repeat it safely."""

from __future__ import annotations

import os
import re
import subprocess
from pathlib import Path

from deploy.process_stack import free_port
from tests.command_line import INSTALLED_CLI as CLI


def test_a_report_that_cannot_reach_intake_says_how_to_retry_without_a_second_case(tmp_path: Path) -> None:
    nobody_listening = f"127.0.0.1:{free_port()}"
    environment = {key: value for key, value in os.environ.items() if not key.startswith("CONTACT101_")}
    environment.update({"CONTACT101_INTAKE_ADDRESS": nobody_listening, "CONTACT101_DATA_DIR": str(tmp_path)})
    result = subprocess.run(
        [str(CLI), "--as", "pc.smith:contact_officer", "report", "--channel", "phone",
         "--caller", "Sam Caller", "--what", "My bike was stolen", "--where", "Station Road"],
        env=environment, capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    assert result.returncode == 1
    assert "UNAVAILABLE" in result.stderr
    assert re.search(r"--request-id [0-9a-f-]{36}", result.stderr), result.stderr
