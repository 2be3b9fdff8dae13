"""The roles a token can name, as people type them (`--as pc.smith:contact_officer`)."""

from __future__ import annotations

from contact101.v1 import common_pb2

ROLE_NAMES = {
    "contact_officer": common_pb2.ROLE_CONTACT_OFFICER,
    "supervisor": common_pb2.ROLE_SUPERVISOR,
    "decision_maker": common_pb2.ROLE_DECISION_MAKER,
    "operator": common_pb2.ROLE_OPERATOR,
    "service": common_pb2.ROLE_SERVICE,
}
# The roles a person signs in with (the desk, local accounts): every one but the services'.
PERSON_ROLES = tuple(name for name in ROLE_NAMES if name != "service")
