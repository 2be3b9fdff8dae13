"""How much load each benchmark profile puts on the stack."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Profile:
    contacts: int  # closed-loop contacts for throughput, ours and the baseline's
    concurrency: int  # contacts in flight at once
    rate: float  # arrivals per second for the latency figures
    latency_seconds: float
    profile_seconds: int  # py-spy sampling of the hottest service
    growth_to: int  # contacts in the databases at the last growth checkpoint; 0 skips growth
    growth_window: int  # contacts timed at each growth checkpoint
    previews: int = 0  # previews timed one after another; 0 skips them


# The preview profile times previews alone: no contacts go through.
PREVIEW_ONLY = 0

PROFILES = {
    # A few contacts through every section, so that the benchmark cannot rot (CI).
    "smoke": Profile(20, 5, 10.0, 2.0, 2, growth_to=60, growth_window=5, previews=20),
    "standard": Profile(500, 50, 10.0, 60.0, 20, growth_to=0, growth_window=0, previews=500),
    "slow": Profile(500, 50, 10.0, 60.0, 20, growth_to=10_000, growth_window=300, previews=500),
    # Preview latency alone (issue 16), on a fresh embedded stack.
    "preview": Profile(PREVIEW_ONLY, 1, 0.0, 0.0, 0, growth_to=0, growth_window=0, previews=300),
}
