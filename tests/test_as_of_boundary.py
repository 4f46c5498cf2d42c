"""The snapshot boundary: every ``as_of`` computation reads events at exactly ``as_of`` as
having happened (a ticket is open on ``[created, solved)``), compared in UTC.

A ticket created at ``as_of`` exists then: it is in the backlog (unless also solved at
``as_of``), in the resolution rate's denominator, and in the survival curves' risk set. The
properties draw ``as_of`` from the histories' own instants, so ties are the common case, and
show it in a zone of its own (the same instant), so only a comparison in UTC passes.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from servicemodel.goals import SmartGoal
from servicemodel.kpi import (
    Backlog,
    FirstContactResolution,
    FirstReplySurvival,
    OneTouchRate,
    ReopenRate,
    ResolutionRate,
    ResolutionSurvival,
    periods,
)
from servicemodel.model import (
    AgentReply,
    Reopen,
    Status,
    StatusChange,
    Ticket,
    TicketHistory,
)
from servicemodel.report._goals import build_goals
from servicemodel.report._passes import one_pass
from servicemodel.report._select import select
from servicemodel.strategies import aware_datetimes, histories, tickets

T0 = datetime(2026, 3, 2, 9, tzinfo=UTC)
H = timedelta(hours=1)
ZONES = ("UTC", "Europe/Berlin", "America/New_York", "Australia/Lord_Howe", "Asia/Kolkata")


# --- strategies ------------------------------------------------------------------------------


@st.composite
def snapshot_cases(draw: st.DrawFn) -> tuple[list[TicketHistory], datetime]:
    """Histories created at a few shared instants, and an ``as_of`` among their own instants.

    The instant is shown in a zone drawn apart from the tickets' (the same instant), so a
    comparison by wall clock instead of in UTC is caught.
    """
    created = draw(st.lists(aware_datetimes(timezones=ZONES), min_size=1, max_size=3))
    tickets_at = tickets(created_at=st.sampled_from(created))
    items = draw(st.lists(histories(tickets=tickets_at, max_events=6), min_size=1, max_size=6))
    instants = [h.ticket.created_at for h in items] + [e.at for h in items for e in h.events]
    at = draw(st.sampled_from(instants))
    return items, at.astimezone(ZoneInfo(draw(st.sampled_from(ZONES))))


# --- independent reference -------------------------------------------------------------------
# Walks the raw events in UTC, without the model's derived helpers (status_at, solve_times).


def exists(h: TicketHistory, as_of: datetime) -> bool:
    return h.ticket.created_at.astimezone(UTC) <= as_of.astimezone(UTC)


def resolved_at(h: TicketHistory, as_of: datetime) -> bool:
    status = Status.NEW
    for ev in h.events:
        if ev.at.astimezone(UTC) > as_of.astimezone(UTC):
            break
        if isinstance(ev, StatusChange):
            status = ev.status
        elif isinstance(ev, Reopen):
            status = Status.OPEN
    return status in (Status.SOLVED, Status.CLOSED)


# --- properties ------------------------------------------------------------------------------


@given(snapshot_cases())
def test_every_as_of_accumulator_counts_a_ticket_created_at_or_before_as_of(
    case: tuple[list[TicketHistory], datetime],
) -> None:
    items, as_of = case
    existing = [h for h in items if exists(h, as_of)]
    still_open = sum(not resolved_at(h, as_of) for h in existing)
    solved = len(existing) - still_open

    backlog = Backlog.empty(as_of=as_of).add_many(items)
    assert (backlog.existing, backlog.open) == (len(existing), still_open)
    rate = ResolutionRate.empty(as_of=as_of).add_many(items)
    assert (rate.created, rate.resolved) == (len(existing), solved)
    # The two denominators agree, and so do their views of who is resolved.
    assert backlog.existing == rate.created
    assert backlog.existing - backlog.open == rate.resolved
    assert OneTouchRate.empty(as_of=as_of).add_many(items).resolved == solved

    for clock in (
        FirstReplySurvival.empty(as_of=as_of),
        ResolutionSurvival.empty(as_of=as_of),
        ResolutionSurvival.empty(as_of=as_of, which="first"),
    ):
        acc = clock.add_many(items)
        assert (acc.n, acc.not_created) == (len(existing), len(items) - len(existing))
    full = ResolutionSurvival.empty(as_of=as_of).add_many(items).times
    assert (full.events, full.censored) == (solved, still_open)

    # FCR counts the tickets first solved by as_of: judged, or pending while their window runs.
    fcr = FirstContactResolution.empty(as_of=as_of, use_source_flag=False).add_many(items)
    firsts = [h.first_solved_at() for h in items]
    by_then = [t for t in firsts if t is not None and t.astimezone(UTC) <= as_of.astimezone(UTC)]
    assert fcr.solved + fcr.pending == len(by_then)


@given(snapshot_cases())
def test_the_report_selects_and_counts_open_the_tickets_the_backlog_does(
    case: tuple[list[TicketHistory], datetime],
) -> None:
    items, as_of = case
    chosen, scope = select(items, at=as_of)
    backlog = Backlog.empty(as_of=as_of).add_many(items)
    assert scope.after_snapshot == len(items) - backlog.existing
    done = one_pass(chosen, ReopenRate.empty(), periods("week", tz="UTC"), as_of)
    assert done.tickets.total() == backlog.existing
    assert done.still_open.total() == backlog.open
    # The snapshot of each history (events up to as_of) gives the same figures.
    assert Backlog.empty(as_of=as_of).add_many(chosen) == backlog
    assert ResolutionRate.empty(as_of=as_of).add_many(chosen).created == backlog.existing


# --- regressions at the exact instant -------------------------------------------------------


def _history(events: list[Any], **ticket: Any) -> TicketHistory:
    return TicketHistory(Ticket("T", T0, **ticket), events)


def test_a_ticket_created_at_as_of_is_in_the_backlog() -> None:
    h = _history([])
    backlog = Backlog.empty(as_of=T0).add(h)
    assert (backlog.existing, backlog.open) == (1, 1)
    assert backlog.result().value == 1
    rate = ResolutionRate.empty(as_of=T0).add(h)
    assert (rate.created, rate.resolved) == (1, 0)
    assert Backlog.empty(as_of=T0 - timedelta(microseconds=1)).add(h).existing == 0
    # The same instant written in another zone.
    berlin = T0.astimezone(ZoneInfo("Europe/Berlin"))
    assert Backlog.empty(as_of=berlin).add(h) == Backlog(berlin, existing=1, open=1)


def test_as_of_read_from_a_dataframe_column_counts_a_ticket_created_then() -> None:
    # An analyst's snapshot often comes from a frame: a pandas Timestamp (nanoseconds, the
    # column's zone). A ticket created at that instant is in the backlog, in any zone.
    pd = pytest.importorskip("pandas")
    h = _history([])
    frame = pd.DataFrame({"snapshot": pd.to_datetime([T0.isoformat()])})
    for column in (frame["snapshot"], frame["snapshot"].dt.tz_convert("Europe/Berlin")):
        as_of = column.iloc[0]
        assert isinstance(as_of, pd.Timestamp)
        backlog = Backlog.empty(as_of=as_of).add(h)
        assert (backlog.existing, backlog.open) == (1, 1)
        assert repr(backlog.result()) == "backlog 1 ticket (n=1)"  # one ticket: singular
        assert backlog + Backlog.empty(as_of=T0) == backlog  # the same snapshot as T0
    # A nanosecond before the ticket was created, it does not exist yet.
    before = pd.Timestamp(T0) - pd.Timedelta(1, "ns")
    assert Backlog.empty(as_of=before).add(h).existing == 0


def test_a_ticket_created_and_solved_at_as_of_exists_and_is_resolved() -> None:
    h = _history([StatusChange("s", T0, status="solved")])
    assert Backlog.empty(as_of=T0).add(h) == Backlog(T0, existing=1, open=0)
    rate = ResolutionRate.empty(as_of=T0).add(h)
    assert (rate.created, rate.resolved) == (1, 1)
    assert OneTouchRate.empty(as_of=T0).add(h).resolved == 1
    pair = ResolutionSurvival.empty(as_of=T0).pair(h)
    assert pair == (timedelta(0), True)


def test_solved_at_as_of_leaves_the_backlog_and_reopened_at_as_of_joins_it() -> None:
    solved = _history([StatusChange("s", T0 + H, status="solved")])
    assert Backlog.empty(as_of=T0 + H).add(solved).open == 0
    assert Backlog.empty(as_of=T0 + H - timedelta(microseconds=1)).add(solved).open == 1
    reopened = _history([StatusChange("s", T0 + H, status="solved"), Reopen("o", T0 + 2 * H)])
    assert Backlog.empty(as_of=T0 + 2 * H).add(reopened).open == 1
    assert ResolutionRate.empty(as_of=T0 + 2 * H).add(reopened).resolved == 0
    assert ResolutionSurvival.empty(as_of=T0 + 2 * H).pair(reopened) == (2 * H, False)


def test_a_reply_at_as_of_has_happened() -> None:
    h = _history(
        [
            AgentReply("r1", T0 + H),
            AgentReply("r2", T0 + 2 * H),
            StatusChange("s", T0 + 2 * H, status="solved"),
        ]
    )
    assert FirstReplySurvival.empty(as_of=T0 + H).pair(h) == (H, True)
    one_touch = OneTouchRate.empty(as_of=T0 + 2 * H).add(h)
    assert (one_touch.resolved, one_touch.one_touch) == (1, 0)  # the reply at as_of counts


def test_a_goal_period_beginning_at_the_cutoff_is_partial_not_the_latest() -> None:
    # A ticket created at the cutoff is in the snapshot, and so in the week beginning then;
    # that week has begun, so its one-ticket figure is partial, not the goal's latest value.
    start = datetime(2026, 8, 3, tzinfo=UTC)
    at = start + timedelta(weeks=1)
    goal = SmartGoal(
        name="resolved",
        kpi="resolution_rate",
        comparator=">=",
        target=0.5,
        baseline=0.2,
        objective="tickets get solved",
        start=start,
        deadline=start + timedelta(weeks=4),
    )
    solved = [
        TicketHistory(
            Ticket(f"A{i}", start + timedelta(days=1)),
            [StatusChange("s", start + timedelta(days=2), status="solved")],
        )
        for i in range(3)
    ]
    report = build_goals([*solved, TicketHistory(Ticket("N", at), [])], [goal], at=at).goals[0]
    partial = {p.period: p.partial for p in report.series}
    assert partial["2026-W32"] is None  # [Aug 3, Aug 10) ends at the cutoff: complete
    assert partial["2026-W33"] == "ends after the snapshot 2026-08-10T00:00:00+00:00"
    assert partial["2026-W34"] is None  # begins after the cutoff: nothing to flag
    assert report.status.latest is not None
    assert report.status.latest.value == 1.0
    assert report.status.status.value == "achieved"
    # A week beginning at the cutoff with nothing in it has no value and no flag.
    empty = build_goals(solved, [goal], at=at).goals[0]
    assert {p.period: p.partial for p in empty.series}["2026-W33"] is None
