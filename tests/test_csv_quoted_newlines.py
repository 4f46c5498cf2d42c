"""CSV files whose quoted cells hold line breaks (RFC 4180), a byte-order mark and CRLF ends.

A spreadsheet writes a multi-line cell as a quoted field with a line break in it; the row then
spans lines. Every reader of a CSV *file* reads such a row as one record whose errors name the
line it starts on, and keeps the cell's line break as written.
"""

from __future__ import annotations

import csv
import io
import json
import re
import tempfile
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from servicemodel._assess_cli import _survey
from servicemodel.errors import RecordError
from servicemodel.io import freshdesk, summary
from servicemodel.io._shared import csv_records
from servicemodel.qa import Criterion, Scale, Scorecard, Section, load_evaluations
from servicemodel.selfservice import load_sessions
from servicemodel.servqual import SERVQUAL_1991, responses_from_rows

BOM = "\ufeff"


def _write(path: Path, text: str) -> Path:
    path.write_bytes(text.encode("utf-8"))
    return path


def _csv_text(rows: list[list[str]], terminator: str = "\r\n") -> str:
    """``rows`` as csv.writer writes them. It quotes a cell holding a character of its line
    terminator only, so with ``\n`` every cell is quoted: a bare \r would end the line."""
    out = io.StringIO()
    quoting = csv.QUOTE_MINIMAL if terminator == "\r\n" else csv.QUOTE_ALL
    csv.writer(out, lineterminator=terminator, quoting=quoting).writerows(rows)
    return out.getvalue()


def _line(row: list[str]) -> str:
    """One row as one line given in Python (a quoted cell may still hold a line break)."""
    return _csv_text([row]).removesuffix("\r\n")


# --- the shared row reader --------------------------------------------------------------------


def test_csv_records_names_a_row_by_its_first_line() -> None:
    text = 'a,b\r\n1,"x\r\ny\r\nz"\r\n\r\n2,"q"\r\n3,"open\r\nstill\r\n'
    got = list(csv_records(io.StringIO(text, newline="")))
    assert [n for n, _ in got] == [1, 2, 6, 7]
    assert got[1][1] == ["1", "x\r\ny\r\nz"]
    assert got[2][1] == ["2", "q"]
    assert isinstance(got[3][1], csv.Error)


def test_csv_records_goes_on_after_text_past_a_closing_quote() -> None:
    text = 'a,b\n1,"x"y\n2,z\n'
    got = list(csv_records(io.StringIO(text, newline="")))
    assert [n for n, _ in got] == [1, 2, 3]
    assert isinstance(got[1][1], csv.Error)
    assert got[2][1] == ["2", "z"]


# --- io.summary.load (one row per ticket; the event-log reader reads files the same way) ------


def test_summary_file_with_quoted_line_breaks_bom_and_crlf(tmp_path: Path) -> None:
    rows = [
        ["Ticket ID", "Created", "Subject"],
        ["S-1", "2026-03-02T09:00:00Z", "two\r\nlines"],
        ["S-2", "2026-03-02T10:00:00Z", "x"],
        ["S-3", "not a time", "y"],
    ]
    path = _write(tmp_path / "tickets.csv", BOM + _csv_text(rows))
    loaded = summary.load(
        path,
        columns={"id": "Ticket ID", "created": "Created"},
        attributes=["Subject"],
        on_error="collect",
    )
    assert [(h.id, h.ticket.attributes["Subject"]) for h in loaded.histories] == [
        ("S-1", "two\r\nlines"),
        ("S-2", "x"),
    ]
    assert [(e.line, e.path) for e in loaded.errors] == [(5, "Created")]


# --- selfservice.load_sessions ------------------------------------------------------------------

SESSION_HEADER = ["session_id", "customer_id", "started_at", "article_ids"]


def test_sessions_file_with_quoted_line_breaks_bom_and_crlf(tmp_path: Path) -> None:
    rows = [
        SESSION_HEADER,
        ["s1", "ann\r\nsmith", "2026-03-02T09:00:00Z", "kb-1;kb-2"],
        ["s2", "bob", "2026-03-02T10:00:00Z", ""],
    ]
    path = _write(tmp_path / "sessions.csv", BOM + _csv_text(rows))
    loaded = load_sessions(path)
    assert [(s.id, s.customer, s.articles) for s in loaded] == [
        ("s1", "ann\r\nsmith", ("kb-1", "kb-2")),
        ("s2", "bob", ()),
    ]
    assert loaded.lines_read == 4


