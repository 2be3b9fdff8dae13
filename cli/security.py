"""Commands for keeping case data private: the Temporal codec server and local TLS certificates."""

from __future__ import annotations

from typing import Annotated

import typer

from contact101.runtime.config import get_settings
from contact101.runtime.process_start import refuse_weak_secrets


def codec_server(
    address: Annotated[
        str | None, typer.Option(help="host:port (default CONTACT101_CODEC_SERVER_ADDRESS)")
    ] = None,
) -> None:
    """Decrypt Temporal payloads for operators and supervisors in the Temporal UI and CLI
    (Temporal's remote codec protocol); every case read is recorded in its audit trail."""
    from contact101.temporal.codec_server import serve  # aiohttp and the codec: this command only

    settings = get_settings()
    if address:
        settings = settings.model_copy(update={"codec_server_address": address})
    refuse_weak_secrets(settings)
    serve(address)


def dev_certs(
    host: Annotated[
        list[str] | None, typer.Option(help="a host name or address to certify; repeat (default: loopback)")
    ] = None,
    force: Annotated[bool, typer.Option(help="replace certificates that exist")] = False,
) -> None:
    """Write a local CA and a certificate it signs where CONTACT101_TLS=true looks for them."""
    from contact101.rpc.dev_certs import LOOPBACK_HOSTS, write_dev_certs  # cryptography: this command only
    from contact101.rpc.tls import tls_files

    files = tls_files(get_settings())
    if not force and any(path.exists() for path in (files.ca, files.cert, files.key)):
        raise typer.BadParameter(f"certificates exist in {files.cert.parent}; --force replaces them")
    write_dev_certs(files, host or LOOPBACK_HOSTS)
    typer.echo(f"wrote {files.ca}, {files.cert} and {files.key}; set CONTACT101_TLS=true to use them")
