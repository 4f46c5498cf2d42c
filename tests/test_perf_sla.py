"""The SLA engine's fast paths give exactly what its general path gives (issue 13, performance).

A one-off measurement of a ticket whose priority never changed is measured by a fused path
(``_plain.measure_plain``, ``_clock.elapsed_and_due``, the year table's ``elapsed_add``);
these tests hold it to the general path, value for value and error for error.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from servicemodel.calendar import BusinessCalendar
from servicemodel.calendar._table import EPOCH, ONE_US
from servicemodel.errors import ServiceModelError
from servicemodel.model import AgentReply, CustomerMessage, StatusChange, Ticket, TicketHistory
from servicemodel.sla import (
    AnyOf,
    AttributeIn,
    HasTags,
    PolicySet,
    SLAPolicy,
    Target,
    evaluate,
    evaluate_many,
)
from servicemodel.sla._clock import _general, elapsed_and_due
from servicemodel.sla._engine import (
    clocks,
    evaluations,
    fold,
    measure,
    measure_clock,
    policies_of,
)
from servicemodel.strategies import calendars, histories
from servicemodel.strategies._sla import policies

T0 = datetime(2026, 3, 2, 9, tzinfo=UTC)
OFFICE = BusinessCalendar.weekly(
    "Europe/Berlin", {"mon-fri": ["08:00-12:00", "13:00-18:00"]}, holidays=["2026-04-03"]
)


def _general_measure(facts, horizon, ended):  # type: ignore[no-untyped-def]
    out = []
    for clock in clocks(facts, ended):
        m = measure_clock(facts, clock, horizon)
        if m is not None:
            out.append(m)
    return tuple(out)


def _outcome(f, *args):  # type: ignore[no-untyped-def]
    try:
        return ("ok", f(*args))
    except ServiceModelError as e:
        return (type(e), str(e))


@given(policies(), histories(), st.data())
def test_plain_measure_is_the_general_measure(
    policy: SLAPolicy, h: TicketHistory, data: st.DataObject
) -> None:
    created = h.created_at.astimezone(UTC)
    last = h.last_event_at.astimezone(UTC)
    horizon = data.draw(st.sampled_from([last, created, last + timedelta(hours=5)]))
    policies_ = policies_of(policy)
    fast = _outcome(lambda: measure(fold(policies_, h, horizon), horizon, horizon >= last))
    slow = _outcome(lambda: _general_measure(fold(policies_, h, horizon), horizon, horizon >= last))
    assert fast == slow
    if fast[0] == "ok":
        for a, b in zip(fast[1], slow[1], strict=True):
            assert (a.spans, a.calendar, a.warnings) == (b.spans, b.calendar, b.warnings)


_INSTANTS = st.integers(0, 400 * 24 * 60).map(lambda m: T0 + timedelta(minutes=m))


@given(
    calendars(zones=["Europe/Berlin", "America/New_York", "UTC"]) | st.just(OFFICE),
    st.lists(_INSTANTS, max_size=7, unique=True),
    st.integers(1, 200 * 60).map(lambda m: timedelta(minutes=m)),
    st.booleans(),
    st.booleans(),
)
def test_elapsed_and_due_is_the_general_clock(
    cal: BusinessCalendar, points: list[datetime], within: timedelta, project: bool, upto: bool
) -> None:
    points.sort()
    if len(points) % 2:
        points.append(points[-1] + timedelta(hours=3))
    counted = list(zip(points[::2], points[1::2], strict=True))
    end = counted[-1][1] + (timedelta(0) if upto else timedelta(hours=7)) if counted else T0
    for c in (cal, BusinessCalendar.always()):
        assert _outcome(elapsed_and_due, c, counted, end, within, project) == _outcome(
            _general, c, counted, end, within, project
        )


def test_elapsed_and_due_near_the_end_of_the_range_raises_as_before() -> None:
    far = datetime(9998, 12, 30, 12, tzinfo=UTC)
    counted = [(far, far + timedelta(hours=2))]
    for cal in (OFFICE, BusinessCalendar.always()):
        fast = _outcome(elapsed_and_due, cal, counted, counted[0][1], timedelta(days=400), True)
        slow = _outcome(_general, cal, counted, counted[0][1], timedelta(days=400), True)
        assert fast == slow
        assert fast[0] != "ok"


@given(st.lists(_INSTANTS, min_size=2, max_size=2), st.integers(0, 10**11))
def test_year_table_fast_paths_agree_with_position(points: list[datetime], d: int) -> None:
    table = OFFICE._column_timeline()
    assert table is not None
    a, b = sorted((p - EPOCH) // ONE_US for p in points)
    table.chunk_at(a)  # the chunk used last: the fast paths apply when both ends lie in it
    ya, fa = table.position(a)
    yb, fb = table.position(b)
    slow = fb - fa if ya == yb else None
    if slow is not None:
        assert table.elapsed(a, b) == slow
    assert table.elapsed_add(a, b, d) == (table.elapsed(a, b), table.add(a, d))


def _history(i: int, hours: int) -> TicketHistory:
    t = T0 + timedelta(hours=i)
    return TicketHistory(
        Ticket(f"T{i}", t, tags=("vip",) if i % 3 == 0 else ()),
        [
            AgentReply("r1", t + timedelta(hours=hours)),
            StatusChange("p", t + timedelta(hours=hours), status="pending"),
            CustomerMessage("c", t + timedelta(hours=hours + 30)),
            AgentReply("r2", t + timedelta(hours=hours + 32)),
            StatusChange("s", t + timedelta(hours=hours + 33), status="solved"),
        ],
    )


POLICIES = PolicySet(
    [
        SLAPolicy(
            "vip",
            {"normal": [Target("first_reply", "1h"), Target("resolution", "8h")]},
            condition=AnyOf([HasTags(["vip"]), AttributeIn("plan", ["enterprise"])]),
            calendar=OFFICE,
        ),
        SLAPolicy(
            "rest",
            {"normal": [Target("first_reply", "4h"), Target("next_reply", "2h")]},
            calendar=OFFICE,
        ),
    ]
)


@pytest.mark.parametrize("at", [None, T0 + timedelta(hours=20)])
def test_evaluations_are_evaluate_of_each(at: datetime | None) -> None:
    hs = [_history(i, i % 7) for i in range(12)]
    assert list(evaluations(POLICIES, hs, at)) == [evaluate(POLICIES, h, at) for h in hs]
    assert list(evaluate_many(POLICIES, hs, at)) == [
        m for h in hs for m in evaluate(POLICIES, h, at)
    ]


def test_evaluations_raise_as_evaluate_does() -> None:
    hs = [_history(0, 1), _history(1, 2)]
    with pytest.raises(ServiceModelError) as fast:
        list(evaluations(POLICIES, hs, datetime(2026, 1, 1)))
    with pytest.raises(ServiceModelError) as slow:
        evaluate(POLICIES, hs[0], datetime(2026, 1, 1))
    assert (type(fast.value), str(fast.value)) == (type(slow.value), str(slow.value))
    out = evaluations(POLICIES, [hs[0], "not a history"])  # type: ignore[list-item]
    assert next(out) == evaluate(POLICIES, hs[0])
    with pytest.raises(ServiceModelError, match="expected a TicketHistory, got str"):
        next(out)
    with pytest.raises(ServiceModelError, match="expected an SLAPolicy or PolicySet"):
        list(evaluations("nope", hs))  # type: ignore[arg-type]
