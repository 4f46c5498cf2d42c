"""Segments and periods: merge laws, full period ranges, agreement with plain grouping."""

from __future__ import annotations

import itertools
import pickle
import sys
from collections import Counter
from datetime import UTC, date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from dateutil.relativedelta import relativedelta
from hypothesis import given
from hypothesis import strategies as st

from servicemodel.errors import ConfigError, InputTypeError, MergeError, MissingExtraError
from servicemodel.kpi import (
    CSAT,
    NPS,
    FirstReplyTime,
    Periods,
    Ratings,
    ReopenRate,
    ResolutionRate,
    Segmented,
    SegmentResult,
    by,
    periods,
)
from servicemodel.model import Priority, SatisfactionRating, Ticket, TicketHistory
from servicemodel.strategies import aware_datetimes, histories, tickets

ZONES = ["UTC", "Europe/Berlin", "America/New_York", "Australia/Lord_Howe", "Pacific/Kiritimati"]
UNITS = ["day", "week", "month", "quarter"]

spread_tickets = tickets(
    created_at=aware_datetimes(
        min_value=datetime(2025, 12, 1, tzinfo=UTC), max_value=datetime(2026, 5, 1, tzinfo=UTC)
    )
)
history_lists = st.lists(histories(tickets=spread_tickets, max_events=5), max_size=10)


def ref_period(instant: datetime, unit: str, tz: str) -> date:
    """Independent period start: ISO calendar for weeks, month arithmetic for the rest."""
    d = instant.astimezone(ZoneInfo(tz)).date()
    if unit == "day":
        return d
    if unit == "week":
        year, week, _ = d.isocalendar()
        return date.fromisocalendar(year, week, 1)
    if unit == "month":
        return date(d.year, d.month, 1)
    return date(d.year, [1, 1, 1, 4, 4, 4, 7, 7, 7, 10, 10, 10][d.month - 1], 1)


def keys() -> list[Any]:
    return [
        "channel",
        "priority",
        "group",
        "agent",
        "tag",
        periods("week", tz="Europe/Berlin"),
        periods("month", date(2026, 1, 1), date(2026, 3, 1), tz="America/New_York"),
    ]


def accumulators() -> list[Any]:
    return [
        ReopenRate.empty(),
        ResolutionRate.empty(),
        FirstReplyTime.empty(),
        Ratings.empty(CSAT.empty()),
        by(periods("quarter"), Ratings.empty(NPS.empty())),
    ]


@st.composite
def split_lists(draw: Any) -> tuple[list[TicketHistory], list[list[TicketHistory]]]:
    items = draw(history_lists)
    cuts = sorted(draw(st.lists(st.integers(0, len(items)), max_size=3)))
    bounds = [0, *cuts, len(items)]
    return items, [items[a:b] for a, b in itertools.pairwise(bounds)]


# --- laws ----------------------------------------------------------------------------------


@given(
    split_lists(),
    st.sampled_from(range(len(keys()))),
    st.sampled_from(range(len(accumulators()))),
)
def test_segment_merge_of_any_split_equals_one_pass(data: Any, k: int, a: int) -> None:
    items, parts = data
    empty = by(keys()[k], accumulators()[a])
    whole = empty.add_many(items)
    merged = sum((empty.add_many(p) for p in parts), empty)
    assert merged == whole
    assert sum(empty.add_many(p) for p in parts) == whole
    assert merged.result() == whole.result()


@given(history_lists, st.randoms(use_true_random=False), st.sampled_from(range(len(keys()))))
def test_segments_are_permutation_invariant_and_add_equals_add_many(
    items: Any, rnd: Any, k: int
) -> None:
    empty = by(keys()[k], ReopenRate.empty())
    shuffled = list(items)
    rnd.shuffle(shuffled)
    one_by_one = empty
    for h in shuffled:
        one_by_one = one_by_one.add(h)
    assert one_by_one == empty.add_many(items)
    assert list(one_by_one.result()) == list(empty.add_many(items).result())


