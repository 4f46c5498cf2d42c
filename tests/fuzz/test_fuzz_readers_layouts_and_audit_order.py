"""Fuzz the readers' timestamp layouts, interleaved logs, Zendesk audits in any order.

Harnesses for ``parse_timestamp``/``date_formats`` (arbitrary text and format strings),
``eventlog.load`` on re-encoded, re-delimited and shuffled logs (``contiguous=False``,
``date_format``), ``zendesk.load`` with audits shuffled, split and tickets repeated,
``SeenIds`` against a plain ``set`` (tiny thresholds so every example spills), ``reconcile``
on mutated metric events and JSM SLA payloads, and ``--map`` files whose newer keys hold
hostile values (through ``main``). Besides the suite's contract (see ``conftest``) each checks
a law: a log's rows in any order, in any layout or encoding read as the same histories; audits
in any order as the ordered ones; collect mode keeps every case or ticket the damage did not
touch; metric events in any order, or exported twice, give the same verdicts.
"""

from __future__ import annotations

import codecs
import contextlib
import copy
import csv
import io
import itertools
import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from servicemodel.io import eventlog, history_to_dict, summary, zendesk
from servicemodel.io._seen import SeenIds
from servicemodel.io.eventlog import parse_timestamp
from servicemodel.io.eventlog._time import date_formats
from servicemodel.reconcile import jsm_verdicts, zendesk_verdicts

from .conftest import assert_contract, folder, fuzz_settings, require, show, violation
from .encode import to_json
from .hostile import EDGE_STAMPS, hostile, mutated
from .test_fuzz_cli import run_cli
from .test_fuzz_vendors import EVENTLOG_OPTIONS, SUMMARY_OPTIONS

pytestmark = pytest.mark.fuzz

DATA = Path(__file__).resolve().parents[1] / "data"


def histories_of(result: Any) -> dict[str, Any]:
    return {h.id: h for h in result.histories}


def plain_histories(result: Any) -> dict[str, Any]:
    return {h.id: _plain(h) for h in result.histories}


# -- parse_timestamp and date_formats -----------------------------------------------------------

#: Directives (valid, platform-only, invalid) and odd literals a format string is built from.
_DIRECTIVES = [
    *("%" + c for c in "aAbBcdfHIjmMpSUwWxXyYzZGuV%"),
    *("%" + c for c in "sEOQkl-:#_^0"),
    "%",
    "%-d",
    "%:z",
    "%Ey",
    "%Od",
    " ",
    "/",
    "-",
    ":",
    "T",
    ".",
    "\x00",
    "\udcff",
    "٣",
    "{}",
    "99999",
]
FORMATS = st.one_of(
    st.lists(st.sampled_from(_DIRECTIVES), max_size=8).map("".join),
    st.text(max_size=12),
    st.sampled_from(["%d/%b/%y %I:%M %p", "%Y-%m-%d %H:%M:%S%z", "%Y %U %w", "%G-W%V-%u %z"]),
)
DATE_FORMAT_VALUES = st.one_of(
    st.none(), FORMATS, st.lists(FORMATS, max_size=3), st.tuples(FORMATS), hostile()
)
#: Text a timestamp reader meets: real layouts, their neighbours, and junk.
STAMP_TEXT = st.one_of(
    st.sampled_from(
        [
            *EDGE_STAMPS,
            "30/Nov/26 2:05 PM",
            "2012/10/09 2:50:17 PM",
            "12/31/9999 11:59 PM -23:59",
            "01/01/0001 12:00 AM +23:59",
            "13/13/2026 13:00 PM",
            "1/2/2026 0:00 AM",
            "2026/02/30",
            "2026-03-02 09:00 +99:99",
            "9999 53 6",
            "0001 00 0",
            "2026 +2400",
            "٢٠٢٦/٠١/٠٥ 09:00",
        ]
    ),
    st.text(alphabet="0123456789/.-: TZAPMapm+,", max_size=30),
    st.text(max_size=20),
    st.datetimes(timezones=st.timezones()).map(lambda d: d.strftime("%d/%m/%Y %I:%M:%S %p %z")),
    hostile(),
)
ZONES = st.sampled_from([None, "UTC", "Europe/Berlin", "America/New_York", "Mars/Base", ""])


