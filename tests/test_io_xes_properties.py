"""Properties of the XES reader: a log written as XES and as pm4py's table of it reads alike.

Each generated log is written twice by this file's own writers (``xml.etree`` for XES, the
csv module for the table): as XES (IEEE 1849-2016: typed attributes in events and traces)
and as the CSV table pm4py makes of it (``pm4py.read_xes`` then a DataFrame: event
attributes under their keys, trace attributes under ``case:``, a missing value an empty
cell). The value typing compared (documented in ``servicemodel.io._xes``): an ``int``
reads as the int whose text the CSV holds, a ``float`` as the float whose ``repr`` it holds,
a ``boolean`` as the bool pandas writes ``True``/``False``, a ``date`` as the file's text,
which names the same instant at the same offset as the CSV's ``2010-03-31 14:59:42+02:00``.
"""

from __future__ import annotations

import csv
import gzip
import re
import tempfile
import tomllib
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path
from typing import Any
from unittest import mock

from hypothesis import given
from hypothesis import strategies as st

from servicemodel.errors import ServiceModelError
from servicemodel.io import _xes, eventlog
from servicemodel.io._files import Locator, csv_rows
from servicemodel.io._xes import XesLocator, xes_headers, xes_rows

ROOT = Path(__file__).parent.parent
MAP = ROOT / "examples" / "mappings" / "bpic2013-incidents.toml"

#: A log: traces of (trace attributes, events); an attribute is key: (XES type, value).
Attrs = dict[str, tuple[str, Any]]
Log = list[tuple[Attrs, list[Attrs]]]

# Printable text XML can hold (no control characters, surrogates or U+FFFE/U+FFFF).
TEXT = st.text(st.characters(min_codepoint=0x20, max_codepoint=0xD7FF), min_size=1, max_size=8)
ZONES = st.sampled_from([UTC, timezone(timedelta(hours=1)), timezone(timedelta(hours=2)),
                         timezone(timedelta(hours=-5, minutes=-30))])  # fmt: skip
