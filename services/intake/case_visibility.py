"""Who sees the people in a case. Contact officers, supervisors and decision makers work the
case and see the caller's and victim's contact details; operators (who watch the system)
see the case without them: no names, dates of birth, phone numbers, emails or addresses, in
the contact or in its guided answers."""

from __future__ import annotations

from contact101.rules.permissions import SEE_PEOPLE
from contact101.v1 import case_pb2, common_pb2, questions_pb2


def case_as_seen_by(case: case_pb2.CaseView, role: common_pb2.Role.ValueType) -> case_pb2.CaseView:
    """The case as role may read it."""
    if SEE_PEOPLE.allows(role):
        return case
    seen = case_pb2.CaseView()
    seen.CopyFrom(case)
    contact = seen.contact
    for person in (contact.caller, contact.victim, *contact.other_victims):
        person.Clear()
    for suspect in contact.suspects:
        suspect.ClearField("name")
    for answer in contact.guided.answers.values():
        if answer.WhichOneof("value") == "person":
            answer.person.CopyFrom(questions_pb2.PersonAnswer(description=answer.person.description))
    return seen
