"""The ``real`` validator says a NaN is not a number, naming the field and the value.

* A NaN of numpy (``float64``, ``float32``, ``float16``), a ``Decimal`` NaN (quiet or
  signalling) or a NaN of a float subclass is refused by every field ``real`` checks, in
  every class that uses it, with ``<field>: <value> is not a number (NaN)``. numpy's
  ``float64`` NaN, a float subclass, was "beyond the float range"; the others were named by
  their type alone. A NaN of a float subclass (numpy's ``float64`` among them) is of the
  right type: a ``ConfigError``; a NaN of another type (a ``Decimal``, numpy's ``float32``,
  refused whatever it holds) an ``InputTypeError``.
* ``real`` refuses exactly what it refused before: only the message of a NaN changed. A
  Python float's NaN and infinities still pass ``real`` (a float holds them; a plan's ASA may
  be infinite), and a class's own check decides (``DurationComparison`` and ``Gap`` refuse
  them).
"""

from __future__ import annotations

import ast
import sys
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

import attrs
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from servicemodel._numbers import is_bool
from servicemodel._validators import real
from servicemodel.blueprint import Gap
from servicemodel.errors import ConfigError, InputTypeError, ServiceModelError
from servicemodel.forecast import BacktestRow, IntervalCheck, PlanCheck
from servicemodel.goals import Comparator, GoalState, GoalStatus
from servicemodel.kpi import Estimate
from servicemodel.reconcile import DurationComparison
from servicemodel.simulate import SupportDesk, simulate
from servicemodel.staffing import ServiceLevelTarget, plan_intervals
from servicemodel.standards import Verdict

SRC = Path(__file__).resolve().parents[1] / "src" / "servicemodel"


class Real(float):
    """A float subclass, as numpy's float64 is one."""


def _instances() -> list[tuple[Any, tuple[str, ...]]]:
    """One value of every class with a field ``real`` checks, and those fields."""
    plan = plan_intervals([100, 50], aht=180, targets=[ServiceLevelTarget(0.8, 20)])
    t0 = datetime(2026, 3, 2, tzinfo=UTC)
    run = simulate(SupportDesk(agents=1, arrivals=4, handle_time=600), t0, t0.replace(hour=2))
    gap = Gap(
        "qa", "QA", "QA >= 0.8", None, Comparator.GE, 0.8, "",
        Estimate("qa", 0.7, 10), Verdict.MISSED, 0.1,
    )  # fmt: skip
    row_fields = (
        "calls", "aht", "traffic", "fte", "scheduled_fte",
        "service_level", "asa", "abandonment", "occupancy",
    )  # fmt: skip
    return [
        (plan.rows[0], row_fields),
        (plan, ("interval", "shrinkage", "patience")),
        (run, ("warmup",)),
        (
            DurationComparison("7", "reply_time_in_minutes", "calendar", 30, 30.5),
            ("vendor", "ours"),
        ),
        (gap, ("threshold", "shortfall")),
        (
            BacktestRow("all", 10, 1.0, 2.0, 0.5, 1.0, 0.9),
            ("mae", "naive_mae", "mase", "naive_mase", "coverage"),
        ),
        (_INTERVAL, ("target", "predicted", "simulated", "low", "high")),
        (PlanCheck(20.0, 0.95, (_INTERVAL,)), ("within",)),
        (
            GoalStatus("g", GoalState.ON_TRACK, t0, "ok", progress=0.5, projection=0.9),
            ("progress", "projection", "slope_per_day"),
        ),
    ]


_INTERVAL = IntervalCheck(0, datetime(2026, 3, 2, tzinfo=UTC), 3, 0.8, 0.85, 0.9, 0.85, 0.95, 40)

#: Validators of the forecast checks that call ``real`` first, then check a range, and the
#: goal status's, which then refuses an infinity or a NaN.
_REAL_FIRST = ("_share_field", "_seconds_field", "_finite_or_none")

INSTANCES = _instances()
FIELDS = [(obj, name) for obj, names in INSTANCES for name in names]


