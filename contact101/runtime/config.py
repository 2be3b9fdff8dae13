"""One settings model for every process: environment variables (CONTACT101_*) or a .env file.

The defaults give the embedded stack: SQLite files under data/, the Temporal dev server
on localhost:7233 and the four services on loopback ports.
"""

from __future__ import annotations

import re
from datetime import timedelta
from functools import lru_cache
from pathlib import Path
from typing import Annotated, Literal, Self

from pydantic import Field, SecretStr, field_validator, model_validator
from pydantic_settings import (
    BaseSettings,
    InitSettingsSource,
    NoDecode,
    PydanticBaseSettingsSource,
    SettingsConfigDict,
)

SERVICE_NAMES = ("intake", "crime", "safeguarding", "review")
INBOX_NAME = re.compile(r"[a-z0-9][a-z0-9_-]{0,31}", re.ASCII)
DEFAULT_INBOX = "enquiries"


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="CONTACT101_", env_file=".env", extra="ignore")

    data_dir: Path = Path("data")
    # "production" (every deployment file sets it) refuses to start on the development keys
    # below, placeholders, short or missing keys; so does any address beyond loopback.
    environment: Literal["local", "production"] = "local"

    temporal_target: str = "localhost:7233"
    temporal_namespace: str = "default"
    temporal_ui_port: int = 8233
    task_queue: str = "contact101-cases"
    # Cases a worker keeps in memory between their steps (Temporal's sticky cache): about half
    # a MiB each, so 500 keep a worker near 400 MiB, half its 768 MiB limit in Kubernetes, and
    # hold every case a worker is working (50 in flight in the benchmark). A case evicted
    # replays its history when it next moves: about 40 ms of CPU, once, for a case that has
    # waited long enough to be evicted (the default of 1,000 outgrew that limit).
    worker_cached_cases: int = Field(default=500, ge=0)
    # A secured Temporal cluster: TLS (a client certificate and key make it mutual TLS),
    # an API key, or both. An API key alone turns TLS on.
    temporal_tls: bool = False
    temporal_tls_ca_file: Path | None = None  # the cluster's CA (PEM); unset: the system's roots
    temporal_tls_cert_file: Path | None = None  # this process's client certificate (PEM)
    temporal_tls_key_file: Path | None = None  # its private key (PEM)
    temporal_tls_server_name: str = ""  # the name in the frontend's certificate, if not the target's host
    temporal_api_key: SecretStr = SecretStr("")

    intake_address: str = "127.0.0.1:50051"
    crime_address: str = "127.0.0.1:50052"
    safeguarding_address: str = "127.0.0.1:50053"
    review_address: str = "127.0.0.1:50054"
    # The public online-report form (HTTP), which records reports through the intake service.
    online_reports_address: str = "127.0.0.1:8080"
    # The officer's desk (HTTP): the web console of contact officers, supervisors and decision
    # makers, which calls the services as the person signed in.
    desk_address: str = "127.0.0.1:8090"
    # Where browsers reach the desk (its OpenID Connect redirect address is built on it); empty:
    # http://desk_address. Behind the force's TLS front end, its https:// address.
    desk_public_url: str = ""
    # Local accounts (`contact101 desk-user add`): one JSON file of password hashes; empty:
    # data_dir/desk-accounts.json. A force signing in through its identity provider needs none.
    desk_accounts_file: Path | None = None
    desk_idle_timeout: timedelta = timedelta(minutes=15)  # a session unused this long is signed out
    # OpenID Connect sign-in through the force's identity provider; an empty issuer turns it off.
    # The role comes from the claim desk_oidc_role_claim of the ID token (or userinfo): a role
    # name (contact_officer, supervisor, decision_maker, operator), or a list holding one.
    desk_oidc_issuer: str = ""
    desk_oidc_client_id: str = ""
    desk_oidc_client_secret: SecretStr = SecretStr("")
    desk_oidc_role_claim: str = "contact101_role"

    # Where this process's server listens (gRPC, or HTTP for the online-report form); empty:
    # its service's address above. Containers set 0.0.0.0:PORT here and the service's name
    # (dns:///intake:50051) above.
    listen_address: str = ""

    # Empty means a SQLite file named after the service in data_dir. A PostgreSQL URL in
    # database_url serves every service without one of its own; on PostgreSQL each
    # service keeps its tables in a schema named after it.
    database_url: str = ""
    intake_database_url: str = ""
    crime_database_url: str = ""
    safeguarding_database_url: str = ""
    review_database_url: str = ""
    # At start-up: "create" missing tables from the models (embedded development),
    # "migrate" to the latest Alembic revision, or "check" that `contact101 migrate` ran.
    database_setup: Literal["create", "migrate", "check"] = "create"
    database_pool_size: int = 10  # connections each process keeps per service database

    # A TOML, YAML or .env file of settings (CONTACT101_CONFIG_FILE); environment
    # variables and .env override it.
    config_file: Path | None = None

    token_key: SecretStr = SecretStr("contact101-local-development-key-change-me")
    token_issuer: str = "contact101"
    token_ttl: timedelta = timedelta(hours=12)
    # A token whose lifetime (exp - iat) is longer than this, a shift, is refused.
    token_max_lifetime: timedelta = timedelta(hours=12)
    service_id: str = "contact101-service"

    # Traces and metrics: "none", "console", "otlp" (OpenTelemetry collector at otlp_endpoint,
    # gRPC) or "file" (JSON lines in data_dir/telemetry/, which `contact101 trace REF` reads).
    telemetry_exporter: Literal["none", "console", "otlp", "file"] = "file"
    otlp_endpoint: str = "http://localhost:4317"
    # The share of the traces a process starts that it keeps (a contact's trace is started by
    # intake, or by the CLI, which keeps all of its own); a trace is kept or dropped whole. A
    # dropped span costs next to nothing: 1.0 traces every contact, at about a tenth more CPU.
    trace_sample_ratio: float = Field(default=0.1, ge=0.0, le=1.0)
    metrics_interval: timedelta = timedelta(seconds=30)  # how often metrics are exported

    # TLS on every gRPC server and client (services, worker, CLI): one switch. The files
    # default to data_dir/tls/{cert,key,ca}.pem (`contact101 dev-certs` writes a local set).
    tls: bool = False
    tls_cert_file: Path | None = None  # this process's certificate chain (PEM)
    tls_key_file: Path | None = None  # its private key (PEM)
    tls_ca_file: Path | None = None  # the CA that signs every Contact101 certificate
    tls_mutual: bool = False  # servers also demand a client certificate signed by the CA
    tls_server_name: str = ""  # name to expect in servers' certificates instead of the address host

    # Temporal payloads are encrypted (AES-256-GCM) with a key derived from this secret;
    # the key id goes with every payload. Previous keys ({"id": "secret"}) still decrypt.
    payload_key: SecretStr = SecretStr("contact101-local-payload-key-change-me")
    payload_key_id: str = "local-1"
    payload_previous_keys: dict[str, SecretStr] = {}

    # Every decision a service sends the case workflow for a person it authenticated (an
    # approval, amendment, new information, a cancellation) and every case intake opens carries
    # an assertion signed (HMAC-SHA256) with this secret, which the worker checks: a client that
    # reaches Temporal without it can neither decide a case nor open one. Distinct from the
    # token key; services and the worker hold it. Previous keys ({"id": "secret"}) still verify.
    assertion_key: SecretStr = SecretStr("contact101-local-assertion-key-change-me")
    assertion_key_id: str = "local-1"
    assertion_previous_keys: dict[str, SecretStr] = {}

    # `contact101 codec-server`: decrypts payloads for the Temporal UI (remote codec protocol).
    codec_server_address: str = "127.0.0.1:8234"
    codec_cors_origins: list[str] = []  # empty: the local Temporal UI on temporal_ui_port
    temporal_ui_codec_endpoint: str = ""  # given to `temporal server start-dev --ui-codec-endpoint`

    # The clocks of every new case. The Victims' Code working days and the NCRS 24 hours
    # come from the rule files; crime_decision_due overrides the latter (e.g. in tests).
    crime_decision_due: timedelta | None = None
    verification_due: timedelta = timedelta(hours=4)  # the supervisor verification SLA
    priority_attendance_due: timedelta = timedelta(hours=1)
    scheduled_attendance_due: timedelta = timedelta(hours=48)
    working_day_zone: str = "Europe/London"  # where a working day starts and ends
    clock_escalation_fraction: float = 0.75  # alert the duty inspector when 75% of a clock's time has gone
    # What one day of a victim-update frequency agreed with the victim (--update-every) lasts:
    # a calendar day; a test stack shortens it to see the updates repeat.
    agreed_update_day: timedelta = timedelta(days=1)
    # A case workflow continues as new after this many history events (0: when Temporal suggests).
    case_history_limit: int = 0

    # Enquiry inboxes the inbox poller reads, by name: Maildir folders, as NAME=PATH pairs
    # separated by commas (enquiries=/var/mail/enquiries,cybercrime=/var/mail/cyber) or a
    # table in a configuration file. Empty: one, "enquiries", in data_dir/inbox/enquiries.
    inboxes: Annotated[dict[str, Path], NoDecode] = {}
    inbox_poll_interval: timedelta = timedelta(seconds=5)
    inbox_read_timeout: timedelta = timedelta(seconds=30)  # reading one email past this quarantines it
    max_attachment_bytes: int = 25 * 1024 * 1024  # the largest file a contact may come with
    # Intake's limit for each person (authenticated user id; service identities are not
    # limited): intake_rate_burst requests at once, intake_rate_per_second more each second.
    intake_rate_per_second: float = Field(default=100.0, gt=0)
    intake_rate_burst: int = Field(default=1000, ge=1)

    @field_validator("inboxes", mode="before")
    @classmethod
    def _inboxes_by_name(cls, value: object) -> object:
        """NAME=PATH,NAME=PATH as a mapping; names are lower-case letters, digits, _ and -."""
        if isinstance(value, str):
            pairs = [pair.partition("=") for pair in value.split(",") if pair.strip()]
            if any(not separator or not path.strip() for _name, separator, path in pairs):
                raise ValueError("inboxes must be NAME=PATH pairs separated by commas")
            value = {name.strip(): path.strip() for name, _separator, path in pairs}
        if isinstance(value, dict):
            for name in value:
                if not INBOX_NAME.fullmatch(str(name)):
                    raise ValueError(
                        f"inbox name {name!r} must be up to 32 lower-case letters, digits, _ or -"
                    )
        return value

    @model_validator(mode="after")
    def _tokens_fit_in_a_shift(self) -> Self:
        if self.token_ttl > self.token_max_lifetime:
            raise ValueError(
                f"token_ttl {self.token_ttl} is longer than token_max_lifetime {self.token_max_lifetime}"
            )
        return self

    def inbox_folders(self) -> dict[str, Path]:
        """Each inbox's Maildir by name: the configured ones, or the default one under data_dir."""
        return self.inboxes or {DEFAULT_INBOX: self.data_dir / "inbox" / DEFAULT_INBOX}

    def address_of(self, service: str) -> str:
        """The host:port the named service listens on."""
        address: str = getattr(self, f"{service}_address")
        return address

    def database_url_of(self, service: str) -> str:
        """The SQLAlchemy URL of the named service's own database."""
        url: str = getattr(self, f"{service}_database_url")
        return url or self.database_url or f"sqlite:///{self.data_dir.resolve() / service}.db"

    @classmethod
    def settings_customise_sources(
        cls,
        settings_cls: type[BaseSettings],
        init_settings: PydanticBaseSettingsSource,
        env_settings: PydanticBaseSettingsSource,
        dotenv_settings: PydanticBaseSettingsSource,
        file_secret_settings: PydanticBaseSettingsSource,
    ) -> tuple[PydanticBaseSettingsSource, ...]:
        """Arguments, then environment, then .env, then the configuration file, then defaults."""
        field = cls.model_fields["config_file"]  # looked up alone: the sources resolve every field
        named_in = (
            source.get_field_value(field, "config_file")[0] for source in (env_settings, dotenv_settings)
        )
        config_file = init_settings().get("config_file") or next((name for name in named_in if name), None)
        if not config_file:
            return init_settings, env_settings, dotenv_settings, file_secret_settings
        from contact101.runtime.config_file import read_config_file  # YAML and TOML: only with a file

        values = read_config_file(Path(config_file), cls.model_fields)
        from_file = InitSettingsSource(settings_cls, init_kwargs=values)
        return init_settings, env_settings, dotenv_settings, from_file, file_secret_settings


@lru_cache
def get_settings() -> Settings:
    """The process's settings, read once."""
    return Settings()
