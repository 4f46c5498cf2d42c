"""compare() refusals say what to compare instead.

An analyst comparing two channels' median first reply (the figure the tutorial puts first)
was told only "compare needs a value and a standard error on both sides". A percentile's
interval comes from order statistics (or, for survival accumulators, from the Kaplan-Meier
curve): it has no standard error, so no z test (docs/intervals.md). The refusal now says so and
names the two ways that exist: the means, or ``logrank`` on survival accumulators
(docs/survival.md). A whole TimeSummary given to compare says to pick one statistic; a backlog
is an exact count with no sampling error; a side without a value has nothing measured.
The error types are unchanged: ConfigError for estimates that cannot be compared,
InputTypeError for a value that is no estimate.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from servicemodel.errors import ConfigError, InputTypeError
from servicemodel.kpi import (
    CSAT,
    Backlog,
    Durations,
    FirstReplySurvival,
    FirstReplyTime,
    compare,
)
from servicemodel.model import AgentReply, Ticket, TicketHistory

T0 = datetime(2026, 3, 2, 9, tzinfo=UTC)

times = st.lists(st.integers(min_value=0, max_value=10_000), min_size=1, max_size=30)


@given(a=times, b=times, statistic=st.sampled_from(["median", "p90"]))
def test_two_percentiles_are_refused_with_the_ways_that_exist(
    a: list[int], b: list[int], statistic: str
) -> None:
    left = FirstReplyTime.empty(unit="min").add_many(a).result()[statistic]
    right = FirstReplyTime.empty(unit="min").add_many(b).result()[statistic]
    with pytest.raises(ConfigError, match="a value and a standard error on both sides") as e:
        compare(left, right)
    assert "order statistics" in str(e.value)
    assert "logrank(a, b)" in str(e.value)


@given(a=times, b=times)
def test_two_means_compare(a: list[int], b: list[int]) -> None:
    left = Durations.empty(unit="min").add_many(a).result()
    right = Durations.empty(unit="min").add_many(b).result()
    if left.se is None or right.se is None:  # one value: no standard error of a mean
        with pytest.raises(ConfigError):
            compare(left, right)
        return
    assert compare(left, right).difference == pytest.approx(right.value - left.value)


def test_a_time_summary_says_to_pick_a_statistic() -> None:
    summary = FirstReplyTime.empty(unit="min").add_many([1, 2, 3]).result()
    with pytest.raises(InputTypeError, match=r"pick one statistic of each \(summary\['mean'\]\)"):
        compare(summary, summary)


def test_survival_percentiles_name_logrank_too() -> None:
    replied = TicketHistory(Ticket("T1", T0), [AgentReply("r", T0 + timedelta(hours=1))])
    curve = FirstReplySurvival.empty(as_of=T0 + timedelta(days=1), unit="h").add(replied)
    median = curve.result()["median"]
    assert median.value == 1.0  # the one ticket replied after an hour
    with pytest.raises(ConfigError, match=r"logrank\(a, b\)"):
        compare(median, median)


def test_a_backlog_is_an_exact_count() -> None:
    open_one = TicketHistory(Ticket("T1", T0), [])
    backlog = Backlog.empty(as_of=T0).add(open_one).result()
    assert (backlog.value, backlog.n) == (1, 1)
    with pytest.raises(ConfigError, match="an exact count has no sampling error to test"):
        compare(backlog, backlog)


def test_a_side_without_a_value_has_nothing_measured() -> None:
    empty = CSAT.empty().result()
    some = CSAT.empty().add_many([5, 4, 2]).result()
    with pytest.raises(ConfigError, match="nothing measured"):
        compare(empty, some)


def test_no_hint_for_a_value_that_is_no_mapping() -> None:
    with pytest.raises(InputTypeError) as e:
        compare(1, 2)
    assert str(e.value) == "compare needs Estimates or accumulators, got int 1"
