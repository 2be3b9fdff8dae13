"""When the local stack restarts a child that exited, and when it gives up: a crash loop."""

from __future__ import annotations

from dataclasses import dataclass

QUICK_EXIT_SECONDS = 30.0  # a child that exits sooner after starting has crashed on its way up
CRASH_LOOP_EXITS = 5  # quick exits in a row that make a crash loop
FIRST_PAUSE_SECONDS = 0.5
LONGEST_PAUSE_SECONDS = 10.0


@dataclass
class Restarts:
    """One child's exits so far: how many in a row came soon after it started."""

    quick_exits: int = 0

    def pause_after_exit(self, ran_for: float) -> float | None:
        """Seconds to wait before starting the child again, doubling while it keeps exiting
        quickly; None when it is in a crash loop. A child that ran for a while starts afresh."""
        self.quick_exits = self.quick_exits + 1 if ran_for < QUICK_EXIT_SECONDS else 1
        if self.quick_exits >= CRASH_LOOP_EXITS:
            return None
        return min(FIRST_PAUSE_SECONDS * 2.0 ** (self.quick_exits - 1), LONGEST_PAUSE_SECONDS)