@fuzz_settings(150)
@given(value=STAMP_TEXT, fmt=DATE_FORMAT_VALUES, tz=ZONES, dayfirst=st.booleans())
@example(value="9999-12-31 23:59 -2359", fmt="%Y-%m-%d %H:%M %z", tz=None, dayfirst=False)
def test_parse_timestamp_any_text_any_format(value: Any, fmt: Any, tz: Any, dayfirst: bool) -> None:
    result = assert_contract(parse_timestamp, value, tz=tz, dayfirst=dayfirst, date_format=fmt)
    if isinstance(result, Exception):
        return
    require(
        isinstance(result, datetime) and result.utcoffset() is not None,
        "NAIVE",
        f"parse_timestamp({value!r}, tz={tz!r}, date_format={fmt!r}) gave {result!r}",
        "parse_timestamp naive result",
    )
    # An aware result is usable: its UTC instant exists (no overflow later, in sorting).
    result.astimezone(UTC)


@fuzz_settings(150)
@given(fmt=DATE_FORMAT_VALUES)
def test_date_formats_any_value(fmt: Any) -> None:
    result = assert_contract(date_formats, fmt)
    if isinstance(result, Exception):
        return
    given_ = (fmt,) if isinstance(fmt, str) else tuple(fmt)
    require(
        result == given_ and all(isinstance(f, str) for f in result),
        "WRONG FORMATS",
        f"date_formats({fmt!r}) gave {result!r}",
        "date_formats changed its input",
    )
    # A format it accepted never fails on a text it did not write: only a ServiceModelError.
    assert_contract(parse_timestamp, "2026-03-02 09:00", tz="UTC", date_format=fmt)


#: Formats that keep every field of an instant down to the second, and its offset.
WHOLE_FORMATS = [
    "%d/%b/%Y %I:%M:%S %p %z",
    "%Y/%m/%d %H.%M.%S%z",
    "%A %d %B %Y, %H:%M:%S %z",
    "%j %Y %H:%M:%S %z",
    "%m-%d-%Y %H:%M:%S.%f %z",
]


@fuzz_settings(100)
@given(
    at=st.datetimes(
        min_value=datetime(1000, 1, 1), max_value=datetime(9998, 1, 1), timezones=st.timezones()
    ),
    fmt=st.sampled_from(WHOLE_FORMATS),
)
def test_a_format_reads_back_the_instant_it_wrote(at: datetime, fmt: str) -> None:
    if at.utcoffset() is None or at.utcoffset().microseconds or at.utcoffset().seconds % 60:  # type: ignore[union-attr]
        return  # %z writes seconds of an offset, which some zones' history has; not our case
    text = at.strftime(fmt)
    got = assert_contract(parse_timestamp, text, date_format=fmt)
    if "%f" not in fmt:
        at = at.replace(microsecond=0)
    require(
        not isinstance(got, Exception) and got.astimezone(UTC) == at.astimezone(UTC),
        "WRONG INSTANT",
        f"parse_timestamp({text!r}, date_format={fmt!r}) gave {got!r}, wrote {at!r}",
        "format does not read back",
    )


# -- event logs: interleaved, re-encoded, re-delimited, other layouts ----------------------------

EVENTLOG_CSV = (DATA / "eventlog" / "incidents.csv").read_text(encoding="utf-8")
_ROWS = list(csv.reader(io.StringIO(EVENTLOG_CSV)))
HEADER, BODY = _ROWS[0], _ROWS[1:]
_TS = HEADER.index("timestamp")
_CASE = HEADER.index("case_id")
#: What the log's timestamps are rewritten to (with date_format), and the text the library reads.
LAYOUTS = ["%d/%b/%Y %I:%M %p %z", "%Y.%m.%d %H:%M:%S %z", "%B %d, %Y %H:%M %z"]


def _csv_text(rows: list[list[str]], delimiter: str) -> str:
    out = io.StringIO()
    csv.writer(out, delimiter=delimiter, lineterminator="\r\n").writerows(rows)
    return out.getvalue()


def _reference() -> dict[str, Any]:
    result = eventlog.load(
        DATA / "eventlog" / "incidents.csv", on_error="collect", **EVENTLOG_OPTIONS
    )
    return plain_histories(result)


