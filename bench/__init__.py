"""Benchmarks: run with `.venv/bin/python -m bench.NAME`; each prints its figures beside a baseline."""