@given(history_lists)
def test_channel_and_tag_segments_agree_with_plain_grouping(items: list[TicketHistory]) -> None:
    res = by("channel", ResolutionRate.empty()).add_many(items).result()
    assert {k: e.n for k, e in res.items()} == dict(Counter(h.ticket.channel for h in items))
    for channel, est in res.items():
        group = [h for h in items if h.ticket.channel == channel]
        assert est.count("successes") == sum(h.is_resolved() for h in group)

    tags = by("tag", ResolutionRate.empty()).add_many(items).result()
    expected = Counter(t for h in items for t in (h.ticket.tags or {None}))
    assert {k: e.n for k, e in tags.items()} == dict(expected)
    assert list(tags)[-1:] == ([None] if None in expected else list(tags)[-1:])


@given(history_lists, st.sampled_from(UNITS), st.sampled_from(ZONES))
def test_every_period_between_first_and_last_is_present(
    items: list[TicketHistory], unit: str, tz: str
) -> None:
    key = periods(unit, tz=tz)  # type: ignore[arg-type]
    res = by(key, ResolutionRate.empty()).add_many(items).result()
    observed = Counter(ref_period(h.created_at, unit, tz) for h in items)
    starts = list(res)
    if not items:
        assert starts == []
        return
    assert starts[0] == min(observed)
    assert starts[-1] == max(observed)
    step = {"day": relativedelta(days=1), "week": relativedelta(weeks=1)}.get(
        unit, relativedelta(months=1 if unit == "month" else 3)
    )
    assert all(b == a + step for a, b in itertools.pairwise(starts))  # no gaps, no extras
    for start, est in res.items():
        assert est.n == observed.get(start, 0)
        if est.n == 0:
            assert est.value is None


@given(history_lists, st.sampled_from(UNITS), st.sampled_from(ZONES))
def test_fixed_range_drops_outside_records_and_keeps_every_period(
    items: list[TicketHistory], unit: str, tz: str
) -> None:
    start, end = date(2026, 1, 1), date(2026, 3, 1)
    seg = by(periods(unit, start, end, tz=tz), ReopenRate.empty())  # type: ignore[arg-type]
    acc = seg.add_many(items)
    lo = datetime(2026, 1, 1, tzinfo=ZoneInfo(tz))
    hi = datetime(2026, 3, 1, tzinfo=ZoneInfo(tz))
    inside = [h for h in items if lo <= h.created_at.astimezone(UTC) < hi]
    assert acc.dropped == len(items) - len(inside)
    res = acc.result()
    assert next(iter(res)) == ref_period(lo, unit, tz)
    assert list(res)[-1] == ref_period(hi - timedelta(microseconds=1), unit, tz)
    assert sum(e.n for e in res.values()) == sum(bool(h.solve_times()) for h in inside)


@given(aware_datetimes(), st.sampled_from(UNITS), st.sampled_from(ZONES))
def test_period_floor_agrees_with_reference(instant: datetime, unit: str, tz: str) -> None:
    p = periods(unit, tz=tz)  # type: ignore[arg-type]
    assert p.floor(instant) == ref_period(instant, unit, tz)
    first = p.floor(instant)
    assert p.period_start(first) <= instant < p.period_start(first + p.step)


# --- examples ------------------------------------------------------------------------------

T0 = datetime(2026, 3, 2, 9, tzinfo=UTC)


def h(i: int, days: int = 0, **ticket: Any) -> TicketHistory:
    return TicketHistory(Ticket(f"T{i}", T0 + timedelta(days=days), **ticket), [])


def test_priority_segments_are_ordered_low_to_urgent_and_none_last() -> None:
    hs = [h(1, priority="urgent"), h(2, priority="low"), h(3, priority="high")]
    res = by("priority", ResolutionRate.empty()).add_many(hs).result()
    assert list(res) == [Priority.LOW, Priority.HIGH, Priority.URGENT]
    groups = by("group", ResolutionRate.empty()).add_many([h(1), h(2, group="b")]).result()
    assert list(groups) == ["b", None]


def test_fill_keeps_named_segments_and_mixed_keys_still_sort() -> None:
    res = by("channel", ReopenRate.empty(), fill=["phone"]).add(h(1, channel="chat")).result()
    assert list(res) == ["chat", "phone"]
    assert res["phone"].n == 0
    assert res["phone"].value is None
    mixed = by(lambda x: x if x < 3 else "big", CSAT.empty(), name="k").add_many([1, 5, 2])
    assert len(mixed.result()) == 3


