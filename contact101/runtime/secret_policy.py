"""Which secrets a deployment may not run on: development defaults, placeholders, short or missing keys.

The local stack (CONTACT101_ENVIRONMENT=local, every address on loopback) runs on the
development keys written in config.py. Anywhere else those keys are public, so a process
refuses to start on them, and on the example secrets' placeholders, naming each setting.
"""

from __future__ import annotations

import ipaddress
import re
from urllib.parse import urlsplit

from pydantic import SecretStr

from contact101.runtime.config import SERVICE_NAMES, Settings

MIN_KEY_LENGTH = 32  # characters; `openssl rand -base64 48` gives 64
REQUIRED_SECRETS = ("token_key", "payload_key", "assertion_key")
PLACEHOLDER = re.compile(r"change[-_ ]?me|replace[-_ ]?me|placeholder|example|<[^>]*>", re.IGNORECASE)
LOCAL_SOCKET_SCHEMES = ("unix:", "unix-abstract:")
RESOLVER_SCHEMES = ("dns:", "ipv4:", "ipv6:")
GENERATE_ONE = "openssl rand -base64 48"


def setting_name(field: str) -> str:
    return f"CONTACT101_{field.upper()}"


def address_hosts(address: str) -> list[str]:
    """The hosts a gRPC or host:port address names: `dns:///intake:50051`, `ipv4:a:1,b:2`, `[::1]:50051`."""
    if address.startswith(LOCAL_SOCKET_SCHEMES):
        return []
    target = next(
        (address.removeprefix(scheme) for scheme in RESOLVER_SCHEMES if address.startswith(scheme)), address
    )
    target = target.rsplit("/", 1)[-1]  # dns://authority/host:port
    hosts = []
    for endpoint in filter(None, target.split(",")):
        host = endpoint.rsplit(":", 1)[0] if endpoint.count(":") == 1 or "]" in endpoint else endpoint
        hosts.append(host.strip("[]"))
    return hosts


def is_loopback_host(host: str) -> bool:
    if host.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def listening_addresses(settings: Settings) -> dict[str, str]:
    """Every address, by setting, on which one of the system's processes listens."""
    services = [f"{service}_address" for service in SERVICE_NAMES]
    fields = ["listen_address", *services, "online_reports_address", "desk_address", "codec_server_address"]
    return {field: getattr(settings, field) for field in fields if getattr(settings, field)}


def reasons_to_be_strict(settings: Settings) -> list[str]:
    """Why settings are not the local stack's: empty when they are."""
    reasons = []
    if settings.environment != "local":
        reasons.append(f"{setting_name('environment')} is {settings.environment}")
    for field, address in listening_addresses(settings).items():
        if not all(is_loopback_host(host) for host in address_hosts(address)):
            reasons.append(f"{setting_name(field)} {address} is beyond loopback")
    return reasons


def key_weakness(field: str, secret: str) -> str | None:
    """What is wrong with secret as the value of field, or None."""
    development = Settings.model_fields[field].default
    if not secret:
        return "is not set" if field in REQUIRED_SECRETS else None
    if isinstance(development, SecretStr) and secret == development.get_secret_value():
        return "is the public development key written in contact101/runtime/config.py"
    if PLACEHOLDER.search(secret):
        return "is a placeholder from an example file"
    if len(secret) < MIN_KEY_LENGTH:
        return f"is {len(secret)} characters long; it must be at least {MIN_KEY_LENGTH}"
    return None


def url_password_weakness(url: str) -> str | None:
    if "://" not in url:
        return None
    password = urlsplit(url).password
    if password and PLACEHOLDER.search(password):
        return "has a placeholder password from an example file"
    return None


def weak_secrets(settings: Settings) -> list[str]:
    """Each setting holding a secret a deployment may not run on, with what is wrong with it."""
    found = []
    for field in Settings.model_fields:
        value = getattr(settings, field)
        secrets = value.items() if isinstance(value, dict) else [("", value)]
        for key, secret in secrets:
            if isinstance(secret, SecretStr):
                weakness = key_weakness(field, secret.get_secret_value())
            elif field.endswith("database_url") and isinstance(secret, str):
                weakness = url_password_weakness(secret)
            else:
                continue
            if weakness:
                name = f"{setting_name(field)} ({key})" if key else setting_name(field)
                found.append(f"{name} {weakness}")
    return found


def refusal_to_start(settings: Settings) -> str | None:
    """Why a process on settings must not start, or None: weak secrets outside the local stack."""
    reasons = reasons_to_be_strict(settings)
    weak = weak_secrets(settings)
    if not reasons or not weak:
        return None
    return (
        f"refusing to start outside the local stack ({'; '.join(reasons)}) on weak secrets:\n"
        + "".join(f"  {line}\n" for line in weak)
        + f"Give each a long random secret (e.g. `{GENERATE_ONE}`); see README, Security."
    )
