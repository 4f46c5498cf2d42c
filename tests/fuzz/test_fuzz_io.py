"""Fuzz ``servicemodel.io``: records, JSON Lines and CSV files with hostile content.

Besides the error contract, ``on_error="collect"`` must account for every physical line: each
is a returned record, part of one, or named by an error; and one broken record never costs
the others.
"""

from __future__ import annotations

import csv
import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from servicemodel.io import history_from_dict, load_csv, load_jsonl

from .conftest import assert_contract, fuzz_settings, require
from .encode import to_json
from .hostile import DEEP_JSON, as_text, hostile, mutated
from .records import RECORDS, csv_line, csv_rows, header_line

pytestmark = pytest.mark.fuzz

# -- hostile lines ------------------------------------------------------------------------------

BIG = 200 * 1024  # over csv's default field limit (128 KiB) and any sane line
RAW_JSONL_LINES: list[bytes] = [
    b"{oops",
    b'"oops',
    b"null",
    b"[]",
    b"42",
    b'{"id": 1e999}',
    DEEP_JSON.encode(),
    b'{"id": "T", "created_at": ' + b"1" + b"0" * 5000 + b"}",
    b"\xff\xfe\xfd{}",
    b'{"id": "T-\xc3", "created_at": "2026-01-05T09:00:00Z"}',
    b'{"id": "T-nul\x00", "created_at": "2026-01-05T09:00:00Z"}',
    b'{"id": "T-big", "created_at": "2026-01-05T09:00:00Z", "requester": "' + b"x" * BIG + b'"}',
    b'{"id": "T-bom", "created_at": "2026-01-05T09:00:00Z"}\xef\xbb\xbf',
    b'{"id": "T-edge", "created_at": "0001-01-01T00:00:00+23:59"}',
    b'{"id": "T-edge2", "created_at": "9999-12-31T23:59:59-23:59", "events": []}',
    b'{"id": "T-ar", "created_at": "\xd9\xa2\xd9\xa0\xd9\xa2\xd9\xa6-01-05T09:00:00Z"}',
]


@st.composite
def bad_jsonl_line(draw: st.DrawFn, base: dict[str, Any]) -> bytes:
    """A hostile line: a raw one, or ``base`` mutated and written as JSON-ish text."""
    if draw(st.booleans()):
        return draw(st.sampled_from(RAW_JSONL_LINES))
    record = draw(mutated(base))
    return to_json(record).encode("utf-8", "surrogatepass")


class Export:
    """A generated file: its lines, the ticket of each data line, the corrupted line's index.

    Its repr is short: Hypothesis prints failing examples, and lines can be 200 KiB long.
    """

    def __init__(self, lines: list[bytes], bad: int, owners: list[str] | None = None) -> None:
        self.lines = lines
        self.bad = bad
        self.owners = owners or []

    def __repr__(self) -> str:
        shown = [
            ln[:100] + (b"...(%d bytes)" % len(ln) if len(ln) > 100 else b"") for ln in self.lines
        ]
        at = self.bad + (1 if self.owners else 0)
        culprit = self.lines[at][:300] if at < len(self.lines) else b""
        return f"Export(bad={self.bad}, culprit={culprit!r}, lines={shown!r})"


def _write(tmp: Path, name: str, lines: list[bytes]) -> Path:
    path = tmp / name
    path.write_bytes(b"\n".join(lines) + b"\n")
    return path


# -- history_from_dict --------------------------------------------------------------------------


@fuzz_settings(150)
@given(record=st.sampled_from(RECORDS).flatmap(mutated), sort=st.booleans())
def test_history_from_dict(record: Any, sort: bool) -> None:
    assert_contract(history_from_dict, record, sort_events=sort)


@fuzz_settings(100)
@given(value=hostile())
def test_history_from_dict_not_a_record(value: Any) -> None:
    assert_contract(history_from_dict, value)


# -- JSON Lines ---------------------------------------------------------------------------------


@st.composite
def jsonl_file(draw: st.DrawFn) -> Export:
    """N valid records, one of which (at the returned index) is replaced by a hostile line."""
    n = draw(st.integers(2, 6))
    start = draw(st.integers(0, len(RECORDS) - n))
    lines = [json.dumps(r).encode() for r in RECORDS[start : start + n]]
    bad = draw(st.integers(0, n - 1))
    lines[bad] = draw(bad_jsonl_line(RECORDS[start + bad]))
    return Export(lines, bad)


