"""What a case has still to tell other services, sent in order by one task of the workflow.

Audit events and clock escalations go to the review service in batches (or with the step
that submits the case for verification, in its own call); caller notifications go to the
intake outbox in one call that queues and delivers them. Everything sent is idempotent on its
id, so a retried activity never stores anything twice.

To keep a case's history short, what waits is sent when the case is quiet (between its
steps) in one batch; an escalation for the duty inspector goes at once.
"""

from __future__ import annotations

from collections.abc import Callable

from temporalio import workflow

from contact101.v1 import case_pb2, intake_pb2, review_pb2
from workflows.activities import CaseActivities
from workflows.service_calls import run_activity

Delivered = Callable[[list[case_pb2.CallerNotification]], None]


class CaseOutbox:
    def __init__(self, reference: str) -> None:
        self._reference = reference
        self._events: list[review_pb2.AuditEvent] = []
        self._escalations: list[review_pb2.EscalationChange] = []
        self._notifications: list[case_pb2.CallerNotification] = []
        self._sending = False

    def add_event(self, event: review_pb2.AuditEvent) -> None:
        self._events.append(event)

    def add_escalation(self, change: review_pb2.EscalationChange) -> None:
        self._escalations.append(change)

    def add_notification(self, notification: case_pb2.CallerNotification) -> None:
        self._notifications.append(notification)

    def unsent_events(self) -> list[review_pb2.AuditEvent]:
        """The audit events waiting, for a step to carry in its own call."""
        return list(self._events)

    def events_stored(self, events: list[review_pb2.AuditEvent]) -> None:
        """These events are stored (by a step's call or a batch): they are not sent again."""
        stored = {event.event_id for event in events}
        self._events = [event for event in self._events if event.event_id not in stored]

    def has_work(self) -> bool:
        return bool(self._events or self._escalations or self._notifications)

    def is_idle(self) -> bool:
        return not self._sending and not self.has_work()

    async def send_until(
        self, quiet: Callable[[], bool], done: Callable[[], bool], delivered: Delivered
    ) -> None:
        """Send whatever is waiting when quiet() (escalations at once), until done() and nothing is left."""
        while True:
            await workflow.wait_condition(
                lambda: bool(self._escalations) or (self.has_work() and quiet()) or done()
            )
            if not self.has_work():
                return
            self._sending = True
            try:
                await self._send(delivered)
            finally:
                self._sending = False

    async def _send(self, delivered: Delivered) -> None:
        events, escalations = list(self._events), list(self._escalations)
        if events or escalations:
            await run_activity(
                CaseActivities.record_case_events,
                review_pb2.RecordCaseEventsRequest(
                    reference=self._reference, events=events, escalations=escalations
                ),
            )
            self.events_stored(events)
            del self._escalations[: len(escalations)]
        notifications = list(self._notifications)
        if notifications:
            response = await run_activity(
                CaseActivities.send_caller_notifications,
                intake_pb2.SendNotificationsRequest(reference=self._reference, notifications=notifications),
            )
            del self._notifications[: len(notifications)]
            delivered(list(response.delivered))
