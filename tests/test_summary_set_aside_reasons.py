"""The bad rows of a helpdesk's CSV, set aside: the report says why, and what the rest may be.

A helpdesk names its columns in words ("Created at", "Satisfaction Score"). The report's count
by reason took such a column for the reason ("1141 Created time, 106 Closed time"): the field
of an error is now left out whatever its name, and the value said again after the ticket
("Created at '31/02/2026'") too.

Law: the reasons of the rows set aside do not depend on the export's column names.

A day-first export read month first fails only on the dates whose day is past 12, and every
other date reads with day and month swapped: when rows are set aside because their dates read
only in the other order, the command and the report warn that the rows kept may be swapped.
"""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from servicemodel.cli import main
from servicemodel.io import summary
from servicemodel.report._set_aside import date_order_warning, reasons_of, set_aside_lines

#: Rows with one bad cell each: a date, a rating word, a priority; and one good row.
ROWS = [
    ["T-1", "31/02/2026 10:00", "Good", "High"],
    ["T-2", "2026-03-02 09:00", "Great", "High"],
    ["T-3", "2026-03-02 09:00", "Good", "Critical"],
    ["T-4", "2026-03-02 09:00", "Bad", "Low"],
]
REASONS = [
    ("expected a score or one of", 1),
    ("not a valid M/D/Y timestamp", 1),
    ("unknown priority", 1),
]
#: Column names as helpdesks write them: words, spaces, brackets.
NAME = st.text(alphabet="ABCdef xyz[]()", min_size=1, max_size=12).filter(
    lambda s: s.strip() == s and s != ""
)


@settings(max_examples=30, deadline=None)
@given(names=st.lists(NAME, min_size=4, max_size=4, unique=True))
def test_law_the_reasons_do_not_depend_on_the_column_names(
    tmp_path_factory: pytest.TempPathFactory, names: list[str]
) -> None:
    path = tmp_path_factory.mktemp("export") / "tickets.csv"
    with path.open("w", newline="", encoding="utf-8") as fh:
        csv.writer(fh).writerows([names, *ROWS])
    cols = dict(zip(("id", "created", "rating", "priority"), names, strict=True))
    loaded = summary.load(
        path, columns=cols, tz="UTC", rating_map={"Good": 1, "Bad": 0}, rating_scale=(0, 1),
        on_error="collect",
    )  # fmt: skip
    assert [h.id for h in loaded] == ["T-4"]
    assert reasons_of([str(e) for e in loaded.errors]) == REASONS
    assert date_order_warning([str(e) for e in loaded.errors]) is None


def _day_first_export(path: Path) -> None:
    rows = [["Ticket ID", "Created time", "Resolved time"]]
    rows += [["1", "28/02/2026 09:00", "02/03/2026 10:00"]]  # the 28th reads only day first
    rows += [["2", "02/03/2026 09:00", "05/03/2026 10:00"]]  # reads month first: 3 Feb
    path.write_text("\n".join(";".join(r) for r in rows) + "\n", encoding="utf-8")


