"""A case after it was recorded: new information, the supervisor's diff, cancellation, the audit
trail and the caller outbox, on the real Temporal dev server, gRPC services and SQLite."""

from __future__ import annotations

import io
from typing import Any

import grpc
import pytest
from rich.console import Console
from temporalio.api.enums.v1 import EventType

from cli import render
from contact101.rpc.refusals import PermissionDenied
from contact101.temporal.assertions import assertion_keys
from contact101.v1 import case_pb2, common_pb2, crime_decision_pb2, crime_pb2, intake_pb2, review_pb2
from tests.cases import (
    all_sent,
    audit_trail,
    audited_actions,
    awaiting_verification,
    case_of,
    clock,
    eventually_case,
    new_case_awaiting_verification,
    transfer_to_kent,
    workflow_events,
)
from tests.stack import Stack, count_rows, phone_theft
from workflows import case_client, clocks

TRANSFERRED = crime_decision_pb2.CANCELLATION_CATEGORY_TRANSFERRED
WORKFLOW_TASK_EVENTS = {
    "EVENT_TYPE_WORKFLOW_TASK_SCHEDULED",
    "EVENT_TYPE_WORKFLOW_TASK_STARTED",
    "EVENT_TYPE_WORKFLOW_TASK_COMPLETED",
}
KNIFE = "He came back an hour later with a knife and threatened me outside the cafe"


def information(
    reference: str, text: str, risk: common_pb2.RiskIndicators | None = None, **flags: Any
) -> intake_pb2.AddInformationRequest:
    request = intake_pb2.AddInformationRequest(
        reference=reference, source=case_pb2.INFORMATION_SOURCE_CALLER, text=text, **flags
    )
    if risk is not None:
        request.risk_indicators.CopyFrom(risk)
    return request


async def test_information_touching_risk_is_recorded_relayed_and_assessed_again(stack: Stack) -> None:
    case = await new_case_awaiting_verification(stack)
    assert case.risk.grade == common_pb2.RISK_GRADE_SCHEDULED
    scheduled_due = clock(case, clocks.ATTENDANCE).due_at.ToDatetime()

    updated = await stack.intake("pc.jones").AddInformation(
        information(case.reference, KNIFE, common_pb2.RiskIndicators(weapon=True), touches_risk=True)
    )

    assert updated.contact_version == case.contact_version + 1
    assert KNIFE in updated.contact.what_happened
    assert updated.risk.grade == common_pb2.RISK_GRADE_PRIORITY, "the knife raises the grade"
    attendance = clock(updated, clocks.ATTENDANCE)
    assert attendance.revision == 1 and "priority" in attendance.basis
    assert attendance.due_at.ToDatetime() < scheduled_due, "the attendance deadline moved forward"
    assert updated.status == case_pb2.CASE_STATUS_AWAITING_VERIFICATION, "the case did not restart"
    # Raised while it waits for its supervisor: submitted again, so the queue shows the new grade.
    assert [entry.action for entry in updated.history][-3:] == ["update", "assess", "submit"]
    assert f"relayed to crime record {case.crime.crime_number}" in updated.history[-3].detail
    assert count_rows(stack.settings, "crime", "crime_information", reference=case.reference) == 1
    assert count_rows(stack.settings, "intake", "contact_versions") >= 2

    notified = await eventually_case(
        stack,
        case.reference,
        lambda view: (
            all(n.HasField("delivered_at") for n in view.notifications) and len(view.notifications) == 2
        ),
    )
    kinds = [n.kind for n in notified.notifications]
    assert kinds == [
        case_pb2.NOTIFICATION_KIND_VICTIM_UPDATE,
        case_pb2.NOTIFICATION_KIND_INFORMATION_RECEIVED,
    ]
    assert clock(notified, clocks.VICTIM_UPDATE).state == case_pb2.CLOCK_STATE_MET


async def test_information_that_does_not_touch_risk_is_not_assessed_again(stack: Stack) -> None:
    case = await new_case_awaiting_verification(stack)
    updated = await stack.intake("pc.jones").AddInformation(
        information(case.reference, "The cafe manager has kept the CCTV for us")
    )
    assert updated.history[-1].action == "update"
    assert [entry.action for entry in updated.history].count("assess") == 1


async def test_a_returned_and_amended_case_shows_the_supervisor_what_changed(stack: Stack) -> None:
    case = await new_case_awaiting_verification(stack, "pc.patel")
    assert not case.changes_since_review, "nothing to compare before the first review"
    await stack.review("sgt.khan").ReturnForRework(
        review_pb2.ReturnForReworkRequest(reference=case.reference, reasons=["add the suspect's height"])
    )
    taller = phone_theft(suspects=[common_pb2.Suspect(description="man in a red hoodie, about 20, 6ft")])
    taller.occurred_at.CopyFrom(case.contact.occurred_at)
    await stack.intake("pc.patel").AmendContact(
        intake_pb2.AmendContactRequest(reference=case.reference, contact=taller, note="added height")
    )

    resubmitted = await awaiting_verification(stack, case.reference, submission=2)

    assert {(c.field, c.before, c.after) for c in resubmitted.changes_since_review} == {
        (
            "contact.suspects[0].description",
            "man in a red hoodie, about 20",
            "man in a red hoodie, about 20, 6ft",
        ),
        ("contact_version", "1", "2"),
    }
    shown = Console(record=True, width=200, file=io.StringIO())
    render.show_case(shown, resubmitted)
    text = shown.export_text()
    assert "Changes since the last review" in text and "about 20, 6ft" in text

    approved = await stack.review("sgt.khan").Approve(review_pb2.ApproveRequest(reference=case.reference))
    assert not approved.changes_since_review


