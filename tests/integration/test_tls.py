"""TLS is one switch: with it on, every service, the worker and clients talk over TLS (mutual
when asked) with certificates from files, and nobody without the CA's trust gets in."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import grpc
import pytest
from temporalio.testing import WorkflowEnvironment

from contact101.rpc.auth import issue_token
from contact101.rpc.channels import open_channel
from contact101.rpc.dev_certs import Authority
from contact101.rpc.tls import server_credentials
from contact101.runtime.config import Settings
from contact101.v1 import case_pb2, intake_pb2, intake_pb2_grpc
from tests.stack import create_request, eventually, running_stack


def certificate_files(folder: Path, authority: Authority) -> dict[str, Any]:
    """A certificate for loopback signed by authority, and the authority's own, as files."""
    folder.mkdir(parents=True)
    cert, key = authority.issue()
    files = {
        "tls_ca_file": folder / "ca.pem",
        "tls_cert_file": folder / "cert.pem",
        "tls_key_file": folder / "key.pem",
    }
    files["tls_ca_file"].write_bytes(authority.certificate_pem())
    files["tls_cert_file"].write_bytes(cert)
    files["tls_key_file"].write_bytes(key)
    return files


async def get_case(settings: Settings, reference: str) -> grpc.StatusCode:
    """The status of reading a case as a client configured by settings."""
    token = issue_token(settings, "pc.tls", "contact_officer")
    async with open_channel(settings.intake_address, lambda: token, settings) as channel:
        try:
            await intake_pb2_grpc.IntakeServiceStub(channel).GetCase(
                intake_pb2.GetCaseRequest(reference=reference), timeout=5
            )
        except grpc.aio.AioRpcError as error:
            return error.code()
    return grpc.StatusCode.OK


@pytest.mark.parametrize("mutual", [False, True], ids=["server TLS", "mutual TLS"])
async def test_with_tls_on_cases_flow_and_strangers_are_kept_out(
    temporal_env: WorkflowEnvironment, tmp_path: Path, mutual: bool
) -> None:
    ours = certificate_files(tmp_path / "ours", Authority.create("Contact101 test CA"))
    theirs = certificate_files(tmp_path / "theirs", Authority.create("Another CA"))
    async with running_stack(
        temporal_env.client, tmp_path / "data", tls=True, tls_mutual=mutual, **ours
    ) as stack:
        created = await stack.intake("pc.tls").CreateContact(create_request())
        case = await eventually(
            lambda: stack.intake("pc.tls").GetCase(intake_pb2.GetCaseRequest(reference=created.reference)),
            lambda case: case.status == case_pb2.CASE_STATUS_AWAITING_VERIFICATION,
        )
        assert case.crime.recorded, "the worker reached every service over TLS"

        def client(**changes: object) -> Settings:
            return stack.settings.model_copy(update=changes)

        unavailable = grpc.StatusCode.UNAVAILABLE
        assert await get_case(client(), created.reference) == grpc.StatusCode.OK
        assert await get_case(client(tls=False), created.reference) == unavailable, "plaintext"
        assert await get_case(client(tls_ca_file=theirs["tls_ca_file"]), created.reference) == unavailable
        if mutual:
            assert await get_case(client(tls_mutual=False), created.reference) == unavailable, (
                "no client cert"
            )
            stranger = client(tls_cert_file=theirs["tls_cert_file"], tls_key_file=theirs["tls_key_file"])
            assert await get_case(stranger, created.reference) == unavailable, "client cert from another CA"


def test_tls_on_without_the_files_says_which_file_is_missing(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError, match="CONTACT101_TLS_CERT_FILE"):
        server_credentials(Settings(data_dir=tmp_path, tls=True))
