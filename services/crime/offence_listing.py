"""The offence table as CrimeService.ListOffences lists it: the classifications any client may use."""

from __future__ import annotations

from datetime import date

from contact101.rules.offences import OffenceTable
from contact101.v1 import crime_pb2


def list_offences(table: OffenceTable, day: date) -> crime_pb2.ListOffencesResponse:
    """The classifications in force on day, in table order."""
    return crime_pb2.ListOffencesResponse(
        table_version=table.version,
        offences=[
            crime_pb2.OffenceClassification(
                code=offence.code,
                name=offence.name,
                family=offence.family,
                effective_from=offence.effective_from.isoformat(),
                effective_to=offence.effective_to.isoformat() if offence.effective_to else "",
                counting_unit=offence.counting_unit.upper(),
                principal_rank=offence.principal_rank,
                recorded_by=offence.recorded_by,
            )
            for offence in table.in_force(day)
        ],
    )
