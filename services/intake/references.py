"""Contact references: `101-YYYYMMDD-NNNN`, numbered per day, never reused."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.orm import Session

from contact101.data.sequences import next_in_sequence
from services.intake.models import ReferenceSequence


def allocate_reference(session: Session, received_at: datetime) -> str:
    day = received_at.strftime("%Y%m%d")
    return f"101-{day}-{next_in_sequence(session, ReferenceSequence, day):04d}"
