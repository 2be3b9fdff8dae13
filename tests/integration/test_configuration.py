"""One settings model: a configuration file, environment variables over it, and `contact101 config`."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

from contact101.runtime.config import Settings
from contact101.runtime.config_file import ConfigFileError
from tests.command_line import INSTALLED_CLI as CLI

CONFIG_FILES = {
    "contact101.toml": 'temporal_target = "temporal.force.internal:7233"\ndatabase_setup = "migrate"\n'
    'crime_address = "dns:///crime:50051"\ntoken_ttl = "PT1H"\n',
    "contact101.yaml": "temporal_target: temporal.force.internal:7233\ndatabase_setup: migrate\n"
    "crime_address: dns:///crime:50051\ntoken_ttl: PT1H\n",
    "contact101.env": "CONTACT101_TEMPORAL_TARGET=temporal.force.internal:7233\n"
    "CONTACT101_DATABASE_SETUP=migrate\nCONTACT101_CRIME_ADDRESS=dns:///crime:50051\nCONTACT101_TOKEN_TTL=PT1H\n",
}


@pytest.fixture(autouse=True)
def no_contact101_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    for name in os.environ:
        if name.startswith("CONTACT101_"):
            monkeypatch.delenv(name)
    monkeypatch.chdir(tmp_path)  # no stray .env


@pytest.mark.parametrize("name", CONFIG_FILES)
def test_a_config_file_in_any_format_gives_the_settings(
    name: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    config_file = tmp_path / name
    config_file.write_text(CONFIG_FILES[name])
    monkeypatch.setenv("CONTACT101_CONFIG_FILE", str(config_file))
    settings = Settings()
    assert settings.temporal_target == "temporal.force.internal:7233"
    assert settings.database_setup == "migrate"
    assert settings.address_of("crime") == "dns:///crime:50051"
    assert settings.token_ttl.total_seconds() == 3600
    assert settings.temporal_namespace == "default"


def test_environment_variables_override_the_config_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    config_file = tmp_path / "contact101.toml"
    config_file.write_text(CONFIG_FILES["contact101.toml"])
    monkeypatch.setenv("CONTACT101_CONFIG_FILE", str(config_file))
    monkeypatch.setenv("CONTACT101_TEMPORAL_TARGET", "override:7233")
    assert Settings().temporal_target == "override:7233"


def test_a_dot_env_file_can_name_the_config_file(tmp_path: Path) -> None:
    (tmp_path / "contact101.toml").write_text(CONFIG_FILES["contact101.toml"])
    (tmp_path / ".env").write_text("CONTACT101_CONFIG_FILE=contact101.toml\n")
    assert Settings().temporal_target == "temporal.force.internal:7233"


def test_a_misspelt_setting_in_the_config_file_is_refused_by_name(tmp_path: Path) -> None:
    config_file = tmp_path / "contact101.toml"
    config_file.write_text('temporal_taget = "temporal:7233"\n')
    with pytest.raises(ConfigFileError, match=r"unknown setting.*temporal_taget"):
        Settings(config_file=config_file)


def test_a_missing_config_file_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ConfigFileError, match="does not exist"):
        Settings(config_file=tmp_path / "nowhere.toml")


def test_one_postgresql_url_serves_every_service_unless_a_service_has_its_own() -> None:
    settings = Settings(
        database_url="postgresql://contact101@db/contact101",
        crime_database_url="postgresql://crime@crime-db/crime",
    )
    assert settings.database_url_of("intake") == "postgresql://contact101@db/contact101"
    assert settings.database_url_of("crime") == "postgresql://crime@crime-db/crime"


def test_contact101_config_prints_the_effective_configuration_with_secrets_masked(tmp_path: Path) -> None:
    config_file = tmp_path / "contact101.toml"
    config_file.write_text('temporal_namespace = "west-yorkshire"\n')
    environment = {
        **{name: value for name, value in os.environ.items() if not name.startswith("CONTACT101_")},
        "CONTACT101_CONFIG_FILE": str(config_file),
        "CONTACT101_TOKEN_KEY": "token-key-that-must-not-leak",
        "CONTACT101_DATABASE_URL": "postgresql://contact101:db-password-that-must-not-leak@db:5432/contact101",
    }
    shown = subprocess.run(
        [CLI, "config"], env=environment, cwd=tmp_path, capture_output=True, text=True, check=True
    ).stdout
    assert 'temporal_namespace = "west-yorkshire"' in shown
    assert 'database_url = "postgresql://contact101:**********@db:5432/contact101"' in shown
    assert 'token_key = "**********"' in shown
    assert "must-not-leak" not in shown
    assert "intake        at 127.0.0.1:50051, database postgresql://contact101:**********@db" in shown


def test_enquiry_inboxes_are_named_maildir_folders(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    assert Settings(data_dir=tmp_path).inbox_folders() == {"enquiries": tmp_path / "inbox" / "enquiries"}
    monkeypatch.setenv("CONTACT101_INBOXES", "enquiries=/var/mail/enquiries, cyber-crime=/var/mail/cyber")
    assert Settings().inbox_folders() == {
        "enquiries": Path("/var/mail/enquiries"),
        "cyber-crime": Path("/var/mail/cyber"),
    }
    toml = tmp_path / "inboxes.toml"
    toml.write_text('inboxes = { enquiries = "/srv/mail/enquiries" }\n')
    monkeypatch.delenv("CONTACT101_INBOXES")
    assert Settings(config_file=toml).inbox_folders() == {"enquiries": Path("/srv/mail/enquiries")}
    for wrong in ("Enquiries=/var/mail/x", "enquiries", "enquiries="):
        monkeypatch.setenv("CONTACT101_INBOXES", wrong)
        with pytest.raises(ValueError, match="inbox"):
            Settings()