@st.composite
def interleaved(draw: st.DrawFn) -> list[list[str]]:
    """The fixture's rows with the cases interleaved, each case's own rows in their order.

    (Two rows of a case at one instant keep the file's order: a full shuffle may swap them.)
    """
    turns = draw(st.permutations([row[_CASE] for row in BODY]))
    queues: dict[str, list[list[str]]] = {}
    for row in BODY:
        queues.setdefault(row[_CASE], []).append(list(row))
    return [queues[case].pop(0) for case in turns]


def _plain(h: Any) -> dict[str, Any]:
    """A history as data, without its event ids (the rows' positions in the file)."""
    data = history_to_dict(h)
    for ev in data["events"]:
        del ev["id"]
    return data


def _rewrite_stamp(text: str, layout: str) -> str:
    try:
        at = parse_timestamp(text, dayfirst=True)
    except Exception:
        return text  # a broken row of the fixture stays broken
    return at.strftime(layout)


@st.composite
def relaid_log(draw: st.DrawFn) -> tuple[bytes, dict[str, Any], bool]:
    """The fixture log, its rows shuffled, in another delimiter, encoding and (maybe) layout.

    Returns the file's bytes, the options to read it, and whether it is the same log.
    """
    rows = draw(interleaved())
    options = dict(EVENTLOG_OPTIONS)
    layout = draw(st.sampled_from([None, *LAYOUTS]))
    if layout is not None:
        for row in rows:
            row[_TS] = _rewrite_stamp(row[_TS], layout)
        options["date_format"] = layout
    delimiter = draw(st.sampled_from([",", ";", "\t", "|"]))
    text = _csv_text([HEADER, *rows], delimiter)
    encoding = draw(st.sampled_from(["utf-8", "utf-8-sig", "cp1252", "latin-1", "utf-16"]))
    options["encoding"] = encoding
    data = text.encode(encoding)
    same = True
    damage = draw(st.sampled_from(["none", "none", "bytes", "encoding", "bom"]))
    if damage == "bytes":
        at = draw(st.integers(0, len(data)))
        junk = draw(st.binary(min_size=1, max_size=4))
        data, same = data[:at] + junk + data[at:], False
    elif damage == "encoding":
        options["encoding"] = draw(
            st.sampled_from(["utf-8", "utf-16", "utf-32", "ascii", "rot13", "hex", "idna"])
        )
        same = options["encoding"] == encoding or {encoding, options["encoding"]} <= {
            "utf-8",
            "utf-8-sig",
        }
    elif damage == "bom":
        data = codecs.BOM_UTF8 + data if encoding != "utf-16" else data
        same = encoding in ("utf-8", "utf-8-sig")
    return data, options, same


REFERENCE = _reference()


def _same_histories(got: dict[str, Any], what: str) -> None:
    require(
        got.keys() == REFERENCE.keys(),
        "WRONG CASES",
        f"{what}: cases {sorted(got)} instead of {sorted(REFERENCE)}",
        f"{what.split('(')[0]} cases differ",
    )
    for cid, h in REFERENCE.items():
        require(
            got[cid] == h,
            "WRONG HISTORY",
            f"{what}: case {cid} reads as {got[cid]!r}, not {h!r}",
            f"{what.split('(')[0]} history differs",
        )


@fuzz_settings(60)
@given(log=relaid_log(), on_error=st.sampled_from(["collect", "raise"]))
def test_an_interleaved_relaid_log_reads_the_same(
    log: tuple[bytes, dict[str, Any], bool], on_error: str
) -> None:
    data, options, same = log
    with folder() as tmp:
        path = tmp / "log.csv"
        path.write_bytes(data)
        result = assert_contract(eventlog.load, path, on_error=on_error, **options)
    if isinstance(result, Exception) or not same or on_error == "raise":
        return
    _same_histories(plain_histories(result), f"eventlog.load(encoding={options['encoding']!r})")


