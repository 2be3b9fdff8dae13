"""Per-identity rate limits: a token bucket for each authenticated user id.

Each user may send `burst` requests at once, and `per_second` more each second after that;
a request beyond is refused (ResourceExhausted) with how long to wait. The buckets live in
the process: with several replicas behind a balancer, each allows this much.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable
from dataclasses import dataclass

from contact101.rpc.refusals import ResourceExhausted


@dataclass
class _Bucket:
    tokens: float
    filled_at: float


class RateLimit:
    """At most burst requests at once per user id, refilled at per_second."""

    def __init__(self, per_second: float, burst: int, clock: Callable[[], float] = time.monotonic) -> None:
        self._per_second = per_second
        self._burst = burst
        self._clock = clock
        self._buckets: dict[str, _Bucket] = {}

    def take(self, user_id: str) -> None:
        """Spend one of user_id's requests, or refuse the request when none is left."""
        now = self._clock()
        bucket = self._buckets.setdefault(user_id, _Bucket(float(self._burst), now))
        bucket.tokens = min(self._burst, bucket.tokens + (now - bucket.filled_at) * self._per_second)
        bucket.filled_at = now
        if bucket.tokens < 1:
            wait = math.ceil((1 - bucket.tokens) / self._per_second)
            raise ResourceExhausted(
                f"too many requests from {user_id}: at most {self._burst} at once and "
                f"{self._per_second:g} a second; try again in {wait} s"
            )
        bucket.tokens -= 1
