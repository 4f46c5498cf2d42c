"""Fuzz harnesses: hostile input against servicemodel's error contract (issue 11).

The contract every harness checks (see ``assert_contract``): bad input raises a
``servicemodel.errors.ServiceModelError`` subclass with a non-empty message; never another
exception type, never a hang (each call runs under a wall-clock budget), and never a silently
wrong number (an ``Estimate`` never carries NaN or an infinity).

Profiles. The harnesses take their settings from the active Hypothesis profile (chosen with
``SERVICEMODEL_HYPOTHESIS``, see the top-level ``conftest.py``) and only lower ``max_examples`` to a
per-harness number small enough that the whole folder runs in about a minute on one core. In
that default (CI) run a failing example is reported as generated, without shrinking, so that a
known violation (an ``xfail`` harness) costs no shrinking time. Long run, with shrinking::

    SERVICEMODEL_FUZZ_EXAMPLES=100000 SERVICEMODEL_HYPOTHESIS=explore \\
        .venv/bin/python -m pytest tests/fuzz -p no:cacheprovider

Survey mode, to list every distinct violation rather than stop at the first of each harness::

    SERVICEMODEL_FUZZ_COLLECT=violations.jsonl SERVICEMODEL_FUZZ_EXAMPLES=2000 \
        SERVICEMODEL_FUZZ_BUDGET=0.5 SERVICEMODEL_HYPOTHESIS=explore \
        .venv/bin/python -m pytest tests/fuzz -p no:cacheprovider

appends one JSON line per contract violation (kind, exception type, raising library frame, the
call) to the file and lets the harness go on; group them by ``key``.

``SERVICEMODEL_FUZZ_EXAMPLES`` sets ``max_examples`` of every harness and turns shrinking on;
``SERVICEMODEL_HYPOTHESIS=explore`` draws random (not derandomized) examples, so repeated long
runs explore new input. ``SERVICEMODEL_FUZZ_BUDGET`` sets the per-call wall-clock budget in
seconds (default 2). Run only this folder with ``-m fuzz`` / ``tests/fuzz``; the harnesses carry
the ``fuzz`` marker.
"""

from __future__ import annotations

import contextlib
import json
import math
import os
import reprlib
import shutil
import tempfile
import traceback
import warnings
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, Phase, assume, currently_in_test_context, settings

from _deadline import deadline
from servicemodel.errors import ServiceModelError

#: The Atheris harness is a script run by hand (Atheris is not a dependency); ``--doctest-modules``
#: would import it, so it is left out of collection.
collect_ignore = ["atheris_entry_points.py"]

#: Wall-clock budget of one library call, in seconds.
BUDGET = float(os.environ.get("SERVICEMODEL_FUZZ_BUDGET", "2"))

_LONG_RUN = os.environ.get("SERVICEMODEL_FUZZ_EXAMPLES")
_COLLECT = os.environ.get("SERVICEMODEL_FUZZ_COLLECT")


def pytest_configure(config: pytest.Config) -> None:
    # pyproject registers the marker too; registering it here keeps this folder
    # runnable on its own under filterwarnings = error (an unknown mark is a warning).
    config.addinivalue_line("markers", "fuzz: hostile-input fuzz harnesses (tests/fuzz)")


def fuzz_settings(ci_examples: int) -> settings:
    """Settings for one harness: the active profile, with ``ci_examples`` examples at most.

    ``SERVICEMODEL_FUZZ_EXAMPLES`` overrides the number (long runs) and turns shrinking on.
    """
    if _COLLECT:  # survey: violations are recorded and rejected, so nothing to shrink
        return settings(
            max_examples=int(_LONG_RUN or 1000), suppress_health_check=list(HealthCheck)
        )
    if _LONG_RUN:
        return settings(max_examples=int(_LONG_RUN))
    active = settings.default
    # No shrinking in the short run: a known violation (xfail) would spend its time shrinking.
    phases = tuple(p for p in active.phases if p is not Phase.shrink)
    return settings(max_examples=min(ci_examples, active.max_examples), phases=phases)


def _show_huge_ints() -> None:
    """Let Hypothesis print a falsifying example that holds a 5,000-digit int.

    ``repr`` refuses ints past 4,300 digits, and Hypothesis's report of a failing example would
    then fail itself. Only the display changes: the library still gets the real int.
    """
    try:
        from hypothesis.vendor import pretty
    except ImportError:  # pragma: no cover - vendored module moved: reports are just less clear
        return
    original = pretty._type_pprinters.get(int)
    if original is None:  # pragma: no cover
        return

    def show_int(obj: int, p: Any, cycle: bool) -> None:
        if obj.bit_length() > 10_000:
            p.text(f"<int of {obj.bit_length() * 0.30103:.0f} digits>")
        else:
            original(obj, p, cycle)

    pretty._type_pprinters[int] = show_int


_show_huge_ints()


class FuzzTimeout(BaseException):
    """A call ran past its budget.

    A BaseException, so that the library's ``except Exception`` handlers cannot swallow it.
    """


class _Repr(reprlib.Repr):
    def repr_int(self, x: int, level: int) -> str:
        if x.bit_length() > 10_000:  # repr() refuses ints past 4,300 digits
            return f"<int of {x.bit_length() * 0.30103:.0f} digits>"
        return super().repr_int(x, level)


_SHOW = _Repr()
_SHOW.maxstring = 160
_SHOW.maxother = 160
_SHOW.maxlong = 60
_SHOW.maxlevel = 4
_SHOW.maxlist = _SHOW.maxtuple = _SHOW.maxdict = 8