@fuzz_settings(40)
@given(rows=interleaved(), data=st.data())
def test_an_interleaved_log_split_into_files_reads_the_same(
    rows: list[list[str]], data: st.DataObject
) -> None:
    cut = data.draw(st.integers(0, len(rows)))
    delimiters = data.draw(st.tuples(*[st.sampled_from([",", ";", "\t", "|"])] * 2))
    with folder() as tmp:
        paths = []
        for n, (part, delimiter) in enumerate(
            zip((rows[:cut], rows[cut:]), delimiters, strict=True)
        ):
            paths.append(tmp / f"log{n}.csv")
            paths[-1].write_text(_csv_text([HEADER, *part], delimiter), "utf-8")
        result = assert_contract(eventlog.load, paths, on_error="collect", **EVENTLOG_OPTIONS)
    if isinstance(result, Exception):
        violation("RAISED", f"eventlog.load(collect) of the split log raised {result!r}", "split")
        return
    _same_histories(plain_histories(result), f"eventlog.load(split at {cut})")


@st.composite
def damaged_log(draw: st.DrawFn) -> tuple[list[list[str]], str]:
    """The shuffled log with one data cell hostile; returns the rows and the hurt case."""
    rows = draw(interleaved())
    r = draw(st.integers(0, len(rows) - 1))
    c = draw(st.integers(0, len(HEADER) - 1))
    value = draw(hostile())
    hurt = rows[r][_CASE]
    rows[r][c] = value if isinstance(value, str) else to_json(value)
    return rows, hurt


@fuzz_settings(60)
@given(log=damaged_log(), layout=st.sampled_from([None, *LAYOUTS]))
def test_an_interleaved_log_collect_keeps_the_untouched_cases(
    log: tuple[list[list[str]], str], layout: str | None
) -> None:
    rows, hurt = log
    options = dict(EVENTLOG_OPTIONS)
    if layout is not None:
        rows = [[*r[:_TS], _rewrite_stamp(r[_TS], layout), *r[_TS + 1 :]] for r in rows]
        options["date_format"] = layout
    with folder() as tmp:
        path = tmp / "log.csv"
        path.write_text(_csv_text([HEADER, *rows], ","), "utf-8", errors="surrogatepass")
        result = assert_contract(eventlog.load, path, on_error="collect", **options)
    if isinstance(result, Exception):
        return
    got = plain_histories(result)
    for cid, h in REFERENCE.items():
        if cid == hurt:
            continue
        require(
            got.get(cid) == h,
            "LOST RECORD",
            f"eventlog.load(collect): case {cid} changed or lost though only a row of {hurt} "
            f"was damaged; errors: {[str(e)[:120] for e in result.errors]}",
            "eventlog collect lost an untouched case",
        )


@st.composite
def frame_rows(draw: st.DrawFn) -> tuple[list[dict[str, Any]], str]:
    """The interleaved log as row dicts, one cell a hostile object (as a data frame gives:
    float ids, NaN, numpy scalars, huge ints, datetimes); returns the rows and the hurt case."""
    rows = [dict(zip(HEADER, r, strict=True)) for r in draw(interleaved())]
    i = draw(st.integers(0, len(rows) - 1))
    column = draw(st.sampled_from(HEADER))
    hurt = rows[i]["case_id"]
    rows[i][column] = draw(
        st.one_of(
            hostile(),
            st.floats(),
            st.integers(-(2**60), 2**60).map(float),
            st.sampled_from([12.0, 2.0**53, 2.0**53 + 2, -0.0, 10**5000]),
        )
    )
    return rows, hurt


SUMMARY_ROWS = list(
    csv.DictReader(io.StringIO((DATA / "summary" / "tickets.csv").read_text("utf-8")))
)


@fuzz_settings(80)
@given(data=frame_rows(), contiguous=st.booleans())
def test_eventlog_rows_with_frame_cells(
    data: tuple[list[dict[str, Any]], str], contiguous: bool
) -> None:
    rows, hurt = data

    def run() -> Any:
        return eventlog.histories(
            rows, on_error="collect", contiguous=contiguous, **EVENTLOG_OPTIONS
        ).collect()

    result = assert_contract(run)
    if isinstance(result, Exception):
        return
    got = plain_histories(result)
    for cid, h in REFERENCE.items():
        if cid == hurt or contiguous:  # contiguous: an interleaved log is an order error
            continue
        require(
            got.get(cid) == h,
            "LOST RECORD",
            f"eventlog.histories(collect): case {cid} changed or lost though only a row of "
            f"{hurt} was hurt; errors: {[str(e)[:120] for e in result.errors]}",
            "eventlog rows collect lost an untouched case",
        )


