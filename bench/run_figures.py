"""The figures of one benchmark run, as printed and as written to JSON."""

from __future__ import annotations

import statistics
from dataclasses import dataclass, field

LOAD_GENERATOR = "bench client"  # the benchmark's own process among the processes measured


def percentile_ms(seconds: list[float], rank: int) -> float:
    """The rank-th percentile of seconds, in milliseconds."""
    if len(seconds) < 2:
        return seconds[0] * 1000 if seconds else 0.0
    return statistics.quantiles(seconds, n=100, method="inclusive")[rank - 1] * 1000


@dataclass(frozen=True)
class Throughput:
    contacts: int
    concurrency: int
    per_second: float
    p50_ms: float
    p95_ms: float


@dataclass(frozen=True)
class Latency:
    rate: float
    seconds: float
    achieved_per_second: float
    p50_ms: float
    p95_ms: float
    p99_ms: float


@dataclass(frozen=True)
class PreviewLatency:
    calls: int  # one after another
    p50_ms: float
    p95_ms: float
    p99_ms: float
    load_average: float  # the machine's 1-minute load average as they ended: how shared the cores were


@dataclass(frozen=True)
class Growth:
    contacts_before: int
    window: int
    ms_per_contact: float
    p50_ms: float


@dataclass
class Run:
    machine: dict[str, str]
    profile: str
    shape: dict[str, object] = field(default_factory=dict)
    throughput: Throughput | None = None
    baseline: Throughput | None = None
    intake_latency: list[Latency] = field(default_factory=list)  # one at each of the profile's rates
    start_workflow_latency: list[Latency] = field(default_factory=list)  # at the same rates, in order
    preview_latency: PreviewLatency | None = None
    cpu_seconds: dict[str, float] = field(default_factory=dict)
    # With no contacts going through but the scripted supervisor's queue stream open.
    idle_seconds: float = 0.0
    idle_cpu_seconds: dict[str, float] = field(default_factory=dict)
    rss_mib_before: dict[str, float] = field(default_factory=dict)
    rss_mib_after: dict[str, float] = field(default_factory=dict)
    growth: list[Growth] = field(default_factory=list)
    profiled_process: str = ""
    hot_spots: dict[str, object] = field(default_factory=dict)
