"""The suite's time budgets: stretched on a slow machine, never shrunk, and still enforced."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

import _deadline
from _deadline import TIME_SCALE, cpu_time, deadline, scaled

TESTS = Path(__file__).resolve().parent


def test_budgets_are_never_shrunk() -> None:
    assert TIME_SCALE >= 1.0
    assert scaled(2.0) == pytest.approx(2.0 * TIME_SCALE)


def _wait_forever() -> None:
    while True:
        time.sleep(0.01)


def _spin_forever() -> None:
    total = 0
    while True:
        total += 1


def test_a_block_past_its_cpu_budget_is_interrupted() -> None:
    start = cpu_time()
    with (
        pytest.raises(TimeoutError, match=r"the loop ran longer than .* s of CPU time"),
        deadline(0.05, "the loop"),
    ):
        _spin_forever()
    assert cpu_time() - start < scaled(0.05) + 5


def test_a_block_past_its_wall_budget_is_interrupted() -> None:
    start = time.perf_counter()
    with (
        pytest.raises(TimeoutError, match="the wait ran longer than"),
        deadline(0.05, "the wait", clock="wall"),
    ):
        _wait_forever()
    assert time.perf_counter() - start < scaled(0.05) + 5


def test_a_block_that_waits_under_a_cpu_budget_meets_the_wall_backstop(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # A wait burns no CPU time: the backstop (WALL_FACTOR * budget + WALL_SLACK) ends it.
    monkeypatch.setattr(_deadline, "WALL_SLACK", 0.05)
    start = time.perf_counter()
    with pytest.raises(TimeoutError, match="the wait ran longer than"), deadline(0.01, "the wait"):
        _wait_forever()
    assert time.perf_counter() - start < scaled(0.01) * _deadline.WALL_FACTOR + 5


def test_a_deadline_restores_the_handlers_and_timers_it_set() -> None:
    import signal

    alarm, prof = signal.getsignal(signal.SIGALRM), signal.getsignal(signal.SIGPROF)
    with deadline(5, "a short block"):
        pass
    assert signal.getsignal(signal.SIGALRM) == alarm
    assert signal.getsignal(signal.SIGPROF) == prof
    assert signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0)
    assert signal.getitimer(signal.ITIMER_PROF) == (0.0, 0.0)


def test_an_unknown_clock_is_refused() -> None:
    with pytest.raises(ValueError, match="clock must be"), deadline(1, "x", clock="cpu-ish"):
        pass


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


def _inner_then_spin() -> None:
    with deadline(5, "an inner block"):
        pass
    _spin_forever()


def test_a_nested_deadline_leaves_the_outer_one_armed() -> None:
    start = cpu_time()
    with (
        pytest.raises(TimeoutError, match="the outer block ran longer than"),
        deadline(0.2, "the outer block"),
    ):
        _inner_then_spin()
    assert cpu_time() - start < scaled(0.2) + 5
