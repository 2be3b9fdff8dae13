"""The codec server as its own process (`python -m contact101.temporal.codec_server`), for tests."""

from __future__ import annotations

import os
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path

from deploy.process_stack import free_port

STARTUP_SECONDS = 30.0


def answers(url: str) -> bool:
    try:
        urllib.request.urlopen(urllib.request.Request(url, method="OPTIONS"), timeout=1).close()
    except urllib.error.HTTPError:
        return True
    except OSError:
        return False
    return True


@contextmanager
def codec_server_process(data_dir: Path, settings: Mapping[str, str], port: int = 0) -> Iterator[str]:
    """The codec server on a free loopback port with these CONTACT101_* settings; its URL."""
    port = port or free_port()
    environment = {key: value for key, value in os.environ.items() if not key.startswith("CONTACT101_")}
    environment.update({f"CONTACT101_{key.upper()}": value for key, value in settings.items()})
    environment["CONTACT101_DATA_DIR"] = str(data_dir)
    environment["CONTACT101_CODEC_SERVER_ADDRESS"] = f"127.0.0.1:{port}"
    environment["CONTACT101_TELEMETRY_EXPORTER"] = "none"
    log = data_dir / "codec-server.log"
    url = f"http://localhost:{port}"
    with log.open("ab") as output:
        process = subprocess.Popen(
            [sys.executable, "-m", "contact101.temporal.codec_server"],
            env=environment,
            stdout=output,
            stderr=subprocess.STDOUT,
        )
    try:
        deadline = time.monotonic() + STARTUP_SECONDS
        while not answers(url):
            if process.poll() is not None or time.monotonic() > deadline:
                raise AssertionError(f"the codec server did not start:\n{log.read_text()}")
            time.sleep(0.1)
        yield url
    finally:
        process.terminate()
        try:
            process.wait(10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
