"""How long the histories ``histories()`` draws are, and that every one of their events shrinks.

Two regressions of the "one more?" draw per event (the count is no longer drawn first, so the
shrinker can delete an event): a history of ``max_events`` events could not lose any of them
while shrinking, and Hypothesis draws 0 (no more) from a wide range far more often than its
share, so histories came shorter than when their count was drawn first (of up to 1,000 events
asked for, none had more than 143; of the default twelve, the median was 3 events, not 5).
The distribution tests draw derandomized and without the constants Hypothesis collects from
the modules loaded so far (which tests ran before in the process decided those, and the shares
with them: a reopen in 11.8 % of one run's sample, 21.7 % of another's), so they are
deterministic.
"""

from __future__ import annotations

import contextlib
import statistics
from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

import pytest
from hypothesis import given, seed, settings

import servicemodel.strategies as sms
from servicemodel.model import (
    Priority,
    PriorityChange,
    Reopen,
    SatisfactionRating,
    Status,
    StatusChange,
    Ticket,
    TicketHistory,
)

_SIMPLEST_TICKET = Ticket(
    "T-0", datetime(2020, 1, 1, tzinfo=UTC), channel="email", priority=Priority.LOW
)


class _Failed(Exception):
    pass


def _rated_high(history: TicketHistory) -> bool:
    return any(isinstance(e, SatisfactionRating) and e.score >= 4 for e in history.events)


@pytest.mark.parametrize("run_seed", [0, 1, 2, 3, 9, 11, 17, 19])
def test_a_history_of_max_events_shrinks_to_the_one_event_it_needs(run_seed: int) -> None:
    # Seeds 9, 11, 17 and 19 of histories(max_events=3) (and 4, 22 and 29 of histories())
    # reported the rating after every customer message drawn before it, up to max_events.
    last: list[TicketHistory] = []

    # 500 examples: the test stops at the first rating of 4 or more, which some seeds' first
    # 200 histories (seed 1, once instants near DST transitions were drawn too) never held.
    @seed(run_seed)
    @settings(database=None, deadline=None, max_examples=500)
    @given(sms.histories(max_events=3))
    def check(history: TicketHistory) -> None:
        if _rated_high(history):
            last[:] = [history]
            raise _Failed

    with pytest.raises(_Failed):
        check()
    (event,) = last[0].events
    assert isinstance(event, SatisfactionRating)
    assert event.score == 4
    assert last[0].ticket == _SIMPLEST_TICKET


@contextlib.contextmanager
def _without_local_constants() -> Iterator[None]:
    # Hypothesis (6.13x+) now and then draws a constant found in the local modules loaded so
    # far; which those are depends on the tests run before in the process (and the worker
    # under xdist). Private API: where it is missing, the draws go on as Hypothesis makes them.
    try:
        from hypothesis.internal.conjecture import providers
    except ImportError:  # pragma: no cover - a Hypothesis without that module
        yield
        return
    get = getattr(providers, "_get_local_constants", None)
    cache = getattr(getattr(providers, "CONSTANTS_CACHE", None), "cache", None)
    empty = getattr(providers, "Constants", None)
    if get is None or cache is None or empty is None:  # pragma: no cover
        yield
        return
    none = empty()
    cache.clear()
    providers._get_local_constants = lambda: none
    try:
        yield
    finally:
        providers._get_local_constants = get
        cache.clear()


def _drawn(strategy: Any, n: int) -> list[TicketHistory]:
    seen: list[TicketHistory] = []

    @settings(max_examples=n, derandomize=True, database=None, deadline=None)
    @given(strategy)
    def draw(history: TicketHistory) -> None:
        seen.append(history)

    with _without_local_constants():
        draw()
    return seen


def _share(histories: list[TicketHistory], has: Any) -> float:
    return sum(any(has(e) for e in h.events) for h in histories) / len(histories)


def test_default_histories_are_as_long_and_as_varied_as_when_the_count_came_first() -> None:
    # 1,000, not 300: since a ticket's instant is drawn with two draws more (to move a fifth
    # of them near a DST transition), the sample of 300 held a reopen in 10 % and a median of
    # 3 events. Of 6,000 random histories, a mean of 4.9 events (5.6 before) and five or more
    # in 44 % (52 %): even mapping the instant (with no draw more) shifted Hypothesis' choices
    # that much.
    drawn = _drawn(sms.histories(), 1000)
    counts = [len(h.events) for h in drawn]
    # Count drawn first: mean 5.7, median 6, a reopen in 17% of histories. Half of twelve as
    # the mean "one more?" answer: mean 3.8, median 2, a reopen in 10%, a priority change in 23%.
    assert statistics.mean(counts) >= 4.5
    # At least 4 events in about half of random histories, so a fixed sample's median may be
    # 3; the regression's was 2.
    assert statistics.median(counts) >= 3
    assert max(counts) == 12
    assert _share(drawn, lambda e: isinstance(e, Reopen)) >= 0.12
    pause = (Status.PENDING, Status.ON_HOLD)
    assert _share(drawn, lambda e: isinstance(e, StatusChange) and e.status in pause) >= 0.1
    # 29.7 % with the desk's own priority names drawn too (34.3 % without): the regression's
    # 23 % stays below.
    assert _share(drawn, lambda e: isinstance(e, PriorityChange)) >= 0.27
    assert _share(drawn, lambda e: isinstance(e, SatisfactionRating)) >= 0.2


def test_a_history_of_up_to_1000_events_can_be_long() -> None:
    counts = sorted(
        len(h.events) for h in _drawn(sms.histories(max_events=1000, labels=False), 100)
    )
    # Was a median of 34 and a longest of 211: a one-in-501 "no more" came about one in 45.
    assert statistics.median(counts) >= 100
    assert counts[-1] >= 400


def test_a_history_of_up_to_1000_events_with_labels_is_still_long() -> None:
    # A status or priority change may draw a label too, one choice more: the longest examples
    # overrun Hypothesis' buffer a little more often and are drawn again (over 300 random
    # histories, a median of 216 events, 266 without labels), still far from the 34 of the
    # regression above.
    counts = sorted(len(h.events) for h in _drawn(sms.histories(max_events=1000), 100))
    assert statistics.median(counts) >= 80
    assert counts[-1] >= 400


@settings(max_examples=50, deadline=None)
@given(sms.histories(min_events=2, max_events=5))
def test_a_history_holds_min_events_to_max_events(history: TicketHistory) -> None:
    assert 2 <= len(history.events) <= 5
