"""Second round of the SLA engine's fast paths (issue 13, performance): each equals the plain
definition it replaces, value for value.

``_measurement.built`` is ``Measurement(...)``; ``fold`` equals applying each event in turn
(notes and ratings skipped); the report's time rows give the survival accumulator the same
figures whether it reads a clock's time as a timedelta or as hours.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import attrs
from hypothesis import given
from hypothesis import strategies as st

from servicemodel.calendar import BusinessCalendar
from servicemodel.errors import ServiceModelError
from servicemodel.kpi import SurvivalTimes
from servicemodel.model import Priority, TicketHistory
from servicemodel.report._sla import _HOUR
from servicemodel.sla import Measurement, MeasurementState, Metric, SLAPolicy, Target
from servicemodel.sla._engine import fold, policies_of
from servicemodel.sla._facts import ClockFacts
from servicemodel.sla._measurement import built
from servicemodel.strategies import histories
from servicemodel.strategies._sla import policies

T0 = datetime(2026, 3, 2, 9, tzinfo=UTC)


def test_measurement_checks_nothing_at_construction() -> None:
    # ``built`` skips attrs' __init__: that is only the same object while __init__ has no
    # check to run and stores each field as given.
    for field in attrs.fields(Measurement):
        assert field.validator is None
        assert field.converter is None
    assert Measurement.__setattr__ is not object.__setattr__  # frozen: setters bypass it only


def test_built_is_the_constructor() -> None:
    values = (
        "T",
        "p",
        Metric.FIRST_REPLY,
        Target("first_reply", "1h"),
        Priority.NORMAL,
        MeasurementState.ACTIVE,
        T0,
        T0 + timedelta(hours=1),
        timedelta(minutes=20),
        timedelta(minutes=40),
        T0 + timedelta(minutes=20),
        None,
        None,
        None,
        3,
        (0.5, 0.9),
        BusinessCalendar.always(),
        ((T0, None),),
        T0,
    )
    m, ref = built(*values), Measurement(*values)
    assert type(m) is Measurement
    assert m == ref
    assert repr(m) == repr(ref)
    assert attrs.astuple(m, recurse=False) == attrs.astuple(ref, recurse=False) == values
    assert hash(m) == hash(ref)


def _outcome(f):  # type: ignore[no-untyped-def]
    try:
        return ("ok", f())
    except ServiceModelError as e:
        return (type(e), str(e))


def _one_by_one(policies_, h: TicketHistory, horizon: datetime) -> ClockFacts:
    facts = ClockFacts(h.ticket, policies_)
    for ev in h.events:
        t = ev.at.astimezone(UTC)
        if t > horizon:
            break
        facts.apply(ev, t)
    return facts


def _slots(facts: ClockFacts) -> tuple[object, ...]:
    return tuple(getattr(facts, name) for name in ClockFacts.__slots__)


@given(policies(), histories(), st.data())
def test_fold_is_each_event_applied(
    policy: SLAPolicy, h: TicketHistory, data: st.DataObject
) -> None:
    created = h.created_at.astimezone(UTC)
    last = h.last_event_at.astimezone(UTC)
    horizon = data.draw(
        st.sampled_from([last, created, last + timedelta(hours=5), last - timedelta(seconds=1)])
    )
    p = policies_of(policy)
    plain = _outcome(lambda: _slots(_one_by_one(p, h, horizon)))
    assert _outcome(lambda: _slots(fold(p, h, horizon))) == plain
    assert _outcome(lambda: _slots(fold(p, h, horizon, created))) == plain


@given(
    st.lists(
        st.tuples(st.integers(0, 10**12).map(lambda us: timedelta(microseconds=us)), st.booleans()),
        max_size=30,
    )
)
def test_time_rows_in_hours_are_the_timedelta_rows(clocks: list[tuple[timedelta, bool]]) -> None:
    acc = SurvivalTimes.empty(metric="m", unit="h")
    hours = [(t / _HOUR, done) for t, done in clocks]
    assert acc.add_many(hours).rows == acc.add_many(clocks).rows
