"""`contact101 stats`: the force's performance figures, from the services' databases."""

import sys
from collections.abc import Iterable
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from typing import Annotated

import typer
from google.protobuf.duration_pb2 import Duration
from rich.console import Console
from rich.table import Table

from contact101.labels import label
from contact101.v1 import common_pb2, figures_pb2, review_pb2, review_pb2_grpc

console = Console(width=None if sys.stdout.isatty() else 200)
DEFAULT_DAYS = 28


def midnight(day: str) -> datetime:
    try:
        return datetime.combine(date.fromisoformat(day), time(), tzinfo=UTC)
    except ValueError:
        raise typer.BadParameter(f"{day!r} is not a date like 2026-11-23") from None


def window_of(since: str | None, until: str | None, now: datetime) -> figures_pb2.FiguresWindow:
    window = figures_pb2.FiguresWindow()
    window.since.FromDatetime(midnight(since) if since else now - timedelta(days=DEFAULT_DAYS))
    window.until.FromDatetime(midnight(until) if until else now)
    return window


def spoken(duration: Duration) -> str:
    """A duration as 2h 05m, 4m 10s or 3d 02h."""
    seconds = int(duration.ToTimedelta().total_seconds())
    days, rest = divmod(seconds, 86_400)
    hours, rest = divmod(rest, 3600)
    minutes, seconds = divmod(rest, 60)
    if days:
        return f"{days}d {hours:02d}h"
    if hours:
        return f"{hours}h {minutes:02d}m"
    return f"{minutes}m {seconds:02d}s"


def counts_table(title: str, columns: tuple[str, str], rows: Iterable[tuple[str, int]]) -> Table:
    """A table of labels and their counts."""
    table = Table(title=title)
    table.add_column(columns[0])
    table.add_column(columns[1], justify="right")
    for name, count in rows:
        table.add_row(name, str(count))
    return table


def show_figures(figures: review_pb2.PerformanceFigures) -> None:
    from contact101.data.figure_arithmetic import percent  # with the request checks: only for stats

    since = figures.window.since.ToDatetime(tzinfo=UTC).strftime("%Y-%m-%d %H:%M")
    until = figures.window.until.ToDatetime(tzinfo=UTC).strftime("%Y-%m-%d %H:%M")
    console.print(f"[bold]Performance figures[/bold] for contacts received {since} to {until} UTC")
    verification = (
        f"{spoken(figures.verification_median)} / {spoken(figures.verification_p90)}"
        f" ({figures.verifications} decisions)"
        if figures.verifications
        else "-"
    )
    headline = Table(show_header=False, box=None)
    for name, value in (
        ("Contacts", str(figures.contacts)),
        ("First-contact resolution", percent(figures.first_contact_resolution)),
        ("Crime decisions within 24 hours", percent(figures.crime_decisions_within_24_hours)),
        ("Victim referrals within 2 working days", percent(figures.victim_referrals_within_2_working_days)),
        ("Time to verification, median / p90", verification),
    ):
        headline.add_row(name, value)
    console.print(headline)
    by_channel = counts_table(
        "Contacts by channel",
        ("channel", "contacts"),
        ((label(common_pb2.Channel, count.channel), count.contacts) for count in figures.contacts_by_channel),
    )
    by_grade = counts_table(
        "Open cases by grade",
        ("grade", "cases"),
        ((label(common_pb2.RiskGrade, count.grade), count.cases) for count in figures.open_by_grade),
    )
    by_deadline = counts_table(
        "Open cases by deadline",
        ("next deadline", "cases"),
        (
            (label(figures_pb2.DeadlineBucket, count.bucket), count.cases)
            for count in figures.open_by_deadline
        ),
    )
    console.print(by_channel, by_grade, by_deadline)


def show_stats(
    context: typer.Context,
    since: Annotated[str | None, typer.Option(help="first day, YYYY-MM-DD (default: 28 days ago)")] = None,
    until: Annotated[str | None, typer.Option(help="day after the last, YYYY-MM-DD (default: now)")] = None,
    chart: Annotated[Path | None, typer.Option(help="also write daily volumes by grade to this PNG")] = None,
) -> None:
    """Performance figures: first-contact resolution, decisions and referrals in time, open cases."""
    window = window_of(since, until, datetime.now(UTC))
    figures: review_pb2.PerformanceFigures = context.obj.call(
        "review", lambda channel: review_pb2_grpc.ReviewServiceStub(channel).GetPerformanceFigures(window)
    )
    show_figures(figures)
    if chart is not None:
        from cli.volume_chart import write_volume_chart  # here: matplotlib is slow to import

        write_volume_chart(figures, chart)
        console.print(f"daily volumes by first grade and by grade now written to {chart}")
