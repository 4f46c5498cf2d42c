"""Charts: one line and one band per segment over periods; Kaplan–Meier steps with censor ticks.

Every chart is drawn on a ``matplotlib.figure.Figure`` made here (no GUI backend involved), except
the one test of ``ax=None``, which uses pyplot under the non-interactive Agg backend.
"""

from __future__ import annotations

import itertools
import math
import sys
from datetime import UTC, date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from servicemodel.errors import ConfigError, MissingExtraError
from servicemodel.kpi import (
    CSAT,
    FirstReplySurvival,
    FirstReplyTime,
    Ratings,
    SurvivalTimes,
    by,
    periods,
)
from servicemodel.model import AgentReply, SatisfactionRating, Ticket, TicketHistory

matplotlib = pytest.importorskip("matplotlib")
from matplotlib.axes import Axes  # noqa: E402
from matplotlib.collections import PolyCollection  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402

T0 = datetime(2026, 2, 20, 9, tzinfo=UTC)
CHANNELS = ["chat", "email", "phone", "web"]


def new_axes() -> Any:
    return Figure().subplots()


def rated(i: int, channel: str, minutes: int, score: int) -> TicketHistory:
    at = T0 + timedelta(minutes=minutes)
    return TicketHistory(
        Ticket(f"T{i}", at, channel=channel), [SatisfactionRating("r", at, score=score)]
    )


ratings = st.lists(
    st.tuples(st.sampled_from(CHANNELS), st.integers(0, 60 * 24 * 7 * 8), st.integers(1, 5)),
    min_size=1,
    max_size=40,
)


def bands(ax: Any) -> list[Any]:
    return [c for c in ax.collections if isinstance(c, PolyCollection)]


#: Each example draws a whole figure (about a second or more on a slow machine): 15 of them.
FIGURES = settings(max_examples=15)


@FIGURES
@given(ratings, st.sampled_from(["UTC", "Europe/Berlin", "America/New_York"]))
def test_one_line_and_one_band_per_segment(rows: list[tuple[str, int, int]], tz: str) -> None:
    hs = [rated(i, *row) for i, row in enumerate(rows)]
    weekly = by(periods("week", tz=tz), Ratings.empty(CSAT.empty()))
    res = by("channel", weekly).add_many(hs).result()
    ax: Any = res.plot(ax=new_axes())  # Any: matplotlib's stubs type line data loosely
    assert isinstance(res.plot(ax=new_axes()), Axes)
    segments = sorted({c for c, _, _ in rows})
    assert [line.get_label() for line in ax.get_lines()] == segments
    assert len(bands(ax)) == len(segments)
    # Every segment's line spans every week from the first to the last (gaps are NaN).
    locals_ = [(T0 + timedelta(minutes=m)).astimezone(ZoneInfo(tz)).date() for _, m, _ in rows]
    mondays = {d - timedelta(days=d.weekday()) for d in locals_}
    n_weeks = (max(mondays) - min(mondays)).days // 7 + 1
    for channel, line in zip(segments, ax.get_lines(), strict=True):
        ys = list(line.get_ydata())
        assert len(ys) == n_weeks
        for week_index, y in enumerate(ys):
            week = min(mondays) + timedelta(days=7 * week_index)
            scores = [
                s
                for (c, m, s), d in zip(rows, locals_, strict=True)
                if c == channel and d - timedelta(days=d.weekday()) == week
            ]
            if scores:
                assert y == pytest.approx(sum(s >= 4 for s in scores) / len(scores))
            else:
                assert math.isnan(y)  # no value is a gap, never a 0


def test_a_flat_weekly_result_is_one_line_with_a_band_and_no_legend() -> None:
    hs = [rated(i, "chat", 60 * 24 * i, 1 + i % 5) for i in range(30)]
    res = by(periods("week"), Ratings.empty(CSAT.empty())).add_many(hs).result()
    ax = res.plot(ax=new_axes(), linewidth=1)
    assert len(ax.get_lines()) == 1
    assert ax.get_lines()[0].get_linewidth() == 1  # keywords reach matplotlib
    assert len(bands(ax)) == 1
    assert ax.get_legend() is None
    assert ax.get_title() == "CSAT by week"
    xs = list(ax.get_lines()[0].get_xdata())
    assert xs[0] == date(2026, 2, 16)  # the Monday of the first week


def test_segments_without_periods_are_whiskers() -> None:
    hs = [rated(i, CHANNELS[i % 4], i, 1 + i % 5) for i in range(40)]
    res = by("channel", Ratings.empty(CSAT.empty())).add_many(hs).result()
    ax = res.plot(ax=new_axes())
    assert [t.get_text() for t in ax.get_xticklabels()] == CHANNELS
    assert not bands(ax)
    assert len(ax.containers) == len(CHANNELS)  # one errorbar per segment


