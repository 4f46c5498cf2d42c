"""The event-log and one-row readers on what a new analyst hits: a mapped column the header
lacks, Excel's ``;`` CSV with a BOM, a cp1252 file, float ids from frames, the --map keys of
the one-row reader, a log without channels, and a naive timestamp in our own CSV."""

from __future__ import annotations

import csv
import io
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from servicemodel import cli
from servicemodel.errors import ConfigError, NaiveDatetimeError, RecordError
from servicemodel.io import eventlog, summary, zendesk
from servicemodel.io._columns import check_columns, delimiter_of
from servicemodel.io._csv import load_csv
from servicemodel.io._sources import SourceMap, load_source
from servicemodel.model import KNOWN_CHANNELS, Ticket

LOG_HEADER = ["Case ID", "Activity", "Timestamp", "Agent"]
LOG_ROWS = [
    ["C1", "Opened", "2026-03-02T09:00:00+01:00", ""],
    ["C1", "Replied", "2026-03-02T09:40:00+01:00", "ana"],
    ["C1", "Resolved", "2026-03-02T11:00:00+01:00", "ana"],
    ["C2", "Opened", "2026-03-02T10:00:00Z", ""],
]
LOG_COLUMNS = {"case": "Case ID", "activity": "Activity", "timestamp": "Timestamp"}
LOG_OPTIONS: dict[str, Any] = {
    "activity_map": {"Opened": "customer_message", "Replied": "agent_reply"},
    "status_map": {"Resolved": "solved"},
}
ROW_HEADER = ["Ticket ID", "Created", "Solved", "Rating"]
ROW_ROWS = [
    ["S-1", "2026-03-02T09:00:00Z", "2026-03-02T15:00:00Z", "good"],
    ["S-2", "2026-03-02T10:00:00Z", "", "bad"],
]
ROW_COLUMNS = {"id": "Ticket ID", "created": "Created", "solved": "Solved", "rating": "Rating"}
ROW_OPTIONS: dict[str, Any] = {"rating_map": {"good": 1, "bad": 0}, "rating_scale": (0, 1)}


def write(path: Path, header: list[str], rows: list[list[str]], **fmt: Any) -> Path:
    encoding = fmt.pop("encoding", "utf-8")
    with open(path, "w", newline="", encoding=encoding) as fh:
        csv.writer(fh, **fmt).writerows([header, *rows])
    return path


def shape(histories: Any) -> list[tuple[Any, ...]]:
    """What a reader made of the rows, to compare two readings without the code under test."""
    return [
        (h.id, h.ticket.channel, h.created_at, tuple((e.kind, e.at) for e in h.events))
        for h in histories
    ]


# -- 1. a column asked for that the header or frame lacks --------------------------------------


def test_eventlog_mapped_column_not_in_header_is_one_error_before_any_row(tmp_path: Path) -> None:
    path = write(tmp_path / "log.csv", LOG_HEADER, LOG_ROWS)
    columns = {**LOG_COLUMNS, "case": "case_id"}
    for on_error in ("raise", "collect"):
        with pytest.raises(ConfigError) as caught:
            eventlog.load(path, columns=columns, on_error=on_error, **LOG_OPTIONS)
        err = caught.value
        assert not isinstance(err, RecordError)  # the file's mapping, not one bad row
        # The option's error, at its field (a --map file is its source); the file is named.
        assert (err.source, err.path) == (None, "columns.case")
        assert f"column 'case_id' for case is not in the header of {path}," in err.message
        assert str(LOG_HEADER) in err.message
        assert "did you mean 'Case ID'?" in err.message


def test_summary_mapped_column_not_in_header_is_one_error(tmp_path: Path) -> None:
    path = write(tmp_path / "t.csv", ROW_HEADER, ROW_ROWS)
    with pytest.raises(ConfigError) as caught:
        summary.load(path, columns={**ROW_COLUMNS, "id": "ticket_id"}, **ROW_OPTIONS)
    assert caught.value.path == "columns.id"
    assert "did you mean 'Ticket ID'?" in caught.value.message
    # A required default column absent: named as the default.
    with pytest.raises(ConfigError, match=r"column 'created_at' \(the default for created\)"):
        summary.load(path, columns={"id": "Ticket ID"}, **ROW_OPTIONS)