def _summary_options() -> dict[str, Any]:
    options = {k: v for k, v in SUMMARY_MAP.items() if k not in ("tag_separator", "survey")}
    options["rating_scale"] = tuple(options["rating_scale"])
    return options


@fuzz_settings(80)
@given(data=st.data())
def test_summary_rows_with_frame_cells(data: st.DataObject) -> None:
    rows = copy.deepcopy(SUMMARY_ROWS)
    i = data.draw(st.integers(0, len(rows) - 1))
    hurt = rows[i]["Ticket ID"]
    column = data.draw(st.sampled_from(list(rows[i])))
    rows[i][column] = data.draw(
        st.one_of(hostile(), st.floats(), st.sampled_from([12.0, 2.0**53 + 2, 10**5000]))
    )
    options = _summary_options()

    def run() -> Any:
        return summary.histories(rows, on_error="collect", **options).collect()

    result = assert_contract(run)
    if isinstance(result, Exception):
        return
    reference = summary.histories(SUMMARY_ROWS, on_error="collect", **options).collect()
    got = {h.id: h for h in result.histories}
    for h in reference.histories:
        require(
            h.id == hurt or got.get(h.id) == h,
            "LOST RECORD",
            f"summary.histories(collect): ticket {h.id} changed or lost though only {hurt} "
            f"was hurt ({column} = {show(rows[i][column])}); errors: "
            f"{[str(e)[:120] for e in result.errors]}",
            "summary rows collect lost an untouched ticket",
        )


@fuzz_settings(40)
@given(
    delimiter=st.sampled_from([",", ";", "\t", "|"]),
    encoding=st.sampled_from(["utf-8", "utf-8-sig", "cp1252", "utf-16", "latin-1"]),
    layout=st.sampled_from([None, "%Y/%m/%d %I:%M %p", "%d.%m.%Y %H.%M"]),
)
def test_a_relaid_summary_export_reads_the_same(
    delimiter: str, encoding: str, layout: str | None
) -> None:
    """A one-row export in another delimiter, encoding and timestamp layout: same tickets."""
    options = _summary_options()
    rows = [dict(r) for r in SUMMARY_ROWS]
    if layout is not None:
        options["date_format"] = layout
        for row in rows:
            for column in ("Created", "First Reply", "Solved", "Closed"):
                with contextlib.suppress(Exception):  # a broken cell of the fixture stays
                    row[column] = parse_timestamp(row[column], tz="UTC", dayfirst=True).strftime(
                        layout
                    )
    header = list(SUMMARY_ROWS[0])
    text = _csv_text([header, *[[r[c] for c in header] for r in rows]], delimiter)
    reference = summary.histories(
        rows, on_error="collect", **{k: v for k, v in options.items() if k != "encoding"}
    ).collect()
    with folder() as tmp:
        path = tmp / "tickets.csv"
        path.write_bytes(text.encode(encoding))
        result = assert_contract(
            summary.load, path, on_error="collect", encoding=encoding, **options
        )
    if isinstance(result, Exception):
        violation("RAISED", f"summary.load(encoding={encoding!r}) raised {result!r}", "summary")
        return
    require(
        list(result.histories) == list(reference.histories),
        "WRONG HISTORY",
        f"summary.load(delimiter={delimiter!r}, encoding={encoding!r}, date_format={layout!r}) "
        f"read {[h.id for h in result.histories]}, its rows {[h.id for h in reference.histories]}",
        "summary relaid differs",
    )


# -- Zendesk: audits in any order, split, repeated tickets, hostile values -----------------------

ZD = DATA / "zendesk"
PAGES = [
    json.loads((ZD / n).read_text("utf-8")) for n in ("tickets_page1.json", "tickets_page2.json")
]
AUDITS = [json.loads(line) for line in (ZD / "audits.jsonl").read_text("utf-8").splitlines()]


def _zendesk_load(files: dict[str, str], on_error: str, **options: Any) -> Any:
    with folder() as tmp:
        paths = []
        for name, text in files.items():
            (tmp / name).write_text(text, "utf-8", errors="surrogatepass")
            paths.append(tmp / name)
        return assert_contract(zendesk.load, paths, on_error=on_error, **options)


