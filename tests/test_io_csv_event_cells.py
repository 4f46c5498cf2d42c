"""load_csv: event cells without a kind, and rows that end before a required column.

The docstring's rule: a ticket with no events has one row with *empty* event columns, and a
bad row sets aside its whole ticket with an error naming the row's line and column. So a row
whose kind cell is empty while another event cell holds something is an error at
``event_kind`` (the event would otherwise be dropped without a word), and a short row that
ends before ``created_at`` says so instead of reporting a ``None`` it never held.
"""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from servicemodel.io import load_csv

HEADER = ["ticket_id", "created_at", "channel", "event_id", "event_kind", "event_at"]
HEADER += ["event_status", "event_agent"]
GOOD = "T-1,2026-03-02T09:00:00+01:00,phone,e1,agent_reply,2026-03-02T09:04:00+01:00,,ana"
CREATED = "2026-03-02T10:00:00Z"
#: The event cells other than the kind, with a value each could hold.
FILLED = {
    "event_id": "e9",
    "event_at": "2026-03-02T10:05:00Z",
    "event_status": "solved",
    "event_agent": "bo",
}
EMPTY_CELL = st.sampled_from(["", " ", '""'])


def _row(cells: dict[str, str]) -> str:
    return ",".join(cells.get(column, "") for column in HEADER)


@given(
    filled=st.sets(st.sampled_from(sorted(FILLED)), min_size=1),
    kind=st.sampled_from(["", '""']),
    at=st.integers(0, 1),
)
def test_an_event_cell_without_a_kind_sets_its_ticket_aside(
    filled: set[str], kind: str, at: int
) -> None:
    cells = {"ticket_id": "T-2", "created_at": CREATED, "channel": "chat", "event_kind": kind}
    cells.update({column: FILLED[column] for column in filled})
    rows = [GOOD]
    rows.insert(at, _row(cells))
    loaded = load_csv([",".join(HEADER), *rows], on_error="collect")
    assert [h.id for h in loaded.histories] == ["T-1"]
    (error,) = loaded.errors
    assert error.line == 2 + at
    assert error.path == "event_kind"
    assert "a value is required" in str(error)
    for column in filled:
        assert column in str(error)


@given(cells=st.lists(EMPTY_CELL, min_size=5, max_size=5))
def test_a_row_whose_event_cells_are_all_empty_is_a_ticket_without_events(
    cells: list[str],
) -> None:
    row = ",".join(["T-2", CREATED, "chat", *cells])
    loaded = load_csv([",".join(HEADER), GOOD, row], on_error="collect")
    assert loaded.errors == ()
    by_id = {h.id: h for h in loaded.histories}
    assert by_id["T-2"].events == ()
    assert len(by_id["T-1"].events) == 1


def test_a_row_that_ends_before_created_at_says_so() -> None:
    loaded = load_csv([",".join(HEADER), GOOD, "T-3"], on_error="collect")
    assert [h.id for h in loaded.histories] == ["T-1"]
    (error,) = loaded.errors
    assert error.line == 3
    assert error.path == "created_at"
    assert f"the row has 1 of the header's {len(HEADER)} fields" in str(error)
    assert "None" not in str(error)


@given(width=st.integers(3, len(HEADER) - 1))
def test_a_short_row_past_created_at_reads_its_missing_cells_as_empty(width: int) -> None:
    # Exporters that leave out trailing empty cells: the cells left out are empty cells.
    full = ["T-4", CREATED, "chat", "", "", "", "", ""]
    short = ",".join(full[:width])
    loaded = load_csv([",".join(HEADER), short], on_error="collect")
    assert loaded.errors == ()
    (history,) = loaded.histories
    assert history.id == "T-4"
    assert history.events == ()
