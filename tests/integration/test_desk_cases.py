"""What the desk's roles do with cases, over HTTP in front of the real stack: a decision maker
transfers a crime with its reason category, a refused action says why in plain words and changes
nothing, an officer sees the caller's earlier cases, a supervisor the force figures' chart."""

from __future__ import annotations

import random
import re
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta

import aiohttp
import pytest

from contact101.v1 import common_pb2, crime_decision_pb2, intake_pb2, review_pb2
from tests.cases import new_case_awaiting_verification
from tests.desk import add_desk_user, desk_client, desk_settings, form_token, serving_desk, sign_in
from tests.stack import Stack, create_request, eventually, phone_theft

PEOPLE = {"dm.desk": "decision_maker", "pc.history": "contact_officer", "sgt.figures": "supervisor"}


@pytest.fixture(scope="module")
async def desk_url(stack: Stack) -> AsyncIterator[str]:
    settings = desk_settings(stack.settings)
    for user, role in PEOPLE.items():
        add_desk_user(settings, user, role)
    async with serving_desk(settings) as url:
        yield url


async def post_on_case(
    client: aiohttp.ClientSession, reference: str, action: str, form: dict[str, str]
) -> str:
    token = await form_token(client, f"/cases/{reference}")
    async with client.post(f"/cases/{reference}/{action}", data={"csrf_token": token, **form}) as response:
        return await response.text()


async def test_a_decision_maker_transfers_a_crime_with_its_reason_category(
    stack: Stack, desk_url: str
) -> None:
    case = await new_case_awaiting_verification(stack, officer="pc.transfer")
    assert case.crime.recorded
    async with desk_client(desk_url) as client:
        await sign_in(client, "dm.desk")
        async with client.get(f"/cases/{case.reference}") as response:
            assert "Cancel or transfer the crime" in await response.text()
        missing = await post_on_case(client, case.reference, "cancel-crime", {"reason": "it was in Kent"})
        assert "Choose why the crime is cancelled or transferred." in missing
        page = await post_on_case(
            client,
            case.reference,
            "cancel-crime",
            {"category": "transferred", "reason": "the theft happened in Kent", "related": "Kent Police"},
        )
    assert "The crime is cancelled." in page
    assert "transferred (Kent Police): the theft happened in Kent" in page
    after = await stack.intake("pc.reader").GetCase(intake_pb2.GetCaseRequest(reference=case.reference))
    assert after.cancellation.category == crime_decision_pb2.CANCELLATION_CATEGORY_TRANSFERRED
    assert after.cancellation.actor.id == "dm.desk"


async def test_a_refused_action_says_why_in_plain_words_and_changes_nothing(
    stack: Stack, desk_url: str
) -> None:
    """A decision maker may not verify (the desk's page says so), and one who tries anyway by
    posting the form is refused by the service: the page says who may, in words."""
    case = await new_case_awaiting_verification(stack, officer="pc.refused")
    async with desk_client(desk_url) as client:
        await sign_in(client, "dm.desk")
        async with client.get(f"/cases/{case.reference}") as response:
            assert "Approve" not in await response.text()
        page = await post_on_case(client, case.reference, "approve", {})
    assert "Only a supervisor can verify a case; you are signed in as a designated decision maker." in page
    assert "ROLE_" not in page and "PERMISSION_DENIED" not in page
    after = await stack.intake("pc.reader").GetCase(intake_pb2.GetCaseRequest(reference=case.reference))
    assert after.status == case.status


async def test_an_officer_sees_the_earlier_cases_of_the_callers_phone_and_the_place(
    stack: Stack, desk_url: str
) -> None:
    contact = phone_theft(caller=phone_theft().caller)
    contact.caller.phone = "07700 900456"
    contact.location_postcode = "LS2 7EE"
    earlier = await stack.intake("pc.before").CreateContact(create_request(contact))
    async with desk_client(desk_url) as client:
        await sign_in(client, "pc.history")
        query = {"caller_phone": "07700900456", "location_postcode": "ls2 7ee"}
        async with client.get("/history", params=query, headers={"HX-Request": "true"}) as response:
            panel = await response.text()
    assert "<html" not in panel, "htmx asks for the panel alone"
    assert panel.count(f">{earlier.reference}</a>") == 2, "found by the phone and by the postcode"
    assert "1 earlier case" in panel


async def test_a_supervisor_sees_the_force_figures_with_their_chart_and_the_escalations(
    stack: Stack, desk_url: str
) -> None:
    await stack.intake("pc.figures").CreateContact(create_request())
    async with desk_client(desk_url) as client:
        await sign_in(client, "sgt.figures")
        async with client.get("/figures") as response:
            figures = await response.text()
        async with client.get("/escalations") as response:
            assert response.status == 200
            assert "escalations" in await response.text()
    assert '<svg viewBox="0 0 640 264" role="img"' in figures
    assert "<rect" in figures and "Contacts each day, by grade" in figures


async def test_a_case_that_does_not_exist_is_a_page_saying_so(desk_url: str) -> None:
    async with desk_client(desk_url) as client:
        await sign_in(client, "pc.history")
        for path in ("/cases/101-19990101-0001", "/cases/101-19990101-0001/amend"):
            async with client.get(path) as response:
                assert response.status == 404, path
                assert "No case with reference 101-19990101-0001." in await response.text()


async def test_the_queue_page_puts_emergency_alerts_first_then_the_soonest_deadline(
    stack: Stack, desk_url: str
) -> None:
    system = stack.review("contact101-service", "service")
    day = f"1998{random.randint(1, 12):02d}{random.randint(1, 28):02d}"
    later, sooner, alerted = (f"101-{day}-{random.randint(1000, 9999)}{n}" for n in range(3))
    now = datetime.now(UTC)
    for reference, grade, due in (
        (later, common_pb2.RISK_GRADE_SCHEDULED, timedelta(minutes=50)),
        (sooner, common_pb2.RISK_GRADE_PRIORITY, timedelta(minutes=40)),
        (alerted, common_pb2.RISK_GRADE_EMERGENCY, timedelta(minutes=55)),
    ):
        request = review_pb2.SubmitForVerificationRequest(
            reference=reference, submission=1, officer_id="pc.urgent", grade=grade
        )
        request.due_at.FromDatetime(now + due)
        await system.SubmitForVerification(request)
    await system.RaiseAlert(
        review_pb2.RaiseAlertRequest(
            reference=alerted,
            kind="EMERGENCY",
            grade=common_pb2.RISK_GRADE_EMERGENCY,
            detail="officers dispatched",
        )
    )
    async with desk_client(desk_url) as client:
        await sign_in(client, "sgt.figures")

        async def queue_page() -> str:
            async with client.get("/queue") as response:
                return await response.text()

        # The page opens on review's latest read of the queue, at most half a second old.
        queue = await eventually(queue_page, lambda page: alerted in page, within=15)
    alerts, table = queue.split('id="queue-table"', 1)
    assert "Emergency alerts" in alerts and alerted in alerts and "officers dispatched" in alerts
    rows = re.findall(r'<th scope="row"><a href="/cases/([^"]+)"', table)
    assert rows.index(alerted) < rows.index(sooner) < rows.index(later)
    assert re.search(rf"{sooner}</a></th>\s*<td>\d+ min left</td>\s*<td>priority</td>", table)
