from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from tests.faults.processes import FaultStack


@pytest.fixture(scope="session")
async def processes(tmp_path_factory: pytest.TempPathFactory) -> AsyncIterator[FaultStack]:
    """The whole stack as real processes, shared by the fault tests; each test heals what it breaks."""
    stack = FaultStack.in_folder(tmp_path_factory.mktemp("faults") / "data")
    try:
        await stack.start_all()
        yield stack
    finally:
        stack.stop_all()
        print(stack.report())
