"""The force figures' chart: contacts each day by grade, as an SVG bar chart drawn on the server
(no script), with the same numbers in a table beside it for those who cannot see it."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from contact101.labels import label
from contact101.v1 import common_pb2, figures_pb2

# One colour per grade, each at least 3:1 against white (WCAG 1.4.11), most urgent darkest.
GRADE_COLOURS = {
    common_pb2.RISK_GRADE_EMERGENCY: "#b10e1e",
    common_pb2.RISK_GRADE_PRIORITY: "#a34700",
    common_pb2.RISK_GRADE_SCHEDULED: "#1d70b8",
    common_pb2.RISK_GRADE_RESOLVED_WITHOUT_DEPLOYMENT: "#00703c",
    common_pb2.RISK_GRADE_UNSPECIFIED: "#505a5f",
}
WIDTH, HEIGHT, BAR_GAP = 640, 240, 4


@dataclass(frozen=True)
class Bar:
    x: float
    y: float
    width: float
    height: float
    colour: str
    title: str


@dataclass(frozen=True)
class Chart:
    width: int
    height: int
    bars: list[Bar]
    days: list[tuple[float, str]]  # where each day's label goes, and the label
    most: int
    legend: list[tuple[str, str]]  # colour, grade in words


def volume_chart(volumes: Iterable[figures_pb2.DailyVolume]) -> Chart:
    by_day: dict[str, dict[int, int]] = defaultdict(dict)
    for volume in volumes:
        by_day[volume.date][volume.grade] = by_day[volume.date].get(volume.grade, 0) + volume.contacts
    days = sorted(by_day)
    most = max((sum(grades.values()) for grades in by_day.values()), default=0)
    slot = WIDTH / max(len(days), 1)
    bars, labels = [], []
    for index, day in enumerate(days):
        bottom = float(HEIGHT)
        for grade, colour in GRADE_COLOURS.items():
            count = by_day[day].get(grade, 0)
            if not count:
                continue
            height = HEIGHT * count / most
            bottom -= height
            title = f"{day}: {count} {label(common_pb2.RiskGrade, grade)}"
            bars.append(Bar(index * slot + BAR_GAP / 2, bottom, slot - BAR_GAP, height, colour, title))
        labels.append((index * slot + slot / 2, day[5:]))
    legend = [(colour, label(common_pb2.RiskGrade, grade)) for grade, colour in GRADE_COLOURS.items()]
    return Chart(WIDTH, HEIGHT, bars, labels, most, legend)
