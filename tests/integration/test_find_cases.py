"""Finding a case when the caller has no reference (issue 18, item 2): "I reported my bike
stolen last week and I've found CCTV". By reference, crime number, phone, email, name with
date of birth, postcode or address, however they are typed; newest first with the state;
every search in the audit trail; operators cannot search."""

from __future__ import annotations

import asyncio
import random

import grpc
import pytest

from contact101.v1 import case_pb2, common_pb2, intake_pb2
from tests.cases import awaiting_verification
from tests.command_line import contact101
from tests.stack import Stack, count_rows, create_request, phone_theft


def someone() -> common_pb2.Person:
    """A caller of this test alone (the stack is shared by the session)."""
    number = random.randrange(10_000, 99_999)
    return common_pb2.Person(
        name=f"Séan O'Neil-Finder{number}",
        date_of_birth="1984-02-29",
        phone=f"07700 9{number}",
        email=f"sean.{number}@example.org",
        address=f"{number % 300} Bike Lane, Leeds",
        postcode="LS6 2AB",
    )


async def reported(stack: Stack, caller: common_pb2.Person, what: str) -> case_pb2.CaseView:
    created = await stack.intake("pc.finder").CreateContact(
        create_request(phone_theft(caller=caller, what_happened=what, location_postcode=""))
    )
    return await awaiting_verification(stack, created.reference)


def references(found: intake_pb2.FindCasesResponse) -> list[str]:
    return [case.reference for case in found.cases]


async def test_a_caller_is_found_by_any_key_however_typed_newest_first(stack: Stack) -> None:
    caller = someone()
    first = await reported(stack, caller, "My bike was stolen from the rack outside the library")
    second = await reported(stack, caller, "My neighbour's shed was broken into")
    officer = stack.intake("pc.finder")
    number = caller.phone.replace(" ", "")[-6:]

    searches = [
        intake_pb2.FindCasesRequest(phone=f"+44 (0)7700 9{number[1:]}"),
        intake_pb2.FindCasesRequest(email=caller.email.upper()),
        intake_pb2.FindCasesRequest(
            name_and_birth=intake_pb2.NameAndBirth(
                name=caller.name.upper().replace("É", "E"), date_of_birth="1984-02-29"
            )
        ),
        intake_pb2.FindCasesRequest(address=caller.address.replace(",", "").lower()),
    ]
    for search in searches:
        found = await officer.FindCases(search)
        assert references(found) == [second.reference, first.reference], search
    case = (await officer.FindCases(searches[0])).cases[1]
    assert case.status == case_pb2.CASE_STATUS_AWAITING_VERIFICATION
    assert case.grade == first.risk.grade and case.crime_number == first.crime.crime_number
    assert "bike was stolen" in case.what_happened

    by_crime = await stack.intake("sgt.finder", "supervisor").FindCases(
        intake_pb2.FindCasesRequest(crime_number=first.crime.crime_number.lower())
    )
    assert references(by_crime) == [first.reference]
    by_reference = await stack.intake("dm.finder", "decision_maker").FindCases(
        intake_pb2.FindCasesRequest(reference=second.reference)
    )
    assert references(by_reference) == [second.reference]


async def test_every_search_is_audited_without_the_value_and_operators_cannot_search(stack: Stack) -> None:
    caller = someone()
    await reported(stack, caller, "My bike was stolen from the station")
    searcher = f"pc.audited{random.randrange(10**6)}"

    await stack.intake(searcher).FindCases(intake_pb2.FindCasesRequest(phone=caller.phone))
    await stack.intake(searcher).FindCases(intake_pb2.FindCasesRequest(postcode="ls62ab"))

    settings = stack.settings
    assert (
        count_rows(settings, "review", "searches", searcher_id=searcher, key_kind="phone", cases_found=1) == 1
    )
    assert count_rows(settings, "review", "searches", searcher_id=searcher, key_kind="postcode") == 1
    digits = caller.phone.replace(" ", "")
    assert count_rows(settings, "review", "searches", key_digest=digits) == 0
    with pytest.raises(grpc.aio.AioRpcError) as refused:
        await stack.intake("ops.finder", "operator").FindCases(
            intake_pb2.FindCasesRequest(phone=caller.phone)
        )
    assert refused.value.code() == grpc.StatusCode.PERMISSION_DENIED


async def test_find_from_the_command_line(stack: Stack, cli_environment: None) -> None:
    caller = someone()
    case = await reported(stack, caller, "My bike was stolen; I have found CCTV of it")

    found = await asyncio.to_thread(
        contact101,
        "find",
        "--name",
        caller.name.lower(),
        "--dob",
        caller.date_of_birth,
        "--as",
        "pc.cli:contact_officer",
    )
    assert case.reference in found and "awaiting verification" in found and "newest first" in found
    nobody = await asyncio.to_thread(
        contact101, "--as", "pc.cli:contact_officer", "find", "--phone", "07700 000001"
    )
    assert "no case found" in nobody


async def test_a_victim_and_a_place_are_found_too(stack: Stack) -> None:
    victim = someone()
    contact = phone_theft(
        caller=common_pb2.Person(name="Pat Neighbour", phone="07700 900999"),
        caller_is_victim=False,
        victim=victim,
        location_postcode="EH1 1EG",
    )
    created = await stack.intake("pc.finder").CreateContact(create_request(contact))
    officer = stack.intake("pc.finder")

    by_victim = await officer.FindCases(intake_pb2.FindCasesRequest(phone=victim.phone.replace(" ", "-")))
    assert references(by_victim) == [created.reference]
    by_place = await officer.FindCases(intake_pb2.FindCasesRequest(postcode="eh1 1eg", limit=100))
    assert created.reference in references(by_place)
