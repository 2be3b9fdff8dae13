"""A PNG chart of daily contact volumes by grade, for `contact101 stats --chart`.

Two panels share one day axis, a bar for every day of the window (none left out for having
no contacts): each contact by the grade it was first given, and by its grade now, so that a
re-grade shows as a move between the two. Counts are whole contacts, and so are the ticks;
the legend sits below the panels, never over a bar.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from datetime import UTC, date, timedelta
from pathlib import Path

from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.ticker import MaxNLocator

from contact101.labels import label
from contact101.v1 import common_pb2, figures_pb2, review_pb2

GRADE_COLOURS = {
    common_pb2.RISK_GRADE_EMERGENCY: "#c0392b",
    common_pb2.RISK_GRADE_PRIORITY: "#e67e22",
    common_pb2.RISK_GRADE_SCHEDULED: "#2980b9",
    common_pb2.RISK_GRADE_RESOLVED_WITHOUT_DEPLOYMENT: "#27ae60",
    common_pb2.RISK_GRADE_UNSPECIFIED: "#95a5a6",
}
LEGEND_HEIGHT = 0.05  # of the figure, kept below the panels for the legend
MAX_DAY_LABELS = 16  # beyond this, every other (third, ...) day is labelled


def days_of(window: figures_pb2.FiguresWindow) -> list[date]:
    """Every day the window touches, first to last."""
    first = window.since.ToDatetime(tzinfo=UTC).date()
    end = window.until.ToDatetime(tzinfo=UTC)
    last = (end - timedelta(microseconds=1)).date() if end.time() == end.min.time() else end.date()
    return [first + timedelta(days=offset) for offset in range((last - first).days + 1)]


def draw(axes: Axes, volumes: Sequence[figures_pb2.DailyVolume], days: list[date], title: str) -> None:
    by_grade: dict[common_pb2.RiskGrade.ValueType, dict[str, int]] = defaultdict(dict)
    for volume in volumes:
        by_grade[volume.grade][volume.date] = volume.contacts
    positions = list(range(len(days)))
    bottoms = [0] * len(days)
    for grade, colour in GRADE_COLOURS.items():
        heights = [by_grade.get(grade, {}).get(day.isoformat(), 0) for day in days]
        axes.bar(
            positions,
            heights,
            bottom=bottoms,
            color=colour,
            width=0.8,
            label=label(common_pb2.RiskGrade, grade),
        )
        bottoms = [bottom + height for bottom, height in zip(bottoms, heights, strict=True)]
    axes.set_title(title, fontsize=10)
    axes.set_ylabel("contacts")
    axes.set_ylim(0, max([*bottoms, 1]) + 0.5)
    axes.yaxis.set_major_locator(MaxNLocator(integer=True))
    step = max(1, -(-len(days) // MAX_DAY_LABELS))
    axes.set_xticks(positions[::step], [day.strftime("%a %d %b") for day in days[::step]])
    axes.set_xlim(-0.6, len(days) - 0.4)
    axes.tick_params(axis="x", labelrotation=60, labelsize=7)


def volume_chart(figures: review_pb2.PerformanceFigures) -> Figure:
    """The window's daily volumes, by first grade and by grade now."""
    days = days_of(figures.window)
    figure = Figure(figsize=(max(7.0, len(days) * 0.35), 7.0))
    first_axes, now_axes = figure.subplots(2, 1, sharex=True)
    draw(
        first_axes,
        figures.daily_volumes_first_grade,
        days,
        "Contacts received per day, by the grade first given",
    )
    draw(now_axes, figures.daily_volumes, days, "The same contacts, by their grade now")
    handles, labels = now_axes.get_legend_handles_labels()
    figure.legend(handles, labels, loc="lower center", ncol=len(labels), fontsize=8, frameon=False)
    figure.tight_layout(rect=(0, LEGEND_HEIGHT, 1, 1))
    return figure


def write_volume_chart(figures: review_pb2.PerformanceFigures, path: Path) -> None:
    """volume_chart(figures) written to path as PNG."""
    figure = volume_chart(figures)
    path.parent.mkdir(parents=True, exist_ok=True)
    figure.savefig(path, format="png")
