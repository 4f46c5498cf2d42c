"""The suite's time budgets: stretched on a slow machine, never shrunk, and still enforced."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from _deadline import TIME_SCALE, deadline, scaled

TESTS = Path(__file__).resolve().parent


def test_budgets_are_never_shrunk() -> None:
    assert TIME_SCALE >= 1.0
    assert scaled(2.0) == pytest.approx(2.0 * TIME_SCALE)


def _wait_forever() -> None:
    while True:
        time.sleep(0.01)


def test_a_block_past_its_budget_is_interrupted() -> None:
    start = time.perf_counter()
    with pytest.raises(TimeoutError, match="the loop ran longer than"), deadline(0.05, "the loop"):
        _wait_forever()
    assert time.perf_counter() - start < scaled(0.05) + 5


def test_the_factor_can_be_set_by_the_environment() -> None:
    code = "import _deadline; print(_deadline.TIME_SCALE, _deadline.scaled(2))"
    env = {**os.environ, "SERVICEMODEL_TIME_SCALE": "4", "PYTHONPATH": str(TESTS)}
    out = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True
    ).stdout.split()
    assert out == ["4.0", "8.0"]
    env["SERVICEMODEL_TIME_SCALE"] = "0.1"  # a factor below 1 would shrink the budgets
    out = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True
    ).stdout.split()
    assert out == ["1.0", "2.0"]
