"""An Excel sheet (.xlsx) read directly by the one-row-per-ticket and event-log readers.

Each rule of ``servicemodel.io._xlsx`` has its test: typed cells read as their CSV text reads
(a date cell is naive: it needs ``tz=``), a number in a timestamp column, an Excel error or a
formula never calculated refused naming the cell, blank header cells and empty rows, the
sheet chosen, files that are no workbook refused saying what to do, the command line; and
the law: rows read from a sheet give the histories (and the errors, at the same lines and
columns) the same rows give written as CSV, one broken row costing no other.
"""

from __future__ import annotations

import csv
import functools
import re
import sys
import zipfile
from datetime import UTC, datetime, timedelta
from datetime import time as clock
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import openpyxl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from servicemodel.cli import main
from servicemodel.errors import ConfigError, NaiveDatetimeError, RecordError, UnreadableFileError
from servicemodel.io import eventlog, summary

BERLIN = ZoneInfo("Europe/Berlin")
ACTIVITIES = {"Opened": "customer_message", "Replied": "agent_reply"}


def _book(
    path: Path, rows: list[list[Any]], title: str = "Tickets", **more: list[list[Any]]
) -> Path:
    """A workbook at ``path`` whose sheet ``title`` holds ``rows`` (more sheets by name)."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = title
    for row in rows:
        ws.append(row)
    for name, extra in more.items():
        other = wb.create_sheet(name)
        for row in extra:
            other.append(row)
    wb.save(path)
    return path


def test_typed_cells_read_as_their_text_does(tmp_path: Path) -> None:
    path = _book(
        tmp_path / "tickets.xlsx",
        [
            ["id", "created_at", "first_reply_at", "solved_after_h", "rating", "channel"],
            [7, datetime(2026, 3, 2, 9), datetime(2026, 3, 2, 9, 40), None, 5, "Chat"],
            ["A-8", "2026-03-02T10:00:00+01:00", None, timedelta(hours=2, minutes=30), 4.0, None],
            ["A-9", datetime(2026, 3, 2, 9), clock(1, 30), None, None, None],
        ],
    )
    loaded = summary.load(path, tz="Europe/Berlin", columns={"first_reply": "first_reply_at"},
                          on_error="collect")  # fmt: skip
    seven, eight = loaded
    assert (seven.id, seven.created_at) == ("7", datetime(2026, 3, 2, 9, tzinfo=BERLIN))
    assert seven.first_reply_at() == datetime(2026, 3, 2, 9, 40, tzinfo=BERLIN)
    assert [r.score for r in seven.ratings()] == [5.0]
    assert seven.ticket.channel == "chat"
    # A text with an offset is read as in CSV; a [h]:mm:ss cell is a duration.
    assert eight.solved_at() == datetime(2026, 3, 2, 12, 30, tzinfo=BERLIN)
    # An h:mm cell is a time of day (its text, 01:30:00), no instant: the row's error.
    (err,) = loaded.errors
    assert (err.line, err.path) == (4, "first_reply_at")
    assert "'01:30:00'" in str(err)


def test_a_date_cell_without_tz_is_the_naive_error_of_a_csv_text(tmp_path: Path) -> None:
    rows = [["id", "created_at"], ["1", datetime(2026, 3, 2, 9)]]
    sheet = _book(tmp_path / "t.xlsx", rows)
    text = tmp_path / "t.csv"
    text.write_text("id,created_at\n1,2026-03-02 09:00\n")
    for path in (sheet, text):
        with pytest.raises(NaiveDatetimeError, match=r"line 2: created_at: timestamp .* no offset"):
            summary.load(path)
    with pytest.raises(NaiveDatetimeError, match=r"^.*t\.xlsx: sheet 'Tickets': line 2: "):
        summary.load(sheet, on_error="collect")  # the whole export lacks a zone, not a row


def test_a_number_in_a_timestamp_column_is_refused_naming_the_cell(tmp_path: Path) -> None:
    # 46083.375 is 2026-03-02 09:00 as Excel counts days: a date cell without a date format.
    path = _book(tmp_path / "t.xlsx", [
        ["id", "created_at", "solved_at"],
        ["1", datetime(2026, 3, 2, 9), 46083.5],
        ["2", 46083.375, None],
        ["3", datetime(2026, 3, 2, 9), None],
    ])  # fmt: skip
    loaded = summary.load(path, tz="UTC", on_error="collect")
    assert [h.id for h in loaded] == ["3"]
    first, second = loaded.errors
    assert str(first).startswith(
        f"{path}: sheet 'Tickets': line 2: solved_at: ticket '1': cell C2 holds the number "
        "46083.5, not a date"
    )
    assert (second.line, second.path) == (3, "created_at")
    assert "cell B3" in str(second)
    assert "give the column a date format in Excel" in str(second)


def test_an_event_log_with_timestamp_unit_reads_numbers_as_epoch_counts(tmp_path: Path) -> None:
    path = _book(tmp_path / "log.xlsx", [
        ["case:concept:name", "concept:name", "time:timestamp"],
        ["C1", "Opened", 1772442000],
        ["C1", "Replied", 1772442600],
    ], title="Log")  # fmt: skip
    (h,) = eventlog.load(path, activity_map=ACTIVITIES, timestamp_unit="s").histories
    assert h.first_reply_at() == datetime(2026, 3, 2, 9, 10, tzinfo=UTC)
    with pytest.raises(RecordError, match="cell C2 holds the number 1772442000, not a date"):
        eventlog.load(path, activity_map=ACTIVITIES)


def test_an_excel_error_is_the_error_of_its_row_only_where_its_column_is_read(
    tmp_path: Path,
) -> None:
    path = _book(tmp_path / "t.xlsx", [
        ["id", "created_at", "rating", "lookup"],
        ["1", "2026-03-02T09:00:00Z", "#N/A", "#VALUE!"],
        ["2", "2026-03-02T09:00:00Z", 4, "#REF!"],
    ])  # fmt: skip
    loaded = summary.load(path, on_error="collect")
    assert [h.id for h in loaded] == ["2"]  # "lookup" is not read: its #REF! is nothing
    (err,) = loaded.errors
    assert str(err) == (
        f"{path}: sheet 'Tickets': line 2: rating: ticket '1': cell C2 holds the Excel error "
        "'#N/A' (a formula that failed); fix it or clear it"
    )
    # Kept as an attribute, the column is read: its error cell is the row's error.
    kept = summary.load(path, attributes=["lookup"], on_error="collect")
    assert [(e.line, e.path) for e in kept.errors] == [(2, "rating"), (3, "lookup")]


def test_a_formula_never_calculated_says_so(tmp_path: Path) -> None:
    # openpyxl writes a formula without its value, as any program that does not calculate.
    path = _book(tmp_path / "t.xlsx", [
        ["id", "created_at", "first_reply_at"],
        ["1", "2026-03-02T09:00:00Z", "=B2+1/24"],
        ["=1+1", "2026-03-02T09:00:00Z", None],
    ])  # fmt: skip
    loaded = summary.load(path, on_error="collect")
    assert len(loaded) == 0
    first, second = loaded.errors
    assert "ticket '1': cell C2 holds a formula whose value was never saved" in str(first)
    assert "open it in Excel or LibreOffice and save it" in str(first)
    assert (second.line, second.path) == (3, "id")
    assert "ticket" not in second.message


def test_blank_header_cells_and_empty_rows(tmp_path: Path) -> None:
    path = tmp_path / "t.xlsx"
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Tickets"
    ws.append([])  # a blank row above the header
    ws.append(["Tickets export"])
    ws.merge_cells("A2:C2")  # a merged title: its other cells are blank
    wb.save(path)
    # A title row is the header: a sheet's header is its first non-empty row.
    with pytest.raises(
        ConfigError,
        match=r"column 'id' \(the default for id\) is not in the header of .*"
        r"sheet 'Tickets', which has \['Tickets export'\]",
    ):
        summary.load(path)
    _book(path, [
        ["id", None, "created_at", None],
        ["1", "a note", "2026-03-02T09:00:00Z", "another", "past the header"],
        [None, None, None],
        [],
        ["2", None, "2026-03-02T10:00:00Z"],
        [], [None],
    ])  # fmt: skip
    loaded = summary.load(path)
    assert [h.id for h in loaded] == ["1", "2"]
    assert loaded.lines_read == 5  # the last row read; the empty ones after it are nothing


def test_a_blank_row_is_skipped_in_a_sheet_as_in_its_csv(tmp_path: Path) -> None:
    # Excel saves an empty row of a sheet as ",,,": no record in either, not a row without
    # an id. A cell of only white space is as blank as an empty one; a note is not.
    header = ["id", "created_at", "channel"]
    rows: list[list[Any]] = [
        ["1", "2026-03-02T09:00:00Z", "email"],
        [None, None, None],
        [" ", None, "\t"],
        ["2", "2026-03-02T10:00:00Z", None],
        [None, None, "a note"],
        [None, None, None],
    ]
    sheet = _book(tmp_path / "t.xlsx", [header, *rows])
    text = _csv(tmp_path / "t.csv", header, rows)
    assert text.read_text().splitlines()[2:4] == [",,", " ,,\t"]
    for path in (sheet, text):
        loaded = summary.load(path, on_error="collect")
        assert [h.id for h in loaded] == ["1", "2"]
        assert [(e.line, e.path) for e in loaded.errors] == [(6, "id")]
        assert loaded.lines_read == 6  # the last row read; the blank one after it is nothing
    log = [["case:concept:name", "concept:name", "time:timestamp"],
           ["C1", "Opened", "2026-03-02T09:00:00Z"], [None, None, None], [" ", "", None],
           ["C1", "Replied", "2026-03-02T09:30:00Z"]]  # fmt: skip
    text = tmp_path / "log.csv"
    text.write_text("\n".join(",".join(c or "" for c in row) for row in log) + "\n")
    for path in (_book(tmp_path / "log.xlsx", log, title="Log"), text):
        loaded = eventlog.load(path, activity_map=ACTIVITIES, on_error="collect")
        assert [(h.id, h.first_reply_at()) for h in loaded.histories] == [
            ("C1", datetime(2026, 3, 2, 9, 30, tzinfo=UTC))
        ]
        assert loaded.errors == ()


def test_the_first_sheet_unless_one_is_named(tmp_path: Path) -> None:
    first = [["id", "created_at"], ["1", "2026-03-02T09:00:00Z"]]
    second = [["id", "created_at"], ["2", "2026-03-02T09:00:00Z"]]
    path = _book(tmp_path / "t.xlsx", first, title="Summary", Raw=second)
    assert [h.id for h in summary.load(path)] == ["1"]
    assert [h.id for h in summary.load(path, sheet="Raw")] == ["2"]
    with pytest.raises(
        ConfigError, match=r"^sheet: no sheet 'raw' in .*; it has \['Summary', 'Raw'\]"
    ):
        summary.load(path, sheet="raw")
    with pytest.raises(ConfigError, match="sheet: expected a sheet's name, got 0"):
        summary.load(path, sheet=0)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("content", "said"),
    [
        (
            bytes.fromhex("d0cf11e0a1b11ae1") + b"\0" * 504,
            "the file is an old binary Excel workbook (.xls) or one saved with a password",
        ),
        (
            b"id,created_at\n1,2026-03-02T09:00:00Z\n",
            "not an Excel workbook (.xlsx), as its name says",
        ),
        (None, "the file is a zip archive but no Excel workbook openpyxl reads"),
    ],
)
def test_a_file_named_xlsx_that_is_no_workbook_says_what_to_do(
    tmp_path: Path, content: bytes | None, said: str
) -> None:
    path = tmp_path / "t.xlsx"
    if content is None:
        with zipfile.ZipFile(path, "w") as z:
            z.writestr("tickets.csv", "id,created_at\n")
    else:
        path.write_bytes(content)
    for load in (summary.load, eventlog.load):
        with pytest.raises(UnreadableFileError, match=f"^{path}: {re.escape(said)}"):
            load(path)


def test_an_old_workbook_given_as_csv_says_to_save_it_as_xlsx(tmp_path: Path) -> None:
    path = tmp_path / "tickets.xls"
    path.write_bytes(bytes.fromhex("d0cf11e0a1b11ae1") + b"\xff" * 504)
    with pytest.raises(
        RecordError, match=r"old binary Excel workbook \(\.xls\).*save it in Excel as \.xlsx"
    ):
        summary.load(path)
    workbook = _book(tmp_path / "t.xlsx", [["id"]])
    renamed = workbook.rename(tmp_path / "t.csv")
    with pytest.raises(
        RecordError, match=r"zip archive .*named \.xlsx \(pip install 'servicemodel\[excel\]'\)"
    ):
        summary.load(renamed)


def test_an_event_log_sheet_sets_a_bad_case_aside_whole(tmp_path: Path) -> None:
    path = _book(tmp_path / "log.xlsx", [
        ["case:concept:name", "concept:name", "time:timestamp", "note"],
        ["C1", "Opened", datetime(2026, 3, 2, 9), "#N/A"],
        ["C1", "Replied", datetime(2026, 3, 2, 9, 40)],
        ["C2", "Opened", datetime(2026, 3, 2, 9)],
        ["C2", "Replied", "#VALUE!"],
        ["C2", "Replied", datetime(2026, 3, 2, 9, 50)],
        ["#N/A", "Opened", datetime(2026, 3, 2, 9)],
    ], title="Log")  # fmt: skip
    loaded = eventlog.load(path, activity_map=ACTIVITIES, tz="Europe/Berlin", on_error="collect")
    assert [(h.id, h.first_reply_at()) for h in loaded.histories] == [
        ("C1", datetime(2026, 3, 2, 9, 40, tzinfo=BERLIN))
    ]
    # (A case's error comes when the case ends, after the row without a case.)
    assert sorted((e.line, e.path) for e in loaded.errors) == [
        (5, "time:timestamp"), (7, "case:concept:name"),
    ]  # fmt: skip
    assert str(loaded.errors[1]).startswith(
        f"{path}: sheet 'Log': line 5: time:timestamp: case 'C2': cell C5 holds the Excel error"
    )


def test_the_command_line_reads_a_sheet(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    tickets = _book(tmp_path / "tickets.xlsx", [
        ["Ticket", "Created", "Solved"],
        ["1", datetime(2026, 3, 2, 9), datetime(2026, 3, 2, 11)],
        ["2", datetime(2026, 3, 2, 10), "#N/A"],
    ])  # fmt: skip
    log = _book(tmp_path / "log.xlsx", [["x"]], title="Notes", Log=[
        ["case", "activity", "at"],
        ["C1", "Opened", datetime(2026, 3, 2, 9)],
        ["C1", "Replied", datetime(2026, 3, 2, 9, 30)],
    ])  # fmt: skip
    ticket_map = tmp_path / "tickets.toml"
    ticket_map.write_text('tz = "Europe/Berlin"\n[columns]\nid = "Ticket"\ncreated = "Created"\n'
                          'solved = "Solved"\n')  # fmt: skip
    assert main(["report", "--source", "summary", str(tickets), "--map", str(ticket_map),
                 "--skip-bad-records"]) == 0  # fmt: skip
    out = capsys.readouterr().out
    assert "tickets: 1 " in out
    assert "sheet 'Tickets': line 3: Solved: ticket '2': cell C3 holds the Excel error" in out
    log_map = tmp_path / "log.toml"
    log_map.write_text('tz = "UTC"\nsheet = "Log"\n[columns]\ncase = "case"\n'
                       'activity = "activity"\ntimestamp = "at"\n[activity_map]\n'
                       'Opened = "customer_message"\nReplied = "agent_reply"\n')  # fmt: skip
    assert main(["report", "--source", "eventlog", str(log), "--map", str(log_map)]) == 0
    assert "tickets: 1" in capsys.readouterr().out


# -- the law: a sheet reads as its CSV --------------------------------------------------------

_START = datetime(2026, 3, 1)
_minutes = st.integers(0, 60 * 24 * 60)
_ticket = st.fixed_dictionaries({
    "created": st.one_of(_minutes, st.none()),  # none: the row's error (a value is required)
    "reply": st.one_of(st.none(), st.integers(-30, 600)),  # before creation: the row's error
    "rating": st.one_of(st.none(), st.integers(1, 5), st.sampled_from(["x", "9"])),
    "channel": st.sampled_from([None, "email", "Chat", "Self service"]),
})  # fmt: skip
#: A blank row: every cell empty (its CSV row ``,,,,``) or white space (`` ,,,,``).
_blank = st.sampled_from([None, " ", "\t"])


def _blank_row(width: int, fill: str | None) -> list[Any]:
    return [fill, *[None] * (width - 1)]


def _csv(path: Path, header: list[str], rows: list[list[Any]]) -> Path:
    with open(path, "w", newline="", encoding="utf-8") as fh:
        out = csv.writer(fh)
        out.writerow(header)
        for row in rows:
            out.writerow(["" if v is None else v.isoformat(sep=" ") if isinstance(v, datetime)
                          else v for v in row])  # fmt: skip
    return path


def _same(a: Any, b: Any) -> None:
    assert list(a.histories) == list(b.histories)
    assert [(e.line, e.path) for e in a.errors] == [(e.line, e.path) for e in b.errors]


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(tickets=st.lists(st.one_of(_ticket, _blank), max_size=12))
def test_a_sheet_gives_the_histories_its_csv_gives(
    tmp_path: Path, tickets: list[dict[str, Any] | str | None]
) -> None:
    # Blank rows among them: skipped by both, never a row's error.
    header = ["id", "created_at", "first_reply_at", "rating", "channel"]
    rows: list[list[Any]] = []
    for i, t in enumerate(tickets):
        if not isinstance(t, dict):
            rows.append(_blank_row(len(header), t))
            continue
        created = None if t["created"] is None else _START + timedelta(minutes=t["created"])
        reply = None
        if created is not None and t["reply"] is not None:
            reply = created + timedelta(minutes=t["reply"])
        rows.append([f"T{i}", created, reply, t["rating"], t["channel"]])
    sheet = _book(tmp_path / "law.xlsx", [header, *rows])
    text = _csv(tmp_path / "law.csv", header, rows)
    read = [summary.load(p, tz="Europe/Berlin", on_error="collect") for p in (sheet, text)]
    _same(*read)
    records = [t for t in tickets if isinstance(t, dict)]
    assert len(read[0]) + len(read[0].errors) == len(records)  # a bad row costs no other


@settings(
    max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    events=st.lists(
        st.one_of(
            st.tuples(st.integers(0, 4), st.sampled_from(["Opened", "Replied", "Lost"]), _minutes),
            _blank,
        ),
        max_size=15,
    )
)
def test_an_event_log_sheet_gives_the_histories_its_csv_gives(
    tmp_path: Path, events: list[tuple[int, str, int] | str | None]
) -> None:
    header = ["case:concept:name", "concept:name", "time:timestamp"]
    rows = [
        _blank_row(len(header), e)
        if not isinstance(e, tuple)
        else [f"C{e[0]}", e[1], _START + timedelta(minutes=e[2])]
        for e in events
    ]
    sheet = _book(tmp_path / "law.xlsx", [header, *rows], title="Log")
    text = _csv(tmp_path / "law.csv", header, rows)
    read = [eventlog.load(p, activity_map=ACTIVITIES, tz="Europe/Berlin", on_error="collect")
            for p in (sheet, text)]  # fmt: skip
    _same(*read)


def test_a_time_of_day_cell_is_a_duration_under_a_day_and_tags_repeat(tmp_path: Path) -> None:
    # An h:mm cell is its text, 00:45:00, which a duration role reads; a repeated tags
    # column (Jira writes Labels once per label) joins its copies' values, as in CSV.
    path = _book(tmp_path / "t.xlsx", [
        ["id", "created_at", "first_reply_after_min", "Labels", "Labels", "Labels"],
        ["1", "2026-03-02T09:00:00Z", clock(0, 45), "vpn", None, "network"],
    ])  # fmt: skip
    (h,) = summary.load(path, columns={"tags": "Labels"})
    assert h.first_reply_at() == datetime(2026, 3, 2, 9, 45, tzinfo=UTC)
    assert h.ticket.tags == {"vpn", "network"}


def test_without_the_sheet_parser_the_public_rows_are_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Another openpyxl without the parser used: its public read-only rows, the same histories
    # (a formula never calculated is then an empty cell, the one thing not told apart).
    path = _book(tmp_path / "t.xlsx", [
        ["id", "created_at", "rating", "solved_at"],
        [],
        ["1", datetime(2026, 3, 2, 9), 4, None],
        ["2", datetime(2026, 3, 2, 9), "#N/A", None],
        ["3", datetime(2026, 3, 2, 9), None, 46083.5],
    ])  # fmt: skip
    want = summary.load(path, tz="UTC", on_error="collect")
    monkeypatch.setitem(sys.modules, "openpyxl.worksheet._reader", None)
    got = summary.load(path, tz="UTC", on_error="collect")
    assert list(got) == list(want)
    assert [str(e) for e in got.errors] == [str(e) for e in want.errors]
    assert [(e.line, e.path) for e in got.errors] == [(4, "rating"), (5, "solved_at")]


def _rewritten(path: Path, part: str, old: str, new: str) -> Path:
    """``path`` with ``old`` replaced by ``new`` in the workbook's part ``part``."""
    with zipfile.ZipFile(path) as z:
        parts = {name: z.read(name) for name in z.namelist()}
    text = parts[part].decode()
    assert old in text
    parts[part] = text.replace(old, new).encode()
    with zipfile.ZipFile(path, "w") as z:
        for name, data in parts.items():
            z.writestr(name, data)
    return path