def _files(pages: list[Any], audit_files: list[list[Any]]) -> dict[str, str]:
    files = {f"p{i}.json": to_json(p) for i, p in enumerate(pages)}
    for i, chunk in enumerate(audit_files):
        files[f"z{i:02d}.jsonl"] = "".join(to_json(a) + "\n" for a in chunk)
    return files


ZD_REFERENCE = histories_of(
    zendesk.load(
        [ZD / "tickets_page1.json", ZD / "tickets_page2.json", ZD / "audits.jsonl"],
        on_error="collect",
    )
)


@st.composite
def reordered_audits(draw: st.DrawFn) -> list[list[Any]]:
    """The audits shuffled and split into 1-4 files (given in name order)."""
    audits = draw(st.permutations(AUDITS))
    cuts = sorted(draw(st.lists(st.integers(0, len(audits)), max_size=3)))
    bounds = [0, *cuts, len(audits)]
    return [list(audits[a:b]) for a, b in itertools.pairwise(bounds)]


@fuzz_settings(40)
@given(audit_files=reordered_audits(), repeat=st.booleans())
def test_zendesk_audits_in_any_order_read_the_same(
    audit_files: list[list[Any]], repeat: bool
) -> None:
    pages = PAGES + PAGES[:1] if repeat else PAGES  # a ticket exported twice: its last record
    told: list[Any] = []
    result = _zendesk_load(_files(pages, audit_files), "collect", progress=told.append)
    if isinstance(result, Exception):
        violation("RAISED", f"zendesk.load(collect) of the fixture raised {result!r}", "zd raised")
        return
    got = histories_of(result)
    require(
        got == ZD_REFERENCE,
        "WRONG HISTORY",
        f"zendesk.load: audits in files {[[a['id'] for a in f] for f in audit_files]} (pages "
        f"repeated: {repeat}) read as {sorted(got)} not {sorted(ZD_REFERENCE)}, or differently",
        "zendesk audits order changes histories",
    )
    # The join may run twice (out of order): progress still hears of each history once.
    require(
        sorted(h.id for h in told) == sorted(got),
        "WRONG PROGRESS",
        f"zendesk.load: progress told {[h.id for h in told]} for histories {sorted(got)}",
        "zendesk progress not once per history",
    )


@fuzz_settings(60)
@given(
    data=st.data(),
    audit_files=reordered_audits(),
    duplicate=st.booleans(),
    on_error=st.sampled_from(["collect", "raise"]),
)
def test_zendesk_hostile_audit_or_page(
    data: st.DataObject, audit_files: list[list[Any]], duplicate: bool, on_error: str
) -> None:
    pages = copy.deepcopy(PAGES)
    audit_files = copy.deepcopy(audit_files)
    if duplicate:  # an audit exported twice
        chunk = data.draw(st.sampled_from([f for f in audit_files if f] or [[]]))
        if chunk:
            chunk.append(copy.deepcopy(data.draw(st.sampled_from(chunk))))
    hurt: set[str] = set()
    if data.draw(st.booleans()):
        chunk = data.draw(st.sampled_from([f for f in audit_files if f]))
        i = data.draw(st.integers(0, len(chunk) - 1))
        hurt.add(str(chunk[i]["ticket_id"]))
        chunk[i] = data.draw(mutated(chunk[i]))
        hurt |= {t for t in ZD_REFERENCE if t in to_json(chunk[i])}
    else:
        p = data.draw(st.integers(0, len(pages) - 1))
        hurt |= {str(t["id"]) for t in pages[p]["tickets"]}
        pages[p] = data.draw(mutated(pages[p]))
    result = _zendesk_load(_files(pages, audit_files), on_error)
    if isinstance(result, Exception) or on_error == "raise" or duplicate:
        return
    got = histories_of(result)
    for tid, h in ZD_REFERENCE.items():
        if tid in hurt:
            continue
        require(
            got.get(tid) == h,
            "LOST RECORD",
            f"zendesk.load(collect): ticket {tid} changed or lost though only {sorted(hurt)} "
            f"were hurt; errors: {[str(e)[:120] for e in result.errors]}",
            "zendesk collect lost an untouched ticket",
        )


# -- SeenIds ------------------------------------------------------------------------------------

IDS = st.one_of(
    st.text(max_size=6),
    st.sampled_from(["\ud800", "a\udcff", "\x00", "a\x00", "", "1001", "1001.0", "\ufeff1"]),
    st.text(alphabet="ab\x00\ud800\udfff", max_size=4),
)


