"""A request id names one request: a retry of it gives back its case, anything else sent
under it is refused and names the case the id already made."""

from __future__ import annotations

import grpc
import pytest

from contact101.v1 import intake_pb2
from tests.cases import case_of
from tests.stack import Stack, count_rows, create_request, phone_theft


async def test_a_retry_with_the_same_content_gives_back_the_same_case(stack: Stack) -> None:
    request = create_request()
    first = await stack.intake("pc.retry").CreateContact(request)
    again = await stack.intake("pc.retry").CreateContact(
        intake_pb2.CreateContactRequest.FromString(request.SerializeToString())
    )
    assert (first.created, again.created) == (True, False)
    assert again.reference == first.reference


async def test_a_reused_request_id_with_another_report_is_refused_naming_the_first_case(stack: Stack) -> None:
    request = create_request()
    first = await stack.intake("pc.first").CreateContact(request)
    knife = phone_theft(what_happened="A man showed me a knife and said he would come back for me tonight")
    reused = intake_pb2.CreateContactRequest(request_id=request.request_id, contact=knife)
    for officer in ("pc.first", "pc.second"):
        with pytest.raises(grpc.aio.AioRpcError) as refused:
            await stack.intake(officer).CreateContact(reused)
        assert refused.value.code() == grpc.StatusCode.ALREADY_EXISTS
        details = refused.value.details() or ""
        assert request.request_id in details and first.reference in details, details
    assert count_rows(stack.settings, "intake", "contacts", request_id=request.request_id) == 1
    case = await case_of(stack, first.reference)
    assert case.contact.what_happened == request.contact.what_happened


async def test_the_same_report_under_another_officers_name_is_refused(stack: Stack) -> None:
    request = create_request()
    first = await stack.intake("pc.first").CreateContact(request)
    with pytest.raises(grpc.aio.AioRpcError) as refused:
        await stack.intake("pc.other").CreateContact(request)
    assert refused.value.code() == grpc.StatusCode.ALREADY_EXISTS
    assert first.reference in (refused.value.details() or "")