def test_optional_columns_asked_for_must_exist_defaults_may_be_absent(tmp_path: Path) -> None:
    path = write(tmp_path / "log.csv", LOG_HEADER, LOG_ROWS)
    # The default org:resource is absent: silently unused, as before.
    assert len(eventlog.load(path, columns=LOG_COLUMNS, **LOG_OPTIONS)) == 2
    with pytest.raises(ConfigError, match=r"columns\.resource: column 'agent' for resource"):
        eventlog.load(path, columns={**LOG_COLUMNS, "resource": "agent"}, **LOG_OPTIONS)
    rows = write(tmp_path / "t.csv", ROW_HEADER, ROW_ROWS)
    cols = {k: v for k, v in ROW_COLUMNS.items() if k != "rating"}
    assert len(summary.load(rows, columns=cols)) == 2  # default "rating" etc. absent: fine
    with pytest.raises(ConfigError, match=r"columns\.channel: column 'Channel' for channel"):
        summary.load(rows, columns={**ROW_COLUMNS, "channel": "Channel"}, **ROW_OPTIONS)


def test_an_optional_column_in_one_of_several_files_is_enough(tmp_path: Path) -> None:
    # Files of one export may differ in optional columns; a required one is in each.
    a = write(tmp_path / "a.csv", ROW_HEADER, ROW_ROWS[:1])
    b = write(tmp_path / "b.csv", ROW_HEADER[:2], [["S-3", "2026-03-03T09:00:00Z"]])
    assert [h.id for h in summary.load([a, b], columns=ROW_COLUMNS, **ROW_OPTIONS)] == [
        "S-1",
        "S-3",
    ]
    c = write(tmp_path / "c.csv", ["Ticket ID"], [["S-4"]])
    with pytest.raises(ConfigError) as caught:
        summary.load([a, c], columns=ROW_COLUMNS, **ROW_OPTIONS)
    assert (caught.value.source, caught.value.path) == (None, "columns.created")
    assert f"is not in the header of {c}," in caught.value.message


@pytest.mark.parametrize("library", ["pandas", "polars"])
def test_frames_name_the_missing_column_and_the_frames_columns(library: str) -> None:
    lib = pytest.importorskip(library)
    log = lib.DataFrame(dict(zip(LOG_HEADER, map(list, zip(*LOG_ROWS, strict=True)), strict=True)))
    read = eventlog.from_pandas if library == "pandas" else eventlog.from_polars
    with pytest.raises(ConfigError) as caught:
        read(log, columns={**LOG_COLUMNS, "timestamp": "time"}, **LOG_OPTIONS)
    assert caught.value.path == "columns.timestamp"
    assert f"is not in the frame, which has {LOG_HEADER}" in caught.value.message
    assert "did you mean 'Timestamp'?" in caught.value.message
    rows = lib.DataFrame(dict(zip(ROW_HEADER, map(list, zip(*ROW_ROWS, strict=True)), strict=True)))
    read_rows = summary.from_pandas if library == "pandas" else summary.from_polars
    with pytest.raises(ConfigError, match=r"columns\.id: column 'id' \(the default for id\)"):
        read_rows(rows, columns={"created": "Created"})


NAMES = st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), min_size=1, max_size=12)


@given(header=st.lists(NAMES, min_size=1, max_size=6, unique=True), asked=NAMES)
def test_the_error_lists_the_header_and_suggests_only_its_columns(
    header: list[str], asked: str
) -> None:
    if asked in header:
        check_columns(header, {"case": asked}, [("case", True)])  # present: no error
        return
    with pytest.raises(ConfigError) as caught:
        check_columns(header, {"case": asked}, [("case", True)])
    message = caught.value.message
    assert caught.value.path == "columns.case"
    assert repr(header) in message or len(repr(header)) > 290
    if "did you mean " in message:
        suggested = message.split("did you mean ", 1)[1].rsplit("?)", 1)[0]
        assert suggested in {repr(h) for h in header}


