"""Refusals a service gives on the wire. Servicers raise these; the server maps them to status codes."""

from __future__ import annotations

import grpc


class Refusal(Exception):
    """A request the service will not carry out, with the gRPC status code that says why."""

    code = grpc.StatusCode.FAILED_PRECONDITION

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class InvalidRequest(Refusal):
    """The request is malformed; the message names the field, as `field: problem`."""

    code = grpc.StatusCode.INVALID_ARGUMENT


class InvalidField(InvalidRequest):
    """A request field is missing or malformed."""

    def __init__(self, field: str, problem: str) -> None:
        super().__init__(f"{field}: {problem}")
        self.field = field
        self.problem = problem


class NotFound(Refusal):
    code = grpc.StatusCode.NOT_FOUND


class AlreadyExists(Refusal):
    """What the request would create exists already, made by another request."""

    code = grpc.StatusCode.ALREADY_EXISTS


class ResourceExhausted(Refusal):
    """The caller has sent more requests than it may for now; the message says when to try again."""

    code = grpc.StatusCode.RESOURCE_EXHAUSTED


class Unavailable(Refusal):
    """The request cannot be served yet; the same request may be sent again shortly."""

    code = grpc.StatusCode.UNAVAILABLE


class PermissionDenied(Refusal):
    code = grpc.StatusCode.PERMISSION_DENIED


class Unauthenticated(Refusal):
    code = grpc.StatusCode.UNAUTHENTICATED


class WrongState(Refusal):
    """The case is not in a state that allows this action."""

    code = grpc.StatusCode.FAILED_PRECONDITION
