"""Every query a case makes finds its rows through an index, so that the cost of a contact
does not grow with the number of cases already stored (issue 9): the statements a whole
journey runs are captured and each one's SQLite query plan is checked for a table scan."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy import Engine, event

from contact101.v1 import case_pb2, intake_pb2, review_pb2
from tests.cases import all_sent, new_case_awaiting_verification
from tests.stack import Stack

Statement = tuple[str, str, Any]  # database file, SQL, parameters
LOOKUPS = ("SELECT", "UPDATE", "DELETE")


@contextmanager
def statements_run() -> Iterator[list[Statement]]:
    """The statements every SQLite engine in this process runs meanwhile."""
    seen: list[Statement] = []

    def capture(connection: Any, _cursor: Any, sql: str, parameters: Any, _context: Any, many: bool) -> None:
        url = connection.engine.url
        if url.get_backend_name() == "sqlite" and not many and sql.lstrip().upper().startswith(LOOKUPS):
            seen.append((url.database, sql, parameters))

    event.listen(Engine, "before_cursor_execute", capture)
    try:
        yield seen
    finally:
        event.remove(Engine, "before_cursor_execute", capture)


def table_scans(database: str, sql: str, parameters: Any) -> list[str]:
    """The steps of the statement's plan that read a whole table."""
    with sqlite3.connect(database) as connection:
        plan = connection.execute(f"EXPLAIN QUERY PLAN {sql}", parameters).fetchall()
    return [
        detail for *_, detail in plan if detail.startswith("SCAN ") and not detail.startswith("SCAN CONSTANT")
    ]


async def test_every_query_of_a_case_uses_an_index(stack: Stack) -> None:
    with statements_run() as seen:
        case = await new_case_awaiting_verification(stack, "pc.plans")
        await stack.review("sgt.plans").ListAwaitingVerification(review_pb2.ListAwaitingVerificationRequest())
        await stack.review("sgt.plans").Approve(review_pb2.ApproveRequest(reference=case.reference))
        await stack.intake("pc.plans").AddInformation(
            intake_pb2.AddInformationRequest(
                reference=case.reference,
                source=case_pb2.INFORMATION_SOURCE_CALLER,
                text="The caller found the receipt with the phone's serial number",
            )
        )
        await all_sent(stack, case.reference)
        await stack.review("sgt.plans").GetCaseHistory(
            review_pb2.GetCaseHistoryRequest(reference=case.reference)
        )
        caller = case.contact.caller
        for search in (
            intake_pb2.FindCasesRequest(phone=caller.phone),
            intake_pb2.FindCasesRequest(
                name_and_birth=intake_pb2.NameAndBirth(name=caller.name, date_of_birth=caller.date_of_birth)
            ),
            intake_pb2.FindCasesRequest(postcode=case.contact.location_postcode),
            intake_pb2.FindCasesRequest(crime_number=case.crime.crime_number),
        ):
            found = await stack.intake("pc.plans").FindCases(search)
            assert case.reference in [found_case.reference for found_case in found.cases]

    checked = {(database, sql): parameters for database, sql, parameters in seen}
    assert len(checked) >= 20, "the journey ran the services' lookups"
    assert any("case_keys" in sql and sql.lstrip().startswith("SELECT") for _, sql in checked), (
        "FindCases ran"
    )
    assert any("crime_numbers" in sql for _, sql in checked), "FindCases asked crime for the crime number"
    scans = {
        f"{sql}\n  → {scan}"
        for (database, sql), parameters in checked.items()
        for scan in table_scans(database, sql, parameters)
    }
    assert not scans, "full table scans:\n" + "\n".join(sorted(scans))