# Milliseconds, as XES writers (OpenXES, pm4py) write them.
TIMES = st.builds(
    lambda t, z: t.replace(microsecond=t.microsecond // 1000 * 1000, tzinfo=z),
    st.datetimes(datetime(2000, 1, 1), datetime(2030, 1, 1)),
    ZONES,
)
VALUES = st.one_of(
    st.tuples(st.just("string"), TEXT),
    st.tuples(st.just("id"), TEXT),
    st.tuples(st.just("int"), st.integers(-(2**63), 2**63 - 1)),
    st.tuples(st.just("float"), st.floats(allow_nan=False, allow_infinity=False)),
    st.tuples(st.just("boolean"), st.booleans()),
    st.tuples(st.just("list"), st.none()),
)
EVENT_KEYS = ["lifecycle:transition", "org:resource", "org:group", "impact", "resource country",
              "n", "effort", "escalated"]  # fmt: skip
TRACE_KEYS = ["variant", "product", "escalated", "n"]


def attrs(keys: list[str]) -> st.SearchStrategy[Attrs]:
    return st.dictionaries(st.sampled_from(keys), VALUES, max_size=4)


@st.composite
def logs(draw: st.DrawFn) -> Log:
    ids = draw(st.lists(TEXT, min_size=1, max_size=5, unique=True))
    out: Log = []
    for case in ids:
        trace = {"concept:name": ("string", case), **draw(attrs(TRACE_KEYS))}
        events = [
            {
                "concept:name": ("string", draw(TEXT)),
                "time:timestamp": ("date", draw(TIMES)),
                **draw(attrs(EVENT_KEYS)),
            }
            for _ in range(draw(st.integers(1, 4)))
        ]
        out.append((trace, events))
    return out


STATUSES = ["Awaiting Assignment", "Assigned", "In Progress", "Wait", "Wait - User",
            "Wait - Customer", "Wait - Implementation", "Wait - Vendor", "Resolved", "Closed",
            "Cancelled", "Unmatched"]  # fmt: skip


@st.composite
def bpic_logs(draw: st.DrawFn) -> Log:
    """Logs in the BPI Challenge 2013 shape: sub-statuses in lifecycle:transition, impact."""
    n = draw(st.integers(1, 5))
    out: Log = []
    for k in range(n):
        start = draw(TIMES)
        gaps = draw(st.lists(st.integers(0, 10**6), min_size=1, max_size=6))
        events = []
        for i, gap in enumerate(gaps):
            start = start + timedelta(seconds=gap)
            events.append({
                "concept:name": ("string", draw(st.sampled_from(["Queued", "Accepted",
                                                                 "Completed", "Unmatched"]))),
                "lifecycle:transition": ("string", draw(st.sampled_from(STATUSES))),
                "time:timestamp": ("date", start),
                "org:group": ("string", draw(st.sampled_from(["N10", "G97", "V5 3rd"]))),
                "org:resource": ("string", f"agent{i % 3}"),
                "impact": ("string", draw(st.sampled_from(["Low", "Medium", "High", "Major"]))),
            })  # fmt: skip
        out.append(({"concept:name": ("string", f"1-{100000000 + k}")}, events))
    return out


# -- the two writers ----------------------------------------------------------------------------


def xes_text(kind: str, value: Any) -> str:
    if kind == "boolean":
        return "true" if value else "false"
    if kind == "float":
        return repr(value)
    if kind == "date":
        return str(value.isoformat(timespec="milliseconds"))
    return str(value)


def table_text(kind: str, value: Any) -> str:
    """The cell pandas writes for the value pm4py reads (a list has none: empty)."""
    if kind == "list":
        return ""
    if kind == "float":
        return repr(value)
    return str(value)  # a date: 2010-03-31 14:59:42+02:00; a bool: True


def add(parent: ET.Element, key: str, kind: str, value: Any) -> None:
    if kind == "list":
        node = ET.SubElement(parent, "list", {"key": key})
        ET.SubElement(ET.SubElement(node, "values"), "string", {"key": "item", "value": "x"})
    else:
        ET.SubElement(parent, kind, {"key": key, "value": xes_text(kind, value)})


def to_xes(log: Log, *, indent: bool, prefix: str) -> bytes:
    root = ET.Element(f"{prefix}log", {"xes.version": "1849-2016"})
    if prefix:
        root.set(f"xmlns:{prefix[:-1]}", "http://www.xes-standard.org/")
    glob = ET.SubElement(root, f"{prefix}global", {"scope": "event"})
    ET.SubElement(glob, f"{prefix}string", {"key": "org:group", "value": "__INVALID__"})
    for trace_attrs, events in log:
        trace = ET.SubElement(root, f"{prefix}trace")
        for key, (kind, value) in trace_attrs.items():
            add(trace, key, f"{prefix}{kind}", value)
        for event in events:
            node = ET.SubElement(trace, f"{prefix}event")
            for key, (kind, value) in event.items():
                add(node, key, f"{prefix}{kind}" if kind != "list" else "list", value)
    if indent:
        ET.indent(root)
    return ET.tostring(root, encoding="utf-8", xml_declaration=True)


def to_table(log: Log) -> list[dict[str, str]]:
    rows = []
    for trace_attrs, events in log:
        for event in events:
            row = {key: table_text(kind, value) for key, (kind, value) in event.items()}
            for key, (kind, value) in trace_attrs.items():
                row["case:" + key] = table_text(kind, value)
            rows.append(row)
    return rows


def write_csv(path: Path, rows: list[dict[str, str]]) -> None:
    names = list(dict.fromkeys(k for row in rows for k in row))
    with path.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.DictWriter(fh, names, restval="")
        writer.writeheader()
        writer.writerows(rows)


@contextmanager
def files(
    log: Log, *, indent: bool = True, prefix: str = "", packed: bool = False
) -> Iterator[tuple[Path, Path]]:
    """The log written as XES (gzip when ``packed``) and as pm4py's CSV table."""
    with tempfile.TemporaryDirectory() as d:
        xes, table = Path(d) / "log.xes", Path(d) / "log.csv"
        data = to_xes(log, indent=indent, prefix=prefix)
        xes.write_bytes(gzip.compress(data) if packed else data)
        write_csv(table, to_table(log))
        yield xes, table


def normal(row: dict[str, Any]) -> dict[str, Any]:
    """A row as comparable text: values as the CSV holds them, timestamps as instants."""
    out: dict[str, Any] = {}
    for key, value in row.items():
        if value is None or value == "":
            continue  # missing: no cell, or an empty one
        if key == "time:timestamp":
            t = datetime.fromisoformat(value)
            out[key] = (t, t.utcoffset())
        elif isinstance(value, float):
            out[key] = repr(value)
        else:
            out[key] = str(value)
    return out


def mapping() -> dict[str, Any]:
    with MAP.open("rb") as fh:
        return tomllib.load(fh)


# -- properties ---------------------------------------------------------------------------------


@given(logs(), st.booleans(), st.sampled_from(["", "xes:"]), st.booleans())
def test_xes_and_its_table_give_the_same_rows(
    log: Log, indent: bool, prefix: str, packed: bool
) -> None:
    with files(log, indent=indent, prefix=prefix, packed=packed) as (xes, table):
        got = [normal(r) for r in xes_rows([xes], XesLocator("rows"))]
        want = [normal(r) for r in csv_rows([table], Locator("rows"))]
    assert got == want


@given(logs(), st.integers(1, 200))
def test_rows_and_lines_do_not_depend_on_where_the_chunks_end(log: Log, chunk: int) -> None:
    with files(log) as (xes, _):
        text = xes.read_text(encoding="utf-8")
        lines = [text.count("\n", 0, m.start()) + 1 for m in re.finditer(r"<event[\s>]", text)]
        whole = list(xes_rows([xes], XesLocator("rows")))
        loc = XesLocator("rows")
        with mock.patch.object(_xes, "CHUNK", chunk):
            pieces = list(xes_rows([xes], loc))
    assert pieces == whole
    assert [loc.where(i)[1] for i in range(len(pieces))] == lines


@given(bpic_logs(), st.booleans())
def test_the_bpic2013_mapping_reads_xes_as_it_reads_the_table(log: Log, packed: bool) -> None:
    opts = mapping()
    with files(log, packed=packed) as (xes, table):
        from_xes = eventlog.histories(
            xes_rows([xes], XesLocator("rows")), on_error="collect", **opts
        ).collect()
        from_csv = eventlog.histories(
            csv_rows([table], Locator("rows")), on_error="collect", **opts
        ).collect()
    assert from_xes.histories == from_csv.histories
    assert [str(e) for e in from_xes.errors] == [str(e) for e in from_csv.errors]


@given(logs(), st.integers(0, 10))
def test_the_header_is_every_key_of_the_sampled_events(log: Log, sample: int) -> None:
    with files(log) as (xes, _):
        rows = list(xes_rows([xes], XesLocator("rows")))
        ((_, header),) = xes_headers([xes], sample=sample)
        ((_, full),) = xes_headers([xes], sample=len(rows))
    sampled, seen = [], 0
    for _, events in log:  # whole traces, until the sample is reached
        if seen >= max(sample, 1):
            break
        sampled += rows[seen : seen + len(events)]
        seen += len(events)
    declared = {"org:group"}  # the global declaration the writer puts in
    assert set(header) == {k for r in sampled for k in r} | declared
    assert set(full) == {k for r in rows for k in r} | declared


@st.composite
def records(draw: st.DrawFn) -> list[tuple[str, list[int]]]:
    """Files and the first line of each of their records (increasing within a file)."""
    out = []
    for k in range(draw(st.integers(1, 3))):
        first = draw(st.integers(1, 5))
        gaps = draw(st.lists(st.sampled_from([0, 1, 1, 5, 5, 5, 7, 12]), max_size=20))
        lines = [first + sum(gaps[:i]) for i in range(len(gaps) + 1)][: len(gaps)]
        out.append((f"f{k}.xes", lines))
    return out


@given(records())
def test_the_xes_locator_places_every_record_as_a_plain_locator_does(
    files_: list[tuple[str, list[int]]],
) -> None:
    plain, runs = Locator("rows"), XesLocator("rows")
    index = 0
    for name, lines in files_:
        for loc in (plain, runs):
            loc.start(name)
        for line in lines:
            for loc in (plain, runs):
                loc.record(index, line=line)
            index += 1
    assert [runs.where(i) for i in range(index)] == [plain.where(i) for i in range(index)]


@given(logs(), st.booleans(), st.data())
def test_a_cut_or_damaged_file_is_read_or_refused_never_anything_else(
    log: Log, packed: bool, data: st.DataObject
) -> None:
    raw = to_xes(log, indent=True, prefix="")
    raw = gzip.compress(raw) if packed else raw
    cut = data.draw(st.integers(0, len(raw)))
    damaged = bytearray(raw[:cut])
    if damaged and data.draw(st.booleans()):
        at = data.draw(st.integers(0, len(damaged) - 1))
        damaged[at] = data.draw(st.integers(0, 255))
    with tempfile.TemporaryDirectory() as d:
        path = Path(d) / "log.xes"
        path.write_bytes(bytes(damaged))
        refused: ServiceModelError | None = None
        try:
            rows = list(xes_rows([path], XesLocator("rows")))
        except ServiceModelError as exc:  # anything else fails the test
            refused, rows = exc, []
    assert refused is None or str(path) in str(refused)
    assert all(isinstance(r, dict) for r in rows)
