"""More fast paths of the KPI section and the selection, held to their plain definitions.

The default selection takes every history as it is (no cut at the latest event), FCR and the
resolution clock take the single pass's UTC read of the last event for a ticket solved by it,
and a percentile finds its step without counting as it walks. Each law compares with the plain
computation over histories in zones with daylight saving time; equality is exact.
"""

from __future__ import annotations

import itertools
import math
from datetime import UTC, datetime, timedelta
from typing import Any

import attrs
from hypothesis import given, settings
from hypothesis import strategies as st

from servicemodel.kpi import FirstContactResolution, ResolutionSurvival
from servicemodel.kpi._survival_curve import _first_at_or_below
from servicemodel.model import TicketHistory
from servicemodel.report._passes import _read
from servicemodel.report._select import select
from test_perf_kpi import BUSY, SOME  # the same generated histories as the first file


def _latest(hs: list[TicketHistory]) -> datetime:
    return max(h.last_event_at.astimezone(UTC) for h in hs)


@given(st.one_of(SOME, BUSY))
@settings(max_examples=60)
def test_the_default_selection_equals_the_snapshot_at_the_latest_event(
    hs: list[TicketHistory],
) -> None:
    chosen, scope = select(hs)
    if not hs:
        assert (chosen, scope.as_of) == ([], None)
        return
    general, general_scope = select(hs, at=_latest(hs))  # the loop that cuts each history
    # The same scope, but for where its snapshot came from (the last event; the given at).
    assert (scope.basis, general_scope.basis) == ("last_event", "at")
    assert attrs.evolve(scope, basis="at", last_event=None) == general_scope
    assert [id(h) for h in chosen] == [id(h) for h in general] == [id(h) for h in hs]


@given(st.one_of(SOME, BUSY), st.data())
@settings(max_examples=100)
def test_fcr_and_resolution_given_the_reads_equal_reading_again(
    hs: list[TicketHistory], data: st.DataObject
) -> None:
    reads = [_read(h) for h in hs]
    as_of = _latest(hs) if hs else datetime(2026, 3, 2, tzinfo=UTC)
    cut = data.draw(st.sampled_from([None, as_of, as_of - timedelta(hours=20)]))
    for window in (timedelta(0), timedelta(hours=5), timedelta(days=3)):
        fcr = FirstContactResolution.empty(window=window, as_of=cut)
        assert fcr._add_read(hs, reads) == fcr.add_many(hs)
        assert fcr._add_read(hs, reads) == fcr.add_many(hs[:1]).add_many(hs[1:])
    for which in ("full", "first"):
        clock = ResolutionSurvival.empty(as_of=as_of, which=which)  # type: ignore[arg-type]
        assert clock._add_read(hs, reads) == clock.add_many(hs)


def _plain_first(values: list[float], limit: float, start: int) -> int | None:
    for i, v in enumerate(itertools.islice(values, start, None), start):
        if v <= limit:
            return i
    return None


FLOATS = st.floats(allow_nan=True, allow_infinity=True)


@given(
    st.lists(st.one_of(FLOATS, st.sampled_from([0.0, -0.0, 0.5, 1.0])), max_size=30),
    st.one_of(FLOATS, st.sampled_from([0.0, -0.0, 0.5])),
    st.integers(0, 35),
)
def test_first_at_or_below_equals_the_counting_walk(
    values: list[float], limit: float, start: int
) -> None:
    for column in (values, tuple(values), tuple(sorted(v for v in values if not math.isnan(v)))):
        seq: Any = column
        assert _first_at_or_below(seq, limit, start) == _plain_first(list(seq), limit, start)
