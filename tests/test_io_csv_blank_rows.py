"""load_csv skips a blank row (``,,,``: Excel's CSV of an empty row) as the other CSV readers do."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from servicemodel.errors import RecordError
from servicemodel.io import load_csv

HEADER = "ticket_id,created_at,channel,event_id,event_kind,event_at,event_status"
ROWS = [
    "T-1,2026-03-02T09:00:00+01:00,phone,e1,agent_reply,2026-03-02T09:04:00+01:00,",
    "T-2,2026-03-02T10:00:00Z,chat,e2,status_change,2026-03-02T10:05:00Z,solved",
    "T-1,2026-03-02T09:00:00+01:00,phone,e3,status_change,2026-03-02T09:05:00+01:00,solved",
]

#: A blank row as spreadsheets and editors write one: empty, white-space or "" cells.
CELLS = st.sampled_from(["", " ", "\t", '""', '" "'])
BLANK_ROWS = st.lists(CELLS, min_size=1, max_size=9).map(",".join)


@settings(max_examples=60)
@given(blanks=st.lists(st.tuples(st.integers(0, len(ROWS)), BLANK_ROWS), min_size=1, max_size=5))
def test_blank_rows_anywhere_load_as_without_them_and_are_counted(
    blanks: list[tuple[int, str]],
) -> None:
    rows = list(ROWS)
    for at, blank in sorted(blanks, key=lambda b: -b[0]):
        rows.insert(at, blank)
    plain = load_csv([HEADER, *ROWS])
    with_blanks = load_csv([HEADER, *rows], on_error="collect")
    assert with_blanks.errors == ()
    assert with_blanks.histories == plain.histories
    assert with_blanks.blank_lines == len(blanks)
    assert with_blanks.lines_read == 1 + len(rows)


def test_a_row_with_one_cell_of_content_is_still_read_as_a_row() -> None:
    # Only rows with nothing in them are skipped: ",x,," is a row without a ticket id.
    result = load_csv([HEADER, ",x,,,,,"], on_error="collect")
    assert result.histories == ()
    assert [(e.line, e.path) for e in result.errors] == [(2, "ticket_id")]
    assert result.blank_lines == 0


def test_a_row_without_a_ticket_id_says_so_not_that_its_created_at_is_bad() -> None:
    with pytest.raises(RecordError) as caught:
        load_csv([HEADER, ",x,,,,,"])
    assert str(caught.value) == "line 2: ticket_id: the cell is empty; a value is required"
    assert caught.value.path == "ticket_id"


#: A cell of some content, or none: a row of them is no blank row once one has content.
CONTENT = st.sampled_from(["x", "2026-03-02T09:00:00Z", "chat", "e9", "agent_reply", "", " "])


@settings(max_examples=60)
@given(
    missing=st.lists(
        st.tuples(
            st.integers(0, len(ROWS)),
            st.sampled_from(["", " ", '""', "\t"]),
            st.lists(CONTENT, min_size=6, max_size=6).filter(lambda c: any(x.strip() for x in c)),
        ),
        min_size=1,
        max_size=4,
    )
)
def test_each_row_without_a_ticket_id_is_its_own_error_and_sets_aside_no_ticket(
    missing: list[tuple[int, str, list[str]]],
) -> None:
    rows = list(ROWS)
    for at, tid, cells in sorted(missing, key=lambda m: -m[0]):
        rows.insert(at, ",".join([tid, *cells]))
    plain = load_csv([HEADER, *ROWS])
    result = load_csv([HEADER, *rows], on_error="collect")
    assert result.histories == plain.histories
    lines = [2 + i for i, row in enumerate(rows) if row not in ROWS]
    assert [(e.line, e.path) for e in result.errors] == [(n, "ticket_id") for n in lines]
    assert all("the cell is empty" in str(e) for e in result.errors)


def test_a_file_separated_by_semicolons_skips_its_blank_rows(tmp_path: Path) -> None:
    path = tmp_path / "export.csv"
    rows = [HEADER, ROWS[0], ",,,,,,", ROWS[1]]
    path.write_text("\n".join(r.replace(",", ";") for r in rows) + "\n", encoding="utf-8")
    result = load_csv(path)
    assert [h.id for h in result.histories] == ["T-1", "T-2"]
    assert result.blank_lines == 1


@settings(max_examples=60)
@given(
    opened=st.lists(
        st.tuples(
            st.integers(0, len(ROWS)),
            st.lists(CELLS, max_size=6).map(lambda cells: ",".join([*cells, ""])),
            st.sampled_from(["", " ", "\t"]),
        ),
        min_size=1,
        max_size=4,
    )
)
def test_a_row_that_only_opens_a_quote_is_no_blank_row_but_its_own_error(
    opened: list[tuple[int, str, str]],
) -> None:
    # "A quote left open is an error for its own line" (load_csv): a row of empty cells that
    # ends by opening a quote ('"', ',,"') is not blank, and costs only its own line.
    rows = list(ROWS)
    for at, before, after in sorted(opened, key=lambda o: -o[0]):
        rows.insert(at, before + '"' + after)
    plain = load_csv([HEADER, *ROWS])
    result = load_csv([HEADER, *rows], on_error="collect")
    assert result.histories == plain.histories
    lines = [2 + i for i, row in enumerate(rows) if row not in ROWS]
    assert [e.line for e in result.errors] == lines
    assert all("does not close on this line" in str(e) for e in result.errors)
    assert result.lines_set_aside == tuple(lines)
    assert result.blank_lines == 0