@fuzz_settings(100)
@given(
    ops=st.lists(st.tuples(st.booleans(), IDS), max_size=80),
    spill_at=st.integers(1, 6),
    batch=st.integers(1, 4),
    bits=st.sampled_from([8, 16, 64, 1024]),
)
def test_seen_ids_answers_as_a_set(
    ops: list[tuple[bool, str]], spill_at: int, batch: int, bits: int
) -> None:
    model: set[str] = set()
    with SeenIds(spill_at=spill_at, batch=batch, bloom_bits=bits) as seen:
        for add, key in ops:
            if add:
                assert_contract(seen.add, key)
                model.add(key)
            else:
                got = assert_contract(seen.__contains__, key)
                require(
                    got == (key in model),
                    "WRONG ANSWER",
                    f"SeenIds(spill_at={spill_at}, batch={batch}): {key!r} in seen is {got}, "
                    f"a set says {key in model}; ops {ops!r}",
                    "SeenIds differs from a set",
                )
        for key in model:
            require(key in seen, "WRONG ANSWER", f"SeenIds lost {key!r}; ops {ops!r}", "lost id")


# -- reconcile: Zendesk metric events, JSM SLA payloads ------------------------------------------

METRIC_PAGE = json.loads((ZD / "metric_events.json").read_text("utf-8"))
METRIC_EVENTS = METRIC_PAGE["ticket_metric_events"]
ZD_VERDICTS = zendesk_verdicts(METRIC_EVENTS)[0]


@fuzz_settings(60)
@given(events=st.permutations(METRIC_EVENTS), data=st.data())
def test_metric_events_in_any_order_or_twice_give_the_same_verdicts(
    events: list[Any], data: st.DataObject
) -> None:
    twice = data.draw(st.lists(st.sampled_from(METRIC_EVENTS), max_size=5))
    pages = data.draw(st.booleans())
    feed: list[Any] = [*events, *twice]
    if pages:  # as the export's pages
        half = len(feed) // 2
        feed = [{"ticket_metric_events": feed[:half]}, {"ticket_metric_events": feed[half:]}]
    result = assert_contract(zendesk_verdicts, feed)
    require(
        not isinstance(result, Exception) and result[0] == ZD_VERDICTS,
        "WRONG VERDICTS",
        f"zendesk_verdicts: events reordered/repeated {[e['id'] for e in twice]} gave "
        f"{result!r:.600} instead of {ZD_VERDICTS!r:.600}",
        "zendesk verdicts depend on order",
    )


@fuzz_settings(100)
@given(data=st.data(), on_error=st.sampled_from(["collect", "raise"]))
def test_zendesk_verdicts_mutated_events(data: st.DataObject, on_error: str) -> None:
    events = copy.deepcopy(METRIC_EVENTS)
    i = data.draw(st.integers(0, len(events) - 1))
    hurt = events[i]["ticket_id"], events[i]["metric"], events[i]["instance_id"]
    events[i] = data.draw(mutated(events[i]))
    # Through JSON (as a file would give it): NaN, Infinity, 5,000-digit numbers stay.
    with contextlib.suppress(ValueError, RecursionError):
        events = json.loads(to_json(events))
    result = assert_contract(zendesk_verdicts, events, on_error=on_error)
    if isinstance(result, Exception) or on_error == "raise":
        return
    verdicts, _errors = result
    # The mutated event may now belong to another clock (instance_id deleted reads as 1): the
    # clocks of its ticket and of any ticket its text names are hurt; the others must stay.
    mentioned = show(events[i])
    keep = [v for v in ZD_VERDICTS if int(v.ticket_id) != hurt[0] and v.ticket_id not in mentioned]
    require(
        all(v in verdicts for v in keep),
        "LOST RECORD",
        f"zendesk_verdicts(collect) lost untouched verdicts; event {i} now {mentioned}",
        "zendesk verdicts collect lost a clock",
    )


JSM_SLA = json.loads((DATA / "jira" / "request_sla.json").read_text("utf-8"))
JSM_VERDICTS = jsm_verdicts(sla=JSM_SLA)[0]