# -- 2. Excel's CSV: ';' (or tab, '|'), a BOM, CRLF ------------------------------------------


@given(
    delimiter=st.sampled_from([",", ";", "\t", "|"]),
    bom=st.booleans(),
    crlf=st.booleans(),
)
def test_any_spreadsheet_delimiter_reads_as_the_comma_file(
    tmp_path_factory: pytest.TempPathFactory, delimiter: str, bom: bool, crlf: bool
) -> None:
    d = tmp_path_factory.mktemp("delim")
    plain = write(d / "plain.csv", LOG_HEADER, LOG_ROWS)
    excel = write(
        d / "excel.csv",
        LOG_HEADER,
        LOG_ROWS,
        delimiter=delimiter,
        lineterminator="\r\n" if crlf else "\n",
        encoding="utf-8-sig" if bom else "utf-8",
    )
    want = shape(eventlog.load(plain, columns=LOG_COLUMNS, **LOG_OPTIONS))
    assert shape(eventlog.load(excel, columns=LOG_COLUMNS, **LOG_OPTIONS)) == want
    rows_plain = write(d / "rows.csv", ROW_HEADER, ROW_ROWS)
    rows_excel = write(
        d / "rows_excel.csv",
        ROW_HEADER,
        ROW_ROWS,
        delimiter=delimiter,
        lineterminator="\r\n" if crlf else "\n",
        encoding="utf-8-sig" if bom else "utf-8",
    )
    want_rows = shape(summary.load(rows_plain, columns=ROW_COLUMNS, **ROW_OPTIONS))
    got_rows = shape(summary.load(rows_excel, columns=ROW_COLUMNS, **ROW_OPTIONS))
    assert got_rows == want_rows


@given(delimiter=st.sampled_from([",", ";", "\t", "|"]), bom=st.booleans())
def test_our_own_csv_file_reads_with_any_delimiter(
    tmp_path_factory: pytest.TempPathFactory, delimiter: str, bom: bool
) -> None:
    header = ["ticket_id", "created_at", "channel", "event_id", "event_kind", "event_at"]
    rows = [["A", "2026-01-05T09:00:00Z", "chat", "e1", "agent_reply", "2026-01-05T09:03:00Z"]]
    d = tmp_path_factory.mktemp("own")
    plain = write(d / "plain.csv", header, rows)
    other = write(
        d / "other.csv", header, rows, delimiter=delimiter,
        encoding="utf-8-sig" if bom else "utf-8",
    )  # fmt: skip
    assert shape(load_csv(other)) == shape(load_csv(plain))


def test_the_bom_never_ends_up_in_the_first_column_name(tmp_path: Path) -> None:
    path = write(tmp_path / "bom.csv", LOG_HEADER, LOG_ROWS, delimiter=";", encoding="utf-8-sig")
    # "Case ID" found: with the BOM kept it would be "\ufeffCase ID" and missing.
    assert [h.id for h in eventlog.load(path, columns=LOG_COLUMNS, **LOG_OPTIONS)] == ["C1", "C2"]


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        ("a;b,c", ","),  # one of each: unclear, the comma
        ("Ticket ID", ","),  # one column: nothing to decide
        ('"Name; first",Created', ","),  # a ';' inside quotes does not count
        ("a|b|c,d", "|"),
        ("a\tb\tc", "\t"),
    ],
)
def test_delimiter_detection_keeps_the_comma_when_ambiguous(header: str, expected: str) -> None:
    assert delimiter_of(header) == expected


# -- 3. a file that is not UTF-8 ----------------------------------------------------------------


