"""The crime service's part of the performance figures: recording decisions made in time."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from contact101.data.database import in_period
from contact101.data.figure_arithmetic import share, window_bounds
from contact101.v1 import crime_pb2, figures_pb2
from services.crime.models import CrimeDecisionRecord


def crime_figures(
    sessions: sessionmaker[Session], window: figures_pb2.FiguresWindow
) -> crime_pb2.CrimeFigures:
    """Of the cases reported in the window, how many had their first decision by the time it was due."""
    since, until = window_bounds(window)
    first = in_period(
        select(CrimeDecisionRecord).where(CrimeDecisionRecord.contact_version == 1),
        CrimeDecisionRecord.reported_at,
        since,
        until,
    )
    with sessions() as session:
        decisions = session.scalars(first).all()
        in_time = share(record.decided_at <= record.decision_due_at for record in decisions)
    return crime_pb2.CrimeFigures(decisions_in_time=in_time)
