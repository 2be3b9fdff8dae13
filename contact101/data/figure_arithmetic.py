"""The arithmetic of the performance figures, apart from the queries that feed it.

Shares are counts (count of out_of), never rounded rates, so parts from several services
add up exactly; percentiles use the nearest-rank method (the p90 is a time some case took).
"""

from __future__ import annotations

import math
import statistics
from collections import Counter
from collections.abc import Iterable, Sequence
from datetime import date, datetime, timedelta

from contact101.rpc.edge_checks import check_moment
from contact101.rpc.refusals import InvalidField
from contact101.v1 import common_pb2, figures_pb2

Bucket = figures_pb2.DeadlineBucket
DUE_SOON = timedelta(hours=24)


def share(met: Iterable[bool]) -> figures_pb2.Share:
    """How many of the cases met the standard, out of how many."""
    flags = list(met)
    return figures_pb2.Share(count=sum(flags), out_of=len(flags))


def percent(part: figures_pb2.Share) -> str:
    """ "83.3% (5 of 6)", or "-" when there was nothing to count."""
    if not part.out_of:
        return "-"
    return f"{100 * part.count / part.out_of:.1f}% ({part.count} of {part.out_of})"


def median(durations: Sequence[timedelta]) -> timedelta:
    """The median duration (the mean of the middle two for an even count); zero for none."""
    if not durations:
        return timedelta(0)
    return timedelta(seconds=statistics.median(d.total_seconds() for d in durations))


def percentile(durations: Sequence[timedelta], rank: float) -> timedelta:
    """The nearest-rank percentile: the smallest duration at least rank% of cases did not exceed."""
    if not durations:
        return timedelta(0)
    ordered = sorted(durations)
    return ordered[max(math.ceil(rank / 100 * len(ordered)), 1) - 1]


def deadline_bucket(due: datetime | None, now: datetime) -> Bucket.ValueType:
    if due is None:
        return Bucket.DEADLINE_BUCKET_NO_DEADLINE
    if due < now:
        return Bucket.DEADLINE_BUCKET_OVERDUE
    if due <= now + DUE_SOON:
        return Bucket.DEADLINE_BUCKET_DUE_WITHIN_24_HOURS
    return Bucket.DEADLINE_BUCKET_DUE_LATER


def window_bounds(window: figures_pb2.FiguresWindow) -> tuple[datetime | None, datetime | None]:
    """The window's ends as UTC datetimes; None for an open end."""
    since = check_moment("since", window.since) if window.HasField("since") else None
    until = check_moment("until", window.until) if window.HasField("until") else None
    return since, until


def check_window(window: figures_pb2.FiguresWindow) -> None:
    since, until = window_bounds(window)
    if since is not None and until is not None and until <= since:
        raise InvalidField("until", "must be after since")


def daily_volumes(
    contacts: Iterable[tuple[date, common_pb2.RiskGrade.ValueType]],
) -> list[figures_pb2.DailyVolume]:
    """Contacts per day and grade, in date then grade order."""
    counts = Counter(contacts)
    return [
        figures_pb2.DailyVolume(date=day.isoformat(), grade=grade, contacts=count)
        for (day, grade), count in sorted(counts.items())
    ]


def grade_counts(grades: Iterable[common_pb2.RiskGrade.ValueType]) -> list[figures_pb2.GradeCount]:
    counts = Counter(grades)
    return [figures_pb2.GradeCount(grade=grade, cases=count) for grade, count in sorted(counts.items())]


def deadline_counts(buckets: Iterable[Bucket.ValueType]) -> list[figures_pb2.DeadlineCount]:
    counts = Counter(buckets)
    return [figures_pb2.DeadlineCount(bucket=bucket, cases=count) for bucket, count in sorted(counts.items())]
