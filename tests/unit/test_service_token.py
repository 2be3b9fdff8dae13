"""Service-to-service calls carry one signed service token, not a fresh signature per call."""

from __future__ import annotations

from contact101.rpc.auth import service_token_source, verify_token
from contact101.runtime.config import Settings
from contact101.v1 import common_pb2


def test_the_service_token_is_signed_once_and_names_the_service() -> None:
    settings = Settings()
    token = service_token_source(settings)
    first = token()
    assert token() is first
    identity = verify_token(settings, first)
    assert (identity.user_id, identity.role) == (settings.service_id, common_pb2.ROLE_SERVICE)
