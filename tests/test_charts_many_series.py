"""Charts with many series and many points stay readable, and lose no series.

Laws, for any number of series (1..60) and labels of any length:

* every series is drawn or named in the legend's note (none lost), at most twelve are drawn,
  and those drawn are the ones of most observations;
* drawn series that share a colour differ in line style;
* the legend's box lies inside the figure's; no two tick labels overlap;
* a long time axis (up to 260 weeks, 48 months) is labelled without overlap, in order.

The geometry is matplotlib's own (``get_window_extent`` after a layout); the overlap check and
the expected choice of series are computed here, independently of the library's helpers.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from hypothesis import Phase, given, settings
from hypothesis import strategies as st

pytest.importorskip("matplotlib")
from matplotlib.figure import Figure

from servicemodel.kpi import CSAT, Ratings, SurvivalTimes, by
from servicemodel.kpi._plot import plot_survival
from servicemodel.kpi._plot_layout import MAX_SERIES, shorten
from servicemodel.model import AgentReply, SatisfactionRating, Ticket, TicketHistory
from servicemodel.report import build_report, render_html
from servicemodel.report._charts import time_ticks
from servicemodel.report._charts_time import survival_charts
from servicemodel.report._svg import figure, style

#: Each example draws and lays out a whole figure (one to several seconds on a slow machine):
#: 15 examples, which still reach 60 labels, long names and repeated colours.
SLOW = settings(deadline=None, max_examples=15)
# A name in a script DejaVu Sans lacks is drawn as a box, and matplotlib warns: not ours to fix.
pytestmark = pytest.mark.filterwarnings("ignore:Glyph .* missing from font")
T0 = datetime(2026, 1, 5, 9, tzinfo=UTC)

label_text = st.text(st.characters(exclude_categories=("Cs",)), min_size=1, max_size=90)


def labels_of(n_max: int) -> Any:
    return st.lists(label_text, min_size=1, max_size=n_max, unique_by=shorten).filter(
        lambda xs: all(x.strip() for x in xs)
    )


def rated(k: int, category: str, score: int) -> TicketHistory:
    at = T0 + timedelta(hours=k)
    ticket = Ticket(f"T{k}", at, attributes={"category": category})
    return TicketHistory(ticket, [SatisfactionRating("r", at, score=score)])


def boxes_overlap(a: Any, b: Any) -> bool:
    return a.x0 < b.x1 and b.x0 < a.x1 and a.y0 < b.y1 and b.y0 < a.y1


def any_overlap(texts: list[Any]) -> bool:
    boxes = [t.get_window_extent() for t in texts if t.get_visible() and t.get_text().strip()]
    return any(
        boxes_overlap(a, b) for i, a in enumerate(boxes) for b in boxes[i + 1 :]
    )  # plain pairwise: independent of the library's sweep


def inside(box: Any, page: Any, tol: float = 1.0) -> bool:
    return (
        box.x0 >= page.x0 - tol
        and box.y0 >= page.y0 - tol
        and box.x1 <= page.x1 + tol
        and box.y1 <= page.y1 + tol
    )


def curve(n: int) -> Any:
    return SurvivalTimes.empty(unit="h").add_many([(1 + i, i % 3 != 0) for i in range(n)]).result()


def expected_drawn(sizes: list[int]) -> set[int]:
    # The largest by n, ties to the earlier one, twelve in all (every one when twelve or fewer).
    order = sorted(range(len(sizes)), key=lambda i: (-sizes[i], i))
    return set(order[:MAX_SERIES])


def check_legend(fig: Any, ax: Any, labels: list[str], drawn: list[str]) -> None:
    fig.draw_without_rendering()
    legend = ax.get_legend() or fig.legends[-1]
    assert inside(legend.get_window_extent(), fig.bbox)
    texts = [t.get_text() for t in legend.get_texts()]
    hidden = [x for x in labels if x not in drawn]
    note = texts[-1] if hidden else ""
    if hidden:
        assert note.startswith(f"{len(hidden)} more series not drawn:")
        flat = " ".join(note.split())
        for x in hidden:
            assert shorten(x) in flat  # named in the note
    assert len(drawn) + len(hidden) == len(labels)
    assert texts[: len(drawn)] == [shorten(x) for x in drawn]
    assert all(len(t) <= 28 for t in texts[: len(drawn)])
    assert not any_overlap(ax.get_xticklabels())
    assert not any_overlap(ax.get_yticklabels())


@SLOW
@given(labels_of(60), st.data())
def test_survival_plot_loses_no_curve(labels: list[str], data: Any) -> None:
    sizes = data.draw(st.lists(st.integers(1, 9), min_size=len(labels), max_size=len(labels)))
    pairs = [(x, curve(n)) for x, n in zip(labels, sizes, strict=True)]
    fig = Figure(figsize=(6, 3.5), layout="constrained")
    ax = plot_survival(pairs, fig.subplots(), band=False, censored=False)
    steps = [line for line in ax.get_lines() if line.get_linestyle() != "None"]
    drawn = [str(line.get_label()) for line in steps]
    assert {labels.index(x) for x in drawn} == expected_drawn(sizes)
    assert drawn == [x for x in labels if x in drawn]  # in the order given
    looks = [(line.get_color(), line.get_linestyle()) for line in steps]
    assert len(set(looks)) == len(looks)  # equal colours differ in line style
    if len(labels) > 1:
        check_legend(fig, ax, labels, drawn)


@SLOW
@given(labels_of(60))
def test_categories_are_all_named_and_never_overlap(labels: list[str]) -> None:
    rows = [rated(k, x, 1 + k % 5) for k, x in enumerate(labels)]
    res = by("attr:category", Ratings.empty(CSAT.empty())).add_many(rows)
    fig = Figure(figsize=(5, 3), layout="constrained")
    ax = res.result().plot(ax=fig.subplots())
    fig.draw_without_rendering()
    ticks = [t.get_text() for t in ax.get_xticklabels()]
    assert sorted(ticks) == sorted(shorten(x) for x in labels)  # every category named
    assert not any_overlap(ax.get_xticklabels())
    assert inside(ax.get_window_extent(), fig.bbox)


@settings(deadline=None, max_examples=15)  # several layouts per example
@given(st.integers(1, 260), st.booleans())
def test_a_long_time_axis_is_labelled_in_order_without_overlap(n: int, weekly: bool) -> None:
    if weekly:
        full = [f"{2024 + k // 52}-W{1 + k % 52:02d}" for k in range(n)]
    else:
        n = min(n, 48)
        full = [f"{2024 + k // 12}-{1 + k % 12:02d}" for k in range(n)]
    short = [x.split("-")[-1] for x in full] if weekly else full
    with style():
        fig = figure(4.2, 2.4)
        ax = fig.add_subplot()
        xs = list(range(n))
        ax.plot(xs, [k % 7 for k in xs])
        ax.tick_params(axis="x", labelsize=7)
        time_ticks(ax, xs, short, full)
        fig.draw_without_rendering()
    shown = [(t.get_position()[0], t.get_text()) for t in ax.get_xticklabels()]
    assert not any_overlap(ax.get_xticklabels())
    assert shown, "at least one period is labelled"
    for x, text in shown:
        assert text in (short[int(x)], full[int(x)])  # each label names its own period
    assert [x for x, _ in shown] == sorted(x for x, _ in shown)


def channel_histories(channels: list[str], sizes: list[int]) -> list[TicketHistory]:
    out = []
    for c, n in zip(channels, sizes, strict=True):
        for i in range(n):
            at = T0 + timedelta(hours=i)
            reply = [AgentReply("a", at + timedelta(minutes=5 + 7 * i))] if i % 4 else []
            out.append(TicketHistory(Ticket(f"{c}-{i}", at, channel=c), reply))
    return out


channel_names = st.from_regex(r"[a-z][a-z0-9_.-]{0,60}", fullmatch=True)


# A report per example: few examples, and no shrinking (minutes per step on a shared machine).
@settings(deadline=None, max_examples=8, phases=(Phase.explicit, Phase.reuse, Phase.generate))
@given(st.lists(channel_names, min_size=1, max_size=30, unique_by=shorten), st.data())
def test_report_survival_chart_names_every_channel(channels: list[str], data: Any) -> None:
    sizes = data.draw(st.lists(st.integers(2, 6), min_size=len(channels), max_size=len(channels)))
    report = build_report(channel_histories(channels, sizes))
    chart = survival_charts(report)[0]
    assert chart.svg is not None
    drawn = len(re.findall(rf'<g id="{chart.id}--series-\d+"', chart.svg))
    assert drawn == chart.series <= MAX_SERIES
    named = re.search(
        r"curves not drawn \(past 12, the fewest tickets\): (.*); see the table", chart.desc
    )
    hidden = named.group(1).split(", ") if named else []
    # Every channel: a drawn curve's legend label, or named in the note and the description.
    for c in channels:
        tip = f"<title>{c}</title>"
        assert shorten(c) in chart.svg or tip in chart.svg or c in hidden
    assert drawn + len(hidden) == len(channels) + 1  # and the overall curve
    for c in channels:
        if shorten(c) != c and c not in hidden:
            assert f"<title>{c}</title>" in chart.svg  # the full name as the tooltip


def test_thirty_channels_render_as_one_page_with_a_note() -> None:
    channels = [f"channel-{k:02d}-" + "x" * (k % 4) * 12 for k in range(30)]
    page = render_html(build_report(channel_histories(channels, [2 + k % 5 for k in range(30)])))
    assert "more series not drawn:" in page
    assert "curves not drawn (past 12, the fewest tickets)" in page
