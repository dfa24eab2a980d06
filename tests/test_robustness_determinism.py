"""Determinism: output is byte-identical across PYTHONHASHSEED values and --jobs settings."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from test_robustness_network import HOSTILE, REPO, _rule_case_files


@pytest.fixture(scope="module")
def targets(tmp_path_factory) -> list[str]:
    cases = _rule_case_files(tmp_path_factory.mktemp("cases"))
    return [str(REPO / "examples"), str(HOSTILE), *(str(p) for p in cases)]


def run(targets: list[str], seed: str, *options: str) -> tuple[int, str, str]:
    env = {**os.environ, "PYTHONHASHSEED": seed}
    done = subprocess.run([sys.executable, "-m", "email_lint", "check", *options, *targets],
                          capture_output=True, text=True, env=env, timeout=300, cwd=REPO)
    return done.returncode, done.stdout, done.stderr


@pytest.mark.parametrize("output_format", ["json", "text"])
def test_same_output_whatever_the_hash_seed_and_the_number_of_processes(targets, output_format):
    reference = run(targets, "0", "--format", output_format, "--jobs", "1")
    assert reference[0] in (1, 2) and reference[1]
    for seed, jobs in (("1", "2"), ("4242", "3")):
        assert run(targets, seed, "--format", output_format, "--jobs", jobs) == reference, (seed, jobs)


def test_same_output_for_one_file_whatever_the_seed():
    path = Path(REPO / "examples")
    outputs = {run([str(path)], seed, "--format", "json")[1] for seed in ("0", "7", "random")}
    assert len(outputs) == 1
