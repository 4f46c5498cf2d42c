"""Boundary rules of self-service: the end of the data, ``as_of``, ignores every later ticket
and session, in the whole result and per period (docs/selfservice.md, "Honest about the data's
end")."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from hypothesis import given
from hypothesis import strategies as st

from servicemodel.kpi import periods
from servicemodel.model import Ticket
from servicemodel.selfservice import SelfService, SelfServiceResult, Session

T0 = datetime(2026, 3, 2, 9, tzinfo=UTC)
CUSTOMERS = ["ann", "bob", "cy"]

hours = st.integers(min_value=0, max_value=24 * 20)
rows = st.lists(st.tuples(st.sampled_from(CUSTOMERS), hours), max_size=10)


def _counts(r: SelfServiceResult) -> tuple[int, ...]:
    return (
        r.sessions,
        r.deflected,
        r.followed,
        r.censored,
        r.help_centre_users,
        r.ticket_creators,
    )


def _data(sessions: list[tuple[str, int]], tickets: list[tuple[str, int]], cut: int | None):
    """Sessions and tickets (hours after T0), those after ``cut`` left out when it is given."""
    items: list[Session | Ticket] = [
        Session(f"s{i}", who, T0 + timedelta(hours=h))
        for i, (who, h) in enumerate(sessions)
        if cut is None or h <= cut
    ]
    items += [
        Ticket(f"T{i}", T0 + timedelta(hours=h), requester=who)
        for i, (who, h) in enumerate(tickets)
        if cut is None or h <= cut
    ]
    return items


@given(sessions=rows, tickets=rows, cut=hours)
def test_data_after_as_of_changes_nothing(
    sessions: list[tuple[str, int]], tickets: list[tuple[str, int]], cut: int
) -> None:
    # "tickets after as_of are ignored", and so are sessions: the result at as_of is the
    # result of the data known at as_of.
    as_of = T0 + timedelta(hours=cut)
    every = SelfService.empty().add_many(_data(sessions, tickets, None))
    known = SelfService.empty().add_many(_data(sessions, tickets, cut))
    assert _counts(every.result(as_of=as_of)) == _counts(known.result(as_of=as_of))
    by_month = periods("month")
    a = every.per_period(by_month, as_of=as_of)
    b = known.per_period(by_month, as_of=as_of)
    for month, result in b.items():
        assert _counts(a[month]) == _counts(result), month


def test_a_ticket_after_as_of_inside_the_window_leaves_the_session_censored() -> None:
    acc = SelfService.empty().add_many(
        [Session("s1", "ann", T0), Ticket("T1", T0 + timedelta(days=3), requester="ann")]
    )
    r = acc.result(as_of=T0 + timedelta(days=2))
    assert (r.followed, r.censored, r.deflected, r.ticket_creators) == (0, 1, 0, 0)
    assert r.deflection.missing == 1


def test_a_ticket_after_as_of_makes_no_ticket_creator_of_its_period() -> None:
    acc = SelfService.empty().add_many(
        [Session("s1", "ann", T0), Ticket("T1", T0 + timedelta(days=3), requester="bob")]
    )
    (march,) = acc.per_period(periods("month"), as_of=T0 + timedelta(days=2)).values()
    assert (march.help_centre_users, march.ticket_creators) == (1, 0)
