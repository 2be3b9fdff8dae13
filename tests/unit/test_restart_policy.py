"""The local stack's restarts: a growing pause while a child keeps crashing, then a crash loop."""

from __future__ import annotations

from deploy.restart_policy import CRASH_LOOP_EXITS, QUICK_EXIT_SECONDS, Restarts


def test_quick_exits_wait_longer_each_time_then_make_a_crash_loop() -> None:
    restarts = Restarts()
    pauses = [restarts.pause_after_exit(ran_for=1.0) for _ in range(CRASH_LOOP_EXITS)]
    assert pauses == [0.5, 1.0, 2.0, 4.0, None]


def test_a_child_that_ran_for_a_while_starts_afresh() -> None:
    restarts = Restarts()
    for _ in range(CRASH_LOOP_EXITS - 1):
        restarts.pause_after_exit(ran_for=1.0)
    assert restarts.pause_after_exit(ran_for=QUICK_EXIT_SECONDS + 1) == 0.5