@pytest.mark.parametrize(
    ("new", "said"),
    [
        ('<c r="B2" t="d"><v>not a date</v></c>', "Invalid datetime value not a date"),
        ('<c r="B2"><v>abc</v></c>', "invalid literal for int()"),
        ('<c r="B2" t="s"><v>99</v></c>', "list index out of range"),
        ('<c r="B2" t="inlineStr"><is><t>x</t>', "mismatched tag"),
    ],
)
def test_a_broken_sheet_is_an_unreadable_file_at_its_row(
    tmp_path: Path, new: str, said: str
) -> None:
    # A cell whose value is not its type's, or XML that does not parse: openpyxl's own
    # ValueError, IndexError or ParseError is the file's error, naming the sheet and row.
    header = ["case:concept:name", "time:timestamp", "concept:name"]
    path = _rewritten(
        _book(tmp_path / "t.xlsx", [header, ["1", "x", "Opened"]]),
        "xl/worksheets/sheet1.xml",
        '<c r="B2" t="inlineStr"><is><t>x</t></is></c>',
        new,
    )
    columns = {"id": "case:concept:name", "created": "time:timestamp"}
    for load in (functools.partial(summary.load, columns=columns), eventlog.load):
        with pytest.raises(UnreadableFileError) as caught:
            load(path, on_error="collect")
        # XML is parsed ahead of the rows: its error names no row.
        line = "" if said == "mismatched tag" else "line 2: "
        assert str(caught.value).startswith(f"{path}: sheet 'Tickets': {line}the sheet ")
        assert said in str(caught.value)