def test_a_cp1252_file_names_line_and_byte_and_what_to_do(tmp_path: Path) -> None:
    path = tmp_path / "log.csv"
    rows = [*LOG_ROWS[:2], ["C1", "Resolved", "2026-03-02T11:00:00+01:00", "Zoë"]]
    write(path, LOG_HEADER, rows, encoding="cp1252")
    for load in (
        lambda **o: eventlog.load(path, columns=LOG_COLUMNS, **LOG_OPTIONS, **o),
        lambda **o: summary.load(path, columns={"id": "Case ID", "created": "Timestamp"}, **o),
    ):
        with pytest.raises(RecordError) as caught:
            load()
        err = caught.value
        assert (err.source, err.line) == (str(path), 4)
        assert "not UTF-8 text (byte 0xeb)" in err.message  # 'ë' in cp1252
        assert "save the file as UTF-8" in err.message
        assert "encoding=" in err.message
    (h,) = eventlog.load(
        path, columns={**LOG_COLUMNS, "resource": "Agent"}, encoding="cp1252", **LOG_OPTIONS
    )
    assert h.events[-1].kind == "status_change"
    with pytest.raises(ConfigError, match="encoding: unknown encoding 'latin-9000'"):
        eventlog.load(path, columns=LOG_COLUMNS, encoding="latin-9000")


def test_a_json_file_that_is_not_utf8_names_line_and_byte(tmp_path: Path) -> None:
    path = tmp_path / "pages.json"
    path.write_bytes(b'{"tickets": [\n{"id": 1, "subject": "Caf\xe9"}]}')
    with pytest.raises(RecordError) as caught:
        zendesk.load(path)
    assert (caught.value.source, caught.value.line) == (str(path), 2)
    assert "not UTF-8 text (byte 0xe9); save the file as UTF-8" in caught.value.message
    assert "encoding=" not in caught.value.message  # a JSON reader has no such option


def test_the_map_file_takes_encoding(tmp_path: Path) -> None:
    path = write(tmp_path / "t.csv", ROW_HEADER, [["S-1", "2026-03-02T09:00:00Z", "", "gut"]])
    path.write_bytes(path.read_bytes().replace(b"gut", "gu\u00df".encode("cp1252")))
    mapping = SourceMap.from_dict(
        {"columns": ROW_COLUMNS, "encoding": "cp1252", "rating_map": {"gu\u00df": 1}}
    )
    loaded = load_source("summary", [str(path)], mapping=mapping)
    assert [r.score for r in loaded.histories[0].ratings()] == [1.0]
    with pytest.raises(ConfigError, match="encoding: unknown encoding"):
        SourceMap.from_dict({"encoding": "nope"})


# -- 4. float ids from frames -------------------------------------------------------------------


IDS = st.integers(min_value=-(2**53) + 1, max_value=2**53 - 1)


@given(ids=st.lists(IDS, min_size=1, max_size=5, unique=True))
def test_an_integral_id_read_from_a_frame_is_the_id_read_from_the_csv(ids: list[int]) -> None:
    pd = pytest.importorskip("pandas")
    created = ["2026-03-02T09:00:00Z"] * len(ids)
    # The id column as floats, as a frame holds it when a value is missing.
    frame = pd.DataFrame({"id": [float(i) for i in ids], "created_at": created})
    text = io.StringIO()
    table = [[str(i), c] for i, c in zip(ids, created, strict=True)]  # the ids as text
    csv.writer(text).writerows([["id", "created_at"], *table])
    from_csv = [h.id for h in summary.histories(csv.DictReader(io.StringIO(text.getvalue())))]
    assert [h.id for h in summary.from_pandas(frame)] == from_csv == [str(i) for i in ids]
    log = pd.DataFrame(
        {"case:concept:name": [float(i) for i in ids], "concept:name": ["Resolved"] * len(ids),
         "time:timestamp": created}
    )  # fmt: skip
    got = {h.id for h in eventlog.from_pandas(log, status_map={"Resolved": "solved"})}
    assert got == set(from_csv)


