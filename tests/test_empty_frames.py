"""A result without segments gives frames with the columns and types of one that has them.

An analyst's code selects columns (``frame["value"]``) and concatenates frames of several
runs; a filter that leaves no ticket used to give a frame of no columns at all.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from servicemodel.kpi import (
    FirstReplyTime,
    Ratings,
    ReopenRate,
    ResolutionTime,
    by,
    periods,
)
from servicemodel.model import AgentReply, StatusChange, Ticket, TicketHistory
from servicemodel.strategies import histories

pd = pytest.importorskip("pandas")
pl = pytest.importorskip("polars")

ACCUMULATORS = {
    "csat": lambda: Ratings.satisfied_share(),
    "reopen": lambda: ReopenRate.empty(),
    "resolution": lambda: ResolutionTime.empty(),
    "first_reply": lambda: FirstReplyTime.empty(),
}
KEYS = {
    "channel": lambda acc: by("channel", acc),
    "priority": lambda acc: by("priority", acc),
    "week": lambda acc: by(periods("week", tz="Europe/Berlin"), acc),
    "channel x month": lambda acc: by("channel", by(periods("month", tz="America/New_York"), acc)),
    "month x priority": lambda acc: by(periods("month", tz="Asia/Tokyo"), by("priority", acc)),
}


@settings(max_examples=25)
@given(
    st.sampled_from(sorted(ACCUMULATORS)),
    st.sampled_from(sorted(KEYS)),
    st.lists(histories(max_events=6), min_size=1, max_size=4),
)
def test_an_empty_result_has_the_columns_and_types_of_a_full_one(
    acc: str, key: str, hs: list[Any]
) -> None:
    empty = KEYS[key](ACCUMULATORS[acc]()).result()
    full = KEYS[key](ACCUMULATORS[acc]()).add_many(hs).result()
    assert len(empty) == 0
    assert len(full) > 0
    e, f = empty.to_frame(), full.to_frame()
    assert len(e) == 0
    assert list(e.columns) == list(f.columns)
    for name in e.columns:
        assert e[name].dtype == f[name].dtype, name
    ep, fp = empty.to_polars(), full.to_polars()
    assert ep.height == 0
    assert ep.columns == fp.columns
    for name in ep.columns:
        assert ep.schema[name] == fp.schema[name], name


def test_an_empty_result_still_says_it_is_empty() -> None:
    res = by("channel", ReopenRate.empty()).result()
    assert dict(res) == {}
    assert res.to_records() == []
    assert res.to_frame()["value"].tolist() == []


def _ticket_with_every_key() -> TicketHistory:
    """A solved ticket with a value for each named key, so a full frame types every key column."""
    t0 = datetime(2026, 3, 2, 9, tzinfo=UTC)
    ticket = Ticket(
        "T-1",
        t0,
        channel="email",
        priority="high",
        group="tier-1",
        assignee="ada",
        tags=["billing"],
        attributes={"plan": "pro"},
    )
    events = [
        AgentReply("r1", t0 + timedelta(hours=1), agent="ada"),
        StatusChange("s1", t0 + timedelta(hours=2), status="solved"),
    ]
    return TicketHistory(ticket, events)


@pytest.mark.parametrize("key", ["channel", "priority", "group", "agent", "tag", "attr:plan"])
def test_an_empty_result_by_a_named_key_types_its_key_column(key: str) -> None:
    """A priority column stays an ordered categorical (an Enum), a text key a text column."""
    full = by(key, ReopenRate.empty()).add(_ticket_with_every_key()).result()
    empty = by(key, ReopenRate.empty()).result()
    column = key.removeprefix("attr:")
    e, f = empty.to_frame(), full.to_frame()
    assert len(e) == 0
    assert len(f) == 1
    assert e[column].dtype == f[column].dtype
    ep, fp = empty.to_polars(), full.to_polars()
    assert ep.height == 0
    assert fp.height == 1
    assert ep.schema[column] == fp.schema[column]


@settings(max_examples=25)
@given(
    st.lists(histories(max_events=6), min_size=1, max_size=6),
    st.lists(histories(max_events=6), min_size=1, max_size=6),
)
def test_frames_of_survival_curves_concatenate_whatever_their_reasons(a: Any, b: Any) -> None:
    # A curve whose figures all exist had a reason column of polars' Null type, which no
    # frame with a reason (a p90 the curve never reaches) concatenated with: SchemaError.
    from servicemodel.kpi import FirstReplySurvival

    as_of = datetime(2100, 1, 1, tzinfo=UTC)
    frames = [
        by("channel", FirstReplySurvival.empty(as_of=as_of)).add_many(hs).result().to_polars()
        for hs in (a, b)
    ]
    for frame in frames:
        assert frame.schema["reason"] == pl.String
    assert len(pl.concat(frames)) == sum(len(f) for f in frames)


def test_a_survival_frame_whose_figures_all_exist_has_a_text_reason_column() -> None:
    from servicemodel.kpi import SurvivalTimes

    # A median bounded on both sides while S > 0 (where the curve ends at S = 0 the band is
    # undefined, and an upper bound only there is none, with a reason).
    pairs = [(t, True) for t in range(1, 21)] + [(99, False)] * 3
    every = SurvivalTimes.empty(percentiles=(50,)).add_many(pairs).result()
    some = SurvivalTimes.empty().add_many([(1, True), (2, False)]).result()
    assert every.to_polars()["reason"].to_list() == [None]
    joined = pl.concat([every.to_polars(), some.to_polars()])
    assert joined.schema["reason"] == pl.String
    assert joined["reason"].null_count() == 1


@settings(max_examples=25)
@given(
    st.sampled_from(["tag", "attr:plan", "agent", "group"]),
    st.sampled_from(["alone", "inside week"]),
    st.lists(histories(max_events=6), max_size=4),
)
def test_a_text_key_column_is_text_in_polars_whatever_the_tickets_hold(
    key: str, shape: str, hs: list[TicketHistory]
) -> None:
    # Tickets none of which has a tag (an attribute, an agent) were one segment, None, and
    # the key column polars' Null type -- where an empty result's is String.
    acc = ReopenRate.empty()
    keyed = by(key, acc) if shape == "alone" else by(periods("week", tz="UTC"), by(key, acc))
    column = key.removeprefix("attr:")
    frame = keyed.add_many(hs).result().to_polars()
    assert frame.schema[column] == pl.String
    assert frame.schema == keyed.result().to_polars().schema  # the empty result's


def test_tickets_without_tags_give_a_text_tag_column() -> None:
    t0 = datetime(2026, 3, 2, 9, tzinfo=UTC)
    untagged = TicketHistory(Ticket("T1", t0), [])
    result = by("tag", ReopenRate.empty()).add(untagged).result()
    assert result.to_polars().schema["tag"] == pl.String
    assert result.to_polars()["tag"].to_list() == list(result.to_frame()["tag"]) == [None]
