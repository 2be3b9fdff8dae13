"""A sampling profile of one running process with py-spy, summarised as its hottest functions."""

from __future__ import annotations

import subprocess
import sys
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

PY_SPY = Path(sys.executable).with_name("py-spy")
ROOT = Path(__file__).resolve().parent.parent
VIRTUALENV = Path(sys.prefix).resolve()
SAMPLES_PER_SECOND = 100


@dataclass(frozen=True)
class HotSpots:
    samples: int
    own: list[tuple[str, float]]  # function, share of samples spent in it
    ours: list[tuple[str, float]]  # Contact101 function, share of samples with it on the stack


def record(pid: int, seconds: int, output: Path) -> subprocess.Popen[bytes]:
    """Start py-spy sampling pid for seconds into output (collapsed stacks); it runs alongside the load."""
    return subprocess.Popen(
        [
            str(PY_SPY),
            "record",
            "--pid",
            str(pid),
            "--duration",
            str(seconds),
            "--rate",
            str(SAMPLES_PER_SECOND),
            "--format",
            "raw",
            "--nonblocking",
            "--full-filenames",
            "--output",
            str(output),
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def summarise(collapsed: Path, top: int = 12) -> HotSpots:
    """The functions most samples were in (own time) and, of ours, on the stack (inclusive)."""
    own: Counter[str] = Counter()
    ours: Counter[str] = Counter()
    samples = 0
    for line in collapsed.read_text().splitlines():
        stack, _, count_text = line.rpartition(" ")
        count = int(count_text)
        frames = stack.split(";")
        samples += count
        own[short(frames[-1])] += count
        for frame in {short(frame) for frame in frames if is_ours(frame)}:
            ours[frame] += count
    share = 1 / samples if samples else 0.0
    return HotSpots(
        samples,
        [(frame, n * share) for frame, n in own.most_common(top)],
        [(frame, n * share) for frame, n in ours.most_common(top)],
    )


def short(frame: str) -> str:
    """'function (module/file.py)' of a py-spy frame 'function (/path/to/module/file.py:12)'."""
    function, _, where = frame.partition(" (")
    path = Path(where.rsplit(":", 1)[0])
    return f"{function} ({'/'.join(path.parts[-2:])})" if where else function


def is_ours(frame: str) -> bool:
    """A frame of Contact101's own code (not a library's, not generated code)."""
    path = Path(frame.partition(" (")[2].rsplit(":", 1)[0])
    return path.is_relative_to(ROOT) and not path.is_relative_to(VIRTUALENV) and "v1" not in path.parts
