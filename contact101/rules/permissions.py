"""Who may do what: every action in Contact101, the roles allowed to take it and the refusal in
plain words. The gRPC guard checks each RPC's action (each server's METHOD_PERMISSIONS) and
the case workflow's validators check the same actions again on the actor of every decision."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TypeAlias

from contact101.v1 import common_pb2

Role: TypeAlias = common_pb2.Role.ValueType
OFFICER = common_pb2.ROLE_CONTACT_OFFICER
SUPERVISOR = common_pb2.ROLE_SUPERVISOR
DECISION_MAKER = common_pb2.ROLE_DECISION_MAKER
OPERATOR = common_pb2.ROLE_OPERATOR
SERVICE = common_pb2.ROLE_SERVICE
ROLE_IN_WORDS: dict[Role, str] = {
    OFFICER: "a contact officer",
    SUPERVISOR: "a supervisor",
    DECISION_MAKER: "a designated decision maker",
    OPERATOR: "an operator",
    SERVICE: "a Contact101 service",
}


@dataclass(frozen=True)
class Permission:
    """An action, in words ("verify a case"), and the roles that may take it."""

    action: str
    roles: frozenset[Role]

    def allows(self, role: Role) -> bool:
        return role in self.roles

    @property
    def refusal(self) -> str:
        """Who may, in words: "only a supervisor can verify a case"."""
        if not self.roles:
            return f"nobody can {self.action}"
        return f"only {in_words(self.roles)} can {self.action}"


def role_in_words(role: Role) -> str:
    return ROLE_IN_WORDS.get(role, "nobody we know")


def in_words(roles: frozenset[Role]) -> str:
    """The roles as a sentence names them: "a contact officer, a supervisor or an operator"."""
    named = [role_in_words(role) for role in sorted(roles)]
    return " or ".join([", ".join(named[:-1]), named[-1]]) if len(named) > 1 else "".join(named)


# The one table of who may do what.
RECORD_CONTACT = Permission("record a contact", frozenset({OFFICER, SERVICE}))
# Whoever records contacts may preview one: its decisions, worked out without writing anything.
PREVIEW_CONTACT = Permission("preview a contact's decisions", RECORD_CONTACT.roles)
READ_CASE = Permission("read a case", frozenset({OFFICER, SUPERVISOR, DECISION_MAKER, OPERATOR}))
AMEND_CASE = Permission("amend a case", frozenset({OFFICER}))
ADD_INFORMATION = Permission("add information to a case", frozenset({OFFICER, SUPERVISOR, DECISION_MAKER}))
VERIFY_CASE = Permission("verify a case", frozenset({SUPERVISOR}))
CANCEL_CRIME = Permission("cancel or transfer a crime", frozenset({DECISION_MAKER}))
RECORD_OUTCOME = Permission("record a crime's outcome", frozenset({DECISION_MAKER}))
WATCH_QUEUE = Permission("see the verification queue and its alerts", frozenset({SUPERVISOR, OPERATOR}))
WATCH_PERFORMANCE = Permission(
    "see the force's figures and escalations", frozenset({SUPERVISOR, DECISION_MAKER, OPERATOR})
)
# Every person records their own sign-ins to the desk; supervisors and operators see everyone's.
RECORD_SIGN_IN = Permission(
    "record signing in to the desk", frozenset({OFFICER, SUPERVISOR, DECISION_MAKER, OPERATOR})
)
SEE_SIGN_INS = Permission("see who signed in to the desk", frozenset({SUPERVISOR, OPERATOR}))
# What only the system does: the steps the case workflow takes, the figures services give one another.
CARRY_OUT_CASE_STEP = Permission("carry out a step of a case", frozenset({SERVICE}))
GIVE_SERVICE_FIGURES = Permission("read a service's own figures", frozenset({SERVICE}))
WORK_OUT_PREVIEW = Permission("work out the decisions a draft contact would get", frozenset({SERVICE}))
RECORD_DATA_READ = Permission("record who read a case's personal data", frozenset({SERVICE}))
# Those who work a case see its people (names, contact details) and may find cases by them;
# operators, who watch the system, may not.
SEE_PEOPLE = Permission("see the people in a case", frozenset({OFFICER, SUPERVISOR, DECISION_MAKER}))
FIND_CASES = Permission("find cases by a person's details", SEE_PEOPLE.roles)
RECORD_SEARCH = Permission("record who searched cases by personal data", frozenset({SERVICE}))
FIND_CRIME = Permission("look up the case a crime number belongs to", frozenset({SERVICE}))
# Any signed-in client may discover the classifications it can capture.
LIST_OFFENCES = Permission(
    "list the offence classifications", frozenset({OFFICER, SUPERVISOR, DECISION_MAKER, OPERATOR, SERVICE})
)
# Any signed-in client may read the question sets, suggestions and agency directory it captures with.
READ_QUESTIONS = Permission(
    "read the question sets and the agency directory",
    frozenset({OFFICER, SUPERVISOR, DECISION_MAKER, OPERATOR, SERVICE}),
)