async def test_unauthorised_approvals_and_cancellations_are_refused_and_change_nothing(stack: Stack) -> None:
    case = await new_case_awaiting_verification(stack, "sgt.acting")
    await all_sent(stack, case.reference)
    before = await workflow_events(stack, case.reference)

    with pytest.raises(grpc.aio.AioRpcError) as own_work:
        await stack.review("sgt.acting").Approve(review_pb2.ApproveRequest(reference=case.reference))
    assert own_work.value.code() == grpc.StatusCode.PERMISSION_DENIED
    assert own_work.value.details() == f"sgt.acting worked on case {case.reference} and cannot verify it"

    with pytest.raises(grpc.aio.AioRpcError) as own_crime:
        await stack.crime("sgt.acting").CancelCrime(
            crime_pb2.CancelCrimeRequest(
                reference=case.reference,
                category=crime_decision_pb2.CANCELLATION_CATEGORY_DUPLICATE,
                reason="same theft reported twice",
                related=case.crime.crime_number,
            )
        )
    assert own_crime.value.code() == grpc.StatusCode.PERMISSION_DENIED
    assert "recorded case" in (own_crime.value.details() or "")

    # Past the service's role check, the workflow's own validators still refuse the wrong role.
    officer = common_pb2.Actor(id="pc.other", role=common_pb2.ROLE_CONTACT_OFFICER)
    with pytest.raises(PermissionDenied, match="only a supervisor can verify a case"):
        await case_client.verify(
            stack.temporal,
            assertion_keys(stack.settings),
            case.reference,
            case_pb2.VerificationDecision(actor=officer, approved=True),
        )
    supervisor = common_pb2.Actor(id="sgt.other", role=common_pb2.ROLE_SUPERVISOR)
    cancellation = crime_decision_pb2.CrimeCancellation(
        actor=supervisor,
        category=crime_decision_pb2.CANCELLATION_CATEGORY_TRANSFERRED,
        reason="x",
        related="Kent",
    )
    with pytest.raises(PermissionDenied, match="only a designated decision maker"):
        await case_client.cancel_crime(
            stack.temporal, assertion_keys(stack.settings), case.reference, cancellation
        )

    after = await workflow_events(stack, case.reference)
    # The server may keep the workflow task that ran the refusing validators; nothing else is new.
    added = {EventType.Name(event.event_type) for event in after[len(before) :]}
    assert added <= WORKFLOW_TASK_EVENTS, f"nothing recorded but a workflow task: {added}"
    still = await case_of(stack, case.reference)
    assert still.status == case_pb2.CASE_STATUS_AWAITING_VERIFICATION
    assert not still.HasField("cancellation")


async def test_a_supervisor_who_added_information_cannot_verify_the_case(stack: Stack) -> None:
    """Adding information makes a new contact version: it is work on the case (issue 14, 9c)."""
    case = await new_case_awaiting_verification(stack, "pc.recorder")
    await stack.intake("sgt.helper", role="supervisor").AddInformation(
        information(case.reference, "The caller rang back: the phone was a blue iPhone")
    )
    with pytest.raises(grpc.aio.AioRpcError) as own_work:
        await stack.review("sgt.helper").Approve(review_pb2.ApproveRequest(reference=case.reference))
    assert own_work.value.code() == grpc.StatusCode.PERMISSION_DENIED
    assert own_work.value.details() == f"sgt.helper worked on case {case.reference} and cannot verify it"

    approved = await stack.review("sgt.other").Approve(review_pb2.ApproveRequest(reference=case.reference))
    assert approved.verification.supervisor_id == "sgt.other"


async def test_a_decision_maker_cancels_a_crime_with_a_reason_category(stack: Stack) -> None:
    case = await new_case_awaiting_verification(stack)
    cancelled = await stack.crime("dm.registrar").CancelCrime(transfer_to_kent(case.reference))
    assert cancelled.cancellation.crime_number == case.crime.crime_number
    assert cancelled.cancellation.actor.id == "dm.registrar"
    assert cancelled.history[-1].action == "cancel"
    assert count_rows(stack.settings, "crime", "crime_cancellations", reference=case.reference) == 1

    with pytest.raises(grpc.aio.AioRpcError) as again:
        await stack.crime("dm.other").CancelCrime(transfer_to_kent(case.reference))
    assert again.value.code() == grpc.StatusCode.FAILED_PRECONDITION

    with pytest.raises(grpc.aio.AioRpcError) as no_force:
        await stack.crime("dm.other").CancelCrime(
            crime_pb2.CancelCrimeRequest(reference=case.reference, category=TRANSFERRED, reason="x")
        )
    assert no_force.value.code() == grpc.StatusCode.INVALID_ARGUMENT
    assert "related" in (no_force.value.details() or "")


