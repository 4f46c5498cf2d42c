"""A history keeps its instants in UTC as its order check converted them, once.

``model._history.utc_instants`` is the creation instant and then each event's, in UTC; the
SLA engine and the report's single KPI pass read them instead of converting every instant
again. Where they are not kept (a history of event types of the user's) the readers convert
as before: every measurement is the same either way.
"""

from __future__ import annotations

import pickle
from datetime import UTC, datetime, timedelta, timezone

import attrs
from hypothesis import given, settings

from servicemodel.io import history_from_dict, history_to_dict
from servicemodel.kpi import periods
from servicemodel.model import AgentReply, StatusChange, Ticket, TicketHistory
from servicemodel.model._history import utc_instants
from servicemodel.report._passes import _groups
from servicemodel.sla import PolicySet, SLAPolicy, evaluate
from servicemodel.strategies import histories, policy_sets

_BERLIN = timezone(timedelta(hours=2))


def _expected(h: TicketHistory) -> tuple[datetime, ...]:
    return (h.ticket.created_at.astimezone(UTC), *(ev.at.astimezone(UTC) for ev in h.events))


def _forgotten(h: TicketHistory) -> TicketHistory:
    """``h`` as a history that kept no UTC instants (one of the user's event types)."""
    copy = attrs.evolve(h)
    object.__setattr__(copy, "_utc_ats", None)
    assert utc_instants(copy) is None
    return copy


def test_the_instants_are_the_creation_then_each_event_in_utc() -> None:
    t0 = datetime(2026, 3, 2, 9, tzinfo=_BERLIN)
    h = TicketHistory(
        Ticket("T", t0),
        [
            AgentReply("r", t0 + timedelta(hours=1)),
            StatusChange("s", t0 + timedelta(hours=2), status="solved"),
        ],
    )
    found = utc_instants(h)
    assert found == _expected(h)
    assert found is not None
    assert all(t.tzinfo is UTC for t in found)
    assert found[-1] == h.last_event_at
    empty = TicketHistory(Ticket("E", t0), [])
    assert utc_instants(empty) == (t0.astimezone(UTC),)


@given(histories())
def test_every_way_of_building_a_history_keeps_them(h: TicketHistory) -> None:
    expected = _expected(h)
    assert utc_instants(h) == expected
    assert utc_instants(TicketHistory._of_loaded(h.ticket, list(h.events))) == expected
    assert utc_instants(history_from_dict(history_to_dict(h))) == expected
    assert utc_instants(pickle.loads(pickle.dumps(h))) == expected
    assert utc_instants(attrs.evolve(h)) == expected


@settings(max_examples=60)
@given(histories(), policy_sets())
def test_the_sla_measurements_are_those_of_instants_converted_as_read(
    h: TicketHistory, policies: PolicySet | SLAPolicy
) -> None:
    kept = evaluate(policies, h)
    assert kept == evaluate(policies, _forgotten(h))
    if h.events:
        at = h.events[len(h.events) // 2].at
        assert evaluate(policies, h, at=at) == evaluate(policies, _forgotten(h), at=at)


@given(histories())
def test_the_kpi_pass_reads_the_same_instants(h: TicketHistory) -> None:
    week = periods("week", tz="UTC")
    kept = _groups([h], week, None)
    converted = _groups([_forgotten(h)], week, None)
    assert [reads for _, reads in kept[0].values()] == [reads for _, reads in converted[0].values()]
    assert kept[1:] == converted[1:]
