"""A service's refusal as the desk shows it: the service's reason, in plain words, and that
nothing was changed.

The services word their refusals for people already ("only a supervisor can verify a case";
"sgt.jones worked on case 101-… and cannot verify it"); this takes off what is for programs
(the method's name before the reason, a field's path, an enum's name) and says what to do next.
"""

from __future__ import annotations

import re

import grpc

METHOD_PREFIX = re.compile(r"^[A-Z][A-Za-z]+: ")
ENUM_NAME = re.compile(r"\(it is ([A-Z_]+)\)")
WORKED_ON = re.compile(r"^(\S+) worked on case (\S+) and cannot verify it$")
FIELD_PROBLEM = re.compile(r"^([a-z_]+(?:\[\d+\])?(?:\.[a-z_]+(?:\[\d+\])?)*): (.+)$")
UNAVAILABLE = (
    "The service did not answer in time, so this may not have been done. "
    "Check the case, and try again in a moment if it is not."
)
NOTHING_CHANGED = "Nothing was changed."


def refusal_in_words(
    error: grpc.aio.AioRpcError, fields: dict[str, str] | None = None, acting: bool = True
) -> str:
    """What the person reads when a service refused their action (or, not acting, a page they
    asked for); fields names the form's controls by the request fields they fill."""
    code = error.code()
    details = METHOD_PREFIX.sub("", error.details() or "")
    if code in (grpc.StatusCode.UNAVAILABLE, grpc.StatusCode.DEADLINE_EXCEEDED, grpc.StatusCode.INTERNAL):
        return UNAVAILABLE
    if code == grpc.StatusCode.UNAUTHENTICATED:
        return "Your sign-in is no longer accepted. Sign out and sign in again."
    worked_on = WORKED_ON.match(details)
    if worked_on:
        return (
            f"You cannot verify case {worked_on[2]}: you worked on it (you recorded it, amended it or "
            f"added information to it), and a case is verified by someone who did not. {NOTHING_CHANGED}"
        )
    details = ENUM_NAME.sub(lambda found: f"(it is {found[1].replace('_', ' ').lower()})", details)
    problem = FIELD_PROBLEM.match(details)
    if problem and code == grpc.StatusCode.INVALID_ARGUMENT:
        field, reason = problem[1], problem[2]
        named = (fields or {}).get(field) or field.rpartition(".")[2].replace("_", " ")
        return f"{named[0].upper()}{named[1:]}: {reason}."
    sentence = details[0].upper() + details[1:] if details else "The service refused this"
    return f"{sentence.rstrip('.')}." + (f" {NOTHING_CHANGED}" if acting else "")