async def test_every_action_is_in_the_audit_trail_with_actor_rules_and_values(stack: Stack) -> None:
    case = await new_case_awaiting_verification(stack, "pc.audit")
    await stack.review("sgt.audit").Approve(review_pb2.ApproveRequest(reference=case.reference))

    actions = await audited_actions(stack, case.reference, count=6)

    assert actions == ["create", "assess", "decide", "refer", "submit", "approve"]
    trail = await audit_trail(stack, case.reference)
    by_action = {event.entry.action: event.entry for event in trail.events}
    assert by_action["create"].actor_id == "pc.audit"
    assert by_action["create"].after["contact.what_happened"] == case.contact.what_happened
    assert by_action["assess"].rule_version == case.risk.rule_version
    assert by_action["assess"].after["risk.grade"] == "RISK_GRADE_SCHEDULED"
    assert by_action["decide"].rule_version == case.crime.rule_version
    approve = by_action["approve"]
    assert (approve.actor_id, approve.actor_role) == ("sgt.audit", common_pb2.ROLE_SUPERVISOR)
    assert approve.before["verification.state"] == "VERIFICATION_STATE_AWAITING"
    assert approve.after["verification.state"] == "VERIFICATION_STATE_APPROVED"
    assert [event.event_id for event in trail.events] == [f"{case.reference}/{n}" for n in range(6)]


async def test_notifications_are_queued_once_and_delivered_once(stack: Stack) -> None:
    case = await new_case_awaiting_verification(stack)
    victim_update = await eventually_case(
        stack, case.reference, lambda view: view.notifications[0].HasField("delivered_at")
    )
    notification = victim_update.notifications[0]
    service = stack.intake("contact101-service", role="service")
    again = case_pb2.CallerNotification()
    again.CopyFrom(notification)
    again.ClearField("delivered_at")
    delivered = await service.SendNotifications(
        intake_pb2.SendNotificationsRequest(reference=case.reference, notifications=[again])
    )
    assert [n.notification_id for n in delivered.delivered] == [notification.notification_id]
    assert count_rows(stack.settings, "intake", "caller_notifications", reference=case.reference) == 1
    assert (
        count_rows(
            stack.settings, "intake", "caller_notifications", reference=case.reference, delivery_attempts=1
        )
        == 1
    )


async def test_a_key_event_restarts_the_victim_update_clock_and_the_victim_is_told(stack: Stack) -> None:
    """Victims' Code Right 6: the victim is told within 5 working days (1 for enhanced rights) of a
    key event such as an arrest, not only after the report."""
    case = await new_case_awaiting_verification(stack)
    told = await eventually_case(
        stack,
        case.reference,
        lambda view: clock(view, clocks.VICTIM_UPDATE).state == case_pb2.CLOCK_STATE_MET,
    )
    assert "of the report" in clock(told, clocks.VICTIM_UPDATE).basis

    updated = await stack.intake("pc.jones").AddInformation(
        information(
            case.reference, "A suspect was arrested this morning", key_event=case_pb2.KEY_EVENT_KIND_ARREST
        )
    )

    update = clock(updated, clocks.VICTIM_UPDATE)
    enhanced = updated.referral.enhanced_rights or "REPEAT_VICTIM" in updated.risk.vulnerability_flags
    assert update.basis == (
        "victim update within 1 working day(s) of the arrest (enhanced rights)"
        if enhanced
        else "victim update within 5 working day(s) of the arrest"
    )
    assert update.revision == 1 and update.state in {case_pb2.CLOCK_STATE_RUNNING, case_pb2.CLOCK_STATE_MET}
    assert updated.information[-1].key_event == case_pb2.KEY_EVENT_KIND_ARREST
    assert updated.information[-1].HasField("key_event_update_due_at")
    notified = await eventually_case(
        stack,
        case.reference,
        lambda view: (
            clock(view, clocks.VICTIM_UPDATE).state == case_pb2.CLOCK_STATE_MET
            and all(n.HasField("delivered_at") for n in view.notifications)
        ),
    )
    arrest_updates = [n for n in notified.notifications if "(the arrest)" in n.message]
    assert [n.kind for n in arrest_updates] == [case_pb2.NOTIFICATION_KIND_VICTIM_UPDATE]


async def test_an_unknown_key_event_is_refused_naming_the_field(stack: Stack) -> None:
    case = await new_case_awaiting_verification(stack)
    with pytest.raises(grpc.aio.AioRpcError) as refused:
        await stack.intake("pc.jones").AddInformation(information(case.reference, "something", key_event=42))
    assert refused.value.code() == grpc.StatusCode.INVALID_ARGUMENT
    assert (refused.value.details() or "").startswith("key_event:")
