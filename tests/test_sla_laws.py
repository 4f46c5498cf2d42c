"""Property tests for the laws of SLA clocks (issue 4)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import attrs
from hypothesis import assume, given
from hypothesis import strategies as st

from servicemodel.model import Status, StatusChange, TicketHistory
from servicemodel.sla import Measurement, MeasurementState, Metric, SLAPolicy, evaluate
from servicemodel.strategies import histories
from servicemodel.strategies._sla import policies

NEVER = {
    Metric.REQUESTER_WAIT: {Status.PENDING},
    Metric.AGENT_WORK: {Status.PENDING, Status.ON_HOLD},
}
RESOLVED = {Status.SOLVED, Status.CLOSED}
ZERO = timedelta(0)


def end_of(m: Measurement) -> datetime:
    return m.stopped_at if m.stopped_at is not None else m.evaluated_at


def offsets(h: TicketHistory) -> st.SearchStrategy[datetime]:
    created = h.created_at.astimezone(UTC)
    span = (h.last_event_at.astimezone(UTC) - created) + timedelta(days=2)
    return st.integers(0, span // timedelta(seconds=1)).map(
        lambda s: created + timedelta(seconds=s)
    )


def unpaused_time(policy: SLAPolicy, h: TicketHistory, m: Measurement) -> timedelta:
    """The calendar's open time over the spans the clock does not pause, from first principles."""
    paused = set(policy.pause) | RESOLVED | NEVER.get(m.metric, set())
    cal = m.target.calendar_in(policy.calendar)
    start, end = m.started_at, end_of(m)
    total = ZERO
    for span in h.status_spans():
        lo = max(span.start.astimezone(UTC), start)
        hi = end if span.end is None else min(span.end.astimezone(UTC), end)
        if lo < hi and span.status not in paused:
            total += cal.elapsed(lo, hi)
    return total


@given(policies(), histories(), st.data())
def test_elapsed_never_exceeds_calendar_time(
    policy: SLAPolicy, h: TicketHistory, data: st.DataObject
) -> None:
    at = data.draw(st.none() | offsets(h))
    for m in evaluate(policy, h, at=at):
        assert ZERO <= m.elapsed <= end_of(m) - m.started_at


@given(policies(), histories(), st.data())
def test_elapsed_is_calendar_time_over_unpaused_spans(
    policy: SLAPolicy, h: TicketHistory, data: st.DataObject
) -> None:
    at = data.draw(st.none() | offsets(h))
    for m in evaluate(policy, h, at=at):
        assert m.elapsed == unpaused_time(policy, h, m)
        assert m.calendar == m.target.calendar_in(policy.calendar)


@given(policies(), histories(), st.data())
def test_state_agrees_with_deadline(
    policy: SLAPolicy, h: TicketHistory, data: st.DataObject
) -> None:
    at = data.draw(st.none() | offsets(h))
    for m in evaluate(policy, h, at=at):
        assert m.remaining == m.target.within - m.elapsed
        if m.state is MeasurementState.BREACHED:
            assert m.elapsed > m.target.within
            assert m.breached_at is not None
            assert m.due_at is not None
            # The deadline, or a later priority change that made the deadline retroactive.
            assert m.due_at <= m.breached_at <= end_of(m)
        else:
            assert m.elapsed <= m.target.within
            assert m.breached_at is None
        if m.state is MeasurementState.ACHIEVED:
            assert m.stopped_at is not None
            assert m.achieved_at == m.stopped_at
            assert m.due_at is not None
            assert m.stopped_at <= m.due_at
        if m.state is MeasurementState.ACTIVE:
            assert m.due_at is not None
            assert m.due_at >= m.evaluated_at
            # From the evaluation instant the clock runs on: what remains is open time.
            assert m.calendar.elapsed(m.evaluated_at, m.due_at) == m.remaining
        if m.state is MeasurementState.PAUSED:
            assert m.due_at is None
        stamps = [w for _, w in m.warnings if w is not None]
        assert stamps == sorted(stamps)
        assert all(m.started_at <= w for w in stamps)


@given(policies(target_calendars=False), histories(), st.data())
def test_successive_instants_monotone_and_final(
    policy: SLAPolicy, h: TicketHistory, data: st.DataObject
) -> None:
    a, b = sorted(data.draw(st.lists(offsets(h), min_size=2, max_size=2)))
    early = {(m.metric, m.cycle): m for m in evaluate(policy, h, at=a)}
    late = {(m.metric, m.cycle): m for m in evaluate(policy, h, at=b)}
    for key, m in early.items():
        if m.state.is_final:
            # Achieved and breached are final: the measurement is still there, unchanged.
            assert key in late
            n = late[key]
            assert n.state is m.state
            assert (n.achieved_at, n.breached_at, n.started_at) == (
                m.achieved_at,
                m.breached_at,
                m.started_at,
            )
        if key in late:
            assert late[key].elapsed >= m.elapsed
            assert late[key].started_at == m.started_at


def _with_pause(h: TicketHistory, data: st.DataObject) -> TicketHistory | None:
    spans = [
        s
        for s in h.status_spans()
        if not s.status.is_resolved
        and (
            s.end is None or s.end.astimezone(UTC) - s.start.astimezone(UTC) > timedelta(seconds=2)
        )
    ]
    if not spans:
        return None
    span = data.draw(st.sampled_from(spans))
    start = span.start.astimezone(UTC)
    end = span.end.astimezone(UTC) if span.end is not None else start + timedelta(days=4)
    width = (end - start) // timedelta(seconds=1)
    i, j = sorted(data.draw(st.lists(st.integers(1, width - 1), min_size=2, max_size=2)))
    assume(i < j)
    t1, t2 = start + timedelta(seconds=i), start + timedelta(seconds=j)
    extra = [
        StatusChange("pause-1", t1, status=Status.PENDING),
        StatusChange("pause-2", t2, status=span.status),
    ]
    return TicketHistory.from_unsorted(h.ticket, [*h.events, *extra])


@given(policies(), histories(), st.data())
def test_adding_a_pause_never_makes_a_breach_earlier(
    policy: SLAPolicy, h: TicketHistory, data: st.DataObject
) -> None:
    policy = attrs.evolve(policy, pause=policy.pause | {Status.PENDING})
    paused = _with_pause(h, data)
    assume(paused is not None)
    assert paused is not None
    # Explicit instants: without one, the horizon would be each history's own last event.
    at = data.draw(offsets(paused))
    before = {(m.metric, m.cycle): m for m in evaluate(policy, h, at=at)}
    after = {(m.metric, m.cycle): m for m in evaluate(policy, paused, at=at)}
    for key, m in after.items():
        if m.breached_at is not None:
            assert key in before
            old = before[key].breached_at
            assert old is not None
            assert old <= m.breached_at
        if key in before and before[key].target == m.target:
            assert m.elapsed <= before[key].elapsed