def _check_jsonl_accounting(lines: list[bytes], bad: int, result: Any) -> None:
    got = {h.id for h in result.histories}
    error_lines = {e.line for e in result.errors}
    culprit = lines[bad][:120]
    for i, raw in enumerate(lines, start=1):
        if i - 1 == bad:
            continue
        rid = json.loads(raw)["id"]
        require(
            rid in got,
            "LOST RECORD",
            f"load_jsonl(collect): good record {rid} on line {i} lost; hostile line {bad + 1}: "
            f"{culprit!r}; errors: {[str(e)[:120] for e in result.errors]}",
            "jsonl good record lost",
        )
    # The hostile line is a record, an error naming its line, or blank.
    blank = not lines[bad].strip()
    require(
        blank or bad + 1 in error_lines or len(got) == len(lines),
        "UNACCOUNTED LINE",
        f"load_jsonl(collect): line {bad + 1} is neither a record nor an error: {culprit!r}",
        "jsonl line unaccounted",
    )
    require(
        error_lines <= {bad + 1},
        "WRONG LINE",
        f"load_jsonl(collect): errors name good lines: {[str(e)[:120] for e in result.errors]} "
        f"(hostile line {bad + 1}: {culprit!r})",
        "jsonl error names a good line",
    )


@fuzz_settings(120)
@given(data=jsonl_file())
@example(data=Export([json.dumps(RECORDS[0]).encode(), DEEP_JSON.encode()], 1))
def test_load_jsonl_collect_accounts_for_every_line(
    tmp_path_factory: pytest.TempPathFactory, data: Export
) -> None:
    lines, bad = data.lines, data.bad
    path = _write(tmp_path_factory.mktemp("jsonl"), "export.jsonl", lines)
    result = assert_contract(load_jsonl, path, on_error="collect")
    assert not isinstance(result, Exception), f"collect mode raised {result!r}"
    _check_jsonl_accounting(lines, bad, result)


@fuzz_settings(80)
@given(data=jsonl_file())
def test_load_jsonl_raise(tmp_path_factory: pytest.TempPathFactory, data: Export) -> None:
    lines = data.lines
    path = _write(tmp_path_factory.mktemp("jsonl"), "export.jsonl", lines)
    assert_contract(load_jsonl, path, on_error="raise")


# -- CSV ----------------------------------------------------------------------------------------

CSV_CORRUPTIONS = [
    "stray_quote_end",  # the row's last cell becomes "oops
    "stray_quote_mid",
    "hostile_cell",
    "extra_field",
    "missing_fields",
    "nul",
    "not_utf8",
    "huge_field",
    "blank",
]


def _corrupt_csv(draw: st.DrawFn, line: str) -> bytes:
    how = draw(st.sampled_from(CSV_CORRUPTIONS))
    cells = next(csv.reader([line]))
    i = draw(st.integers(0, len(cells) - 1))
    if how == "stray_quote_end":
        return (line.rsplit(",", 1)[0] + ',"oops').encode()
    if how == "stray_quote_mid":
        cells[i] = 'ab"c'
        return ",".join(cells).encode()
    if how == "hostile_cell":
        cells[i] = as_text(draw(hostile()))
        return csv_line(dict(zip(header_line().split(","), cells, strict=True))).encode(
            "utf-8", "surrogatepass"
        )
    if how == "extra_field":
        return (line + ",surplus").encode()
    if how == "missing_fields":
        return ",".join(cells[: max(1, i)]).encode()
    if how == "nul":
        cells[i] = cells[i] + "\x00"
        return ",".join(cells).encode()
    if how == "not_utf8":
        return line.encode()[:20] + b"\xff\xfe" + line.encode()[20:]
    if how == "huge_field":
        cells[i] = "x" * BIG
        return ",".join(cells).encode()
    return b""


@st.composite
def csv_file(draw: st.DrawFn) -> Export:
    """Header + rows of N tickets; one row (index into the data lines) is corrupted.

    Returns the file's lines (header first), the ticket id of each data line, and the index of
    the corrupted data line.
    """
    n = draw(st.integers(2, 5))
    start = draw(st.integers(0, len(RECORDS) - n))
    lines: list[bytes] = [header_line().encode()]
    owners: list[str] = []
    for record in RECORDS[start : start + n]:
        for row in csv_rows(record):
            lines.append(csv_line(row).encode())
            owners.append(record["id"])
    bad = draw(st.integers(0, len(owners) - 1))
    lines[bad + 1] = _corrupt_csv(draw, lines[bad + 1].decode())
    return Export(lines, bad, owners)


