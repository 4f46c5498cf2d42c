"""One row per ticket: dates that all read either way are read month first, and the load says so.

As for event logs (tests/test_eventlog_day_order_warning.py): without ``dayfirst`` a numeric
date is ``M/D/Y`` (docs/exports-summary.md), kept; when no date cell of the export (creation,
first reply, solve, close, update ...) has a second part over 12 and one would read otherwise
day first, ``load``'s and the stream's ``warnings`` say how many were read month first.
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from servicemodel.cli import main
from servicemodel.io import summary

day_or_month = st.integers(min_value=1, max_value=12)
COLUMNS = {"id": "ID", "created": "Created", "solved": "Solved"}


def _rows(pairs: list[tuple[int, int]]) -> list[dict[str, str]]:
    return [
        {"ID": str(i), "Created": f"{a:02d}/{b:02d}/2026 09:00", "Solved": ""}
        for i, (a, b) in enumerate(pairs)
    ]


def _said(rows: list[dict[str, str]], **options: object) -> list[str]:
    found = summary.histories(rows, columns=COLUMNS, tz="UTC", **options).collect()  # type: ignore[arg-type]
    return [w for w in found.warnings if "read month first" in w]


@given(pairs=st.lists(st.tuples(day_or_month, day_or_month), min_size=1, max_size=8))
def test_dates_that_read_either_way_are_counted(pairs: list[tuple[int, int]]) -> None:
    rows = _rows(pairs)
    found = summary.histories(rows, columns=COLUMNS, tz="UTC").collect()
    assert [h.created_at for h in found.histories] == [
        datetime(2026, a, b, 9, tzinfo=UTC) for a, b in pairs
    ]
    ambiguous = sum(a != b for a, b in pairs)
    said = [w for w in found.warnings if "read month first" in w]
    if not ambiguous:
        assert said == []
        return
    (text,) = said
    assert f"and {ambiguous} {'was' if ambiguous == 1 else 'were'} read month first" in text
    assert _said(rows, dayfirst=True) == []


@given(
    pairs=st.lists(st.tuples(day_or_month, day_or_month), min_size=1, max_size=8),
    late_day=st.integers(min_value=13, max_value=28),
)
def test_a_solve_past_the_12th_settles_the_order(
    pairs: list[tuple[int, int]], late_day: int
) -> None:
    rows = _rows(pairs)
    rows[-1]["Solved"] = f"12/{late_day}/2026 10:00"  # only month first: 12 December
    assert _said(rows) == []


def test_load_and_the_report_say_it(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    data, mapping = tmp_path / "tickets.csv", tmp_path / "map.toml"
    data.write_text(
        "ID,Created,Solved\n1,02/03/2026 09:00,02/03/2026 10:00\n2,05/03/2026 09:00,\n",
        encoding="utf-8",
    )
    mapping.write_text(
        'tz = "UTC"\n[columns]\nid = "ID"\ncreated = "Created"\nsolved = "Solved"\n',
        encoding="utf-8",
    )
    loaded = summary.load(data, columns=COLUMNS, tz="UTC")
    expected = (
        "every numeric date of the export reads either way, and 3 were read month first "
        "(M/D/Y: '02/03/2026 09:00' is 3 February 2026, not 2 March 2026); if the export "
        "writes days first, set dayfirst = true in the mapping (dayfirst=True in Python)"
    )
    assert loaded.warnings == (expected,)
    assert main(["report", "--source", "summary", str(data), "--map", str(mapping)]) == 0
    assert expected in capsys.readouterr().err
    assert summary.load(data, columns=COLUMNS, tz="UTC", dayfirst=True).warnings == ()
