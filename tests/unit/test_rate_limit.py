"""The per-identity token bucket: a burst at once, then the refill rate, each person apart."""

from __future__ import annotations

import pytest

from contact101.rpc.rate_limit import RateLimit
from contact101.rpc.refusals import ResourceExhausted


class Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def test_a_burst_then_the_refill_rate_each_person_apart() -> None:
    clock = Clock()
    limit = RateLimit(per_second=2, burst=3, clock=clock)
    for _ in range(3):
        limit.take("pc.a")
    with pytest.raises(ResourceExhausted, match=r"too many requests from pc\.a: .* try again in 1 s"):
        limit.take("pc.a")
    limit.take("pc.b")

    clock.now += 0.5  # one request's worth comes back
    limit.take("pc.a")
    with pytest.raises(ResourceExhausted):
        limit.take("pc.a")

    clock.now += 60  # never more than the burst saved up
    for _ in range(3):
        limit.take("pc.a")
    with pytest.raises(ResourceExhausted):
        limit.take("pc.a")
