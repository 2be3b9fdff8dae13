"""Podman for the container tests, set up from this folder's containers.conf and storage.conf
(never the machine's own configuration), and the images the Compose test lane runs.

`.ci/run` installs podman and the rest when missing, so in CI a missing engine fails the
tests; on a developer's machine without it they are skipped, saying how to get it.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
ENGINE_SETTINGS = {
    "CONTAINERS_CONF": str(HERE / "containers.conf"),
    "CONTAINERS_STORAGE_CONF": str(HERE / "storage.conf"),
}
# A Debian base made here from the Debian mirror, standing in for the official Python image.
BASE_IMAGE = "localhost/debian-python:bookworm"
BASE_PACKAGES = "python3,python3-venv,ca-certificates"
DEBIAN_SOURCES = Path("/etc/apt/sources.list.d/debian.sources")
APP_IMAGE = "localhost/contact101:test"
POSTGRESQL_IMAGE = "localhost/contact101-postgresql-stand-in:15"
TEMPORAL_IMAGE = "localhost/contact101-temporal-stand-in:test"
TOOLS = ("podman", "buildah", "mmdebstrap")


def engine_environment() -> dict[str, str]:
    return {**os.environ, **ENGINE_SETTINGS}


def require_engine() -> None:
    missing = [tool for tool in TOOLS if shutil.which(tool) is None]
    if missing and not os.environ.get("CI"):
        pytest.skip(
            f"no {', '.join(missing)}: `apt-get install podman buildah runc fuse-overlayfs slirp4netns "
            "mmdebstrap uidmap netavark aardvark-dns` (.ci/run does) to run the container tests"
        )


def podman(*arguments: str, timeout: float = 60, check: bool = True) -> subprocess.CompletedProcess[str]:
    """Run podman with the repository's engine settings; its output, or fail with it."""
    result = subprocess.run(
        ["podman", *arguments],
        env=engine_environment(),
        capture_output=True,
        text=True,
        timeout=timeout,
    )
    if check and result.returncode != 0:
        raise AssertionError(f"podman {' '.join(arguments)} failed:\n{result.stdout}\n{result.stderr}")
    return result


def image_id(image: str) -> str | None:
    found = podman("image", "inspect", "--format", "{{.Id}}", image, check=False)
    return found.stdout.strip() if found.returncode == 0 else None


def build_base_image() -> None:
    """The Debian base, unless it is already there: mmdebstrap from the mirror apt uses, then
    an import (about a minute, once per machine)."""
    if image_id(BASE_IMAGE):
        return
    mirrors = [str(DEBIAN_SOURCES)] if DEBIAN_SOURCES.exists() else []
    with tempfile.TemporaryDirectory() as folder:
        tarball = Path(folder) / "base.tar"
        subprocess.run(
            ["mmdebstrap", "--quiet", "--variant=minbase", f"--include={BASE_PACKAGES}", "bookworm",
             str(tarball), *mirrors],
            check=True,
            timeout=600,
        )  # fmt: skip
        podman(
            "import", "--change", 'CMD ["/bin/bash"]', "--change", "ENV LANG=C.UTF-8",
            str(tarball), BASE_IMAGE, timeout=300,
        )  # fmt: skip


def build_image(tag: str, containerfile: Path, context: Path) -> str:
    """Build the image from the local base (layers cached, so an unchanged build takes
    seconds) and remove the one it replaces; its id."""
    previous = image_id(tag)
    podman(
        "build", "--quiet", "--build-arg", f"BASE_IMAGE={BASE_IMAGE}",
        "--file", str(containerfile), "--tag", tag, str(context), timeout=900,
    )  # fmt: skip
    built = image_id(tag)
    assert built is not None, f"{tag} was not built"
    if previous and previous != built:
        podman("image", "rm", previous, check=False)
    return built


@dataclass(frozen=True)
class Images:
    """The images of a Compose stack under test: Contact101's own and the stand-ins."""

    app: str
    postgresql: str
    temporal: str

    def size_mb(self) -> float:
        return int(podman("image", "inspect", "--format", "{{.Size}}", self.app).stdout) / 1e6


def build_images() -> Images:
    build_base_image()
    build_image(APP_IMAGE, ROOT / "deploy" / "Dockerfile", ROOT)
    build_image(POSTGRESQL_IMAGE, HERE / "postgresql.Containerfile", HERE)
    build_image(TEMPORAL_IMAGE, HERE / "temporal.Containerfile", ROOT)
    return Images(APP_IMAGE, POSTGRESQL_IMAGE, TEMPORAL_IMAGE)
