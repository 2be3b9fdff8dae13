"""A PNG chart of daily contact volumes by grade, for `contact101 stats --chart`."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from pathlib import Path

from matplotlib.figure import Figure

from contact101.labels import label
from contact101.v1 import common_pb2, figures_pb2

GRADE_COLOURS = {
    common_pb2.RISK_GRADE_EMERGENCY: "#c0392b",
    common_pb2.RISK_GRADE_PRIORITY: "#e67e22",
    common_pb2.RISK_GRADE_SCHEDULED: "#2980b9",
    common_pb2.RISK_GRADE_RESOLVED_WITHOUT_DEPLOYMENT: "#27ae60",
    common_pb2.RISK_GRADE_UNSPECIFIED: "#95a5a6",
}


def write_volume_chart(volumes: Sequence[figures_pb2.DailyVolume], path: Path) -> None:
    """Stacked daily bars, one colour per grade, written to path as PNG."""
    days = sorted({volume.date for volume in volumes})
    by_grade: dict[common_pb2.RiskGrade.ValueType, dict[str, int]] = defaultdict(dict)
    for volume in volumes:
        by_grade[volume.grade][volume.date] = volume.contacts
    figure = Figure(figsize=(max(6.0, len(days) * 0.4), 4.0))
    axes = figure.subplots()
    bottoms = [0] * len(days)
    for grade, colour in GRADE_COLOURS.items():
        if grade not in by_grade:
            continue
        heights = [by_grade[grade].get(day, 0) for day in days]
        axes.bar(days, heights, bottom=bottoms, color=colour, label=label(common_pb2.RiskGrade, grade))
        bottoms = [bottom + height for bottom, height in zip(bottoms, heights, strict=True)]
    axes.set_title("Contacts received per day, by grade")
    axes.set_ylabel("contacts")
    axes.tick_params(axis="x", labelrotation=60, labelsize=7)
    axes.legend(fontsize=8)
    figure.tight_layout()
    path.parent.mkdir(parents=True, exist_ok=True)
    figure.savefig(path, format="png")
