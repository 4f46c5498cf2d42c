"""Zendesk tickets without audits read with their Ticket Metrics record (``reopens``,
``solved_at``): the ``metric_set`` of the incremental export's ``include=metric_sets``, a
page's ``metric_sets`` list, or ``histories(ticket_metrics=...)``."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from hypothesis import assume, given, settings

from servicemodel.errors import ConfigError, PartialHistoryError, RecordError
from servicemodel.io import zendesk
from servicemodel.kpi import ReopenRate
from servicemodel.model import (
    REOPENS_ATTRIBUTE,
    Status,
    TicketHistory,
    lost_facts,
    reopened,
)
from servicemodel.strategies import histories as history_strategy
from test_io_zendesk import AGENTS, page, ticket, to_zendesk

DATA = Path(__file__).parent / "data" / "zendesk" / "metric_sets"
#: What a ticket without audits lacks whatever its metric set says.
ALWAYS_LOST = {"first_reply", "next_reply", "periodic_update", "pauses", "status_order",
               "status_times"}  # fmt: skip


def utc(*args: int) -> datetime:
    return datetime(*args, tzinfo=UTC)


def fixture(with_metrics: bool = True) -> dict[str, TicketHistory]:
    tickets = json.loads((DATA / "tickets.json").read_text())
    metrics = [json.loads((DATA / "ticket_metrics.json").read_text())] if with_metrics else []
    return {h.id: h for h in zendesk.histories([tickets], ticket_metrics=metrics)}


def test_fixture_reopens_and_solves_from_the_metric_sets() -> None:
    hs = fixture()
    # 2001: closed; metric_set in the ticket: never reopened, solved 03-03 10:00 (the closing
    # is the update, 03-09): its resolution and first resolution are known.
    h = hs["2001"]
    assert [(e.at, e.status) for e in h.events] == [  # type: ignore[attr-defined]
        (utc(2026, 3, 3, 10), Status.SOLVED),
        (utc(2026, 3, 9, 10), Status.CLOSED),
    ]
    assert lost_facts(h) == ALWAYS_LOST
    assert (reopened(h), h.solved_at()) == (False, utc(2026, 3, 3, 10))
    # 2002: solved; reopened twice, instants unknown; solved last 03-06 15:00.
    h = hs["2002"]
    assert h.ticket.attributes[REOPENS_ATTRIBUTE] == 2
    assert lost_facts(h) == ALWAYS_LOST | {"reopens", "first_resolution"}
    assert (reopened(h), h.solved_at()) == (True, utc(2026, 3, 6, 15))
    # 2003: open; the page's metric_sets says reopened once (its solved_at, a solve before
    # the reopen, is not placed).
    h = hs["2003"]
    assert (h.ticket.attributes[REOPENS_ATTRIBUTE], reopened(h), h.solve_times()) == (1, True, ())
    # 2004: pending, never reopened, so never solved.
    h = hs["2004"]
    assert (REOPENS_ATTRIBUTE in h.ticket.attributes, reopened(h)) == (False, False)
    assert lost_facts(h) == ALWAYS_LOST
    # 2005: solved; its record comes from ticket_metrics=.
    assert (reopened(hs["2005"]), hs["2005"].solved_at()) == (False, utc(2026, 3, 4, 9))


def test_fixture_reopen_rate() -> None:
    # Solved at least once: 2001, 2002, 2003 (reopened, so solved before), 2005; reopened:
    # 2002, 2003 -> 2 of 4.
    rate = ReopenRate.empty().add_many(fixture().values())
    assert (rate.solved, rate.reopened, rate.result().value) == (4, 2, 0.5)


def test_a_solved_ticket_without_a_metric_set_still_lacks_its_resolution() -> None:
    h = fixture(with_metrics=False)["2005"]
    assert reopened(h) is None
    assert {"resolution", "reopens"} <= lost_facts(h)
    with pytest.raises(PartialHistoryError, match="ticket '2005'"):
        ReopenRate.empty().add(h)


def test_load_reads_the_metric_sets_of_the_pages() -> None:
    found = {h.id: h for h in zendesk.load([DATA / "tickets.json"]).histories}
    assert [reopened(found[t]) for t in ("2001", "2002", "2003", "2004", "2005")] == [
        False, True, True, False, None,
    ]  # fmt: skip


def test_a_ticket_with_audits_ignores_its_metric_set() -> None:
    # Its audits show no reopen; the metric set's 3 is not read (nor checked).
    rec = ticket(status="open", metric_set={"ticket_id": 1, "reopens": 3})
    audits = [{"id": 9, "ticket_id": 1, "created_at": "2026-03-02T09:30:00Z",
               "events": [{"id": 91, "type": "Change", "field_name": "status",
                           "value": "open", "previous_value": "new"}]}]  # fmt: skip
    (h,) = zendesk.histories([page(rec)], audits)
    assert (REOPENS_ATTRIBUTE in h.ticket.attributes, reopened(h)) == (False, False)


def read_one(**fields: Any) -> TicketHistory:
    (h,) = zendesk.histories([page(ticket(**fields))])
    return h


@pytest.mark.parametrize(
    ("fields", "path", "message"),
    [
        ({"status": "open", "metric_set": {"reopens": -1}},
         "pages[0].tickets[0].metric_set.reopens", "reopens -1: expected the number of reopens"),
        ({"status": "open", "metric_set": {"reopens": "2"}},
         "pages[0].tickets[0].metric_set.reopens", "reopens '2': expected the number"),
        ({"status": "open", "metric_set": {"ticket_id": 2, "reopens": 1}},
         "pages[0].tickets[0].metric_set.ticket_id", "a metric set of another ticket"),
        ({"status": "new", "metric_set": {"reopens": 1}},
         "pages[0].tickets[0].metric_set.reopens", "a new ticket was never solved"),
        ({"status": "solved", "metric_set": {"solved_at": "2026-03-02T11:00:00Z"}},
         "pages[0].tickets[0].metric_set.solved_at", "after the ticket's last update"),
        ({"status": "solved", "metric_set": {"solved_at": "2026-03-01T11:00:00Z"}},
         "pages[0].tickets[0].metric_set.solved_at", "before the ticket's creation"),
        ({"status": "open", "metric_set": [1]},
         "pages[0].tickets[0].metric_set", "expected metric set as a JSON object"),
    ],
)  # fmt: skip
def test_a_bad_metric_set_is_the_tickets_error(
    fields: dict[str, Any], path: str, message: str
) -> None:
    with pytest.raises(RecordError, match="ticket 1: ") as info:
        read_one(**fields)
    assert info.value.path == path
    assert message in info.value.message


def test_a_page_sideload_without_a_ticket_id_is_an_error_of_the_page() -> None:
    stream = zendesk.histories(
        [{**page(ticket(status="open")), "metric_sets": [{"reopens": 1}]}], on_error="collect"
    )
    (h,) = list(stream)
    assert reopened(h) is None
    assert [e.path for e in stream.errors] == ["pages[0].metric_sets[0].ticket_id"]


def test_ticket_metrics_must_be_a_list_of_records_naming_their_ticket() -> None:
    with pytest.raises(ConfigError, match="ticket_metrics: expected a list"):
        zendesk.histories([], ticket_metrics={"ticket_metrics": []})
    with pytest.raises(ConfigError, match=r"ticket_metrics\[0\].ticket_metric.ticket_id"):
        zendesk.histories([], ticket_metrics=[{"ticket_metric": {"reopens": 1}}])


def test_the_tickets_own_metric_set_wins_over_the_page_and_the_argument() -> None:
    rec = ticket(status="open", metric_set={"ticket_id": 1, "reopens": 2})
    (h,) = zendesk.histories(
        [{**page(rec), "metric_sets": [{"ticket_id": 1, "reopens": 1}]}],
        ticket_metrics=[{"ticket_id": 1, "reopens": 0}],
    )
    assert h.ticket.attributes[REOPENS_ATTRIBUTE] == 2


# -- the law: audits, or no audits and the metric set, give one reopen rate -----------------


def without_audits(full: TicketHistory, rec: dict[str, Any]) -> dict[str, Any]:
    """The export record of ``full``'s ticket with the metric set Zendesk would keep."""
    solves = full.solve_times()
    solved_at = solves[-1].isoformat() if full.is_resolved() and solves else None
    metric_set = {"ticket_id": rec["id"], "reopens": full.reopen_count(), "solved_at": solved_at}
    return {**rec, "metric_set": metric_set}


@settings(max_examples=60)
@given(history_strategy(kinds=["status_change", "reopen", "agent_reply"], max_events=8))
def test_metric_sets_give_the_reopen_rate_of_the_audits(h: TicketHistory) -> None:
    rec, audits = to_zendesk(h)
    (full,) = zendesk.histories([page(rec)], audits, agents=AGENTS)
    # Zendesk never sets a ticket back to new: a history that does is no Zendesk ticket.
    assume(full.status_at(full.last_event_at) is not Status.NEW or not full.solve_times())
    (partial,) = zendesk.histories([page(without_audits(full, rec))])
    assert reopened(partial) == reopened(full)
    assert ReopenRate.empty().add(partial) == ReopenRate.empty().add(full)
    assert partial.solved_at() == full.solved_at()
