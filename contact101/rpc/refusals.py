"""Refusals: one table of each kind of refusal, its gRPC status, its ApplicationError type and
whether trying again can help. Servicers and the case workflow raise these; the gRPC guard,
the activities' retry policy and the case client all map them through REFUSAL_KINDS."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import grpc

if TYPE_CHECKING:  # the case workflow's side; clients such as the CLI never load Temporal for it
    from temporalio.exceptions import ApplicationError


@dataclass(frozen=True)
class RefusalKind:
    """What a kind of refusal is on the wire: its gRPC status, whose name is also the type of
    the ApplicationError that carries it through Temporal, and whether a retry can change it."""

    status: grpc.StatusCode
    retryable: bool

    @property
    def error_type(self) -> str:
        return self.status.name


class Refusal(Exception):
    """A request the service or the case will not carry out, and why (its kind: REFUSAL_KINDS)."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    @property
    def kind(self) -> RefusalKind:
        return kind_of(type(self))

    @property
    def code(self) -> grpc.StatusCode:
        return self.kind.status

    def as_application_error(self) -> ApplicationError:
        """The refusal as the case workflow raises it, for the case client to map back."""
        from temporalio.exceptions import ApplicationError

        return ApplicationError(
            self.message, type=self.kind.error_type, non_retryable=not self.kind.retryable
        )


class InvalidRequest(Refusal):
    """The request is malformed; the message names the field, as `field: problem`."""


class InvalidField(InvalidRequest):
    """A request field is missing or malformed."""

    def __init__(self, field: str, problem: str) -> None:
        super().__init__(f"{field}: {problem}")
        self.field = field
        self.problem = problem


class NotFound(Refusal):
    """No such case, record or file."""


class AlreadyExists(Refusal):
    """What the request would create exists already, made by another request (a request id
    used again for a different request)."""


class ResourceExhausted(Refusal):
    """The caller has sent more requests than it may for now; the message says when to try again."""


class Unavailable(Refusal):
    """The request cannot be served yet; the same request may be sent again shortly."""


class PermissionDenied(Refusal):
    """The caller may not take this action (contact101/rules/permissions.py), or not on this case."""


class Unauthenticated(Refusal):
    """No valid token: the caller is nobody we know."""


class WrongState(Refusal):
    """The case is not in a state that allows this action."""


# The one table of refusals. A status not in it (DEADLINE_EXCEEDED, INTERNAL, ...) is a fault,
# not a refusal, and is always worth retrying.
REFUSAL_KINDS: dict[type[Refusal], RefusalKind] = {
    InvalidRequest: RefusalKind(grpc.StatusCode.INVALID_ARGUMENT, retryable=False),
    NotFound: RefusalKind(grpc.StatusCode.NOT_FOUND, retryable=False),
    PermissionDenied: RefusalKind(grpc.StatusCode.PERMISSION_DENIED, retryable=False),
    # A service token refused for a key being rotated is accepted once the keys agree again.
    Unauthenticated: RefusalKind(grpc.StatusCode.UNAUTHENTICATED, retryable=True),
    WrongState: RefusalKind(grpc.StatusCode.FAILED_PRECONDITION, retryable=False),
    AlreadyExists: RefusalKind(grpc.StatusCode.ALREADY_EXISTS, retryable=False),
    ResourceExhausted: RefusalKind(grpc.StatusCode.RESOURCE_EXHAUSTED, retryable=True),
    # A contact recorded whose case Temporal has not taken yet: ask again shortly.
    Unavailable: RefusalKind(grpc.StatusCode.UNAVAILABLE, retryable=True),
}
REFUSALS_BY_ERROR_TYPE = {kind.error_type: refusal for refusal, kind in REFUSAL_KINDS.items()}
NON_RETRYABLE_ERROR_TYPES = sorted(kind.error_type for kind in REFUSAL_KINDS.values() if not kind.retryable)


def kind_of(refusal: type[Refusal]) -> RefusalKind:
    """The kind of a refusal class: its own row of the table, or its nearest base class's."""
    for cls in refusal.__mro__:
        if cls in REFUSAL_KINDS:
            return REFUSAL_KINDS[cls]
    return REFUSAL_KINDS[WrongState]


def is_retryable(status: grpc.StatusCode) -> bool:
    """Whether a call answered with status may succeed if made again."""
    kind = next((kind for kind in REFUSAL_KINDS.values() if kind.status == status), None)
    return kind is None or kind.retryable


def refusal_from(error_type: str, message: str) -> Refusal:
    """The refusal an ApplicationError of error_type carries (a case refusal of unknown type: WrongState)."""
    return REFUSALS_BY_ERROR_TYPE.get(error_type, WrongState)(message)