def show(value: Any) -> str:
    """A bounded repr of any value (deep, huge or self-referencing ones included)."""
    try:
        return _SHOW.repr(value)
    except BaseException:
        return f"<{type(value).__name__} without a repr>"


def call_text(fn: Callable[..., Any], args: tuple[Any, ...], kwargs: dict[str, Any]) -> str:
    owner = getattr(fn, "__self__", None)
    if owner is not None and not isinstance(owner, type):
        name = f"{type(owner).__name__}.{getattr(fn, '__name__', '?')}"
    elif owner is not None:
        name = f"{owner.__name__}.{getattr(fn, '__name__', '?')}"
    else:
        name = getattr(fn, "__qualname__", None) or show(fn)
    parts = [show(a) for a in args] + [f"{k}={show(v)}" for k, v in kwargs.items()]
    return f"{name}({', '.join(parts)})"


def library_frame(exc: BaseException) -> str:
    """``file:line in function`` of the innermost traceback frame inside ``src/servicemodel``."""
    where = "(no servicemodel frame)"
    for frame in traceback.extract_tb(exc.__traceback__):
        if f"{os.sep}servicemodel{os.sep}" in frame.filename and "tests" not in frame.filename:
            short = frame.filename.split(f"src{os.sep}", 1)[-1]
            where = f"{short}:{frame.lineno} in {frame.name}"
    return where


def time_limit(seconds: float, what: str) -> Any:
    """Raise ``FuzzTimeout`` if the block runs longer than ``seconds`` (POSIX, main thread)."""
    return deadline(seconds, what, FuzzTimeout)


def assert_contract(fn: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
    """Call ``fn(*args, **kwargs)``; return its result, or the ``ServiceModelError`` it raised.

    The call gets ``BUDGET`` seconds; see ``bounded_contract`` for the checks.
    """
    return bounded_contract(BUDGET, fn, *args, **kwargs)


def bounded_contract(budget: float, fn: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
    """``assert_contract`` with a budget of ``budget`` seconds for this one call.

    Fails the test (showing the call) on a timeout, on any other exception type, on a
    ``ServiceModelError`` with an empty message, and on an ``Estimate`` (returned alone or in a
    list/tuple/dict) with a NaN or infinite value or bound.
    Warnings are recorded and ignored: the contract is about what the call raises or returns.
    """
    what = call_text(fn, args, kwargs)
    try:
        with warnings.catch_warnings(record=True), time_limit(budget, what):
            warnings.simplefilter("always")
            result = fn(*args, **kwargs)
    except FuzzTimeout as exc:
        violation("HANG", f"{exc} (interrupted at {library_frame(exc)})", library_frame(exc))
    except ServiceModelError as exc:
        if not str(exc).strip():
            violation("EMPTY MESSAGE", f"{what} raised {type(exc).__name__}()", type(exc).__name__)
        return exc
    except Exception as exc:
        where = library_frame(exc)
        violation(
            "WRONG EXCEPTION",
            f"{what} raised {type(exc).__name__}: {show(str(exc))} at {where}",
            f"{type(exc).__name__} at {where}",
        )
    check_numbers(result, what)
    return result


def require(condition: bool, kind: str, message: str, key: str) -> None:
    """``violation(kind, message, key)`` unless ``condition`` holds."""
    if not condition:
        violation(kind, message, key)


def violation(kind: str, message: str, key: str) -> None:
    """Fail the test with ``KIND: message``; in survey mode record it and reject the example."""
    if _COLLECT and currently_in_test_context():
        with open(_COLLECT, "a", encoding="utf-8") as fh:
            record = {"kind": kind, "key": f"{kind}: {key}", "message": message[:2000]}
            fh.write(json.dumps(record) + "\n")
        assume(False)
    pytest.fail(f"{kind}: {message}", pytrace=False)


def check_numbers(result: Any, what: str, depth: int = 0) -> None:
    """Fail on a NaN/inf in any ``Estimate`` (or ``Comparison``-like value) within ``result``."""
    if depth > 3:
        return
    if isinstance(result, list | tuple):
        for item in result[:50]:
            check_numbers(item, what, depth + 1)
        return
    if isinstance(result, dict):
        for item in list(result.values())[:50]:
            check_numbers(item, what, depth + 1)
        return
    if type(result).__name__ == "Estimate":
        for field in ("value", "lower", "upper"):
            x = getattr(result, field, None)
            if x is not None and not (isinstance(x, int | float) and math.isfinite(x)):
                violation(
                    "SILENT NUMBER",
                    f"{what} returned an Estimate with {field}={x!r}: {show(result)}",
                    f"Estimate.{field}={x!r} from {what.split('(')[0]}",
                )


def expect_finite(what: str, **numbers: Any) -> None:
    """Fail when a returned number (a float result of a plain function) is NaN or infinite."""
    for name, x in numbers.items():
        if isinstance(x, float) and not math.isfinite(x):
            violation("SILENT NUMBER", f"{what} gave {name}={x!r}", f"{name}={x!r}")


@contextlib.contextmanager
def folder() -> Iterator[Path]:
    """A fresh folder, removed afterwards (Hypothesis examples cannot share ``tmp_path``)."""
    path = Path(tempfile.mkdtemp(prefix="servicemodel-fuzz-"))
    try:
        yield path
    finally:
        shutil.rmtree(path, ignore_errors=True)
