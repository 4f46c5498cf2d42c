"""One rule for what a Ticket Metrics page and record are: ``histories(ticket_metrics=...)``,
``load`` and ``zendesk_ticket_metrics`` read every shape alike (records, ``/ticket_metrics``
pages, ``{"ticket_metric": ...}`` responses, a page's ``metric_sets``, tickets carrying their
``metric_set``, empty pages), with the same errors at the same paths."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from servicemodel.errors import ConfigError, RecordError
from servicemodel.io import zendesk
from servicemodel.io.zendesk._metrics import by_ticket, metric_records
from servicemodel.model import Ticket, TicketHistory, reopened
from servicemodel.reconcile import zendesk_ticket_metrics

DATA = Path(__file__).parent / "data" / "zendesk" / "metric_sets"
T0 = datetime(2026, 3, 2, 9, tzinfo=UTC)


def _fixture(ticket_metrics: list[Any]) -> dict[str, TicketHistory]:
    tickets = json.loads((DATA / "tickets.json").read_text())
    return {h.id: h for h in zendesk.histories([tickets], ticket_metrics=ticket_metrics)}


# -- regressions: pages the loader read as records --------------------------------------------


def test_the_exports_empty_last_page_among_ticket_metrics_gives_no_record() -> None:
    metrics = json.loads((DATA / "ticket_metrics.json").read_text())
    hs = _fixture([metrics, {"tickets": [], "end_of_stream": True}])
    assert (reopened(hs["2005"]), hs["2005"].solved_at()) == (
        False,
        datetime(2026, 3, 4, 9, tzinfo=UTC),
    )
    assert _fixture([{"tickets": [], "end_of_stream": True}]) == _fixture([])


def test_a_null_ticket_metrics_list_is_the_pages_error_not_a_record_without_ticket_id() -> None:
    with pytest.raises(ConfigError) as caught:
        zendesk.histories([], ticket_metrics=[{"ticket_metrics": None}])
    assert (caught.value.path, caught.value.message) == (
        "ticket_metrics[0].ticket_metrics",
        "ticket_metrics None: expected a list",
    )
    _, errors = zendesk_ticket_metrics([], [{"ticket_metrics": None}], on_error="collect")
    assert [(e.path, e.message) for e in errors] == [
        ("metric_records[0].ticket_metrics", "ticket_metrics None: expected a list")
    ]


def test_ticket_metrics_pages_of_tickets_and_of_metric_sets_are_read_by_the_loader() -> None:
    record = {"ticket_id": 2005, "reopens": 1, "solved_at": "2026-03-04T09:00:00Z"}
    for page in ({"tickets": [{"id": 2005, "metric_set": record}]}, {"metric_sets": [record]}):
        assert reopened(_fixture([page])["2005"]) is True


def test_a_ticket_metrics_file_with_the_exports_empty_page_loads(tmp_path: Path) -> None:
    lines = tmp_path / "ticket_metrics.jsonl"
    record = {"ticket_id": 2005, "reopens": 1, "solved_at": "2026-03-04T09:00:00Z"}
    lines.write_text(
        json.dumps({"ticket_metrics": [record]})
        + "\n"
        + json.dumps({"tickets": [], "end_of_stream": True})
        + "\n"
        + json.dumps({"ticket_metrics": []})
        + "\n",
        encoding="utf-8",
    )
    result = zendesk.load([DATA / "tickets.json", lines])
    assert result.errors == ()
    assert reopened({h.id: h for h in result.histories}["2005"]) is True


# -- the law: both readers accept and refuse the same records ---------------------------------

#: Ticket ids that name one of tickets 1-3 (a text id's spaces are no part of it), and values
#: that name no ticket.
GOOD_IDS = st.sampled_from([1, 2, 3, "2", " 3 "])
BAD_IDS = st.sampled_from([None, True, 1.5, "", "  ", [1]])


@st.composite
def _record(draw: st.DrawFn) -> Any:
    if draw(st.integers(0, 9)) == 0:
        return draw(st.sampled_from([5, "x", None, [], True]))  # no object at all
    rec: dict[str, Any] = {"reply_time_in_minutes": None}
    if draw(st.integers(0, 5)) > 0:
        rec["ticket_id"] = draw(st.one_of(GOOD_IDS, GOOD_IDS, BAD_IDS))
    return rec


#: A value of the wrong type under a page key.
WRONG = st.sampled_from([None, 5, "x", {}, True])


@st.composite
def _page(draw: st.DrawFn) -> dict[str, Any]:
    page: dict[str, Any] = {}
    keys = draw(st.sets(st.sampled_from(["ticket_metrics", "metric_sets", "ticket_metric",
                                         "tickets"]), min_size=1))  # fmt: skip
    for key in sorted(keys):
        if draw(st.integers(0, 5)) == 0:
            page[key] = draw(WRONG if key != "ticket_metric" else st.sampled_from([None, 5, []]))
        elif key == "ticket_metric":
            page[key] = draw(_record().filter(lambda r: isinstance(r, dict)))
        elif key == "tickets":
            tickets = draw(st.lists(st.one_of(
                st.builds(lambda r: {"id": 1, "metric_set": r}, _record()),
                st.just({"id": 2}), st.just(7)), max_size=3))  # fmt: skip
            page[key] = tickets
        else:
            page[key] = draw(st.lists(_record(), max_size=3))
    if draw(st.booleans()):
        page["end_of_stream"] = draw(st.booleans())
    return page


ITEMS = st.lists(
    st.one_of(
        _record(),
        _page(),
        st.just({"tickets": [], "end_of_stream": True}),
        st.just({"ticket_metrics": []}),
    ),
    max_size=5,
)


def _renamed(path: str) -> str:
    return "metric_records" + path.removeprefix("ticket_metrics")


@settings(max_examples=150, deadline=None)
@given(ITEMS)
def test_the_loader_and_the_reconciliation_read_the_same_records(items: list[Any]) -> None:
    loaded, refused = by_ticket(metric_records(items))
    hs = [TicketHistory(Ticket(tid, T0), []) for tid in ("1", "2", "3")]
    r, errors = zendesk_ticket_metrics(hs, items, on_error="collect")
    # The same records refused, with the same errors at the same paths (named for each
    # function's argument).
    assert [(e.path, e.message) for e in errors] == [(_renamed(e.path), e.message) for e in refused]
    # The same records accepted, a ticket's later one winning in both.
    compared = {c.ticket_id: c.path.removesuffix(".reply_time_in_minutes.calendar")
                for c in r.comparisons if c.clock == "calendar"}  # fmt: skip
    assert compared == {tid: _renamed(path) for tid, (path, _) in loaded.items()}
    # Raised rather than collected, both name the first error.
    if not refused:
        zendesk.histories([], ticket_metrics=items)
        zendesk_ticket_metrics(hs, items)
        return
    with pytest.raises(ConfigError) as config:
        zendesk.histories([], ticket_metrics=items)
    assert (config.value.path, config.value.message) == (refused[0].path, refused[0].message)
    with pytest.raises(RecordError) as record:
        zendesk_ticket_metrics(hs, items)
    assert (record.value.path, record.value.message) == (errors[0].path, errors[0].message)


# -- a ticket's own metric_set is that ticket's --------------------------------------------------


@settings(max_examples=60, deadline=None)
@given(
    tid=st.sampled_from([1, 2, 3, "2", " 3 "]),
    reopens=st.integers(0, 3),
    minutes=st.one_of(st.none(), st.integers(0, 10_000)),
)
def test_a_tickets_own_metric_set_without_ticket_id_is_that_tickets(
    tid: int | str, reopens: int, minutes: int | None
) -> None:
    # Law: a ticket's own metric_set without a ticket_id reads as the same record with the
    # ticket's id, for the loader and for zendesk_ticket_metrics alike.
    record = {"reopens": reopens, "reply_time_in_minutes": {"calendar": minutes}}
    bare = {"tickets": [{"id": tid, "metric_set": record}]}
    named = {"tickets": [{"id": tid, "metric_set": {**record, "ticket_id": tid}}]}
    assert by_ticket(metric_records([bare])) == by_ticket(metric_records([named]))
    hs = [TicketHistory(Ticket(t, T0), []) for t in ("1", "2", "3")]
    got, errors = zendesk_ticket_metrics(hs, [bare])
    assert errors == ()
    assert got == zendesk_ticket_metrics(hs, [named])[0]
    assert [c.ticket_id for c in got.comparisons] == [str(tid).strip()]


def test_a_tickets_own_metric_set_of_another_ticket_is_refused_alike() -> None:
    # The loader's check of a ticket read without audits, and the page rule's: the same error.
    page = {
        "tickets": [
            {"id": 2005, "created_at": "2026-03-02T09:00:00Z", "updated_at": "2026-03-02T09:00:00Z",
             "status": "open", "requester_id": 1, "metric_set": {"ticket_id": 2004, "reopens": 1}}
        ]
    }  # fmt: skip
    with pytest.raises(RecordError) as loaded:
        list(zendesk.histories([page]))
    assert loaded.value.path == "pages[0].tickets[0].metric_set.ticket_id"
    _, errors = zendesk_ticket_metrics(
        [TicketHistory(Ticket("2005", T0), [])], [page], on_error="collect"
    )
    assert [(e.path, e.message) for e in errors] == [
        ("metric_records[0].tickets[0].metric_set.ticket_id", loaded.value.message)
    ]
    assert loaded.value.message == "ticket 2005: ticket_id 2004: a metric set of another ticket"


@pytest.mark.parametrize(
    "first", [{"ticket_metrics": None}, 5, {"ticket_metric": 5}, {"ticket_metrics": "x"}]
)
def test_a_misshapen_ticket_metrics_file_is_refused_naming_ticket_metrics(
    tmp_path: Path, first: Any
) -> None:
    # A file whose first page is no Ticket Metrics page is refused as a whole; the message
    # lists Ticket Metrics records among what a Zendesk export file may hold.
    path = tmp_path / "ticket_metrics.json"
    path.write_text(json.dumps(first), encoding="utf-8")
    with pytest.raises(ConfigError) as caught:
        zendesk.load([DATA / "tickets.json", path])
    assert caught.value.source == str(path)
    assert caught.value.message.startswith("not a Zendesk export file: expected ")
    assert (
        "Ticket Metrics records (a 'ticket_metrics' list, a 'ticket_metric' object, or records "
        "with a 'ticket_id')" in caught.value.message
    )
