"""One settings model for every process: environment variables (CONTACT101_*) or a .env file.

The defaults give the embedded stack: SQLite files under data/, the Temporal dev server
on localhost:7233 and the four services on loopback ports.
"""

from __future__ import annotations

from datetime import timedelta
from functools import lru_cache
from pathlib import Path

from pydantic import SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict

SERVICE_NAMES = ("intake", "crime", "safeguarding", "review")


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="CONTACT101_", env_file=".env", extra="ignore")

    data_dir: Path = Path("data")

    temporal_target: str = "localhost:7233"
    temporal_namespace: str = "default"
    temporal_ui_port: int = 8233
    task_queue: str = "contact101-cases"

    intake_address: str = "127.0.0.1:50051"
    crime_address: str = "127.0.0.1:50052"
    safeguarding_address: str = "127.0.0.1:50053"
    review_address: str = "127.0.0.1:50054"

    # Empty means a SQLite file named after the service in data_dir.
    intake_database_url: str = ""
    crime_database_url: str = ""
    safeguarding_database_url: str = ""
    review_database_url: str = ""

    token_key: SecretStr = SecretStr("contact101-local-development-key-change-me")
    token_issuer: str = "contact101"
    token_ttl: timedelta = timedelta(hours=12)
    service_id: str = "contact101-service"

    def address_of(self, service: str) -> str:
        """The host:port the named service listens on."""
        address: str = getattr(self, f"{service}_address")
        return address

    def database_url_of(self, service: str) -> str:
        """The SQLAlchemy URL of the named service's own database."""
        url: str = getattr(self, f"{service}_database_url")
        return url or f"sqlite:///{self.data_dir.resolve() / service}.db"


@lru_cache
def get_settings() -> Settings:
    """The process's settings, read once."""
    return Settings()
