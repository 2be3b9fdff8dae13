"""The CLI's start-up for `show` and `queue`, beside the libraries it cannot start without.

    .venv/bin/python -m bench.cli_startup [--runs 15]

Each command runs as the officer runs it, `.venv/bin/contact101 ... --token T`, with nothing
listening at the service addresses: the command fails at its first call, after all of its
start-up, so what is timed is the start-up alone. In the same run:

- the baseline: a Python that only imports what every command needs (gRPC, Typer, Rich,
  pydantic-settings) and the generated stubs, started the way the entry point `cli.start`
  starts a command (pydantic's plugin search off, the collector frozen after the imports);
- the same `queue` without that entry point: `cli.main`'s Typer app run as it is.

The commands take turns, run after run, so that a machine's slower moments fall on all of them
alike. Figures are the best and the median of `--runs` wall times. Target: under 0.3 s.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Annotated

import typer

from bench.machine import describe_machine

TARGET_SECONDS = 0.3
NOTHING_LISTENING = "127.0.0.1:9"
CLI = str(Path(sys.executable).with_name("contact101"))
LIBRARIES = (
    "import grpc, grpc.aio, typer, rich.console, rich.table, pydantic_settings; "
    "from contact101.v1 import intake_pb2_grpc, review_pb2_grpc"
)
STARTED_AS_THE_ENTRY_POINT_STARTS = (
    "import gc, os; os.environ['PYDANTIC_DISABLE_PLUGINS'] = '__all__'; gc.disable(); "
    f"{LIBRARIES}; gc.freeze(); gc.enable()"
)
QUEUE_WITHOUT_THE_ENTRY_POINT = (
    "import sys; from cli.main import app; sys.argv[1:] = ['queue', '--token', 'a.b.c']; app()"
)
BASELINE = "baseline: the libraries and stubs alone"
COMMANDS = {
    "python (nothing imported)": [sys.executable, "-c", "pass"],
    BASELINE: [sys.executable, "-c", STARTED_AS_THE_ENTRY_POINT_STARTS],
    "contact101 show REF": [CLI, "show", "101-20261123-0001", "--token", "a.b.c"],
    "contact101 queue": [CLI, "queue", "--token", "a.b.c"],
    "contact101 queue --help": [CLI, "queue", "--help"],
    "queue without the entry point (cli.main's app)": [sys.executable, "-c", QUEUE_WITHOUT_THE_ENTRY_POINT],
}
TIMED_AGAINST_TARGET = ("contact101 show REF", "contact101 queue")

app = typer.Typer(add_completion=False)


def wall_seconds(command: list[str]) -> float:
    environment = {
        **os.environ,
        **{f"CONTACT101_{service}_ADDRESS": NOTHING_LISTENING for service in ("INTAKE", "REVIEW")},
    }
    started = time.perf_counter()
    subprocess.run(command, env=environment, capture_output=True, check=False)
    return time.perf_counter() - started


@app.command()
def main(
    runs: Annotated[int, typer.Option(min=1, help="Turns each command takes")] = 15,
) -> None:
    print(describe_machine())
    walls: dict[str, list[float]] = {name: [] for name in COMMANDS}
    for _ in range(runs):
        for name, command in COMMANDS.items():
            walls[name].append(wall_seconds(command))
    baseline = min(walls[BASELINE])
    print(f"{'':48} {'best':>7} {'median':>7}")
    for name, seconds in walls.items():
        target = f"  (target < {TARGET_SECONDS} s)" if name in TIMED_AGAINST_TARGET else ""
        print(
            f"{name:48} {min(seconds):6.3f}s {statistics.median(seconds):6.3f}s"
            f"  {min(seconds) / baseline:4.2f}x baseline{target}"
        )


if __name__ == "__main__":
    app()