@given(
    value=st.one_of(
        st.integers(min_value=2**53, max_value=2**62).map(float),
        st.floats(allow_nan=False, allow_infinity=False).filter(lambda f: not f.is_integer()),
    )
)
def test_a_float_id_that_may_have_lost_digits_is_an_error_in_both_readers(value: float) -> None:
    rows = [{"id": value, "created_at": "2026-03-02T09:00:00Z"}]
    log = [{"case:concept:name": value, "concept:name": "x", "time:timestamp": "2026-03-02T09Z"}]
    for stream, column in (
        (summary.histories(rows, on_error="collect"), "id"),
        (eventlog.histories(log, on_error="collect", ignore=["x"]), "case:concept:name"),
    ):
        result = stream.collect()
        assert result.histories == ()
        (err,) = result.errors
        assert err.path == f"rows[0].{column}"
        assert repr(value) in err.message
        assert "an id read as a float loses digits" in err.message
        assert "dtype=str" in err.message


def test_the_reported_ids_no_longer_merge_or_round() -> None:
    pd = pytest.importorskip("pandas")
    big, neighbour = 90071992547409931, 90071992547409932
    log = pd.DataFrame({
        "case:concept:name": [float(big), float(neighbour), 12.0],
        "concept:name": ["Resolved"] * 3,
        "time:timestamp": ["2026-03-02T09:00:00Z"] * 3,
    })  # fmt: skip
    result = eventlog.from_pandas(log, status_map={"Resolved": "solved"}, on_error="collect")
    found = result.collect()
    assert [h.id for h in found] == ["12"]  # as summary reads it; the two big ones refused
    assert len(found.errors) == 2


# -- 5. the one-row reader's options in the --map file -----------------------------------------


def test_the_map_file_holds_the_one_row_readers_options(tmp_path: Path) -> None:
    path = write(tmp_path / "fd.csv", [*ROW_HEADER, "Source", "Tags", "Plan"], [
        ["1", "2026-03-02T09:00:00Z", "2026-03-02T10:00:00Z", "Great", "Portal", "a|b", "Pro"],
        ["2", "2026-03-02T09:00:00Z", "", "Poor", "Phone", "", "Free"],
    ])  # fmt: skip
    toml = tmp_path / "map.toml"
    toml.write_text(
        'rating_scale = [0, 1]\nattributes = ["Plan"]\ntag_separator = "|"\nsurvey = "csat"\n'
        '[rating_map]\nGreat = 1\nPoor = 0\n[channel_map]\nPortal = "web"\n'
        '[columns]\nid = "Ticket ID"\ncreated = "Created"\nsolved = "Solved"\n'
        'rating = "Rating"\nchannel = "Source"\ntags = "Tags"\n',
        encoding="utf-8",
    )
    loaded = load_source("summary", [str(path)], mapping=SourceMap.from_file(toml))
    a, b = loaded.histories
    assert (a.ticket.channel, b.ticket.channel) == ("web", "phone")
    assert [r.score for r in a.ratings()] == [1.0]
    assert [r.score for r in b.ratings()] == [0.0]
    assert a.ratings()[0].scale_max == 1
    assert (a.ticket.tags, a.ticket.attributes["Plan"]) == (frozenset({"a", "b"}), "Pro")


@pytest.mark.parametrize(
    ("data", "where"),
    [
        ({"rating_map": {"good": "yes"}}, "rating_map.good: expected a number"),
        ({"rating_map": {"good": True}}, "rating_map.good: expected a number"),
        ({"rating_scale": [5, 1]}, "rating_scale: expected [low, high]"),
        ({"rating_scale": [1, 2, 3]}, "rating_scale: expected [low, high]"),
        ({"channel_map": {"Portal": 3}}, "channel_map.Portal: expected a name"),
        ({"attributes": ["Plan", 2]}, r"attributes[1]: expected a name"),
        ({"tag_separator": ""}, "tag_separator: expected a non-empty string"),
        ({"survey": 5}, "survey: expected a non-empty string"),
    ],
)
def test_the_map_files_new_keys_are_checked_with_their_path(
    data: dict[str, Any], where: str
) -> None:
    with pytest.raises(ConfigError) as caught:
        SourceMap.from_dict(data)
    assert str(caught.value).startswith(where)


