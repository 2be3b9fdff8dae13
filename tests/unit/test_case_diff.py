"""What changed in a case, as the supervisor and the audit trail see it."""

from __future__ import annotations

from contact101.v1 import case_pb2, common_pb2
from tests.stack import phone_theft
from workflows.case_diff import case_fields, changed_values, changes, reviewed_fields


def reviewed_case() -> case_pb2.CaseView:
    case = case_pb2.CaseView(reference="101-20261123-0001", contact=phone_theft(), contact_version=1)
    case.risk.grade = common_pb2.RISK_GRADE_SCHEDULED
    case.history.add(action="create")
    case.clocks.add(name="verification", state=case_pb2.CLOCK_STATE_RUNNING)
    return case


def test_an_amended_suspect_and_a_new_grade_are_the_changes_since_review() -> None:
    case = reviewed_case()
    before = reviewed_fields(case)
    case.contact.suspects[0].description = "man in a red hoodie, about 20, 6ft"
    case.contact_version = 2
    case.risk.grade = common_pb2.RISK_GRADE_PRIORITY
    case.status = case_pb2.CASE_STATUS_AWAITING_VERIFICATION
    case.clocks[0].state = case_pb2.CLOCK_STATE_ESCALATED

    found = changes(before, reviewed_fields(case))

    assert [(c.field, c.before, c.after) for c in found] == [
        (
            "contact.suspects[0].description",
            "man in a red hoodie, about 20",
            "man in a red hoodie, about 20, 6ft",
        ),
        ("contact_version", "1", "2"),
        ("risk.grade", "RISK_GRADE_SCHEDULED", "RISK_GRADE_PRIORITY"),
    ]


def test_an_added_line_of_enquiry_shows_as_empty_before() -> None:
    case = reviewed_case()
    before = reviewed_fields(case)
    case.contact.lines_of_enquiry.add(kind=common_pb2.LINE_OF_ENQUIRY_KIND_WITNESS, detail="the barista")
    found = {c.field: (c.before, c.after) for c in changes(before, reviewed_fields(case))}
    assert found == {
        "contact.lines_of_enquiry[1].kind": ("", "LINE_OF_ENQUIRY_KIND_WITNESS"),
        "contact.lines_of_enquiry[1].detail": ("", "the barista"),
    }


def test_the_audit_sees_clocks_by_name_but_never_the_history_itself() -> None:
    fields = case_fields(reviewed_case())
    assert fields["clocks.verification.state"] == "CLOCK_STATE_RUNNING"
    assert not any(path.startswith("history") for path in fields)


def test_changed_values_hold_only_what_changed() -> None:
    before, after = changed_values(
        {"risk.grade": "A", "status": "X"}, {"risk.grade": "B", "status": "X", "new": "1"}
    )
    assert before == {"risk.grade": "A"}
    assert after == {"risk.grade": "B", "new": "1"}
