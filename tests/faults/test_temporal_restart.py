"""The Temporal server dies (SIGKILL) mid-case and comes back on the same SQLite file (in
write-ahead-log mode): every case resumes, and a contact recorded while it was down gets its
reference at once and its case when Temporal is back, with no retry (and a retry changes nothing)."""

from __future__ import annotations

import asyncio
import contextlib
import sqlite3
import time

from contact101.v1 import case_pb2
from tests.faults.processes import Caller, FaultStack, Figures, all_in_status, see_cases_through, until
from tests.stack import create_request

CASES = 5


async def test_cases_resume_after_the_temporal_server_restarts(processes: FaultStack) -> None:
    started = time.monotonic()
    officer = Caller(processes, "pc.fault", "contact_officer")
    processes.freeze("crime")
    try:
        references = list(await asyncio.gather(*(officer.create(create_request()) for _ in range(CASES))))
        deciding = {case_pb2.CASE_STATUS_DECIDING_CRIME}
        await until(lambda: all_in_status(officer, references, deciding), 30, "cases at the crime decision")
        temporal_db = processes.settings.data_dir / "temporal.db"
        with contextlib.closing(sqlite3.connect(temporal_db)) as database:
            assert database.execute("PRAGMA journal_mode").fetchone() == ("wal",)
        processes.kill("temporal")

        while_down = create_request()
        recorded_while_down = await officer.create(while_down)

        await processes.start("temporal")
    finally:
        processes.thaw("crime")
    assert await officer.create(while_down) == recorded_while_down, "a retry gives back the same case"
    references.append(recorded_while_down)

    _, lost = await see_cases_through(processes, references, within=90)
    processes.figures.append(
        Figures("Temporal SIGKILL + restart", len(references), 2, lost, time.monotonic() - started)
    )
    assert lost == 0
