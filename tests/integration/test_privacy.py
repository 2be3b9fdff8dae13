"""No personal data where it does not belong: not in Temporal (ciphertext only), not in search
attributes or memo, not in logs, not echoed in refusals; and the case still works."""

from __future__ import annotations

import logging

import grpc
import pytest
from temporalio.api.common.v1 import WorkflowExecution
from temporalio.api.workflowservice.v1 import GetWorkflowExecutionHistoryRequest

from contact101.v1 import case_pb2, common_pb2, intake_pb2, review_pb2
from tests.stack import Stack, create_request, eventually, phone_theft

PERSONAL = {
    "name": "Zebedee Quartermaine",
    "date of birth": "1971-02-03",
    "phone": "07700 900876",
    "address": "17 Cherry Tree Lane",
    "narrative": "bicycle was stolen from outside the launderette on Quintessence Row",
}


def contact_full_of_personal_data() -> common_pb2.ContactDetails:
    return phone_theft(
        caller=common_pb2.Person(
            name=PERSONAL["name"],
            date_of_birth=PERSONAL["date of birth"],
            phone=PERSONAL["phone"],
            address=PERSONAL["address"],
            postcode="LS1 4AP",
        ),
        what_happened=f"My {PERSONAL['narrative']}",
    )


def leaks(text: bytes | str) -> list[str]:
    data = text.encode() if isinstance(text, str) else text
    return [kind for kind, value in PERSONAL.items() if value.encode() in data]


async def test_personal_data_stays_out_of_temporal_and_the_logs(
    stack: Stack, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.DEBUG):
        created = await stack.intake("pc.private").CreateContact(
            create_request(contact_full_of_personal_data())
        )
        case = await eventually(
            lambda: stack.intake("pc.private").GetCase(
                intake_pb2.GetCaseRequest(reference=created.reference)
            ),
            lambda case: case.status == case_pb2.CASE_STATUS_AWAITING_VERIFICATION,
        )
        await stack.review("sgt.private").Approve(review_pb2.ApproveRequest(reference=created.reference))
    assert case.contact.caller.name == PERSONAL["name"], "the case itself still holds the caller"
    assert case.referral.status == "REFERRED"

    history = await stack.temporal.workflow_service.get_workflow_execution_history(
        GetWorkflowExecutionHistoryRequest(
            namespace=stack.temporal.namespace, execution=WorkflowExecution(workflow_id=created.reference)
        )
    )
    assert len(history.history.events) > 10
    assert leaks(history.SerializeToString()) == [], "the Temporal server holds only ciphertext"
    assert b"binary/encrypted" in history.SerializeToString()

    description = await stack.temporal.get_workflow_handle(created.reference).describe()
    info = description.raw_description.workflow_execution_info
    assert leaks(info.search_attributes.SerializeToString()) == []
    assert leaks(info.memo.SerializeToString()) == []

    logged = "\n".join(f"{record.getMessage()} {record.exc_text or ''}" for record in caplog.records)
    assert caplog.records, "the stack logs its work"
    assert leaks(logged) == []


async def test_a_refusal_names_the_field_but_never_repeats_the_value(
    stack: Stack, caplog: pytest.LogCaptureFixture
) -> None:
    contact = contact_full_of_personal_data()
    contact.caller.phone = f"ring {PERSONAL['name']}"
    contact.caller.date_of_birth = f"{PERSONAL['date of birth']}T00:00"
    with caplog.at_level(logging.DEBUG), pytest.raises(grpc.aio.AioRpcError) as refused:
        await stack.intake("pc.private").CreateContact(create_request(contact))
    assert refused.value.code() == grpc.StatusCode.INVALID_ARGUMENT
    assert (refused.value.details() or "").startswith("contact.caller.date_of_birth:")
    assert leaks(refused.value.details() or "") == []
    assert leaks(caplog.text) == []
