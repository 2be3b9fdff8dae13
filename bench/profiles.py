"""How much load each benchmark profile puts on the stack."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Profile:
    contacts: int  # closed-loop contacts for throughput, ours and the baseline's
    concurrency: int  # contacts in flight at once
    rates: tuple[float, ...]  # arrivals per second for the latency figures, one run at each
    latency_seconds: float  # the length of each of those runs
    profile_seconds: int  # py-spy sampling of the hottest service
    growth_to: int  # contacts in the databases at the last growth checkpoint; 0 skips growth
    growth_window: int  # contacts timed at each growth checkpoint
    previews: int = 0  # previews timed one after another; 0 skips them
    idle_seconds: float = 0.0  # each process's CPU with no contacts, the supervisor's stream open


# The preview profile times previews alone: no contacts go through.
PREVIEW_ONLY = 0
LATENCY_RATES = (5.0, 10.0)  # issue 19: the create-contact latency at half the target rate, and at it

PROFILES = {
    # A few contacts through every section, so that the benchmark cannot rot (CI).
    "smoke": Profile(
        20, 5, LATENCY_RATES, 2.0, 2, growth_to=60, growth_window=5, previews=20, idle_seconds=2.0
    ),
    "standard": Profile(
        500, 50, LATENCY_RATES, 60.0, 20, growth_to=0, growth_window=0, previews=500, idle_seconds=10.0
    ),
    "slow": Profile(
        500, 50, LATENCY_RATES, 60.0, 20, growth_to=10_000, growth_window=300, previews=500, idle_seconds=10.0
    ),
    # Preview latency alone (issue 16), on a fresh embedded stack.
    "preview": Profile(PREVIEW_ONLY, 1, (), 0.0, 0, growth_to=0, growth_window=0, previews=300),
}