def test_rows_set_aside_for_the_date_order_warn_that_the_kept_may_be_swapped(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    export, mapping = tmp_path / "tickets.csv", tmp_path / "map.toml"
    _day_first_export(export)
    columns = '[columns]\nid = "Ticket ID"\ncreated = "Created time"\nsolved = "Resolved time"\n'
    mapping.write_text('tz = "Europe/London"\n' + columns, encoding="utf-8")
    argv = ["report", "--source", "summary", str(export), "--map", str(mapping)]
    assert main([*argv, "--skip-bad-records", "--at", "2026-04-01T00:00:00+00:00"]) == 0
    out, err = capsys.readouterr()
    warning = (
        "warning: 1 of them read only day first (D/M/Y): the records kept were read month "
        "first (M/D/Y), so a date of theirs whose day is 12 or less may have its day and month "
        "swapped; if the export writes the day first, read it with dayfirst = true"
    )
    assert f"servicemodel report: {warning}\n" in err
    assert f"\n{warning}\n" in out
    assert "1 bad record(s) set aside: 1 not a valid M/D/Y timestamp\n" in out
    # Read day first, every row reads and nothing warns.
    mapping.write_text('tz = "Europe/London"\ndayfirst = true\n' + columns, encoding="utf-8")
    assert main([*argv, "--at", "2026-04-01T00:00:00+00:00"]) == 0
    out, err = capsys.readouterr()
    assert "set aside" not in out + err
    assert "day and month swapped" not in out + err


def test_the_reverse_order_warns_the_other_way() -> None:
    bad = [
        "a.csv: line 3: Created: ticket '7': Created '03/15/2026 09:00': not a valid D/M/Y "
        "timestamp: '03/15/2026 09:00' (read as dayfirst; dayfirst=False reads M/D/Y)"
    ]
    warning = date_order_warning(bad)
    assert warning is not None
    assert warning.startswith("1 of them read only month first (M/D/Y): the records kept were")
    assert warning.endswith("if the export writes the month first, read it with dayfirst = false")


_READ_MONTH_FIRST = (
    "a.csv: line {i}: Created: ticket '{i}': Created '28/02/2026 09:00': not a valid M/D/Y "
    "timestamp: '28/02/2026 09:00' (dayfirst=True reads D/M/Y)"
)
_READ_DAY_FIRST = (
    "b.csv: line {i}: Created: ticket '{i}': Created '03/15/2026 09:00': not a valid D/M/Y "
    "timestamp: '03/15/2026 09:00' (read as dayfirst; dayfirst=False reads M/D/Y)"
)


@settings(max_examples=40, deadline=None)
@given(st.lists(st.booleans(), min_size=1, max_size=12), st.integers(0, 3))
def test_the_date_order_warning_counts_each_order_as_its_own(
    orders: list[bool], other: int
) -> None:
    # Each record is said in the order its own hint offers: records read month first that
    # read only day first, and records read day first that read only month first, are counted
    # apart, and one order is never said of the other's records.
    texts = [
        (_READ_MONTH_FIRST if o else _READ_DAY_FIRST).format(i=i) for i, o in enumerate(orders)
    ]
    texts += [f"c.csv: line {i}: not valid CSV: x" for i in range(other)]
    warning = date_order_warning(texts)
    assert warning is not None
    day, month = sum(orders), len(orders) - sum(orders)
    if day and month:
        assert warning.startswith(
            f"{day + month} of them read only in the other order: {day} only day first (D/M/Y), "
            f"read month first, and {month} only month first (M/D/Y), read day first: the "
            "records kept were read in both orders"
        )
        assert "dayfirst = true reads D/M/Y, dayfirst = false M/D/Y" in warning
    elif day:
        assert warning.startswith(f"{day} of them read only day first (D/M/Y): the records "
                                  "kept were read month first (M/D/Y)")  # fmt: skip
        assert "month first (M/D/Y), so" in warning
        assert "read day first" not in warning
    else:
        assert warning.startswith(f"{month} of them read only month first (M/D/Y): the records "
                                  "kept were read day first (D/M/Y)")  # fmt: skip
        assert "read month first" not in warning


def test_a_mix_of_orders_is_said_as_a_mix_in_the_report() -> None:
    texts = [_READ_MONTH_FIRST.format(i=2), _READ_DAY_FIRST.format(i=3),
             _READ_MONTH_FIRST.format(i=4)]  # fmt: skip
    lines = set_aside_lines(texts)
    assert lines[1] == (
        "warning: 3 of them read only in the other order: 2 only day first (D/M/Y), read month "
        "first, and 1 only month first (M/D/Y), read day first: the records kept were read in "
        "both orders, so a date of theirs whose day is 12 or less may have its day and month "
        "swapped; read each export with the dayfirst its dates need (dayfirst = true reads "
        "D/M/Y, dayfirst = false M/D/Y)"
    )
