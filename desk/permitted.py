"""Pages for the roles that may take their action: anyone else is told who may, in words.

The services check every call again; this only spares a person a page they cannot use."""

from __future__ import annotations

import functools
from collections.abc import Awaitable, Callable

from aiohttp import web

from contact101.rules.permissions import Permission
from desk.people import PERSON
from desk.rendering import page

Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]


def permitted(permission: Permission) -> Callable[[Handler], Handler]:
    def wrap(handler: Handler) -> Handler:
        @functools.wraps(handler)
        async def checked(request: web.Request) -> web.StreamResponse:
            person = request[PERSON]
            if not person.may(permission):
                refusal = permission.refusal[0].upper() + permission.refusal[1:]
                message = f"{refusal}; you are signed in as {person.role_in_words}."
                return page(request, "problem.html", 403, title="Not for your role", message=message)
            return await handler(request)

        return checked

    return wrap
