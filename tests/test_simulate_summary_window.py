"""A simulation summary's window must lie within the run: outside it nothing was simulated.

A window reaching past the run counted the agents' time there as idle capacity, so the
occupancy was diluted (a window twice the run's length halved it) without a word.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from servicemodel.errors import ConfigError
from servicemodel.simulate import SupportDesk, simulate

T0 = datetime(2026, 3, 2, 8, tzinfo=UTC)
HOURS = 4
RUN = simulate(
    SupportDesk(agents=3, arrivals=30, handle_time=240), T0, T0 + timedelta(hours=HOURS), seed=4
)


def test_a_window_twice_the_run_is_refused_not_half_the_occupancy() -> None:
    inside = RUN.summary(start=T0, end=T0 + timedelta(hours=HOURS))
    assert inside.occupancy is not None
    assert inside.occupancy > 0
    with pytest.raises(ConfigError, match="after the run's end") as err:
        RUN.summary(start=T0, end=T0 + timedelta(hours=2 * HOURS))
    assert err.value.path == "end"
    with pytest.raises(ConfigError, match="before the run's start") as err:
        RUN.summary(start=T0 - timedelta(hours=HOURS), end=T0 + timedelta(hours=HOURS))
    assert err.value.path == "start"


def test_the_run_s_own_ends_in_another_zone_are_inside() -> None:
    berlin = ZoneInfo("Europe/Berlin")
    s = RUN.summary(
        start=T0.astimezone(berlin), end=(T0 + timedelta(hours=HOURS)).astimezone(berlin)
    )
    assert s == RUN.summary(start=T0, end=T0 + timedelta(hours=HOURS))


@given(
    lo=st.integers(min_value=-3 * 3600, max_value=HOURS * 3600 + 3 * 3600),
    length=st.integers(min_value=0, max_value=3 * HOURS * 3600),
)
def test_a_window_is_summarised_exactly_when_it_lies_within_the_run(lo: int, length: int) -> None:
    """Law: inside ``[start, end]`` a window gives a summary with an occupancy in [0, 1] (or
    none, for an empty window); reaching outside it, a ConfigError naming the end it passes."""
    start = T0 + timedelta(seconds=lo)
    end = start + timedelta(seconds=length)
    if lo >= 0 and lo + length <= HOURS * 3600:
        s = RUN.summary(start=start, end=end)
        assert s.occupancy is None or 0 <= s.occupancy <= 1
        assert s.start == start
        assert s.end == end
    else:
        with pytest.raises(ConfigError, match=r"before the run's start|after the run's end"):
            RUN.summary(start=start, end=end)