def test_every_user_of_real_is_covered() -> None:
    # The modules calling real(...) are those whose classes are checked here.
    users = set()
    for path in SRC.rglob("*.py"):
        if path.name == "_validators.py":
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Call) and getattr(node.func, "id", None) == "real":
                users.add(path.relative_to(SRC).as_posix())
    assert users == {
        "staffing/_plan.py",
        "simulate/_result.py",
        "blueprint/_assess.py",
        "reconcile/_durations.py",
        "forecast/_check.py",
        "forecast/_backtest.py",
        "goals/_status.py",
    }
    modules = {type(obj).__module__ for obj, _ in INSTANCES}
    assert modules == {  # public classes name their package
        "servicemodel.staffing",
        "servicemodel.simulate",
        "servicemodel.blueprint",
        "servicemodel.reconcile",
        "servicemodel.forecast",
        "servicemodel.goals",
    }
    # Every field of theirs that real() checks is in FIELDS.
    checked = {
        (type(obj).__name__, f.name.lstrip("_"))
        for obj, _ in INSTANCES
        for f in attrs.fields(type(obj))
        if any(
            "real." in getattr(v, "__qualname__", "")
            or "_finite." in getattr(v, "__qualname__", "")
            or getattr(v, "__qualname__", "") in _REAL_FIRST
            for v in (getattr(f.validator, "_validators", None) or (f.validator,))
        )
    }
    assert checked == {(type(obj).__name__, name) for obj, name in FIELDS}


def _nans() -> st.SearchStrategy[Any]:
    return st.sampled_from(
        [
            np.float64("nan"),
            np.float32("nan"),
            np.float16("nan"),
            np.float64("-nan"),
            Decimal("NaN"),
            Decimal("-NaN"),
            Decimal("sNaN"),
            Real("nan"),
        ]
    )


@settings(max_examples=60)
@given(_nans(), st.sampled_from(FIELDS))
def test_a_nan_not_a_python_float_is_refused_as_not_a_number(
    nan: Any, obj_field: tuple[Any, str]
) -> None:
    obj, field = obj_field
    with pytest.raises(ServiceModelError) as caught:
        attrs.evolve(obj, **{field: nan})
    message = str(caught.value)
    assert message.startswith(f"{field}: "), message
    assert "is not a number (NaN)" in message
    assert repr(nan) in message
    right_type = isinstance(nan, float)  # a float subclass: numpy's float64, Real
    assert type(caught.value) is (ConfigError if right_type else InputTypeError)


@pytest.mark.parametrize(("obj", "field"), FIELDS)
def test_a_python_float_nan_is_left_to_the_class(obj: Any, field: str) -> None:
    # real() lets it through (a float holds it); DurationComparison, Gap, a goal's status and
    # the forecast's plan checks (a share, seconds) refuse it by their own check, naming the
    # field. The
    # others hold it (a backtest's figure with nothing to average is NaN).
    refusing = isinstance(obj, DurationComparison | Gap | IntervalCheck | PlanCheck | GoalStatus)
    if refusing:
        with pytest.raises(ServiceModelError, match=rf"^(Gap\.|GoalStatus\.)?{field}: .*nan"):
            attrs.evolve(obj, **{field: float("nan")})
    else:
        held = getattr(attrs.evolve(obj, **{field: float("nan")}), field)
        assert held != held  # NaN is the one value unequal to itself


def _old_real(value: Any, optional: bool) -> bool:
    """Whether the validator before this change refused ``value`` (its code, as it was)."""
    if optional and value is None:
        return False
    if is_bool(value):
        return True
    if not isinstance(value, int | float):
        return True
    if type(value) is float:
        return False
    return not -sys.float_info.max <= value <= sys.float_info.max


values = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.sampled_from([10**400, -(10**400), 2**1024, np.True_]),
    st.floats(allow_nan=True, allow_infinity=True),
    st.floats(allow_nan=True, allow_infinity=True).map(np.float64),
    st.floats(allow_nan=True, allow_infinity=True, width=32).map(np.float32),
    st.integers(min_value=-(2**63), max_value=2**63 - 1).map(np.int64),
    st.decimals(allow_nan=True, allow_infinity=True),
    st.floats(allow_nan=True).map(Real),
    st.text(max_size=3),
)


@settings(max_examples=300)
@given(values, st.booleans())
def test_real_refuses_what_it_refused_before(value: Any, optional: bool) -> None:
    field = attrs.fields(attrs.make_class("Box", {"x": attrs.field()})).x
    check = real(optional=optional)
    if _old_real(value, optional):
        with pytest.raises(ServiceModelError, match=r"^x: "):
            check(None, field, value)
    else:
        assert check(None, field, value) is None  # held, as before
