"""The reader fuzz harness runs, in both modes, and finds nothing in a few hundred inputs."""

from __future__ import annotations

import importlib.util
import subprocess
import sys

import pytest
from hardening_support import ROOT

HARNESS = ROOT / "fuzz" / "fuzz_readers.py"


def fuzz(*args: str, cwd) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, str(HARNESS), *args], capture_output=True, text=True, timeout=120,
                          cwd=cwd)


def test_random_mode_runs_and_counts_its_executions(tmp_path):
    result = fuzz("--random", "-runs=150", "-seed=7", "-max_total_time=60", cwd=tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "150 executions in" in result.stdout and "0 failures" in result.stdout


@pytest.mark.skipif(importlib.util.find_spec("atheris") is None, reason="atheris is not installed")
def test_atheris_mode_runs_from_generated_seeds(tmp_path):
    corpus = tmp_path / "corpus"
    result = fuzz("-runs=300", "-seed=7", f"-artifact_prefix={tmp_path}/", str(corpus), cwd=tmp_path)
    assert result.returncode == 0, result.stderr[-3000:]
    assert "Done 300 runs" in result.stderr
    assert len(list(corpus.iterdir())) >= 12            # the seeds, and whatever the fuzzer added
