"""The two tables every part reads: refusal kinds (status, error type, retry) and who may do what."""

from __future__ import annotations

import grpc
import pytest

from contact101.rpc.refusals import (
    NON_RETRYABLE_ERROR_TYPES,
    REFUSAL_KINDS,
    AlreadyExists,
    InvalidField,
    InvalidRequest,
    PermissionDenied,
    ResourceExhausted,
    is_retryable,
    refusal_from,
)
from contact101.rules import permissions
from contact101.v1 import common_pb2


@pytest.mark.parametrize("refusal", list(REFUSAL_KINDS), ids=[cls.__name__ for cls in REFUSAL_KINDS])
def test_a_refusal_raised_in_the_workflow_comes_back_to_the_service_as_itself(refusal: type) -> None:
    error = refusal("why").as_application_error()
    assert error.type == REFUSAL_KINDS[refusal].status.name
    assert error.non_retryable == (not REFUSAL_KINDS[refusal].retryable)
    back = refusal_from(error.type or "", error.message)
    assert type(back) is refusal and back.message == "why"


def test_a_field_refusal_is_an_invalid_request() -> None:
    assert InvalidField("contact.caller.phone", "is bad").code == grpc.StatusCode.INVALID_ARGUMENT
    assert isinstance(refusal_from("INVALID_ARGUMENT", "x"), InvalidRequest)


def test_only_faults_and_refusals_that_may_pass_are_retried() -> None:
    assert NON_RETRYABLE_ERROR_TYPES == [
        "ALREADY_EXISTS",
        "FAILED_PRECONDITION",
        "INVALID_ARGUMENT",
        "NOT_FOUND",
        "PERMISSION_DENIED",
    ]
    assert is_retryable(grpc.StatusCode.UNAVAILABLE) and is_retryable(grpc.StatusCode.INTERNAL)
    assert is_retryable(ResourceExhausted("slow down").code)
    assert not is_retryable(AlreadyExists("request id reused").code)
    assert not is_retryable(PermissionDenied("no").code)


def test_a_permission_says_who_may_in_words() -> None:
    assert permissions.VERIFY_CASE.refusal == "only a supervisor can verify a case"
    assert (
        permissions.CANCEL_CRIME.refusal == "only a designated decision maker can cancel or transfer a crime"
    )
    assert permissions.ADD_INFORMATION.refusal == (
        "only a contact officer, a supervisor or a designated decision maker can add information to a case"
    )
    assert permissions.VERIFY_CASE.allows(common_pb2.ROLE_SUPERVISOR)
    assert not permissions.VERIFY_CASE.allows(common_pb2.ROLE_CONTACT_OFFICER)
