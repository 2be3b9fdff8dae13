"""How many activities, and of which kind, one real case ran: the shape the baseline copies."""

from __future__ import annotations

from temporalio.api.enums.v1 import EventType
from temporalio.client import Client

from bench.bare_workflow import BareShape

LOCAL_ACTIVITY_MARKER = "core_local_activity"


async def shape_of_case(client: Client, reference: str) -> BareShape:
    """Activities the case's workflow ran before its approval Update, and from it on."""
    before, after, local = 0, 0, 0
    approval_seen = False
    async for event in client.get_workflow_handle(reference).fetch_history_events():
        if event.event_type == EventType.EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_ACCEPTED:
            approval_seen = True
        is_local = (
            event.event_type == EventType.EVENT_TYPE_MARKER_RECORDED
            and event.marker_recorded_event_attributes.marker_name == LOCAL_ACTIVITY_MARKER
        )
        if is_local or event.event_type == EventType.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED:
            local += is_local
            if approval_seen:
                after += 1
            else:
                before += 1
    return BareShape(before, after, local=local > (before + after) / 2)
