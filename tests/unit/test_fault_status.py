"""An unexpected failure reaches the caller as a clean status: retryable when a dependency is busy or down."""

from __future__ import annotations

import grpc
import pytest
from temporalio.service import RPCError, RPCStatusCode

from contact101.rpc.fault_status import status_for_unexpected


@pytest.mark.parametrize(
    "status",
    [RPCStatusCode.UNAVAILABLE, RPCStatusCode.DEADLINE_EXCEEDED, RPCStatusCode.CANCELLED],
    ids=lambda status: status.name,
)
def test_a_busy_or_unreachable_temporal_is_unavailable_not_internal(status: RPCStatusCode) -> None:
    code, message = status_for_unexpected("GetCase", RPCError("query cancelled: Alex Example", status, b""))
    assert code == grpc.StatusCode.UNAVAILABLE
    assert "try again" in message
    assert "Alex Example" not in message


def test_a_defect_is_internal_with_an_incident_id_and_no_request_data() -> None:
    code, message = status_for_unexpected("GetCase", ValueError("caller Alex Example, 07700 900123"))
    assert code == grpc.StatusCode.INTERNAL
    assert "incident" in message
    assert "Alex" not in message and "07700" not in message
