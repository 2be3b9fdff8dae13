"""The form token: the request id of one report, signed by the form that showed it.

Each time the form is shown it carries a new token in a hidden field. Sending it back
proves the report was filled in on a form this service showed, not long ago (a request
forged elsewhere has no valid token), and its request id makes intake's CreateContact
idempotent: a double click, a refresh of the answer page or a retry after an outage
records one contact. The key is derived from the token-signing key every process has.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import uuid
from datetime import datetime, timedelta

from contact101.runtime.config import Settings

MAX_AGE = timedelta(hours=24)
# The form's clock and the one checking it are the same process's, but allow a little.
CLOCK_SKEW = timedelta(minutes=1)
REQUEST_ID_PREFIX = "online-"


def form_key(settings: Settings) -> bytes:
    """A key of the form's own, so a form token is never a valid signature of anything else."""
    secret = settings.token_key.get_secret_value().encode()
    return hmac.digest(secret, b"contact101 online report form token", hashlib.sha256)


def issue_form_token(key: bytes, now: datetime) -> str:
    """A token for a new report: `REQUEST_ID.ISSUED.SIGNATURE`."""
    signed = f"{REQUEST_ID_PREFIX}{uuid.uuid4().hex}.{int(now.timestamp())}"
    return f"{signed}.{_signature(key, signed)}"


def request_id_of(key: bytes, token: str, now: datetime) -> str | None:
    """The request id of a token this form issued within MAX_AGE of now; None otherwise."""
    signed, _, signature = token.rpartition(".")
    request_id, _, issued = signed.partition(".")
    if not (request_id.startswith(REQUEST_ID_PREFIX) and issued.isdigit()):
        return None
    if not hmac.compare_digest(signature.encode(), _signature(key, signed).encode()):
        return None
    age = now - datetime.fromtimestamp(int(issued), now.tzinfo)
    return request_id if -CLOCK_SKEW <= age <= MAX_AGE else None


def _signature(key: bytes, signed: str) -> str:
    digest = hmac.digest(key, signed.encode(), hashlib.sha256)
    return base64.urlsafe_b64encode(digest).decode().rstrip("=")