def test_sessions_error_names_the_first_line_of_a_spanning_record(tmp_path: Path) -> None:
    rows = [
        SESSION_HEADER,
        ["s1", "ann\nsmith\njr", "not a time", ""],
        ["s2", "bob", "2026-03-02T10:00:00Z", ""],
        ["s3", "", "2026-03-02T10:00:00Z", ""],
    ]
    path = _write(tmp_path / "sessions.csv", _csv_text(rows, "\n"))
    loaded = load_sessions(path, on_error="collect")
    assert [s.id for s in loaded] == ["s2"]
    assert [(e.line, e.path) for e in loaded.errors] == [(2, "started_at"), (6, "customer_id")]
    with pytest.raises(RecordError, match=r"line 2: started_at"):
        load_sessions(path)


def test_sessions_line_separator_in_a_cell_is_no_line_break(tmp_path: Path) -> None:
    # str.splitlines splits at U+2028 and a form feed; a CSV (or JSON) file does not.
    path = _write(
        tmp_path / "sessions.csv",
        "session_id,customer_id,started_at\ns1,a\u2028b\x0cc,2026-03-02T09:00:00Z\n",
    )
    assert [s.customer for s in load_sessions(path)] == ["a\u2028b\x0cc"]
    record = {"session_id": "s1", "customer_id": "a\u2028b", "started_at": "2026-03-02T09:00Z"}
    jsonl = _write(tmp_path / "sessions.jsonl", json.dumps(record, ensure_ascii=False) + "\r\n")
    assert [s.customer for s in load_sessions(jsonl)] == ["a\u2028b"]


def test_sessions_quote_left_open_is_an_error_for_its_first_line(tmp_path: Path) -> None:
    text = 'session_id,customer_id,started_at\ns1,ann,2026-03-02T09:00Z\ns2,"bob\ns3,x,y\n'
    path = _write(tmp_path / "sessions.csv", text)
    loaded = load_sessions(path, on_error="collect")
    assert [s.id for s in loaded] == ["s1"]
    assert [(e.line, e.message) for e in loaded.errors] == [
        (3, "not valid CSV: a quoted field does not close before the end of the file")
    ]


def test_sessions_given_lines_refuse_a_quote_left_open() -> None:
    # It was read as the value 'bob' (the quote dropped).
    lines = ["session_id,customer_id,started_at", 's2,"bob,2026-03-02T09:00Z']
    with pytest.raises(RecordError, match="line 2: not valid CSV: a quoted field does not close"):
        load_sessions(lines, format="csv")


# Cells of commas, quotes, line breaks of each kind, white space and any other character.
_cells = st.lists(
    st.one_of(
        st.sampled_from([",", '"', "\n", "\r\n", "\r", ";", " ", "é", "\u2028", "\U0001f600"]),
        st.characters(codec="utf-8", exclude_characters="\x00"),
    ),
    max_size=12,
).map("".join)
_nonblank = _cells.filter(lambda c: bool(c.strip()))


@st.composite
def _session_records(draw: st.DrawFn) -> list[dict[str, str]]:
    ids = draw(st.lists(_nonblank, max_size=6, unique_by=str.strip))
    return [
        {
            "session_id": sid,
            "customer_id": draw(_nonblank),
            "started_at": f"2026-03-02T09:{i:02d}:00Z",
            "article_ids": draw(st.sampled_from(["", "kb-1", "kb-1;kb-2"])),
        }
        for i, sid in enumerate(ids)
    ]