@fuzz_settings(100)
@given(data=st.data(), on_error=st.sampled_from(["collect", "raise"]))
def test_jsm_verdicts_mutated_sla(data: st.DataObject, on_error: str) -> None:
    sla = data.draw(mutated(JSM_SLA))
    with contextlib.suppress(ValueError, RecursionError):
        sla = json.loads(to_json(sla))
    result = assert_contract(jsm_verdicts, sla=sla, on_error=on_error)
    if isinstance(result, Exception) or on_error == "raise" or not isinstance(sla, dict):
        return
    verdicts, _errors = result
    # One bad SLA record costs only its own cycles: an issue whose payload is unchanged keeps all.
    for key, payload in JSM_SLA.items():
        if to_json(sla.get(key)) != to_json(payload):
            continue
        mine = [v for v in JSM_VERDICTS if v.ticket_id == key]
        require(
            all(v in verdicts for v in mine),
            "LOST RECORD",
            f"jsm_verdicts(collect) lost the verdicts of untouched {key}",
            "jsm collect lost an untouched issue",
        )


# -- --map files with the newer keys, through main ------------------------------------------------

SUMMARY_CSV = DATA / "summary" / "tickets.csv"
EVENTLOG_MAP: dict[str, Any] = copy.deepcopy(EVENTLOG_OPTIONS)
SUMMARY_MAP: dict[str, Any] = {
    **copy.deepcopy(SUMMARY_OPTIONS),
    "rating_scale": [1, 5],
    "rating_map": {"good": 5, "bad": 1},
    "channel_map": {"Email": "email", "Chat": "chat"},
    "attributes": ["Product"],
    "tag_separator": ",",
    "survey": "csat",
}
NEW_KEYS = [
    "date_format",
    "encoding",
    "rating_map",
    "rating_scale",
    "channel_map",
    "attributes",
    "tag_separator",
    "survey",
    "tz",
    "dayfirst",
]
HOSTILE_CODECS = st.sampled_from(
    ["rot13", "hex", "base64", "utf-16", "utf-32", "idna", "punycode", "a\x00", "", "x" * 300]
)


@fuzz_settings(60)
@given(
    data=st.data(),
    source=st.sampled_from(["eventlog", "summary"]),
    skip=st.booleans(),
)
def test_map_file_new_keys_hostile(data: st.DataObject, source: str, skip: bool) -> None:
    base = EVENTLOG_MAP if source == "eventlog" else SUMMARY_MAP
    mapping = copy.deepcopy(base)
    for key in data.draw(st.lists(st.sampled_from(NEW_KEYS), min_size=1, max_size=3)):
        strategy = HOSTILE_CODECS if key == "encoding" else hostile()
        if key == "date_format":
            strategy = DATE_FORMAT_VALUES
        mapping[key] = data.draw(st.one_of(strategy, mutated(base.get(key, {}))))
    export = DATA / "eventlog" / "incidents.csv" if source == "eventlog" else SUMMARY_CSV
    with folder() as tmp:
        path = tmp / "map.json"
        path.write_text(to_json(mapping), "utf-8", errors="surrogatepass")
        argv = ["report", str(export), f"--source={source}", f"--map={path}", "--format=json"]
        if skip:
            argv.append("--skip-bad-records")
        outcome = assert_contract(run_cli, argv)
    check_map_run(outcome, argv, mapping)


def check_map_run(outcome: Any, argv: list[str], mapping: Any) -> None:
    """A run of ``main`` under a ``--map`` file: exit 0, 2 or 3 without a traceback, and a
    bad input said in one error line at the end."""
    if isinstance(outcome, Exception):
        violation("WRONG EXIT", f"main({argv!r}) raised {outcome!r}", "main raised")
        return
    code, err = outcome
    lines = err.splitlines()
    require(
        "Traceback" not in err and code in (0, 2, 3),
        "WRONG EXIT",
        f"main --map {to_json(mapping)[:400]} exited {code!r}: {err[-400:]!r}",
        f"map exit {code!r}",
    )
    if code == 2:
        require(
            bool(lines)
            and lines[-1].startswith("servicemodel report: error: ")
            and sum(line.startswith("servicemodel report: error: ") for line in lines) == 1,
            "NOT ONE LINE",
            f"main --map {to_json(mapping)[:400]} must end with one error line: {err[:400]!r}",
            "map error not one line",
        )
