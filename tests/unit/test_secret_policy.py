"""Which settings count as the local stack's, and which secrets a deployment may not run on."""

from __future__ import annotations

from datetime import timedelta

import pytest
from pydantic import SecretStr

from contact101.runtime.config import Settings
from contact101.runtime.secret_policy import (
    address_hosts,
    reasons_to_be_strict,
    refusal_to_start,
    weak_secrets,
)

STRONG = "k" * 20 + "Zq8v1Lr0pW3mXc7N9tYb"


def strong(**changes: object) -> Settings:
    keys: dict[str, object] = {
        "token_key": SecretStr(STRONG),
        "payload_key": SecretStr(STRONG[::-1]),
        "assertion_key": SecretStr(STRONG.upper()),
    }
    return Settings(**{**keys, **changes})  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("address", "hosts"),
    [
        ("127.0.0.1:50051", ["127.0.0.1"]),
        ("dns:///intake.contact101.svc:50051", ["intake.contact101.svc"]),
        ("ipv4:127.0.0.1:50051,127.0.0.1:50061", ["127.0.0.1", "127.0.0.1"]),
        ("[::1]:50051", ["::1"]),
        ("0.0.0.0:8080", ["0.0.0.0"]),
        ("unix:/run/contact101.sock", []),
    ],
)
def test_the_hosts_of_an_address(address: str, hosts: list[str]) -> None:
    assert address_hosts(address) == hosts


def test_the_defaults_are_the_local_stack_and_run_on_development_keys() -> None:
    settings = Settings()
    assert reasons_to_be_strict(settings) == []
    assert len(weak_secrets(settings)) == 3  # the token, payload and assertion keys
    assert refusal_to_start(settings) is None


@pytest.mark.parametrize(
    "changes",
    [
        {"environment": "production"},
        {"listen_address": "0.0.0.0:50051"},
        {"crime_address": "dns:///crime:50051"},
        {"codec_server_address": "192.0.2.7:8234"},
    ],
)
def test_production_or_an_address_beyond_loopback_refuses_development_keys(changes: dict[str, str]) -> None:
    refusal = refusal_to_start(Settings(**changes))  # type: ignore[arg-type]
    assert refusal is not None
    assert "CONTACT101_TOKEN_KEY" in refusal and "CONTACT101_PAYLOAD_KEY" in refusal


def test_strong_keys_start_anywhere() -> None:
    assert refusal_to_start(strong(environment="production", listen_address="0.0.0.0:50051")) is None


@pytest.mark.parametrize(
    ("changes", "named"),
    [
        ({"token_key": SecretStr("CHANGE-ME")}, "CONTACT101_TOKEN_KEY is a placeholder"),
        ({"payload_key": SecretStr("")}, "CONTACT101_PAYLOAD_KEY is not set"),
        ({"token_key": SecretStr("x" * 31)}, "CONTACT101_TOKEN_KEY is 31 characters long"),
        (
            {"payload_previous_keys": {"old": SecretStr("change_me")}},
            "CONTACT101_PAYLOAD_PREVIOUS_KEYS (old)",
        ),
        ({"temporal_api_key": SecretStr("<your api key>")}, "CONTACT101_TEMPORAL_API_KEY"),
        ({"crime_database_url": "postgresql://u:CHANGE-ME@db/c"}, "CONTACT101_CRIME_DATABASE_URL"),
    ],
)
def test_each_weak_secret_is_named(changes: dict[str, object], named: str) -> None:
    (weakness,) = weak_secrets(strong(**changes))
    assert weakness.startswith(named)


def test_an_optional_secret_may_be_left_unset() -> None:
    assert weak_secrets(strong(temporal_api_key=SecretStr(""))) == []


def test_a_token_lifetime_beyond_the_maximum_is_refused() -> None:
    with pytest.raises(ValueError, match="token_max_lifetime"):
        Settings(token_ttl=timedelta(hours=13))