def test_statistic_picks_one_of_several() -> None:
    hs = [
        TicketHistory(
            Ticket(f"T{i}", T0 + timedelta(days=i), channel="chat"),
            [AgentReply("r", T0 + timedelta(days=i, minutes=1 + i))],
        )
        for i in range(21)
    ]
    res = by("channel", by(periods("week"), FirstReplyTime.empty())).add_many(hs).result()
    ax = res.plot(ax=new_axes(), statistic="p90")
    assert ax.get_ylabel() == "first reply time p90 (min)"
    assert res.plot(ax=new_axes()).get_ylabel() == "first reply time p50 (min)"
    with pytest.raises(ConfigError, match="'p75' is not one of"):
        res.plot(ax=new_axes(), statistic="p75")
    flat = by("channel", Ratings.empty(CSAT.empty())).add_many(hs).result()
    with pytest.raises(ConfigError, match="one value per segment"):
        flat.plot(ax=new_axes(), statistic="median")


def _group(pair: tuple[int, bool]) -> str:
    return "abc"[pair[0] % 3]


@FIGURES
@given(st.lists(st.tuples(st.integers(0, 50), st.booleans()), min_size=1, max_size=40))
def test_survival_curves_step_from_one_with_bands_and_censor_ticks(
    pairs: list[tuple[int, bool]],
) -> None:
    res = by(_group, SurvivalTimes.empty(unit="h"), name="group").add_many(pairs).result()
    ax = res.plot(ax=new_axes())
    rows = [(_group(p), *p) for p in pairs]
    groups = sorted({g for g, _, _ in rows})
    censored = {g for g, _, seen in rows if not seen}
    steps = [line for line in ax.get_lines() if line.get_linestyle() != "None"]
    ticks = [line for line in ax.get_lines() if line.get_linestyle() == "None"]
    assert [line.get_label() for line in steps] == groups
    assert len(ticks) == len(censored)
    assert len(bands(ax)) == len(groups)
    for group, line in zip(groups, steps, strict=True):
        ys = list(line.get_ydata())
        assert ys[0] == 1.0
        assert all(a >= b for a, b in itertools.pairwise(ys))  # never rises
        times = [t for g, t, _ in rows if g == group]
        assert line.get_xdata()[-1] == max(times)  # drawn to the last observed time
        # Kaplan–Meier at the end, computed here: product over event times of (1 - d/n).
        s = 1.0
        for t in sorted({t for g, t, seen in rows if g == group and seen}):
            at_risk = sum(1 for g, u, _ in rows if g == group and u >= t)
            d = sum(1 for g, u, seen in rows if g == group and u == t and seen)
            s *= 1 - d / at_risk
        assert ys[-1] == pytest.approx(s)


def test_a_survival_curve_plots_alone() -> None:
    km = SurvivalTimes.empty(unit="h").add_many([(1, True), (2, False), (3, True)]).result()
    ax = km.plot(ax=new_axes(), band=False, censored=False)
    assert len(ax.get_lines()) == 1
    assert not bands(ax)
    assert ax.get_xlabel().splitlines()[0] == "time (h)"


def test_ticket_survival_per_channel() -> None:
    hs = [
        TicketHistory(
            Ticket(f"T{i}", T0, channel=["chat", "email"][i % 2]),
            [AgentReply("r", T0 + timedelta(minutes=10 * i))] if i % 3 else [],
        )
        for i in range(12)
    ]
    acc = by("channel", FirstReplySurvival.empty(as_of=T0 + timedelta(hours=3)))
    ax = acc.add_many(hs).result().plot(ax=new_axes())
    assert ax.get_title() == "first reply time by channel"
    assert ax.get_legend() is not None


def test_without_axes_a_pyplot_figure_is_made_and_closed_by_the_caller() -> None:
    matplotlib.use("Agg")  # the tests never open a window
    import matplotlib.pyplot as plt

    hs = [rated(i, "chat", 60 * 24 * i, 5) for i in range(10)]
    ax = by(periods("week"), Ratings.empty(CSAT.empty())).add_many(hs).result().plot()
    figure: Any = ax.figure
    try:
        assert isinstance(ax, Axes)
        assert plt.fignum_exists(figure.number)
    finally:
        plt.close(figure)


def test_without_matplotlib_the_error_names_the_extra(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "matplotlib", None)
    res = by("channel", CSAT.empty(), fill=["chat"]).result()
    with pytest.raises(MissingExtraError, match=r"pip install 'servicemodel\[report\]'"):
        res.plot()
    with pytest.raises(MissingExtraError, match="matplotlib"):
        SurvivalTimes.empty().result().plot()