def test_the_new_keys_are_for_the_one_row_reader_only() -> None:
    mapping = SourceMap.from_dict({"rating_map": {"good": 1}})
    with pytest.raises(ConfigError, match="--source eventlog does not read 'rating_map'"):
        load_source("eventlog", ["log.csv"], mapping=mapping)


def test_a_reader_hint_on_the_command_line_names_the_map_key(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write(tmp_path / "fd.csv", ROW_HEADER, [["1", "2026-03-02T09:00:00Z", "", "Great"]])
    toml = tmp_path / "map.toml"
    toml.write_text('[columns]\nid = "Ticket ID"\ncreated = "Created"\nrating = "Rating"\n')
    code = cli.main(["report", str(path), "--source", "summary", "--map", str(toml)])
    err = capsys.readouterr().err
    assert code == 2
    assert "rating_map in the --map file" in err
    assert "rating_map=" not in err
    toml.write_text('[columns]\nid = "ticket_id"\ncreated = "Created"\n')
    assert cli.main(["report", str(path), "--source", "summary", "--map", str(toml)]) == 2
    err = capsys.readouterr().err
    assert "columns.id: column 'ticket_id' for id is not in the header" in err
    assert "did you mean 'Ticket ID'?" in err
    assert "columns in the --map file" in err


# -- 6. no channel column: "other" ------------------------------------------------------------


def test_a_table_without_a_channel_says_other_not_email(tmp_path: Path) -> None:
    assert "other" in KNOWN_CHANNELS
    path = write(tmp_path / "log.csv", LOG_HEADER, LOG_ROWS)
    assert {h.ticket.channel for h in eventlog.load(path, columns=LOG_COLUMNS, **LOG_OPTIONS)} == {
        "other"
    }
    rows = write(tmp_path / "t.csv", ROW_HEADER, ROW_ROWS)
    loaded = summary.load(rows, columns=ROW_COLUMNS, **ROW_OPTIONS)
    assert {h.ticket.channel for h in loaded} == {"other"}
    # A channel the row does say is kept; an empty cell says nothing.
    said = [{"id": "1", "created_at": "2026-03-02T09:00Z", "channel": "Chat"},
            {"id": "2", "created_at": "2026-03-02T09:00Z", "channel": ""}]  # fmt: skip
    assert [h.ticket.channel for h in summary.histories(said)] == ["chat", "other"]
    log = [{"case:concept:name": "C", "concept:name": "x", "time:timestamp": "2026-03-02T09Z",
            "ch": "Phone"}]  # fmt: skip
    (h,) = eventlog.histories(log, ignore=["x"], columns={"channel": "ch"})
    assert h.ticket.channel == "phone"


# -- 7. a naive timestamp in our own CSV --------------------------------------------------------


def test_our_csv_says_add_an_offset_and_python_keeps_its_hint() -> None:
    rows = ["ticket_id,created_at,event_id,event_kind,event_at", "A,2026-01-05T09:00:00,,,"]
    result = load_csv(rows, on_error="collect")
    (err,) = result.errors
    assert (err.line, err.path) == (2, "created_at")
    assert "naive datetime 2026-01-05T09:00:00 has no time zone" in err.message
    assert "add an offset to the timestamps (e.g. 2026-03-02T09:00:00+01:00 or Z)" in err.message
    assert "replace(tzinfo" not in err.message
    with pytest.raises(NaiveDatetimeError, match=r"replace\(tzinfo=ZoneInfo\('UTC'\)\)"):
        Ticket("A", datetime(2026, 1, 5, 9))