@given(_session_records(), st.sampled_from(["\r\n", "\n"]), st.booleans())
def test_sessions_csv_file_reads_as_its_records(
    records: list[dict[str, str]], terminator: str, bom: bool
) -> None:
    """A CSV file written by csv.writer gives the sessions of the same records as JSON Lines,
    and as CSV lines given one record each."""
    rows = [SESSION_HEADER, *([r[c] for c in SESSION_HEADER] for r in records)]
    text = _csv_text(rows, terminator)
    with tempfile.TemporaryDirectory() as tmp:
        path = _write(Path(tmp) / "s.csv", (BOM if bom else "") + text)
        from_file = load_sessions(path)
    as_jsonl = load_sessions([json.dumps(r) for r in records], format="jsonl")
    one_per_line = load_sessions([_line(row) for row in rows], format="csv")
    assert from_file.sessions == as_jsonl.sessions == one_per_line.sessions
    assert [s.customer for s in from_file] == [r["customer_id"].strip() for r in records]
    # Every physical line counts, a cell's own line breaks included (\r\n, \n or \r).
    assert from_file.lines_read == len(re.findall(r"\r\n|\r|\n", text))


# --- qa.load_evaluations ----------------------------------------------------------------------

CARD = Scorecard("c", [Section("s", [Criterion("tone", Scale.parse("1-5"))])])
QA_HEADER = ["ticket_id", "agent", "rater", "date", "team", "tone"]


def test_evaluations_file_with_quoted_line_breaks_bom_and_crlf(tmp_path: Path) -> None:
    rows = [
        QA_HEADER,
        ["T1", "ann", "rob", "2026-03-02", "north\r\nwest", "4"],
        ["T2", "bo", "rob", "2026-03-02", "", "3"],
    ]
    path = _write(tmp_path / "qa.csv", BOM + _csv_text(rows))
    loaded = load_evaluations(path, CARD)
    assert [(e.ticket_id, e.team) for e in loaded] == [("T1", "north\r\nwest"), ("T2", None)]
    assert loaded.lines_read == 4


def test_evaluations_error_names_the_first_line_of_a_spanning_row(tmp_path: Path) -> None:
    # The row's second line was read as an evaluation of ticket 'west"' (silently).
    text = 'ticket_id,agent,rater,date,team,tone\nT1,ann,rob,2026-03-02,"north\nwest",9\n'
    path = _write(tmp_path / "qa.csv", text)
    loaded = load_evaluations(path, CARD, on_error="collect")
    assert list(loaded) == []
    assert [(e.line, e.path) for e in loaded.errors] == [(2, "tone")]


def test_evaluations_quote_left_open_is_an_error(tmp_path: Path) -> None:
    text = 'ticket_id,agent,rater,date,tone\nT1,"ann,rob,2026-03-02,4\nT2,bo,rob,2026-03-02,3\n'
    path = _write(tmp_path / "qa.csv", text)
    loaded = load_evaluations(path, CARD, on_error="collect")
    assert [(e.line, e.message) for e in loaded.errors] == [
        (2, "not valid CSV: a quoted field does not close before the end of the file")
    ]
    with pytest.raises(RecordError, match="line 2: not valid CSV: a quoted field does not close"):
        load_evaluations([text.splitlines()[0], text.splitlines()[1]], CARD)


@st.composite
def _qa_rows(draw: st.DrawFn) -> list[list[str]]:
    tickets = draw(st.lists(_nonblank, max_size=6, unique_by=str.strip))
    return [
        [t, draw(_nonblank), "rob", "2026-03-02", draw(_cells), str(draw(st.integers(1, 5)))]
        for t in tickets
    ]


@given(_qa_rows(), st.sampled_from(["\r\n", "\n"]), st.booleans())
def test_evaluations_csv_file_reads_as_its_rows(
    rows: list[list[str]], terminator: str, bom: bool
) -> None:
    """A CSV file written by csv.writer gives the evaluations of the same rows given as CSV
    lines, one row each."""
    text = _csv_text([QA_HEADER, *rows], terminator)
    with tempfile.TemporaryDirectory() as tmp:
        path = _write(Path(tmp) / "qa.csv", (BOM if bom else "") + text)
        from_file = load_evaluations(path, CARD)
    given_lines = load_evaluations([_line(r) for r in [QA_HEADER, *rows]], CARD)
    assert from_file.evaluations == given_lines.evaluations
    assert [e.ticket_id for e in from_file] == [r[0].strip() for r in rows]


# --- the assess command's SERVQUAL survey file --------------------------------------------------

SURVEY_HEADER = [
    "respondent",
    "comment",
    *(f"E{i}" for i in range(1, 23)),
    *(f"P{i}" for i in range(1, 23)),
]


