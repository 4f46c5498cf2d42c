"""Third round of the SLA engine's fast paths (issue 13, performance): each equals the plain
definition it replaces, value for value.

``_plain._single_run`` over a ticket's pause stretches (``_plain._pauses``, found once per
ticket) answers what ``_runs.running_intervals`` finds for a clock that ran once up to its
end and runs on past it, and nothing when it did not.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from hypothesis import given
from hypothesis import strategies as st

from servicemodel.model import Status
from servicemodel.sla._plain import _pauses, _single_run
from servicemodel.sla._runs import running_intervals

T0 = datetime(2026, 3, 2, 9, tzinfo=UTC)
_STATUSES = list(Status)


@st.composite
def _timelines(draw: st.DrawFn) -> list[tuple[datetime, Status]]:
    """A status timeline as ``ClockFacts`` keeps it: strictly increasing instants."""
    steps = draw(st.lists(st.integers(1, 5), max_size=8))
    kinds = draw(st.lists(st.sampled_from(_STATUSES), min_size=len(steps), max_size=len(steps)))
    out = [(T0, Status.NEW)]
    t = T0
    for step, status in zip(steps, kinds, strict=True):
        t += timedelta(hours=step)
        out.append((t, status))
    return out


@given(
    _timelines(),
    st.frozensets(st.sampled_from(_STATUSES)),
    st.integers(0, 45),
    st.integers(0, 45),
    st.booleans(),
)
def test_single_run_is_what_the_status_walk_finds(
    timeline: list[tuple[datetime, Status]],
    paused: frozenset[Status],
    a: int,
    b: int,
    stopped: bool,
) -> None:
    start = T0 + timedelta(hours=min(a, b))
    end = T0 + timedelta(hours=max(a, b))
    run = _single_run(_pauses(timeline, paused), start, end, stopped)
    intervals, status_at_end = running_intervals(timeline, paused, start, end)
    one = len(intervals) == 1 and intervals[0][1] == end
    runs_on = stopped or status_at_end not in paused
    if run is None:
        assert not (one and runs_on)
    else:
        assert one
        assert runs_on
        assert intervals[0] == (run, end)
