"""Which machine the figures came from."""

from __future__ import annotations

import platform
from pathlib import Path

import psutil

GIB = 1024**3


def describe_machine() -> dict[str, str]:
    return {
        "cpu": cpu_model(),
        "cores": str(psutil.cpu_count()),
        "memory": f"{psutil.virtual_memory().total / GIB:.0f} GiB",
        "system": platform.platform(),
        "python": platform.python_version(),
    }


def cpu_model() -> str:
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.exists():
        for line in cpuinfo.read_text().splitlines():
            if line.startswith("model name"):
                return line.partition(":")[2].strip()
    return platform.processor() or "unknown"
