"""TLS for Contact101's gRPC servers and clients, from PEM files named in the settings.

`CONTACT101_TLS=true` turns it on for every process at once. Servers present their
certificate; clients check it against the CA. With `CONTACT101_TLS_MUTUAL=true` servers
also demand a client certificate signed by the same CA, and clients present theirs.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import grpc

from contact101.runtime.config import Settings


@dataclass(frozen=True)
class TlsFiles:
    cert: Path
    key: Path
    ca: Path

    def read(self, path: Path, setting: str) -> bytes:
        if not path.is_file():
            raise FileNotFoundError(f"TLS is on but {path} does not exist (set CONTACT101_{setting})")
        return path.read_bytes()

    def cert_and_key(self) -> tuple[bytes, bytes]:
        return self.read(self.cert, "TLS_CERT_FILE"), self.read(self.key, "TLS_KEY_FILE")

    def ca_bundle(self) -> bytes:
        return self.read(self.ca, "TLS_CA_FILE")


def tls_files(settings: Settings) -> TlsFiles:
    """The certificate, key and CA files, defaulting to data_dir/tls/."""
    folder = settings.data_dir / "tls"
    return TlsFiles(
        cert=settings.tls_cert_file or folder / "cert.pem",
        key=settings.tls_key_file or folder / "key.pem",
        ca=settings.tls_ca_file or folder / "ca.pem",
    )


def server_credentials(settings: Settings) -> grpc.ServerCredentials:
    files = tls_files(settings)
    cert, key = files.cert_and_key()
    return grpc.ssl_server_credentials(
        [(key, cert)],
        root_certificates=files.ca_bundle() if settings.tls_mutual else None,
        require_client_auth=settings.tls_mutual,
    )


def channel_credentials(settings: Settings) -> grpc.ChannelCredentials:
    files = tls_files(settings)
    cert, key = files.cert_and_key() if settings.tls_mutual else (None, None)
    return grpc.ssl_channel_credentials(
        root_certificates=files.ca_bundle(), private_key=key, certificate_chain=cert
    )


def channel_options(settings: Settings) -> list[tuple[str, str]]:
    """Channel options for TLS: the name to check when it is not the address's host."""
    if settings.tls_server_name:
        return [("grpc.ssl_target_name_override", settings.tls_server_name)]
    return []
