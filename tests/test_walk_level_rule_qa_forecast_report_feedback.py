"""The one rule of a confidence level, an alpha and an fdr, where it was not yet followed.

kpi's rule (``check_level`` / ``check_fraction``, ``level_value`` as a stored field's
converter): any real number -- an int, a float, a ``Decimal``, a ``Fraction``, a numpy number --
is read as the decimal it prints as (``numpy.float32(0.95)`` is 0.95, not 0.949999988...), and
NaN, an infinity, a bool, text or ``None`` is refused with the module's error naming the field
and the value. These are the places that read their own way:

- qa: ``Agreement.level`` took only an int or a float (a numpy, ``Decimal`` or ``Fraction``
  level from ``cohen_kappa``, ``fleiss_kappa`` or ``krippendorff_alpha`` was an
  ``InputTypeError`` after the kappa was computed), and ``level=1.5`` built by hand was kept;
  ``QAScores.result`` goes through kpi and is checked here too;
- forecast: ``read_level`` (``forecast_arrivals``, ``backtest``, ``check_plan``) read a float32
  by its binary value and took ``1 - 1e-16``, whose quantile does not exist; the stored
  ``level`` of a forecast, a backtest and a plan check kept a ``Decimal`` as given;
- report: the ``level`` of the options and the sections read a float32 by its binary value,
  kept a ``Decimal`` as given and refused a bool as a ``ScaleError``;
- feedback: ``ThemeChange.fdr``/``level``, ``ThemeChanges.fdr`` and ``ChannelShift.alpha``
  took an int or a float only (and ``ThemeChanges.fdr`` any int or float: 5 or NaN);
- kpi's own ``Comparison.level`` and journey's ``JourneyReport.level`` took an int or a float
  only: ``compare(..., level=numpy.float32(0.95))`` and ``JourneyStats.result(level=...)`` of a
  numpy or ``Decimal`` level were an ``InputTypeError`` after the work, and 1.5 or NaN built by
  hand was kept.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from fractions import Fraction
from functools import cache
from typing import Any

import attrs
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from servicemodel.calendar import BusinessCalendar
from servicemodel.errors import ConfigError, InputTypeError, ScaleError
from servicemodel.feedback import ChannelMix, ThemeCounts, channel_shift, theme_changes
from servicemodel.forecast import backtest, check_plan, forecast_arrivals
from servicemodel.journey import JourneyEvent, JourneyStats
from servicemodel.kpi import compare, proportion
from servicemodel.model import Ticket
from servicemodel.qa import (
    Agreement,
    Criterion,
    Evaluation,
    QAScores,
    Scale,
    Scorecard,
    Section,
    cohen_kappa,
    fleiss_kappa,
    krippendorff_alpha,
)
from servicemodel.report import ReportOptions
from servicemodel.report._document import GoalsSection, SLASection
from servicemodel.report._reconcile import ReconcileTally
from servicemodel.staffing import ServiceLevelTarget, plan_intervals


def _kinds(text: str) -> list[Any]:
    """``text`` as every kind of real number a level may arrive as."""
    return [
        float(text),
        np.float64(text),
        np.float32(text),
        np.float16(text),
        np.longdouble(text),
        Decimal(text),
        Fraction(text),
    ]


def _same_decimal(value: Any, want: float) -> bool:
    # float16 prints 0.999 as 1.0: that level is 1, refused; the rule is what it prints as.
    return type(value).__module__ != "numpy" or float(str(value)) == want


# -- what each place gives back for a level (alpha, fdr) ---------------------------------------

A = ["yes"] * 6 + ["no"] * 4 + ["yes", "no"]
B = ["yes"] * 5 + ["no"] * 5 + ["no", "yes"]
SUBJECTS = [["a", "a", "b"], ["b", "b", "b"], ["a", "b", "a"], ["a", "a", "a"], ["b", "a", "b"]]
CARD = Scorecard("c", [Section("s", [Criterion("tone", Scale.parse("1-5"))])])
SCORES = QAScores.empty(CARD).add_many(
    Evaluation(f"T{i}", "a", "r", datetime(2026, 1, 1, tzinfo=UTC).date(), {"tone": t})
    for i, t in enumerate([5, 4, 2, 3, 5])
)
BEFORE = ThemeCounts(n=40, counts={"a": 4, "b": 10}, selector="tags")
AFTER = ThemeCounts(n=40, counts={"a": 15, "b": 9}, selector="tags")
MIXES = [
    ChannelMix.empty().add_many(["email"] * 30 + ["chat"] * 20),
    ChannelMix.empty().add_many(["email"] * 12 + ["chat"] * 38),
]
T0 = datetime(2026, 3, 2, 9, tzinfo=UTC)
TICKETS = [
    Ticket(f"T{i}-{k}", T0 + timedelta(weeks=i, minutes=k))
    for i in range(6)
    for k in range(1 + i % 3)
]
CALENDAR = BusinessCalendar.weekly("UTC", {"mon-fri": "08:00-18:00"})


JOURNEY = JourneyStats.empty().add_events(
    [JourneyEvent(f"c{i}", T0, "purchase" if i % 3 else "review") for i in range(9)]
)


@cache
def _plan_check() -> Any:
    plan = plan_intervals([100, 60], aht=180, targets=[ServiceLevelTarget(0.8, 20)])
    return check_plan(plan, batches=5, seed=1)


#: Each place that reads a level, alpha or fdr given in code: what it gives back for ``value``
#: (the level as stored, and the figures it computed with it).
CALLS: dict[str, Callable[[Any], tuple[Any, Any]]] = {
    "cohen_kappa": lambda v: (lambda k: (k.level, (k.lower, k.upper)))(cohen_kappa(A, B, level=v)),
    "fleiss_kappa": lambda v: (lambda k: (k.level, (k.lower, k.upper)))(
        fleiss_kappa(SUBJECTS, level=v, resamples=50)
    ),
    "krippendorff_alpha": lambda v: (lambda k: (k.level, (k.lower, k.upper)))(
        krippendorff_alpha(SUBJECTS, confidence=v, resamples=50)
    ),
    "Agreement": lambda v: (Agreement("m", 0.5, 3, level=v).level, None),
    "QAScores.result": lambda v: (lambda r: (r.mean.level, (r.mean.lower, r.pass_rate.upper)))(
        SCORES.result(level=v)
    ),
    "forecast_arrivals": lambda v: (lambda f: (f.level, f.high["email"][18]))(
        forecast_arrivals(TICKETS, calendar=CALENDAR, level=v)
    ),
    "backtest": lambda v: (lambda b: (b.level, b.rows[0].coverage))(
        backtest(TICKETS, weeks=2, level=v)
    ),
    "PlanCheck": lambda v: (attrs.evolve(_plan_check(), level=v).level, None),
    "ArrivalForecast": lambda v: (
        attrs.evolve(forecast_arrivals(TICKETS, calendar=CALENDAR), level=v).level,
        None,
    ),
    "ReportOptions": lambda v: (ReportOptions(level=v).level, None),
    "SLASection": lambda v: (SLASection(0, 0, None, v).level, None),
    "GoalsSection": lambda v: (GoalsSection(T0, False, v).level, None),
    "ReconcileSection": lambda v: (
        attrs.evolve(ReconcileTally([], set()).section(), level=v).level,
        None,
    ),
    "theme_changes level": lambda v: (lambda c: (c["a"].level, (c["a"].lower, c["a"].upper)))(
        theme_changes(BEFORE, AFTER, level=v)
    ),
    "compare": lambda v: (lambda c: (c.level, (c.lower, c.upper, c.significant)))(
        compare(proportion(80, 100), proportion(90, 100), level=v)
    ),
    "Comparison.level": lambda v: (
        attrs.evolve(compare(proportion(80, 100), proportion(90, 100)), level=v).level,
        None,
    ),
    "JourneyStats.result": lambda v: (lambda r: (r.level, r.stage("purchase").conversion.lower))(
        JOURNEY.result(level=v)
    ),
    "ThemeChange.level": lambda v: (
        attrs.evolve(theme_changes(BEFORE, AFTER)["a"], level=v).level,
        None,
    ),
}
#: The same for an alpha or an fdr (a fraction, with no critical value to compute).
FRACTION_CALLS: dict[str, Callable[[Any], tuple[Any, Any]]] = {
    "theme_changes fdr": lambda v: (lambda c: (c.fdr, c["a"].fdr, c.rose()))(
        theme_changes(BEFORE, AFTER, fdr=v)
    )[::2],
    "ThemeChange.fdr": lambda v: (attrs.evolve(theme_changes(BEFORE, AFTER)["a"], fdr=v).fdr, None),
    "ThemeChanges.fdr": lambda v: (attrs.evolve(theme_changes(BEFORE, AFTER), fdr=v).fdr, None),
    "channel_shift alpha": lambda v: (lambda s: (s.alpha, s.shifted))(
        channel_shift(MIXES, alpha=v)
    ),
    "ChannelShift.alpha": lambda v: (attrs.evolve(channel_shift(MIXES), alpha=v).alpha, None),
}
#: What names the value in each place's refusal.
FIELD = {"krippendorff_alpha": "confidence"} | {
    name: name.rsplit(" ", 1)[-1].rsplit(".", 1)[-1] for name in FRACTION_CALLS
}


@settings(max_examples=25)
@given(
    place=st.sampled_from(sorted(CALLS) + sorted(FRACTION_CALLS)),
    milli=st.sampled_from([1, 50, 100, 333, 800, 900, 950, 975, 990, 999]),
)
def test_a_level_alpha_or_fdr_of_any_number_kind_is_the_decimal_it_prints_as(
    place: str, milli: int
) -> None:
    call = CALLS.get(place) or FRACTION_CALLS[place]
    text = f"0.{milli:03d}"
    want = float(text)
    stored, figures = call(want)
    assert type(stored) is float
    assert stored == want
    for value in _kinds(text):
        if not _same_decimal(value, want):
            continue
        got, got_figures = call(value)
        assert type(got) is float, (place, value)
        assert got == want, (place, value)  # float32(0.95) is 0.95, not 0.949999988...
        assert got_figures == figures, (place, value)


def test_a_float32_level_is_not_its_binary_value() -> None:
    # The binary value of float32(0.95) is 0.949999988079071: the forecast and the report
    # stored it, and an interval at that level was not the 95 % one.
    assert float(np.float32(0.95)) != 0.95
    for place in ("forecast_arrivals", "backtest", "ReportOptions", "SLASection"):
        assert CALLS[place](np.float32(0.95))[0] == 0.95, place
    for place in ("cohen_kappa", "Agreement", "krippendorff_alpha", "theme_changes level"):
        assert CALLS[place](np.float32(0.95)) == CALLS[place](0.95), place


_NO_LEVEL: list[tuple[Any, type]] = [
    (True, InputTypeError),
    (np.True_, InputTypeError),
    ("0.95", InputTypeError),
    (None, InputTypeError),
    (np.array(0.5), InputTypeError),
    (complex(0.5), InputTypeError),
    (math.nan, ConfigError),
    (math.inf, ConfigError),
    (-math.inf, ConfigError),
    (Decimal("NaN"), ConfigError),
    (Decimal("sNaN"), ConfigError),
    (Decimal("Infinity"), ConfigError),
    (np.float32("nan"), ConfigError),
    (Fraction(1, 10**400), ConfigError),
    (0, ConfigError),
    (1, ConfigError),
    (95, ConfigError),
    (1.5, ConfigError),
    (-0.5, ConfigError),
    (10**400, ConfigError),
]


def _shown(value: Any) -> str:
    """How a message names ``value`` (enough of it to find)."""
    if isinstance(value, Fraction):
        return "Fraction(1, 1000"
    if isinstance(value, int) and not isinstance(value, bool) and value > 10**100:
        return "<int of about 401 digits>"
    if isinstance(value, np.ndarray):
        return "array"
    text = repr(value)
    return {"np.True_": "True", "np.float32(nan)": "nan", "Decimal('sNaN')": "sNaN"}.get(
        text, text.removeprefix("np.float32(").removesuffix(")")
    )


@pytest.mark.parametrize(("value", "error"), _NO_LEVEL, ids=repr)
@pytest.mark.parametrize("place", sorted(CALLS) + sorted(FRACTION_CALLS))
def test_what_is_no_level_is_refused_naming_the_field_and_the_value(
    place: str, value: Any, error: type
) -> None:
    call = CALLS.get(place) or FRACTION_CALLS[place]
    if place.startswith(("ReportOptions", "SLASection", "GoalsSection", "ReconcileSection")):
        # The report's own error for a value not allowed: a ScaleError (a ConfigError).
        error = ScaleError if error is ConfigError else error
    name = FIELD.get(place, "level")
    with pytest.raises(error, match=name) as info:
        call(value)
    assert _shown(value) in str(info.value), str(info.value)
    assert "\n" not in str(info.value)
    assert len(str(info.value)) < 300


@pytest.mark.parametrize("place", sorted(CALLS))
def test_a_level_too_close_to_1_for_a_critical_value_is_refused(place: str) -> None:
    # 0.5 + level / 2 rounds to 1: the forecast's normal quantile raised a bare
    # StatisticsError; a level stored by hand kept it.
    level = 1 - 1e-16
    assert 0 < level < 1
    assert 0.5 + level / 2 == 1
    error = ScaleError if place.endswith("Section") or place == "ReportOptions" else ConfigError
    name = FIELD.get(place, "level")
    with pytest.raises(error, match=rf"^{name}.*(far enough from|too close to) 1") as info:
        CALLS[place](level)
    assert "0.9999999999999999" in str(info.value)