def test_survey_rows_are_named_by_their_first_line(tmp_path: Path) -> None:
    # The rows after a spanning row or a blank line were named a line too early, and the
    # byte-order mark hid the respondent column (a respondent read twice went unnoticed).
    rows = [
        SURVEY_HEADER,
        ["r1", "two\r\nlines", *["6"] * 44],
        ["r2", "ok", *["6"] * 43, "x"],
    ]
    text = _csv_text(rows[:2]) + "\r\n" + _csv_text(rows[2:])
    path = _write(tmp_path / "survey.csv", BOM + text)
    with pytest.raises(RecordError, match=r"line 5: P22: not a whole number: 'x'"):
        _survey(str(path), SERVQUAL_1991)
    again = _write(tmp_path / "again.csv", BOM + _csv_text([*rows[:2], ["r1", "", *["5"] * 44]]))
    with pytest.raises(RecordError, match=r"line 4: respondent: 'r1' was already read on line 2"):
        _survey(str(again), SERVQUAL_1991)


@st.composite
def _survey_rows(draw: st.DrawFn) -> list[list[str]]:
    labels = draw(st.lists(_nonblank, max_size=4, unique_by=lambda s: s))
    return [
        [
            label,
            draw(_cells),
            *(str(draw(st.integers(1, 7))) for _ in range(44)),
        ]
        for label in labels
    ]


@given(_survey_rows(), st.sampled_from(["\r\n", "\n"]), st.booleans())
def test_survey_file_reads_as_its_rows(rows: list[list[str]], terminator: str, bom: bool) -> None:
    """A survey file written by csv.writer gives the responses of the same rows as dicts."""
    text = _csv_text([SURVEY_HEADER, *rows], terminator)
    with tempfile.TemporaryDirectory() as tmp:
        path = _write(Path(tmp) / "survey.csv", (BOM if bom else "") + text)
        from_file = _survey(str(path), SERVQUAL_1991)
    as_dicts = list(responses_from_rows([dict(zip(SURVEY_HEADER, r, strict=True)) for r in rows]))
    assert from_file == as_dicts
    assert [r.respondent for r in from_file] == [row[0] for row in rows]


# --- io.freshdesk JSON Lines: a line separator in a string is no line break ---------------------


def test_freshdesk_json_lines_keep_a_line_separator_in_a_string(tmp_path: Path) -> None:
    recs = json.loads(Path("tests/data/freshdesk/tickets_page1.json").read_text())
    recs[0]["subject"] = "printer\u2028down\x0cagain"
    path = tmp_path / "tickets.jsonl"
    lines = [json.dumps(r, ensure_ascii=False) for r in recs]
    path.write_bytes((BOM + "\r\n".join(lines) + "\r\n").encode("utf-8"))
    loaded = freshdesk.load(path, status_map={6: ("on_hold", "Waiting on Third Party")})
    assert [h.id for h in loaded] == ["101", "102", "103"]
    assert loaded.errors == ()


# --- dask: a pandas frame of event rows ---------------------------------------------------------


@pytest.mark.parametrize("subject", ["printer\u2028down", "form\x0cfeed", 'say "hi", then'])
def test_frame_rows_keep_a_line_separator_in_a_cell(subject: str) -> None:
    pd = pytest.importorskip("pandas")
    from servicemodel.dask import _frame_histories

    row = {
        "ticket_id": "A",
        "created_at": "2026-01-05T09:00:00Z",
        "attr_subject": subject,
        "event_id": "e1",
        "event_kind": "agent_reply",
        "event_at": "2026-01-05T09:03:00Z",
    }
    (history,) = _frame_histories(pd.DataFrame([row]))
    assert history.ticket.attributes == {"subject": subject}


@pytest.mark.parametrize("subject", ["two\nlines", "two\r\nlines", "bare\rreturn"])
def test_frame_cell_with_a_line_break_is_named(subject: str) -> None:
    pd = pytest.importorskip("pandas")
    from servicemodel.dask import _frame_histories

    row = {"ticket_id": "A", "created_at": "2026-01-05T09:00:00Z", "attr_subject": subject}
    with pytest.raises(RecordError, match=r"line 2: attr_subject: a quoted field opens"):
        _frame_histories(pd.DataFrame([row]))
