"""What each process of the stack uses: resident memory and CPU seconds, read with psutil."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import psutil

MIB = 1024 * 1024


@dataclass(frozen=True)
class Usage:
    rss_mib: float
    cpu_seconds: float


def usage_of(pids: Mapping[str, int]) -> dict[str, Usage]:
    """Each named process's resident memory and CPU time so far (user + system)."""
    usage = {}
    for name, pid in pids.items():
        process = psutil.Process(pid)
        with process.oneshot():
            times = process.cpu_times()
            usage[name] = Usage(process.memory_info().rss / MIB, times.user + times.system)
    return usage


def cpu_spent(before: Mapping[str, Usage], after: Mapping[str, Usage]) -> dict[str, float]:
    """CPU seconds each process spent between two readings."""
    return {name: after[name].cpu_seconds - before[name].cpu_seconds for name in after}
