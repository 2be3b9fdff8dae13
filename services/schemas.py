"""Every service's tables, by service name: what `contact101 migrate` and the schema checks work on."""

from __future__ import annotations

from sqlalchemy import MetaData

from services.crime.models import CrimeBase
from services.intake.models import IntakeBase
from services.review.models import ReviewBase
from services.safeguarding.models import SafeguardingBase

SERVICE_METADATA: dict[str, MetaData] = {
    "intake": IntakeBase.metadata,
    "crime": CrimeBase.metadata,
    "safeguarding": SafeguardingBase.metadata,
    "review": ReviewBase.metadata,
}
