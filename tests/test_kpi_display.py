"""Segmented results in a notebook: a grid of segments × periods, escaped, with plain-word tips.

References are computed here from the raw ratings (counts per segment and local ISO week,
Wilson's formula written out), never read back from the code under test.
"""

from __future__ import annotations

import html
import math
import re
from collections import Counter
from datetime import UTC, date, datetime, timedelta
from html.parser import HTMLParser
from statistics import NormalDist
from typing import Any
from zoneinfo import ZoneInfo

from hypothesis import given
from hypothesis import strategies as st

from servicemodel.kpi import (
    CSAT,
    FirstReplyTime,
    Ratings,
    SurvivalTimes,
    by,
    periods,
    proportion,
)
from servicemodel.model import AgentReply, SatisfactionRating, Ticket, TicketHistory

T0 = datetime(2026, 2, 20, 9, tzinfo=UTC)  # eight weeks from here cross both DST changes
ZONES = ["UTC", "Europe/Berlin", "America/New_York", "Australia/Lord_Howe"]
ALLOWED_TAGS = {"style", "table", "caption", "tr", "th", "td", "br", "small"}
HOSTILE = ["<script>alert('x')</script>", 'a "quoted" & <b>bold</b>', "", "x</td><td>y"]


class _Table(HTMLParser):
    """Rows of (tag, attributes, text) cells, and every tag seen."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[str] = []
        self.rows: list[list[tuple[str, dict[str, str | None], str]]] = []
        self.caption = ""
        self._cell: list[Any] | None = None
        self._in_caption = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        if tag == "tr":
            self.rows.append([])
        elif tag in ("th", "td"):
            self._cell = [tag, dict(attrs), ""]
        elif tag == "caption":
            self._in_caption = True

    def handle_endtag(self, tag: str) -> None:
        if tag in ("th", "td") and self._cell is not None:
            self.rows[-1].append((self._cell[0], self._cell[1], self._cell[2]))
            self._cell = None
        elif tag == "caption":
            self._in_caption = False

    def handle_data(self, data: str) -> None:
        if self._cell is not None:
            self._cell[2] += data
        elif self._in_caption:
            self.caption += data


def parse(markup: str) -> _Table:
    table = _Table()
    table.feed(markup)
    table.close()
    return table


def monday(instant: datetime, tz: str) -> date:
    local = instant.astimezone(ZoneInfo(tz)).date()
    return local - timedelta(days=local.weekday())


def iso_label(day: date) -> str:
    year, week, _ = day.isocalendar()
    return f"{year}-W{week:02d}"


def rated(i: int, channel: str, at: datetime, score: int) -> TicketHistory:
    return TicketHistory(
        Ticket(f"T{i}", at, channel=channel), [SatisfactionRating("r", at, score=score)]
    )


@st.composite
def rated_histories(draw: st.DrawFn) -> tuple[dict[str, str], str, list[TicketHistory]]:
    """Ratings on a few channels whose segment labels are hostile text, in a random zone."""
    labels = draw(
        st.lists(
            st.one_of(st.sampled_from(HOSTILE), st.text(max_size=6)),
            min_size=1,
            max_size=4,
            unique=True,
        )
    )
    names = {f"c{i}": label for i, label in enumerate(labels)}
    tz = draw(st.sampled_from(ZONES))
    items = draw(
        st.lists(
            st.tuples(
                st.sampled_from(sorted(names)),
                st.integers(0, 8 * 7 * 24 * 60),
                st.integers(1, 5),
            ),
            min_size=1,
            max_size=40,
        )
    )
    hs = [rated(i, c, T0 + timedelta(minutes=m), s) for i, (c, m, s) in enumerate(items)]
    return names, tz, hs


def _result(names: dict[str, str], tz: str, hs: list[TicketHistory]) -> Any:
    inner = by(periods("week", tz=tz), Ratings.empty(CSAT.empty()))
    return by(lambda h: names[h.ticket.channel], inner, name="channel").add_many(hs).result()


@given(rated_histories())
def test_grid_is_segments_by_periods_and_html_escapes_every_name(
    case: tuple[dict[str, str], str, list[TicketHistory]],
) -> None:
    names, tz, hs = case
    counts: Counter[tuple[str, date]] = Counter()
    happy: Counter[tuple[str, date]] = Counter()
    for h in hs:
        key = (names[h.ticket.channel], monday(h.created_at, tz))
        counts[key] += 1
        happy[key] += h.ratings("csat")[0].score >= 4
    first = min(w for _, w in counts)
    last = max(w for _, w in counts)
    weeks = [first + timedelta(days=7 * k) for k in range((last - first).days // 7 + 1)]
    segments = sorted({label for label, _ in counts})

    res = _result(names, tz, hs)
    assert res.grid().shape == (len(segments), len(weeks))

    table = parse(res._repr_html_())
    assert set(table.tags) <= ALLOWED_TAGS  # no name became markup
    header, *rows = table.rows
    assert [text for _, _, text in header] == ["channel", *map(iso_label, weeks)]
    assert all(text for _, _, text in header)  # no empty header
    assert [row[0][2] for row in rows] == [label or "(empty)" for label in segments]
    for label, row in zip(segments, rows, strict=True):
        cells = row[1:]
        assert [tag for tag, _, _ in cells] == ["td"] * len(weeks)
        active = [w for (seg, w) in counts if seg == label]
        for week, (_, attrs, text) in zip(weeks, cells, strict=True):
            title = attrs["title"] or ""
            assert f"week of {week.isoformat()}" in title
            # Plain words, never a dict (the segment name itself may hold a brace).
            assert "{" not in title.replace(f"channel {label},", "")
            n = counts[(label, week)]
            if n:
                assert text.startswith(f"{100 * happy[(label, week)] / n:.1f} %")
                assert f"n={n}" in text
                assert title.startswith(f"CSAT {100 * happy[(label, week)] / n:.1f} % (95 % CI ")
            elif min(active) <= week <= max(active):
                assert text == "–n=0"  # an empty week inside the segment's range: n = 0
            else:
                assert text == "·"  # the segment had no records this far out: no result


@given(rated_histories())
def test_text_repr_is_one_line_per_period(
    case: tuple[dict[str, str], str, list[TicketHistory]],
) -> None:
    names, tz, hs = case
    res = _result(names, tz, hs)
    weeks = {monday(h.created_at, tz) for h in hs}
    n_weeks = (max(weeks) - min(weeks)).days // 7 + 1
    lines = repr(res).splitlines()
    assert lines[0] == "SegmentResult(channel)"
    assert lines[1].startswith("CSAT by week and channel (%)")
    assert len(lines) == 3 + n_weeks
    assert [line.split()[0] for line in lines[3:]] == sorted(
        iso_label(min(weeks) + timedelta(days=7 * k)) for k in range(n_weeks)
    )


def _wilson(successes: int, n: int, level: float = 0.95) -> tuple[float, float]:
    z = NormalDist().inv_cdf(0.5 + level / 2)
    p = successes / n
    centre = (p + z * z / (2 * n)) / (1 + z * z / n)
    half = z / (1 + z * z / n) * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n))
    return centre - half, centre + half


def test_tooltip_reads_as_a_sentence() -> None:
    monday_0 = datetime(2026, 3, 2, 9, tzinfo=UTC)
    hs = [rated(i, "chat", monday_0 + timedelta(hours=i), 5 if i < 115 else 2) for i in range(140)]
    res = _result({"chat": "chat"}, "UTC", hs)
    lo, hi = _wilson(115, 140)
    expected = (
        f"CSAT {100 * 115 / 140:.1f} % (95 % CI {100 * lo:.1f} to {100 * hi:.1f} %), n=140, "
        "channel chat, week of 2026-03-02"
    )
    _, row = parse(res._repr_html_()).rows
    assert row[1][1]["title"] == expected


def test_estimate_html_title_is_plain_words() -> None:
    found = re.search(r'title="([^"]*)"', proportion(3, 4, metric="CSAT")._repr_html_())
    assert found is not None
    lo, hi = _wilson(3, 4)
    assert html.unescape(found.group(1)) == (
        f"CSAT 75.0 % (95 % CI {100 * lo:.1f} to {100 * hi:.1f} %), n=4; interval: wilson"
    )


def test_flat_result_names_its_value_column() -> None:
    res = by("channel", Ratings.empty(CSAT.empty()), fill=["chat", "email"]).result()
    header, *rows = parse(res._repr_html_()).rows
    assert [text for _, _, text in header] == ["channel", "CSAT"]
    assert len(rows) == 2
    assert res.grid().shape == (2, 1)


def test_results_with_several_statistics_get_a_row_per_statistic() -> None:
    t0 = datetime(2026, 3, 2, 9, tzinfo=UTC)
    hs = [
        TicketHistory(
            Ticket(f"T{i}", t0 + timedelta(days=i), channel=["chat", "email"][i % 2]),
            [AgentReply("r", t0 + timedelta(days=i, minutes=5 + i))],
        )
        for i in range(20)
    ]
    res = by("channel", by(periods("week"), FirstReplyTime.empty())).add_many(hs).result()
    grid = res.grid()
    assert grid.row_names == ("channel", "statistic")
    assert grid.shape == (2 * 3, 3)  # (chat, email) × (mean, median, p90); weeks 10 to 12
    assert [row.labels[1] for row in grid.rows[:3]] == ["mean", "median", "p90"]


def test_survival_curves_per_segment_show_their_statistics() -> None:
    res = by(
        lambda pair: "fast" if pair[0] < 5 else "slow",
        SurvivalTimes.empty(unit="h"),
        name="speed",
    )
    out = res.add_many([(1, True), (2, False), (7, True), (9, True)]).result()
    header, *rows = parse(out._repr_html_()).rows
    assert [text for _, _, text in header] == ["speed", "statistic", "time"]
    assert [(r[0][2], r[1][2]) for r in rows] == [
        ("fast", "median"),
        ("fast", "p90"),
        ("slow", "median"),
        ("slow", "p90"),
    ]


def test_an_empty_result_still_has_headers() -> None:
    res = by("channel", Ratings.empty(CSAT.empty())).result()
    table = parse(res._repr_html_())
    assert all(text for _, _, text in table.rows[0])
    assert table.rows[1][0][2] == "no segments"