def test_weeks_in_a_time_zone_cross_midnight_correctly() -> None:
    sunday_late_utc = datetime(2026, 3, 1, 23, 30, tzinfo=UTC)  # Monday 00:30 in Berlin
    hs = [TicketHistory(Ticket("T", sunday_late_utc), [])]
    utc = by(periods("week"), ResolutionRate.empty()).add_many(hs).result()
    berlin = by(periods("week", tz="Europe/Berlin"), ResolutionRate.empty()).add_many(hs).result()
    assert list(utc) == [date(2026, 2, 23)]
    assert list(berlin) == [date(2026, 3, 2)]


def test_periods_by_other_instants_and_unknown_instants() -> None:
    from servicemodel.model import AgentReply

    replied = TicketHistory(Ticket("R", T0), [AgentReply("r", T0 + timedelta(days=9))])
    seg = by(periods("week", at="first_reply"), FirstReplyTime.empty())
    acc = seg.add_many([replied, h(2)])
    assert acc.dropped == 1  # no reply: no first-reply week
    assert list(acc.result()) == [date(2026, 3, 9)]
    custom = periods("day", at=lambda r: r.created_at + timedelta(days=1))
    assert custom(replied) == date(2026, 3, 3)
    with pytest.raises(InputTypeError, match=r"no \.at or \.created_at"):
        periods("day")(42)
    with pytest.raises(ConfigError, match="unknown instant"):
        periods("day", at="closed")


def test_nested_segments_flatten_to_records_and_frame() -> None:
    rated = [
        TicketHistory(
            Ticket(f"T{i}", T0 + timedelta(days=7 * (i % 3)), channel=["chat", "email"][i % 2]),
            [SatisfactionRating("r", T0 + timedelta(days=7 * (i % 3)), score=1 + i % 5)],
        )
        for i in range(12)
    ]
    seg = by("channel", by(periods("week"), Ratings.empty(CSAT.empty())))
    res = seg.add_many(rated).result()
    rows = res.to_records()
    assert {(r["channel"], r["period_label"]) for r in rows} == {
        (c, w) for c in ("chat", "email") for w in ("2026-W10", "2026-W11", "2026-W12")
    }
    assert sum(r["n"] for r in rows) == 12
    frame = res.to_frame()
    assert list(frame.columns[:3]) == ["channel", "period", "period_label"]
    assert len(frame) == 6
    assert "SegmentResult(channel)" in repr(res)


def test_time_summaries_flatten_with_a_statistic_column() -> None:
    from servicemodel.model import AgentReply

    hs = [
        TicketHistory(Ticket("A", T0, channel="chat"), [AgentReply("r", T0 + timedelta(minutes=5))])
    ]
    rows = by("channel", FirstReplyTime.empty()).add_many(hs).result().to_records()
    assert [r["statistic"] for r in rows] == ["mean", "median", "p90"]
    assert {r["channel"] for r in rows} == {"chat"}


def test_to_frame_without_pandas_names_the_extra(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "pandas", None)
    res = by("channel", CSAT.empty(), fill=["chat"]).result()
    with pytest.raises(MissingExtraError, match="pandas"):
        res.to_frame()


def test_merge_refuses_different_keys_or_parameters() -> None:
    with pytest.raises(MergeError):
        by("channel", CSAT.empty()).merge(by("group", CSAT.empty()))
    with pytest.raises(MergeError):
        by("channel", CSAT.empty()).merge(by("channel", CSAT.empty(low=1, high=7)))
    with pytest.raises(MergeError):
        by(periods("week"), CSAT.empty()).merge(by(periods("week", tz="Europe/Berlin"), CSAT))
    with pytest.raises(MergeError):
        by("channel", CSAT.empty()).merge(CSAT.empty())  # type: ignore[arg-type]


def test_segmented_accumulators_pickle() -> None:
    seg = by(periods("week", tz="Europe/Berlin"), by("tag", ReopenRate)).add_many(
        [h(1, tags={"vip"}), h(2, days=8)]
    )
    assert pickle.loads(pickle.dumps(seg)) == seg
    assert isinstance(seg, Segmented)
    assert isinstance(seg.result(), SegmentResult)


