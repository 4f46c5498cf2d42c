"""io.eventlog: the order of a log's rows changes its histories only as the tie rule says.

docs/exports.md ("Order"): inside a case the rows are sorted by time, ties kept in the
file's order; with ``contiguous=False`` the cases may interleave. Laws, over any permutation
of the rows (within and across cases), event ids read back to the row each came from:

- a log without two rows of one case at one instant reads as the same histories;
- any log reads as the same histories as its permutation re-sorted by case and time (stable),
  so only the order of tied rows, as the file gives it, can change what a history says.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone
from typing import Any

import attrs
from hypothesis import given, settings
from hypothesis import strategies as st

from servicemodel.io import eventlog
from servicemodel.model import TicketHistory

T0 = datetime(2026, 3, 2, 9, tzinfo=UTC)
COLUMNS = {"case": "case", "activity": "activity", "timestamp": "at", "resource": "agent"}
OPTIONS: dict[str, Any] = {
    "columns": COLUMNS,
    "activity_map": {"Opened": "customer_message", "Replied": "agent_reply", "Reopened": "reopen"},
    "status_map": {"Waiting": "pending", "Resolved": "solved", "Closed": "closed"},
    "ignore": ["Assigned"],
    "contiguous": False,
}
ACTIVITIES = ["Opened", "Replied", "Reopened", "Waiting", "Resolved", "Closed", "Assigned"]


@st.composite
def logs(draw: st.DrawFn, *, ties: bool) -> list[dict[str, str]]:
    rows: list[dict[str, str]] = []
    for c in range(draw(st.integers(1, 4))):
        n = draw(st.integers(1, 6))
        if ties:
            minutes = draw(st.lists(st.integers(0, 3), min_size=n, max_size=n))
        else:
            minutes = draw(st.lists(st.integers(0, 600), min_size=n, max_size=n, unique=True))
        for m in minutes:
            zone = timezone(timedelta(hours=draw(st.sampled_from([0, 1, -5]))))
            local = (T0 + timedelta(minutes=m)).astimezone(zone)
            rows.append(
                {
                    "case": f"C{c}",
                    "activity": draw(st.sampled_from(ACTIVITIES)),
                    "at": local.isoformat(),  # one instant, written in several offsets
                    "agent": draw(st.sampled_from(["ann", "bob", ""])),
                }
            )
    return rows


def read(rows: list[dict[str, str]], origin: list[int]) -> dict[str, TicketHistory]:
    """The histories of ``rows`` by case, each event id the index of its row in the log."""
    out = {}
    for h in eventlog.histories(rows, **OPTIONS):
        events = [attrs.evolve(e, id=f"r{origin[int(e.id[1:])]}") for e in h.events]
        out[h.id] = attrs.evolve(h, events=events)
    return out


def permuted(rows: list[dict[str, str]], order: list[int]) -> list[dict[str, str]]:
    return [rows[i] for i in order]


def by_case_and_time(rows: list[dict[str, str]], order: list[int]) -> list[int]:
    """``order`` sorted by case and instant (stable: tied rows keep their order in it)."""
    key = {i: (rows[i]["case"], datetime.fromisoformat(rows[i]["at"])) for i in order}
    return sorted(order, key=lambda i: key[i])


@settings(max_examples=100)
@given(data=st.data(), rows=logs(ties=False))
def test_without_ties_any_row_order_reads_as_the_same_histories(
    data: st.DataObject, rows: list[dict[str, str]]
) -> None:
    order = data.draw(st.permutations(range(len(rows))))
    identity = list(range(len(rows)))
    assert read(permuted(rows, order), order) == read(rows, identity)


@settings(max_examples=100)
@given(data=st.data(), rows=logs(ties=True))
def test_with_ties_only_the_order_of_tied_rows_counts(
    data: st.DataObject, rows: list[dict[str, str]]
) -> None:
    order = data.draw(st.permutations(range(len(rows))))
    sorted_order = by_case_and_time(rows, order)
    assert read(permuted(rows, order), order) == read(permuted(rows, sorted_order), sorted_order)