def _check_csv_accounting(lines: list[bytes], owners: list[str], bad: int, result: Any) -> None:
    got = {h.id: h for h in result.histories}
    error_lines = {e.line for e in result.errors}
    errored = {owners[line - 2] for line in error_lines if 2 <= line < len(owners) + 2}
    culprit = lines[bad + 1][:160]
    errors = [str(e)[:120] for e in result.errors]
    for i, tid in enumerate(owners):
        line = i + 2
        require(
            tid in got or tid in errored or line in error_lines,
            "UNACCOUNTED LINE",
            f"load_csv(collect): line {line} (ticket {tid}) is neither in a record nor named by "
            f"an error; hostile line {bad + 2}: {culprit!r}; errors: {errors}",
            "csv line unaccounted",
        )
    hurt = owners[bad]
    for tid in sorted(set(owners) - {hurt}):
        require(
            tid in got,
            "LOST RECORD",
            f"load_csv(collect): ticket {tid} lost though only line {bad + 2} (ticket {hurt}) "
            f"was corrupted: {culprit!r}; errors: {errors}",
            "csv good ticket lost",
        )


@fuzz_settings(120)
@given(data=csv_file())
def test_load_csv_collect_accounts_for_every_line(
    tmp_path_factory: pytest.TempPathFactory, data: Export
) -> None:
    lines, owners, bad = data.lines, data.owners, data.bad
    path = _write(tmp_path_factory.mktemp("csv"), "export.csv", lines)
    result = assert_contract(load_csv, path, on_error="collect")
    assert not isinstance(result, Exception), f"collect mode raised {result!r}"
    _check_csv_accounting(lines, owners, bad, result)


@fuzz_settings(80)
@given(data=csv_file())
def test_load_csv_raise(tmp_path_factory: pytest.TempPathFactory, data: Export) -> None:
    lines = data.lines
    path = _write(tmp_path_factory.mktemp("csv"), "export.csv", lines)
    assert_contract(load_csv, path, on_error="raise")


def test_load_csv_stray_quote_does_not_swallow_later_rows(tmp_path: Path) -> None:
    """The known case: a row ending in ``"oops`` must not silently take the rows after it."""
    rows = [r for rec in RECORDS[:3] for r in csv_rows(rec)]
    lines = [header_line().encode()] + [csv_line(r).encode() for r in rows]
    owners = [r["ticket_id"] for r in rows]
    bad = 1  # second data row, so rows of two later tickets follow it
    lines[bad + 1] = (lines[bad + 1].decode().rsplit(",", 1)[0] + ',"oops').encode()
    path = _write(tmp_path, "export.csv", lines)
    result = assert_contract(load_csv, path, on_error="collect")
    assert not isinstance(result, Exception), f"collect mode raised {result!r}"
    _check_csv_accounting(lines, owners, bad, result)


def test_good_files_load_whole(tmp_path: Path) -> None:
    """The generators' valid data is valid: without corruption everything loads."""
    rows = [r for rec in RECORDS for r in csv_rows(rec)]
    path = _write(
        tmp_path, "e.csv", [header_line().encode()] + [csv_line(r).encode() for r in rows]
    )
    assert len(load_csv(path)) == len(RECORDS)
    jpath = _write(tmp_path, "e.jsonl", [json.dumps(r).encode() for r in RECORDS])
    assert len(load_jsonl(jpath)) == len(RECORDS)


SOURCES = [
    None,
    42,
    [b'{"id": "A", "created_at": "2026-01-05T09:00:00Z"}'],
    [None],
    [1],
    "a\x00b.jsonl",
    Path("a\x00b.csv"),
    ["ticket_id,created_at", None],
    iter([DEEP_JSON]),
]


@fuzz_settings(40)
@given(
    source=st.sampled_from(SOURCES),
    loader=st.sampled_from([load_jsonl, load_csv]),
    on_error=st.sampled_from(["raise", "collect"]),
)
def test_load_odd_sources(source: Any, loader: Any, on_error: str) -> None:
    """Sources that are neither a readable path nor an iterable of text lines."""
    assert_contract(loader, source, on_error=on_error)