def test_bad_keys_and_accumulators_are_rejected() -> None:
    with pytest.raises(ConfigError, match="unknown segment key 'chanel'"):
        by("chanel", CSAT.empty())
    # A period named as a word says how to ask for it: periods(...) in a time zone.
    with pytest.raises(ConfigError, match=r"per week, pass periods\('week', tz=\.\.\.\)"):
        by("Weekly", CSAT.empty())
    with pytest.raises(ConfigError, match=r"per day, pass periods\('day'"):
        by("daily", CSAT.empty())
    with pytest.raises(InputTypeError):
        by("channel", 42)
    with pytest.raises(ConfigError, match="unknown period"):
        periods("year")  # type: ignore[arg-type]
    with pytest.raises(ConfigError, match="unknown time zone"):
        periods("week", tz="Mars/Base")
    with pytest.raises(InputTypeError, match=r"no \.channel"):
        by("channel", CSAT.empty()).add(5)
    assert isinstance(periods("week", tz=ZoneInfo("Europe/Berlin")), Periods)


def test_records_other_than_histories_are_read_by_attribute() -> None:
    from types import SimpleNamespace

    from servicemodel.kpi import SLAAttainment

    ms = [
        SimpleNamespace(state="achieved", metric="first_reply", priority=Priority.HIGH),
        SimpleNamespace(state="breached", metric="first_reply", priority=Priority.LOW),
    ]
    res = by("priority", SLAAttainment.empty()).add_many(ms).result()
    assert [(k, e.value) for k, e in res.items()] == [(Priority.LOW, 0.0), (Priority.HIGH, 1.0)]


def test_html_reprs_for_notebooks() -> None:
    rated = by("channel", ReopenRate.empty(), fill=["chat", "email"]).result()
    html = rated._repr_html_()
    assert html.count("<tr>") == 3
    assert "chat" in html
    assert "reopen rate" in html
    times = by("channel", FirstReplyTime.empty(), fill=["chat"]).result()
    assert "first reply time" in times._repr_html_()


def test_empty_period_ranges_are_rejected() -> None:
    with pytest.raises(ConfigError, match="end must be after start"):
        periods("week", date(2026, 3, 1), date(2026, 3, 1))
    with pytest.raises(ConfigError, match="end must be after start"):
        periods("day", datetime(2026, 3, 2, tzinfo=UTC), date(2026, 3, 1))


def test_empty_periods_stay_visible_in_nested_records() -> None:
    hs = [h(1, channel="chat"), h(2, days=14, channel="email")]
    rows = by(periods("week"), by("channel", ResolutionRate.empty())).add_many(hs).result()
    records = rows.to_records()
    assert [r["period_label"] for r in records] == ["2026-W10", "2026-W11", "2026-W12"]
    assert records[1]["n"] == 0
    assert records[1]["value"] is None
    aligned = by("channel", by(periods("week", T0, date(2026, 3, 23)), ReopenRate.empty()))
    labels = Counter(r["period_label"] for r in aligned.add_many(hs).result().to_records())
    assert labels == {"2026-W10": 2, "2026-W11": 2, "2026-W12": 2}


def test_a_record_without_an_instant_says_which_at_to_pass() -> None:
    # An SLA measurement has no .at: the error names its two instants, so a weekly attainment
    # is one keyword away; a record with neither gets the plain message.
    from types import SimpleNamespace

    from servicemodel.kpi import SLAAttainment

    t0 = datetime(2026, 3, 2, 9, tzinfo=UTC)
    measured = SimpleNamespace(state="achieved", metric="first_reply", priority="normal",
                               started_at=t0, stopped_at=None)  # fmt: skip
    weeks = periods("week", tz="UTC")
    with pytest.raises(InputTypeError, match=r"at=lambda m: m\.started_at \(when its clock"):
        by(weeks, SLAAttainment.empty()).add(measured)
    with pytest.raises(InputTypeError, match=r"pass at=<function>$"):
        by(weeks, SLAAttainment.empty()).add(SimpleNamespace(state="achieved"))
    placed = periods("week", tz="UTC", at=lambda m: m.started_at)
    assert by(placed, SLAAttainment.empty()).add(measured).result()[t0.date()].n == 1
