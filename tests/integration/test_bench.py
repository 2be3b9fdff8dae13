"""The benchmark's smoke profile: every section runs on the real embedded stack and its figures
are written, so that `python -m bench` cannot rot. No timing is asserted here: the figures
are for people to read (README), not for CI to judge on a shared machine."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PROCESSES = {"temporal", "intake", "crime", "safeguarding", "review", "worker", "bench client"}


def run_bench(profile: str, written: Path) -> str:
    """The benchmark's output for profile, its figures written to written."""
    result = subprocess.run(
        [sys.executable, "-m", "bench", "--profile", profile, "--json", str(written)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    return result.stdout


def test_the_smoke_benchmark_measures_every_section_and_writes_its_figures(tmp_path: Path) -> None:
    written = tmp_path / "figures.json"
    stdout = run_bench("smoke", written)
    assert "contacts/s to verified" in stdout
    assert "create-contact vs start_workflow at 5/s" in stdout
    assert "create-contact vs start_workflow at 10/s" in stdout
    assert "bench client (load generator, not in all)" in stdout

    figures = json.loads(written.read_text())
    assert figures["profile"] == "smoke"
    assert figures["machine"]["cores"].isdigit()
    shape = figures["shape"]
    assert shape["activities_before_queue"] >= 4 and shape["activities_in_approval"] >= 1
    for run in ("throughput", "baseline"):
        assert figures[run]["contacts"] == 20 and figures[run]["per_second"] > 0
    for calls in ("intake_latency", "start_workflow_latency"):
        assert [latency["rate"] for latency in figures[calls]] == [5.0, 10.0]
        for latency in figures[calls]:
            assert latency["achieved_per_second"] > 0
            assert 0 < latency["p50_ms"] <= latency["p99_ms"]
    assert set(figures["cpu_seconds"]) == set(figures["idle_cpu_seconds"]) == PROCESSES
    assert figures["idle_seconds"] == 2.0
    assert set(figures["rss_mib_before"]) == set(figures["rss_mib_after"]) == PROCESSES
    assert [growth["contacts_before"] for growth in figures["growth"]] == [6, 60]
    assert figures["preview_latency"]["calls"] == 20
    assert figures["profiled_process"] in PROCESSES - {"temporal", "bench client"}
    assert figures["hot_spots"]["samples"] > 0 and figures["hot_spots"]["own"]


def test_the_preview_profile_measures_preview_latency_alone(tmp_path: Path) -> None:
    written = tmp_path / "figures.json"
    stdout = run_bench("preview", written)
    assert "preview, 300 one after another: p95 (ms)" in stdout
    figures = json.loads(written.read_text())
    assert figures["profile"] == "preview"
    preview = figures["preview_latency"]
    assert preview["calls"] == 300
    assert 0 < preview["p50_ms"] <= preview["p95_ms"] <= preview["p99_ms"]
    assert preview["load_average"] >= 0
    assert figures["throughput"] is None, "no contacts go through"


def test_the_desk_page_benchmark_times_every_page_and_writes_its_figures(tmp_path: Path) -> None:
    written = tmp_path / "desk-pages.json"
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "bench.desk_pages",
            "--cases",
            "200",
            "--requests",
            "5",
            "--json",
            str(written),
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    assert "worst p95" in result.stdout
    figures = json.loads(written.read_text())
    assert figures["cases"] == 200
    pages = [page["page"] for page in figures["pages"]]
    assert pages[:2] == ["/contacts/new", "/cases/mine"] and "/queue" in pages
    assert all(0 < page["p50_ms"] <= page["p95_ms"] for page in figures["pages"])
    assert "preview round trip p95" in result.stdout
    assert 0 < figures["preview"]["p50_ms"] <= figures["preview"]["p95_ms"]
