"""``standards.measure`` chooses and checks its snapshot as ``assess`` and the report do.

``measure(observed_until=...)`` took the later of the last event and ``observed_until``
without asking the clock: an update after the time the view is made (a skewed helpdesk clock,
year 2099) became the snapshot and aged every open ticket to it, and ``measure`` had no
``now``. The rule now lives in one place (``choose_snapshot``) for the report's scope,
``assess`` and ``measure``: every instant given is checked, ``at`` or not, an update after
``now`` is refused, and so are events after it; ``Compliance`` says which.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from servicemodel.blueprint import Blueprint, assess
from servicemodel.errors import (
    ConfigError,
    InputTypeError,
    NaiveDatetimeError,
    OutOfRangeError,
)
from servicemodel.model import AgentReply, Ticket, TicketHistory
from servicemodel.standards import ResponseStandard, ServiceStandards, measure

T0 = datetime(2026, 3, 2, 9, tzinfo=UTC)
STANDARDS = ServiceStandards(
    "desk", [ResponseStandard("email", "first_reply", "1h", business=False)]
)


def _desk(offsets: list[tuple[int, int | None]]) -> list[TicketHistory]:
    """Tickets created ``c`` hours after T0, answered ``r`` hours after that (or never)."""
    out = []
    for i, (c, r) in enumerate(offsets):
        created = T0 + timedelta(hours=c)
        events = [] if r is None else [AgentReply(f"r{i}", created + timedelta(hours=r))]
        out.append(TicketHistory(Ticket(f"T{i}", created, channel="email"), events))
    return out


hours = st.integers(min_value=0, max_value=96)
desks = st.lists(st.tuples(hours, st.none() | hours), min_size=1, max_size=6)
instants = st.none() | hours.map(lambda h: T0 + timedelta(hours=h, minutes=30))


@settings(max_examples=60, deadline=None)
@given(offsets=desks, at=instants, observed=instants, now=instants)
def test_measure_and_assess_choose_the_same_snapshot(
    offsets: list[tuple[int, int | None]],
    at: datetime | None,
    observed: datetime | None,
    now: datetime | None,
) -> None:
    """One rule: the snapshot, its basis and what was refused agree, for any clock."""
    hs = _desk(offsets)
    if observed is not None and now is None:
        now = T0 + timedelta(days=30)  # deterministic: never the wall clock
    c = measure(STANDARDS, hs, at=at, observed_until=observed, now=now)
    a = assess(Blueprint("b", standards=STANDARDS), hs, at=at, observed_until=observed, now=now)
    assert (c.at, c.basis, c.last_event) == (a.at, a.basis, a.last_event)
    assert (c.refused_update, c.refused_event, c.future_events, c.future_tickets) == (
        a.refused_update,
        a.refused_event,
        a.future_events,
        a.future_tickets,
    )
    assert a.compliance == c  # the assessment's compliance view is measure's
    assert c.tickets == a.tickets
    # Never after the time made, when a time made is given (the point of refusing).
    if now is not None and at is None:
        assert c.at <= now


def test_an_update_after_now_is_refused_and_said() -> None:
    hs = _desk([(0, None), (1, 2)])
    now = T0 + timedelta(days=1)
    four = ServiceStandards(
        "desk", [ResponseStandard("email", "first_reply", "4h", business=False)]
    )
    c = measure(four, hs, observed_until=datetime(2099, 1, 1, tzinfo=UTC), now=now)
    assert (c.at, c.basis, c.refused_update, c.made_at) == (
        T0 + timedelta(hours=3),
        "last_event",
        datetime(2099, 1, 1, tzinfo=UTC),
        now,
    )
    assert c.to_dict()["refused_update"] == "2099-01-01T00:00:00+00:00"
    # The unanswered ticket is not aged to 2099 (breached): its clock still runs at 3 h.
    (check,) = c.checks
    assert check.estimate.n == 1
    assert check.estimate.missing == 1


def test_events_after_now_are_refused_and_counted() -> None:
    hs = _desk([(0, 1), (2, 24 * 365 * 36)])  # a reply stamped 36 years ahead
    now = T0 + timedelta(days=2)
    c = measure(STANDARDS, hs, now=now)
    assert (c.at, c.basis, c.future_events, c.future_tickets) == (
        T0 + timedelta(hours=2),
        "last_event",
        1,
        1,
    )
    assert c.refused_event is not None
    assert c.refused_event > now


@pytest.mark.parametrize("name", ["observed_until", "now"])
def test_a_naive_instant_is_refused_even_beside_at(name: str) -> None:
    """``at`` made ``observed_until`` moot, so ``assess`` kept a naive one unchecked."""
    kw = {name: datetime(2026, 3, 3)}
    with pytest.raises(NaiveDatetimeError, match=name):
        measure(STANDARDS, _desk([(0, 1)]), at=T0, **kw)  # type: ignore[arg-type]
    with pytest.raises(NaiveDatetimeError, match=name):
        assess(Blueprint("b"), _desk([(0, 1)]), at=T0, **kw)  # type: ignore[arg-type]


def test_a_wrong_or_far_instant_is_named() -> None:
    with pytest.raises(InputTypeError, match="now: expected an aware datetime, got str"):
        measure(STANDARDS, _desk([(0, 1)]), now="2026-03-03")  # type: ignore[arg-type]
    far = datetime(1, 1, 1, tzinfo=timezone(timedelta(hours=5)))
    with pytest.raises(OutOfRangeError, match="observed_until"):
        measure(STANDARDS, _desk([(0, 1)]), observed_until=far)


def test_a_time_made_before_the_export_is_the_snapshot_itself() -> None:
    """No instant of the export up to ``now``: the snapshot is ``now``, on no basis, and no
    ticket is created by then (as ``assess``)."""
    hs = _desk([(0, 1), (3, None)])
    now = T0 - timedelta(days=1)
    c = measure(STANDARDS, hs, now=now)
    assert (c.at, c.basis, c.tickets, c.refused_event) == (now, None, 0, T0 + timedelta(hours=3))
    assert c.to_dict()["made_at"] == now.isoformat()


def test_a_compliance_refuses_a_naive_snapshot_field() -> None:
    import attrs

    c = measure(STANDARDS, _desk([(0, 1)]))
    with pytest.raises(NaiveDatetimeError, match=r"Compliance\.refused_update"):
        attrs.evolve(c, refused_update=datetime(2026, 3, 3))
    with pytest.raises(ValueError, match="basis"):
        attrs.evolve(c, basis="now")


def test_a_compliance_refuses_what_an_assessment_refuses() -> None:
    # Compliance took any int or float level (NaN, 1.5), a negative ticket count and a naive
    # at, which to_dict then wrote, while an Assessment refuses all three; and counts of
    # events after a refused event that is None, which to_dict silently dropped.
    import attrs

    c = measure(STANDARDS, _desk([(0, 1)]), at=T0 + timedelta(hours=2))
    for level in (float("nan"), 1.5, 0):
        with pytest.raises(ConfigError, match="level must be a number strictly between"):
            attrs.evolve(c, level=level)
    with pytest.raises(InputTypeError, match="level must be a number strictly between"):
        attrs.evolve(c, level=True)
    with pytest.raises(ConfigError, match="tickets"):
        attrs.evolve(c, tickets=-1)
    with pytest.raises(NaiveDatetimeError, match=r"Compliance\.at"):
        attrs.evolve(c, at=datetime(2026, 3, 3))
    with pytest.raises(InputTypeError, match="refused_event, which is None"):
        attrs.evolve(c, future_events=3)
    with pytest.raises(InputTypeError, match="more than future_events"):
        attrs.evolve(c, refused_event=T0, future_events=1, future_tickets=2)
    assert (
        attrs.evolve(c, refused_event=T0, future_events=2, future_tickets=1).to_dict()[
            "future_events"
        ]
        == 2
    )
