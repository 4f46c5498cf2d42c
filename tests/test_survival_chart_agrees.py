"""A survival chart draws the curve the tables and figures use: one computation of ``S(t)``.

The float product of a Kaplan–Meier step can read ``0.5000000000000014`` where the exact
product is ``1/2``; the median (decided exactly) is that step, and a chart of the float
column crossed ``S = 1/2`` one step later (the chat channel's first reply curve of the sample
tickets). The curve's column now holds the exact value at each chosen percentile's threshold,
and the report's thinned chart always draws the step at each percentile.
"""

from __future__ import annotations

import math
from fractions import Fraction
from pathlib import Path
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st
from matplotlib.figure import Figure

from servicemodel.io import load_jsonl
from servicemodel.kpi import SurvivalCurve, SurvivalTimes
from servicemodel.kpi._survival_curve import build_curve
from servicemodel.report import build_report
from servicemodel.report._charts_time import _thin

SAMPLE = Path(__file__).resolve().parents[1] / "examples" / "data" / "tickets.jsonl"

#: Ten tickets whose float product reads 0.5000000000000001 at the step where S is 1/2.
NEAR_HALF = [(1, True), (1, True), (2, True), (2, True), (3, True), (4, False), (4, True),
             (4, True), (5, True), (8, True)]  # fmt: skip


def _plotted(curve: SurvivalCurve) -> list[tuple[float, float]]:
    """The points ``SurvivalCurve.plot`` gives matplotlib for the curve's line."""
    ax = curve.plot(ax=Figure().subplots(), band=False, censored=False)
    return [(float(x), float(y)) for x, y in ax.lines[0].get_xydata()]


def _crossing(points: list[tuple[float, float]], level: float = 0.5) -> float | None:
    """The first drawn time at which the line is at or below ``level`` (after S(0) = 1)."""
    return next((x for x, y in points[1:] if y <= level), None)


def _check_drawn(curve: SurvivalCurve, points: list[tuple[float, float]]) -> None:
    assert points[0] == (0.0, 1.0)
    for x, y in points[1:]:  # every other drawn point is a point of the curve
        assert y == curve.survival_at(x), (x, y)


def test_the_sample_chat_curve_reads_one_half_at_its_median() -> None:
    report = build_report(load_jsonl(SAMPLE).histories)
    chat = next(
        c.curve for c in report.detail.curves if c.metric == "first_reply" and c.segment == "chat"
    )
    median = chat["median"].value
    i = chat.times.index(median)
    assert chat.survival[i] == 0.5  # the float product read 0.5000000000000014 here
    assert chat.survival[i - 1] > 0.5
    assert chat.survival_at(median) == 0.5
    frame = chat.to_frame().set_index("statistic")
    assert frame.loc["median", "value"] == median
    points = _plotted(chat)
    _check_drawn(chat, points)
    assert _crossing(points) == median


def test_every_sample_curve_is_drawn_as_the_table_reads_it() -> None:
    report = build_report(load_jsonl(SAMPLE).histories)
    for c in report.detail.curves:
        curve = c.curve
        for right in (curve.last_time, 24.0, 1.0):
            xs, ys = _thin(curve, right)
            drawn = list(zip(xs, ys, strict=True))
            _check_drawn(curve, drawn)
            median = curve["median"].value
            expected = median if median is not None and median <= right else None
            assert _crossing(drawn) == expected, (c.metric, c.segment, right)
        assert _crossing(_plotted(curve)) == curve["median"].value


def test_a_float_product_above_one_half_at_the_median_step_is_the_exact_one_half() -> None:
    curve = SurvivalTimes.empty().add_many(NEAR_HALF).result()
    assert curve["median"].value == 3.0
    assert curve.survival[curve.times.index(3.0)] == 0.5
    assert _crossing(_plotted(curve)) == 3.0


def test_a_step_just_above_a_threshold_stays_above_it_when_it_would_round_onto_it() -> None:
    # One event and one censoring among n, then (n - 3)/2 events among the n - 2 left: S is
    # (n - 1)**2 / (2 n (n - 2)) = 1/2 + 1/(2 n (n - 2)), less than half a float's step above
    # 1/2. The median is undefined (the curve never reaches 1/2); one rounding reads 0.5.
    n = 2**28 + 1
    rows = ((1.0, 1, 1), (2.0, (n - 3) // 2, (n - 1) // 2))
    exact = Fraction(n - 1, n) * Fraction((n - 1) // 2, n - 2)
    assert exact > Fraction(1, 2)
    assert float(exact) == 0.5
    curve = build_curve(rows, metric="t", unit="h", level=0.95, percentiles=(50.0,), horizon=None)
    assert curve["median"].value is None
    assert curve.survival[1] > 0.5
    assert curve.survival[1] == math.nextafter(0.5, 1.0)
    assert _crossing(list(zip(*_thin(curve, 3.0), strict=True))) is None


TIMES = st.one_of(
    st.integers(min_value=0, max_value=12).map(float),  # ties, and so exact halves
    st.floats(min_value=0, max_value=1e4, allow_nan=False, allow_infinity=False),
)
PAIRS = st.lists(st.tuples(TIMES, st.booleans()), min_size=1, max_size=40)


@settings(max_examples=60, deadline=None)
@given(PAIRS, st.sampled_from([(50.0, 90.0), (25.0, 75.0), (90.0,)]))
def test_every_drawn_point_is_the_tables_curve_and_the_drawn_median_is_the_tables(
    pairs: list[tuple[float, bool]], percentiles: Any
) -> None:
    curve = SurvivalTimes.empty(percentiles=percentiles).add_many(pairs).result()
    median = curve.percentile(50)[0].value  # the table's median, chosen or not
    points = _plotted(curve)
    _check_drawn(curve, points)
    assert _crossing(points) == median
    for q in percentiles:  # the other chosen percentiles too (1 - 90/100 is not 0.1 in floats)
        level = float(1 - Fraction(repr(q)) / 100)
        assert _crossing(points, level) == curve.percentile(q)[0].value
    if 50.0 in percentiles:
        # The report's chart: thinned, up to an edge, still through the median's step.
        right = max(curve.last_time, 1.0)
        for edge in (right, right / 2):
            drawn = list(zip(*_thin(curve, edge), strict=True))
            _check_drawn(curve, drawn)
            assert _crossing(drawn) == (median if median is not None and median <= edge else None)
