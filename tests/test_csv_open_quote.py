"""A quote left open in a CSV export is an error naming its line, not the rest of the file
swallowed into one cell.

The csv module, parsing leniently, reads a quoted field that never closes up to the end of the
file: every later row became part of that cell, and the rows were lost without a word.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from servicemodel.errors import UnreadableFileError
from servicemodel.io import load_csv, summary
from servicemodel.io._files import LinedReader

HEADER = "id,created_at,first_reply_at,solved_at,subject\n"


def _row(n: int, subject: str) -> str:
    return f"S-{n},2026-01-05T{9 + n:02d}:00:00Z,,,{subject}\n"


@pytest.mark.parametrize("on_error", ["raise", "collect"])
def test_a_summary_export_with_a_quote_left_open_names_its_line(
    tmp_path: Path, on_error: str
) -> None:
    path = tmp_path / "tickets.csv"
    path.write_text(HEADER + _row(1, "ok") + _row(2, '"open') + _row(3, "x") + _row(4, "y"))
    with pytest.raises(UnreadableFileError, match="opened on line 3 does not close"):
        summary.load(path, on_error=on_error)


def test_a_quoted_line_break_that_closes_is_read_as_one_cell(tmp_path: Path) -> None:
    path = tmp_path / "tickets.csv"
    path.write_text(HEADER + _row(1, '"two\nlines"') + _row(2, "x"))
    loaded = summary.load(path)
    assert [h.ticket.id for h in loaded.histories] == ["S-1", "S-2"]
    assert loaded.errors == ()


cells = st.text(st.characters(codec="utf-8", exclude_characters="\x00"), max_size=8)
tables = st.lists(st.lists(cells, min_size=2, max_size=2), min_size=1, max_size=6)


def _written(rows: list[list[str]]) -> str:
    out = io.StringIO(newline="")
    writer = csv.writer(out)
    writer.writerow(["a", "b"])
    writer.writerows(rows)
    return out.getvalue()


@given(rows=tables, last_line_break=st.booleans())
def test_well_formed_files_read_as_the_csv_module_reads_them(
    rows: list[list[str]], last_line_break: bool
) -> None:
    """Law: a file csv.writer wrote reads row for row as DictReader reads it (blank rows
    aside, which the reader skips), with or without a line break at its end."""
    text = _written(rows)
    if not last_line_break:
        text = text.removesuffix("\r\n")
    expected = [
        r
        for r in csv.DictReader(io.StringIO(text, newline=""))
        if any(v.strip() for v in r.values())
    ]
    assert list(LinedReader(io.StringIO(text, newline=""))) == expected


@given(rows=tables, at=st.integers(min_value=0, max_value=6), tail=cells)
def test_a_quote_left_open_is_an_error_naming_the_line_it_opens_on(
    rows: list[list[str]], at: int, tail: str
) -> None:
    """Law: a row whose quoted field never closes is an error naming the line the row starts
    on, wherever it is; the rows before it are read."""
    at = min(at, len(rows))
    before = _written(rows[:at])
    broken = f'x,"{tail.replace(chr(34), "")}\r\n'
    text = before + broken + "".join(f"{a},{b}\r\n" for a, b in (("1", "2"), ("3", "4")))
    opened = len(list(io.StringIO(before, newline=""))) + 1
    reader = LinedReader(io.StringIO(text, newline=""))
    read = []
    with pytest.raises(csv.Error, match=f"opened on line {opened} does not close"):
        read.extend(reader)
    assert [list(r.values()) for r in read] == [r for r in rows[:at] if any(v.strip() for v in r)]


# --- our own CSV (load_csv): one line a row; a cell that spans lines is the broken row's ----

ROW_HEADER = "ticket_id,created_at,attr_subject,event_id,event_kind,event_at"


def _ticket_row(tid: str, subject: str = "x") -> str:
    out = io.StringIO(newline="")
    csv.writer(out).writerow([tid, "2026-01-05T09:00:00Z", subject, "", "", ""])
    return out.getvalue().removesuffix("\r\n")


@pytest.mark.parametrize(
    ("lines", "ids", "set_aside"),
    [
        # The cell goes on to the next line: that line is the broken row's, not ticket 'B"'.
        (
            ['A,2026-01-05T09:00:00Z,"two', 'B",2026-01-05T09:00:00Z', "C,2026-01-05T09:00:00Z"],
            ["C"],
            (2, 3),
        ),
        (
            ['A,2026-01-05T09:00:00Z,"two', "", "more", 'end"', "C,2026-01-05T09:00:00Z"],
            ["C"],
            (2, 3, 4, 5),
        ),
        # A stray quote that never closes: the lines after it are the rows they are.
        (
            ['A,2026-01-05T09:00:00Z,"two', "B,2026-01-05T09:00:00Z", "C,2026-01-05T09:00:00Z"],
            ["B", "C"],
            (2,),
        ),
        (
            ['A,2026-01-05T09:00:00Z,"two', 'B,2026-01-05T09:00:00Z,"x"', "C,2026-01-05T09:00:00Z"],
            ["B", "C"],
            (2,),
        ),
    ],
)
def test_a_row_whose_cell_spans_lines_keeps_its_lines(
    lines: list[str], ids: list[str], set_aside: tuple[int, ...]
) -> None:
    loaded = load_csv([ROW_HEADER, *lines], on_error="collect")
    assert [h.id for h in loaded] == ids
    assert loaded.lines_set_aside == set_aside
    assert [e.line for e in loaded.errors] == [2]


@given(
    ids=st.lists(st.sampled_from("ABCDEFGH"), min_size=1, max_size=6, unique=True),
    at=st.integers(min_value=0, max_value=6),
    parts=st.lists(
        st.text(st.characters(codec="ascii", exclude_characters='\x00\r\n"'), max_size=5),
        min_size=1,
        max_size=3,
    ),
    last=st.text(
        st.characters(codec="ascii", exclude_characters='\x00\r\n",'), min_size=1, max_size=5
    ),
)
def test_a_multi_line_cell_costs_only_its_own_row(
    ids: list[str], at: int, parts: list[str], last: str
) -> None:
    """Law: a row whose quoted cell holds line breaks (as csv.writer writes it; its last line
    holding text before the closing quote) is set aside with all its lines in collect mode,
    and every other ticket reads as without it."""
    at = min(at, len(ids))
    rows = [_ticket_row(t) for t in ids]
    broken = _ticket_row("Z", "\n".join([*parts, last])).split("\n")
    lines = [ROW_HEADER, *rows[:at], *broken, *rows[at:]]
    loaded = load_csv(lines, on_error="collect")
    assert [h.id for h in loaded] == ids
    first = at + 2
    assert loaded.lines_set_aside == tuple(range(first, first + len(broken)))
    assert [e.line for e in loaded.errors] == [first]
