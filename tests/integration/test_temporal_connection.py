"""Connecting to a secured Temporal cluster: TLS (mutual with a client certificate) and API keys."""

from __future__ import annotations

from pathlib import Path

import pytest
from temporalio.testing import WorkflowEnvironment

from contact101.runtime.config import Settings
from contact101.temporal.client import connect_temporal, temporal_tls


def test_tls_settings_give_the_cluster_ca_client_certificate_and_server_name(tmp_path: Path) -> None:
    files = {name: tmp_path / f"{name}.pem" for name in ("ca", "cert", "key")}
    for name, path in files.items():
        path.write_bytes(f"-----{name}-----".encode())
    settings = Settings(
        temporal_tls=True,
        temporal_tls_ca_file=files["ca"],
        temporal_tls_cert_file=files["cert"],
        temporal_tls_key_file=files["key"],
        temporal_tls_server_name="temporal.force.internal",
    )
    tls = temporal_tls(settings)
    assert tls is not None
    assert (tls.server_root_ca_cert, tls.client_cert, tls.client_private_key) == (
        b"-----ca-----",
        b"-----cert-----",
        b"-----key-----",
    )
    assert tls.domain == "temporal.force.internal"
    assert temporal_tls(Settings()) is None


async def test_a_process_told_to_use_tls_never_talks_plaintext(temporal_env: WorkflowEnvironment) -> None:
    target = temporal_env.client.service_client.config.target_host
    plain = await connect_temporal(Settings(temporal_target=target))
    assert await plain.service_client.check_health()
    with pytest.raises(RuntimeError, match="Failed client connect"):
        await connect_temporal(Settings(temporal_target=target, temporal_tls=True))
