"""The intake service's part of the performance figures: contacts received, by channel."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from contact101.data.database import in_period
from contact101.data.figure_arithmetic import window_bounds
from contact101.v1 import common_pb2, figures_pb2, intake_pb2
from services.intake.models import Contact


def intake_figures(
    sessions: sessionmaker[Session], window: figures_pb2.FiguresWindow
) -> intake_pb2.IntakeFigures:
    """How many contacts came in through each channel in the window, in channel order."""
    since, until = window_bounds(window)
    by_channel = in_period(
        select(Contact.channel, func.count()).group_by(Contact.channel), Contact.received_at, since, until
    )
    with sessions() as session:
        counts = {common_pb2.Channel.Value(name): count for name, count in session.execute(by_channel)}
    return intake_pb2.IntakeFigures(
        contacts_by_channel=[
            figures_pb2.ChannelCount(channel=channel, contacts=count)
            for channel, count in sorted(counts.items())
        ]
    )
