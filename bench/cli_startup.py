"""The CLI's start-up for `show` and `queue`, beside the libraries it cannot start without.

    .venv/bin/python -m bench.cli_startup [--runs 9]

Each command runs as the officer runs it, `.venv/bin/contact101 ... --token T`, with nothing
listening at the service addresses: the command fails at its first call, after all of its
start-up, so what is timed is the start-up alone. The baseline, timed in the same run, is a
Python that only imports what every command needs (gRPC, Typer, Rich, pydantic-settings) and
the generated stubs. Figures are the best of `--runs` wall times. Target: under 0.3 s.
"""

from __future__ import annotations

import os
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
FLOOR_IMPORTS = (
    "import grpc, grpc.aio, typer, rich.console, rich.table, pydantic_settings; "
    "from contact101.v1 import intake_pb2_grpc, review_pb2_grpc"
)
COMMANDS = {
    "python (nothing imported)": [sys.executable, "-c", "pass"],
    "baseline: the libraries and stubs alone": [sys.executable, "-c", FLOOR_IMPORTS],
    "contact101 show REF": [CLI, "show", "101-20261123-0001", "--token", "a.b.c"],
    "contact101 queue": [CLI, "queue", "--token", "a.b.c"],
    "contact101 queue --help": [CLI, "queue", "--help"],
}
TIMED_AGAINST_TARGET = ("contact101 show REF", "contact101 queue")

app = typer.Typer(add_completion=False)


def best_wall_seconds(command: list[str], runs: int) -> float:
    environment = {
        **os.environ,
        **{f"CONTACT101_{service}_ADDRESS": NOTHING_LISTENING for service in ("INTAKE", "REVIEW")},
    }
    walls = []
    for _ in range(runs):
        started = time.perf_counter()
        subprocess.run(command, env=environment, capture_output=True, check=False)
        walls.append(time.perf_counter() - started)
    return min(walls)


@app.command()
def main(
    runs: Annotated[int, typer.Option(min=1, help="Times each command runs (the best counts)")] = 9,
) -> None:
    print(describe_machine())
    figures = {name: best_wall_seconds(command, runs) for name, command in COMMANDS.items()}
    baseline = figures["baseline: the libraries and stubs alone"]
    for name, seconds in figures.items():
        target = f"  (target < {TARGET_SECONDS} s)" if name in TIMED_AGAINST_TARGET else ""
        print(f"{name:42} {seconds:6.3f} s  {seconds / baseline:4.2f}x baseline{target}")


if __name__ == "__main__":
    app()
