"""Refusing reports that another website's page makes a browser send (cross-site request forgery).

Browsers say where a request comes from: `Sec-Fetch-Site` (every current browser), or else
`Origin`. A request that carries neither did not come from a browser page, and so was not
forged by one; the form token still has to be valid.
"""

from __future__ import annotations

from collections.abc import Mapping
from urllib.parse import urlsplit

# "none": the person started the request themselves (typed or bookmarked the address).
OWN_REQUEST = frozenset({"same-origin", "none"})


def is_cross_origin(headers: Mapping[str, str], host: str) -> bool:
    """Whether a browser sent this request from a page of another origin than host (HOST[:PORT])."""
    fetched_from = headers.get("Sec-Fetch-Site")
    if fetched_from is not None:
        return fetched_from not in OWN_REQUEST
    origin = headers.get("Origin")
    return origin is not None and urlsplit(origin).netloc != host