def test_a_workbook_openpyxl_fails_on_is_an_unreadable_file(tmp_path: Path) -> None:
    # A chartsheet without a chart: openpyxl's AttributeError is the file's error.
    wb = openpyxl.Workbook()
    wb.active.append(["id", "created_at"])
    wb.create_chartsheet("Chart", 0)
    wb.save(tmp_path / "t.xlsx")
    with pytest.raises(
        UnreadableFileError, match=r"zip archive but no Excel workbook openpyxl reads \('list'"
    ):
        summary.load(tmp_path / "t.xlsx")


def test_the_public_rows_ignore_a_dimension_the_sheet_claims(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A sheet claiming A1:XFD1048576: openpyxl's public rows would be 16,384 cells each.
    from openpyxl.worksheet._read_only import ReadOnlyWorksheet

    path = _rewritten(
        _book(tmp_path / "t.xlsx", [["id", "created_at"], ["1", datetime(2026, 3, 2, 9)]]),
        "xl/worksheets/sheet1.xml",
        '<dimension ref="A1:B2" />',
        '<dimension ref="A1:XFD1048576" />',
    )
    widths: list[int] = []
    iter_rows = ReadOnlyWorksheet.iter_rows

    def measured(self: Any, *args: Any, **kwargs: Any) -> Any:
        for row in iter_rows(self, *args, **kwargs):
            widths.append(len(row))
            yield row

    monkeypatch.setattr(ReadOnlyWorksheet, "iter_rows", measured)
    monkeypatch.setitem(sys.modules, "openpyxl.worksheet._reader", None)
    (h,) = summary.load(path, tz="UTC")
    assert h.created_at == datetime(2026, 3, 2, 9, tzinfo=UTC)
    assert widths == [2, 2]


def test_a_number_in_a_date_format_past_the_dates_names_the_number(tmp_path: Path) -> None:
    # openpyxl reads such a cell as its own "#VALUE!" (and warns): the error names the number
    # and says what it is, not "an Excel error (a formula that failed)".
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Tickets"
    ws.append(["id", "created_at", "note"])
    ws.append(["1", 1e12, 1e12])
    ws.append(["2", datetime(2026, 3, 2, 9), 1e12])
    for cell in ("B2", "C2", "C3"):
        ws[cell].number_format = "yyyy-mm-dd"
    wb.save(tmp_path / "t.xlsx")
    with pytest.warns(UserWarning, match="outside the limits for dates"):
        loaded = summary.load(tmp_path / "t.xlsx", tz="UTC", on_error="collect")
    assert [h.id for h in loaded] == ["2"]  # the note column is not read
    (err,) = loaded.errors
    assert (err.line, err.path) == (2, "created_at")
    assert "cell B2 holds the number 1000000000000 in a date format, past the dates" in str(err)
    assert "Excel error" not in str(err)
