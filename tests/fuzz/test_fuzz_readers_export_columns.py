"""Fuzz the real-export columns: created and lifecycle columns, durations, priority names.

Harnesses for the event log's ``created`` role (junk, naive, overflowing and frame values),
its XES ``lifecycle`` column (any text), channel labels and ``channel_map`` (any text, any
value), the one-row reader's duration roles (``first_reply_after_min``, ``solved_after_h``
...: negative, NaN, infinite, huge, clock text, timedeltas, numpy scalars; timedelta columns
of pandas and polars frames), a desk's own priority names in rows, frames, JSON Lines round
trips and policy files (``"label:NAME"`` keys with any name), a live ``TicketSLA`` state whose
``priority_labels`` are junk, every option of both readers with any value, files with junk
after their first row (long fields past the csv module's own limit), and ``--map`` files with
the new keys through ``main`` (with a policy whose next-reply target a one-row export cannot
measure). Besides the suite's contract (see ``conftest``) each checks a law: an accepted
duration is the time the cell says (computed here independently, by the unit in the role's
name) after the creation, in UTC; an accepted creation is the cell's instant; a lifecycle value
is read by the XES standard lifecycle model (IEEE 1849-2016: ``complete`` and ``unknown``
happened, the other transitions are no event, any other text an error of its case); a
priority name is kept as written (stripped), one of ours is no name; a frame reads as its
rows; a ticket is measured by its label's targets if the policy has any, else its category's;
collect mode keeps every record the damage did not touch.

Long run (the harnesses here are fast; 20,000 examples each take minutes)::

    SERVICEMODEL_FUZZ_EXAMPLES=5000 SERVICEMODEL_HYPOTHESIS=explore \
        .venv/bin/python -m pytest -p no:cacheprovider \
        tests/fuzz/test_fuzz_readers_export_columns.py
"""

from __future__ import annotations

import contextlib
import copy
import csv
import io
import re
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from servicemodel.io import (
    dump_jsonl,
    eventlog,
    history_from_dict,
    history_to_dict,
    load_jsonl,
    summary,
)
from servicemodel.model import AgentReply, Priority, PriorityChange, Ticket, TicketHistory
from servicemodel.sla import SLAPolicy, Target, TicketSLA, evaluate

from .conftest import assert_contract, folder, fuzz_settings, require, show, violation
from .encode import to_json
from .hostile import EDGE_STAMPS, hostile, mutated
from .test_fuzz_cli import run_cli
from .test_fuzz_readers_layouts_and_audit_order import check_map_run

try:
    import numpy as np
    import pandas as pd
except ImportError:  # pragma: no cover - the dev extras install both
    np = pd = None

pytestmark = pytest.mark.fuzz

T0 = datetime(2026, 3, 2, 9, tzinfo=UTC)
#: The XES standard lifecycle model's transitions (IEEE 1849-2016, the lifecycle extension).
XES_TRANSITIONS = (
    *("schedule", "assign", "withdraw", "reassign", "start", "suspend", "resume"),
    *("pi_abort", "ate_abort", "complete", "autoskip", "manualskip", "unknown"),
)
#: The transitions that say an activity happened (its completion, or no lifecycle known).
XES_HAPPENED = ("complete", "unknown")
OURS = ("low", "normal", "high", "urgent")


def errors_of(result: Any) -> list[str]:
    return [str(e)[:160] for e in result.errors]


# -- the one-row reader's duration roles ---------------------------------------------------------

UNITS = {"s": 1, "min": 60, "h": 3600}
#: A clock text as the exports write one (H:MM or H:MM:SS), and its neighbours.
CLOCK_TEXT = st.one_of(
    st.builds(
        lambda h, m, s, sec: f"{h}:{m:02d}" + (f":{s:02d}" if sec else ""),
        st.integers(0, 10**15),
        st.integers(0, 99),
        st.integers(0, 99),
        st.booleans(),
    ),
    st.text(alphabet="0123456789:.-+ eE", max_size=14),
)
DURATION_CELLS = st.one_of(
    hostile(),
    CLOCK_TEXT,
    st.floats(),
    st.integers(-(2**70), 2**70),
    st.decimals(allow_nan=True, places=3).map(str),
    st.timedeltas(),
    st.sampled_from(
        [
            "1e3",
            "1_000",
            " 90 ",
            ".5",
            "5.",
            "-0",
            "+5",
            "nan",
            "inf",
            "١٢",
            "１２",
            "0:60",
            "1:00:60",
            "1::00",
            "9" * 400,
            "0:00",
            10**400,
            2.0**1023 * 1.5,
            1e-320,
        ]
    ),
)
if np is not None and pd is not None:
    DURATION_CELLS = st.one_of(
        DURATION_CELLS,
        st.sampled_from(
            [
                np.bool_(True),
                np.bool_(False),
                np.int64(90),
                np.uint8(7),
                np.float32(1.5),
                np.float64("nan"),
                np.float64("inf"),
                np.int64(-5),
                np.timedelta64(90, "m"),
                np.timedelta64("NaT", "ns"),
                np.datetime64("2026-03-02"),
                pd.NA,
                pd.NaT,
                pd.Timedelta(90, "min"),
                pd.Timedelta(1, "ns"),
                pd.Timedelta.max,
                pd.Timedelta(-1, "s"),
                np.complex128(1 + 0j),
            ]
        ),
    )

_NUMBER_TEXT = re.compile(r"[0-9]+(?:\.[0-9]*)?|\.[0-9]+")
_CLOCK = re.compile(r"([0-9]+):([0-5][0-9])(?::([0-5][0-9]))?")
ANY = object()  # the reference does not say (the reader may take or refuse it)


def expected_duration(value: Any, unit: int) -> Any:
    """What a duration cell means, computed without the reader: a ``timedelta``, ``None``
    (it must be refused or be a missing cell), or ``ANY``."""
    if value is None or (pd is not None and (value is pd.NA or value is pd.NaT)):
        return None
    if isinstance(value, timedelta):
        return value if value >= timedelta(0) else None
    if np is not None and isinstance(value, np.bool_ | bool | np.complexfloating):
        return None  # a flag is no amount of time, and 1+5j no number of them
    if isinstance(value, str):
        text = value.strip()
        if m := _CLOCK.fullmatch(text):
            h, mi, s = (int(g or 0) for g in m.groups())
            return _seconds(Decimal(h * 3600 + mi * 60 + s))
        if _NUMBER_TEXT.fullmatch(text):
            return _seconds(Decimal(text) * unit)
        return ANY if text.isdigit() or "." in text else None
    if isinstance(value, int | float) or (np is not None and isinstance(value, np.number)):
        with contextlib.suppress(TypeError, ValueError, OverflowError):
            amount = Decimal(float(value)) if not isinstance(value, int) else Decimal(value)
            if amount.is_finite() and amount >= 0:
                return _seconds(amount * unit)
        return None
    return ANY


def _float_tolerance(want: timedelta) -> timedelta:
    """How far a float's rounding may move ``want``: a microsecond, or a few units of the
    last place of its seconds (a float holds about 16 digits; 1,600 years in µs has 17)."""
    return timedelta(microseconds=1) + want / 2**50


def _seconds(seconds: Decimal) -> Any:
    try:
        return timedelta(seconds=float(seconds))
    except OverflowError:
        return None  # no instant: must be an error


#: Creations a duration is added to: an offset, and local times in Berlin on a normal day,
#: in the spring-forward gap, in the repeated autumn hour, and near the end of the range.
CREATIONS = [
    "2026-03-02T09:00:00Z",
    "02/03/2026 10:00",
    "29/03/2026 02:30",
    "25/10/2026 02:30",
    "30/12/9998 23:00",
]
#: Ticket 2 (untouched): created 08:00 UTC.
OTHER = "02/03/2026 09:00"


@fuzz_settings(150)
@given(
    value=DURATION_CELLS,
    target=st.sampled_from(["first_reply", "solved"]),
    unit=st.sampled_from(sorted(UNITS)),
    created=st.sampled_from(CREATIONS),
)
@example(
    value=np.bool_(True) if np is not None else True,
    target="solved",
    unit="min",
    created=CREATIONS[0],
)
def test_duration_cells_any_value(value: Any, target: str, unit: str, created: str) -> None:
    role = f"{target}_after_{unit}"
    columns = {"id": "id", "created": "created", role: "d", "rating": "rating"}
    rows = [
        {"id": "1", "created": created, "d": value, "rating": "Not Offered"},
        {"id": "2", "created": OTHER, "d": "5", "rating": "4"},
    ]

    def run() -> Any:
        return summary.histories(
            rows, columns=columns, tz="Europe/Berlin", dayfirst=True, on_error="collect"
        ).collect()

    result = assert_contract(run)
    if isinstance(result, Exception):
        violation("RAISED", f"summary.histories(collect) raised {result!r}", "duration raised")
        return
    got = {h.id: h for h in result.histories}
    # The untouched ticket: created 08:00 UTC, its clock five units later.
    other = got.get("2")
    at = T0 - timedelta(hours=1) + timedelta(seconds=5 * UNITS[unit])
    stop = None if other is None else getattr(other, f"{target}_at")()
    require(
        stop is not None and stop.astimezone(UTC) == at,
        "LOST RECORD",
        f"ticket 2 lost or changed ({stop!r}) though only ticket 1's {role} = {show(value)} "
        f"was hurt; errors {errors_of(result)}",
        "duration collect lost ticket 2",
    )
    want = expected_duration(value, UNITS[unit])
    mine = got.get("1")
    if want is ANY:
        return
    read = None if mine is None else getattr(mine, f"{target}_at")()
    if want is None:
        require(
            read is None,
            "SILENT NUMBER",
            f"{role} = {show(value)} was read as {read!r}, not refused",
            f"duration {type(value).__name__} accepted",
        )
        return
    if mine is None:  # past the supported range (the reference cannot say): the error names it
        require(
            any("out of range" in e or "supported range" in e for e in errors_of(result)),
            "LOST RECORD",
            f"{role} = {show(value)} after {created}: ticket 1 lost; {errors_of(result)}",
            "duration ticket lost",
        )
        return
    # Calendar time: the creation's instant plus the duration, in UTC (whatever the zone does).
    start = mine.ticket.created_at.astimezone(UTC)
    require(
        read is not None and abs(read.astimezone(UTC) - start - want) <= _float_tolerance(want),
        "WRONG INSTANT",
        f"{role} = {show(value)} after {created}: {read!r}, not {want!r} after {start!r}",
        f"duration {type(value).__name__} wrong",
    )
    # Shown in the creation's zone, as the other instants of the row.
    require(
        read.tzinfo == mine.ticket.created_at.tzinfo,
        "WRONG INSTANT",
        f"{role} after {created}: {read!r} is not in the creation's zone",
        "duration zone",
    )


@fuzz_settings(40)
@given(
    durations=st.lists(
        st.one_of(st.none(), st.timedeltas(min_value=timedelta(0), max_value=timedelta(days=9e5))),
        min_size=1,
        max_size=4,
    ),
    library=st.sampled_from(["pandas", "polars"]),
)
def test_duration_columns_in_frames(durations: list[timedelta | None], library: str) -> None:
    """A frame's timedelta column (``NaT``/null for missing): creation plus the duration."""
    if pd is None:  # pragma: no cover
        return
    ids = [str(n) for n in range(len(durations))]
    created = [T0 + timedelta(hours=n) for n in range(len(durations))]
    columns = {"id": "id", "created": "created", "solved_after_h": "d"}
    if library == "pandas":
        frame = (
            pd.DataFrame(
                {"id": ids, "created": created, "d": pd.Series(durations, dtype="timedelta64[ns]")}
            )
            if all(d is None or d < timedelta(days=106_000) for d in durations)
            else None
        )
        read = summary.from_pandas
    else:
        import polars as pl

        frame = pl.DataFrame(
            {"id": ids, "created": created, "d": durations},
            schema={"id": pl.String, "created": pl.Datetime("us", "UTC"), "d": pl.Duration("us")},
        )
        read = summary.from_polars
    if frame is None:
        return  # past pandas' nanosecond range: no such frame

    def run() -> Any:
        return read(frame, columns=columns, on_error="collect").collect()

    result = assert_contract(run)
    if isinstance(result, Exception):
        violation("RAISED", f"{library} durations {durations!r} raised {result!r}", "frame raised")
        return
    got = {h.id: h.solved_at() for h in result.histories}
    for tid, at, d in zip(ids, created, durations, strict=True):
        want = None if d is None else at + d
        if want is not None and want >= datetime(9998, 12, 31, tzinfo=UTC):
            continue  # past the supported range: the ticket's error
        require(
            tid in got and got[tid] == want,
            "WRONG INSTANT",
            f"{library}: ticket {tid} created {at} after {d!r} solved at {got.get(tid)!r}, not "
            f"{want!r}; errors {errors_of(result)}",
            f"{library} duration column wrong",
        )


# -- files that cannot be read on; the CSV field limit -------------------------------------------

FILE_TAILS = st.one_of(
    st.binary(max_size=200),
    st.text(alphabet='a,;"\r\n\x00\t?9:/', max_size=200).map(lambda t: t.encode()),
    st.builds(
        lambda n, q: (('"' if q else "") + "x" * n).encode(),
        st.sampled_from([10, 131_073, 300_000]),
        st.booleans(),
    ),
    st.sampled_from([b"\xff\xfe", "é".encode("latin-1"), b"\xef\xbb\xbf", b"a\x00b,\n"]),
)


@fuzz_settings(60)
@given(
    source=st.sampled_from(["summary", "eventlog"]),
    tail=FILE_TAILS,
    encoding=st.sampled_from(["utf-8", "utf-8-sig", "latin-1", "utf-16"]),
    on_error=st.sampled_from(["collect", "raise"]),
)
def test_files_of_any_bytes(source: str, tail: bytes, encoding: str, on_error: str) -> None:
    """A file with junk after its first row: only ServiceModelErrors; a long field (past the
    csv module's own 128 KiB) is a row like any other, and the first row is still read."""
    if source == "summary":
        head, load = "id,created\n1,2026-03-02T09:00:00Z\n", summary.load
        options: dict[str, Any] = {"columns": {"id": "id", "created": "created"}}
    else:
        head = "c,a,t\n1,Open,2026-03-02T09:00:00Z\n"
        load, options = eventlog.load, {"columns": dict(list(LOG_COLUMNS.items())[:3])}
        options["status_map"] = STATUS_MAP
    with folder() as tmp:
        path = tmp / "export.csv"
        path.write_bytes(head.encode(encoding) + tail)
        result = assert_contract(load, path, on_error=on_error, encoding=encoding, **options)
    if set(tail) <= set(b"x") and on_error == "collect" and encoding != "utf-16":
        require(
            not isinstance(result, Exception) and "1" in {h.id for h in result.histories},
            "LOST RECORD",
            f"{source}.load: a row of {len(tail)} x's after ticket 1 gave {show(result)}",
            "long field lost the file",
        )


# -- the event log's created role -----------------------------------------------------------------

LOG_COLUMNS = {
    "case": "c",
    "activity": "a",
    "timestamp": "t",
    "created": "cr",
    "lifecycle": "lc",
    "priority": "p",
    "channel": "ch",
}
STATUS_MAP = {"Open": "open", "Resolved": "solved"}


def _log_rows() -> list[dict[str, Any]]:
    rows = []
    for n, case in enumerate("ABC"):
        for act, minutes in (("Open", 0), ("Resolved", 60)):
            rows.append(
                {
                    "c": case,
                    "a": act,
                    "t": (T0 + timedelta(minutes=minutes + n)).isoformat(),
                    "cr": (T0 - timedelta(hours=1)).isoformat(),
                    "lc": "complete",
                    "p": "high",
                    "ch": "Self service",
                }
            )
    return rows


def _read_log(rows: list[dict[str, Any]], **options: Any) -> Any:
    def run() -> Any:
        return eventlog.histories(
            rows, columns=LOG_COLUMNS, status_map=STATUS_MAP, on_error="collect", **options
        ).collect()

    return assert_contract(run)


LOG_REFERENCE = {h.id: h for h in _read_log(_log_rows()).histories}


def _untouched(result: Any, hurt: str, what: str) -> None:
    got = {h.id: h for h in result.histories}
    for cid, h in LOG_REFERENCE.items():
        if cid != hurt:
            require(
                got.get(cid) == h,
                "LOST RECORD",
                f"{what}: case {cid} changed or lost though only {hurt} was hurt; "
                f"errors {errors_of(result)}",
                f"{what.split(' ')[0]} collect lost an untouched case",
            )


_NAIVE = st.datetimes(min_value=datetime(1, 1, 2), max_value=datetime(9999, 12, 30))
CREATED_CELLS = st.one_of(
    hostile(),
    st.sampled_from(EDGE_STAMPS),
    _NAIVE,
    _NAIVE.map(lambda d: d.isoformat()),
    st.datetimes(
        min_value=datetime(1, 1, 2), max_value=datetime(9999, 12, 30), timezones=st.timezones()
    ),
    st.datetimes(timezones=st.just(UTC)).map(lambda d: d.isoformat()),
    st.integers(-(2**63), 2**63).map(str),
    st.text(max_size=25),
)
if pd is not None:
    CREATED_CELLS = st.one_of(
        CREATED_CELLS,
        st.sampled_from(
            [pd.NA, pd.NaT, pd.Timestamp("2026-03-02 08:00"), np.datetime64("NaT", "ns")]
        ),
        st.datetimes(
            min_value=datetime(1678, 1, 1), max_value=datetime(2261, 1, 1), timezones=st.timezones()
        ).map(pd.Timestamp),
    )


@fuzz_settings(150)
@given(value=CREATED_CELLS, second=st.booleans(), tz=st.sampled_from([None, "UTC"]))
def test_created_cells_any_value(value: Any, second: bool, tz: str | None) -> None:
    rows = _log_rows()
    # Case A's rows (0, 1): the creation comes from the first row (in time) that has one.
    rows[0]["cr"] = value
    rows[1]["cr"] = value if second else None
    result = _read_log(rows, tz=tz)
    if isinstance(result, Exception):
        # Only a naive value stops the whole log (the export needs tz=): never junk.
        require(
            tz is None and type(result).__name__ == "NaiveDatetimeError",
            "RAISED",
            f"eventlog.histories(collect, tz={tz!r}) with created {show(value)} raised {result!r}",
            "created raised in collect mode",
        )
        return
    _untouched(result, "A", f"created {show(value)}")
    mine = next((h for h in result.histories if h.id == "A"), None)
    if mine is None:
        return
    created = mine.ticket.created_at.astimezone(UTC)
    first = T0  # case A's first row
    if created == first:  # the cell read as missing: it must be missing in some way
        require(
            value is None
            or (isinstance(value, str) and value.strip() in ("", "?"))
            or _unequal_to_itself(value)
            or _parses_to(value, tz) == first,
            "SILENT NUMBER",
            f"created {show(value)} ignored: the case is created at its first row",
            f"created {type(value).__name__} ignored",
        )
        return
    require(
        created <= first and _parses_to(value, tz) in (created, None),
        "WRONG INSTANT",
        f"created {show(value)} read as {created!r}",
        f"created {type(value).__name__} wrong",
    )


def _unequal_to_itself(value: Any) -> bool:
    if pd is not None and value is pd.NA:
        return True  # neither equal nor unequal to itself
    try:
        return bool(value != value)
    except Exception:
        return False


def _parses_to(value: Any, tz: str | None) -> datetime | None:
    """The instant a created cell names, computed here (None: this reference cannot say)."""
    if isinstance(value, datetime):
        if value.tzinfo is None:
            return value.replace(tzinfo=UTC) if tz == "UTC" else None
        try:
            return (
                value.astimezone(UTC).replace(nanosecond=0)
                if pd is not None and isinstance(value, pd.Timestamp)
                else value.astimezone(UTC)
            )
        except (OverflowError, ValueError):
            return None
    if isinstance(value, str):
        with contextlib.suppress(ValueError, OverflowError):
            at = datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
            if at.tzinfo is None:
                return at.replace(tzinfo=UTC) if tz == "UTC" else None
            return at.astimezone(UTC)
    return None


# -- channel labels and channel_map -------------------------------------------------------------

CHANNEL_LABELS = st.one_of(
    st.text(max_size=12),
    st.sampled_from(["Self service", " E-mail ", "Web/Portal", "???", "İ", "ß", "Ⅻ", "\x00", ""]),
    st.sampled_from(["a" * 300, "\u00a0", "self_service", "phone", "١", "x.y", "-", "_"]),
    hostile(),
)
CHANNEL_MAPS = st.one_of(
    st.none(),
    st.dictionaries(st.text(max_size=6), st.text(max_size=6), max_size=3),
    st.just({"self service": "web", "ivr": "phone"}),
    hostile(),
)


@fuzz_settings(150)
@given(label=CHANNEL_LABELS, channel_map=CHANNEL_MAPS, reader=st.sampled_from(["log", "summary"]))
def test_channel_labels_any_text(label: Any, channel_map: Any, reader: str) -> None:
    if reader == "log":
        rows = _log_rows()
        rows[0]["ch"] = rows[1]["ch"] = label
        result = _read_log(rows, channel_map=channel_map)
    else:
        rows = [
            {"id": "A", "created": T0.isoformat(), "ch": label},
            {"id": "B", "created": T0.isoformat(), "ch": "Self service"},
        ]

        def run() -> Any:
            cols = {"id": "id", "created": "created", "channel": "ch"}
            return summary.histories(
                rows, columns=cols, channel_map=channel_map, on_error="collect"
            ).collect()

        result = assert_contract(run)
    if isinstance(result, Exception):
        return  # a channel_map that is no table of names: the whole read's error
    got = {h.id: h for h in result.histories}
    other = got.get("B")
    require(
        other is not None and other.ticket.channel not in ("", None),
        "LOST RECORD",
        f"{reader}: channel {show(label)} of A cost B; errors {errors_of(result)}",
        f"{reader} channel collect lost B",
    )
    mine = got.get("A")
    if mine is None:
        return
    channel = mine.ticket.channel
    mapped = {str(k).strip().lower(): v for k, v in (channel_map or {}).items()}
    text = _text(label)
    # A channel the reader made is a name (letters, digits, "_-.") or a value of the map.
    require(
        channel in mapped.values()
        or (bool(channel) and all(c.isalnum() or c in "_-." for c in channel))
        or (text is not None and text.strip() in ("", "?")),
        "WRONG HISTORY",
        f"{reader}: channel {show(label)} (map {show(channel_map)}) read as {channel!r}",
        f"{reader} channel not a name",
    )


# -- the lifecycle column ------------------------------------------------------------------------

LIFECYCLE_CELLS = st.one_of(
    st.sampled_from(XES_TRANSITIONS).flatmap(
        lambda t: st.sampled_from([t, t.upper(), f" {t} ", t.title(), t.replace("_", " ")])
    ),
    st.text(max_size=12),
    hostile(),
    st.sampled_from(["ＣＯＭＰＬＥＴＥ", "complete\x00", "İ", "K", "ﬀ", "Complete\u200b", "?", ""]),
)


@fuzz_settings(150)
@given(value=LIFECYCLE_CELLS, row=st.integers(0, 1))
@example(value="COMPLETE", row=1)
def test_lifecycle_cells_any_text(value: Any, row: int) -> None:
    rows = _log_rows()
    rows[row]["lc"] = value
    result = _read_log(rows)
    if isinstance(result, Exception):
        violation("RAISED", f"lifecycle {show(value)} raised {result!r}", "lifecycle raised")
        return
    _untouched(result, "A", f"lifecycle {show(value)}")
    mine = next((h for h in result.histories if h.id == "A"), None)
    missing = value is None or _unequal_to_itself(value)
    missing = missing or (isinstance(value, str) and value.strip() in ("", "?"))
    text = None if missing else _text(value)
    word = None if text is None else text.strip().casefold()
    if missing or word in XES_HAPPENED:
        require(
            mine == LOG_REFERENCE["A"],
            "WRONG HISTORY",
            f"lifecycle {show(value)} (happened) changed case A: {mine!r}; "
            f"errors {errors_of(result)}",
            "lifecycle happened not read",
        )
    elif word in XES_TRANSITIONS:
        require(
            mine is not None and len(mine.events) == len(LOG_REFERENCE["A"].events) - 1,
            "WRONG HISTORY",
            f"lifecycle {show(value)} (no event) gave case A {mine!r}; errors {errors_of(result)}",
            "lifecycle transition not dropped",
        )
    else:
        require(
            mine is None and any("lifecycle" in e for e in errors_of(result)),
            "SILENT NUMBER",
            f"lifecycle {show(value)} (no XES transition) read as {mine!r}, not an error",
            "lifecycle junk accepted",
        )


def _text(value: Any) -> str | None:
    try:
        return str(value)
    except Exception:
        return None


# -- priority names: rows, frames, JSON Lines, policies, live state -------------------------------

NAMES = st.one_of(
    st.text(max_size=10),
    st.sampled_from(OURS).flatmap(lambda p: st.sampled_from([p, p.upper(), f" {p} "])),
    st.sampled_from(["P0", " Sev 1 ", "3 - Moderate", "<NA>", "nan", "None", "\x00", "\u3000"]),
    st.sampled_from(["ǈ", "İ", "ß", "\ufeffP1", "a\udcff", "Highest", "label:P0", "x" * 300]),
)


def _label_of(name: str) -> str | None:
    text = name.strip()
    return None if not text or text.lower() in OURS else text


@fuzz_settings(150)
@given(name=NAMES, to=st.sampled_from(list(Priority)), reader=st.sampled_from(["log", "summary"]))
def test_priority_names_any_text_in_rows(name: str, to: Priority, reader: str) -> None:
    pmap = {name.strip(): to.value} if _label_of(name) is not None else {}
    if reader == "log":
        rows = _log_rows()
        for r in rows[:2]:
            r["p"] = name
        result = _read_log(rows, priority_map=pmap)
    else:
        rows = [
            {"id": "A", "created": T0.isoformat(), "p": name},
            {"id": "B", "created": T0.isoformat(), "p": "high"},
        ]

        def run() -> Any:
            cols = {"id": "id", "created": "created", "priority": "p"}
            return summary.histories(
                rows, columns=cols, priority_map=pmap, on_error="collect"
            ).collect()

        result = assert_contract(run)
    if isinstance(result, Exception):
        violation("RAISED", f"{reader}: priority {name!r} raised {result!r}", "priority raised")
        return
    got = {h.id: h for h in result.histories}
    label = _label_of(name)
    missing = name.strip() in ("", "?")  # the readers' default missing markers
    want = None if missing else to if label is not None else Priority(name.strip().lower())
    mine = got.get("A")
    if want is None:  # a blank cell: missing, the reader's default priority
        return
    require(
        mine is not None and mine.ticket.priority is want and mine.ticket.priority_label == label,
        "WRONG HISTORY",
        f"{reader}: priority {name!r} mapped to {to.value} read as "
        f"{None if mine is None else (mine.ticket.priority, mine.ticket.priority_label)!r}; "
        f"errors {errors_of(result)}",
        f"{reader} priority name wrong",
    )
    _round_trips(mine)


def _round_trips(h: TicketHistory) -> None:
    """A history with a priority name reads back the same from its dict and its JSON Lines."""
    back = assert_contract(history_from_dict, history_to_dict(h))
    require(back == h, "WRONG HISTORY", f"dict round trip of {h!r} gave {back!r}", "dict trip")
    text = assert_contract(dump_jsonl, [h])
    if isinstance(text, Exception):
        return  # (a lone surrogate has no UTF-8: said by name)
    loaded = assert_contract(load_jsonl, io.StringIO(text).read().splitlines())
    require(
        not isinstance(loaded, Exception) and list(loaded.histories) == [h],
        "WRONG HISTORY",
        f"JSON Lines round trip of {h!r} gave {loaded!r}",
        "jsonl trip",
    )


@fuzz_settings(40)
@given(
    names=st.lists(st.one_of(st.none(), NAMES), min_size=3, max_size=3),
    dtype=st.sampled_from(["object", "string", "category"]),
)
def test_priority_names_in_a_pandas_frame_read_as_rows(names: list[Any], dtype: str) -> None:
    if pd is None:  # pragma: no cover
        return
    rows = _log_rows()[:6]
    for r, n in zip(rows[::2], names, strict=True):
        r["p"] = n
        r["cr"] = None
    pmap = {n.strip(): "urgent" for n in names if n and _label_of(n)}
    frame = pd.DataFrame(rows, dtype=object)  # pandas 3's str column holds no lone surrogate
    with contextlib.suppress(TypeError, ValueError, UnicodeError):
        frame["p"] = frame["p"].astype(dtype)
    frame["cr"] = frame["cr"].astype("string")
    # The rows as the frame holds them: pandas' own factorize takes "" for "\x00" (its C
    # strings end at NUL), so a category column may hold another text than it was given.
    for r, held in zip(rows, frame["p"].astype(object), strict=True):
        r["p"] = None if pd.isna(held) else held
    as_rows = _read_log(rows, priority_map=pmap)

    def run() -> Any:
        return eventlog.from_pandas(
            frame, columns=LOG_COLUMNS, status_map=STATUS_MAP, priority_map=pmap,
            on_error="collect",
        ).collect()  # fmt: skip

    from_frame = assert_contract(run)
    if isinstance(from_frame, Exception) or isinstance(as_rows, Exception):
        return
    require(
        list(from_frame.histories) == list(as_rows.histories),
        "WRONG HISTORY",
        f"names {names!r} ({dtype}): the frame read {list(from_frame.histories)!r}, its rows "
        f"{list(as_rows.histories)!r}",
        "frame differs from rows",
    )


@fuzz_settings(40)
@given(
    names=st.lists(st.one_of(st.none(), NAMES), min_size=1, max_size=4),
    dtype=st.sampled_from(["object", "string", "category", "polars"]),
)
def test_priority_names_in_a_one_row_frame_read_as_rows(names: list[Any], dtype: str) -> None:
    """The one-row reader: a frame of priority names (nulls, categories) reads as its rows."""
    if pd is None:  # pragma: no cover
        return
    ids = [str(n) for n in range(len(names))]
    durations = [timedelta(minutes=n) if n % 2 else None for n in range(len(names))]
    data = {"id": ids, "created": [T0] * len(names), "p": names, "d": durations}
    pmap = {n.strip(): "urgent" for n in names if n and _label_of(n)}
    columns = {"id": "id", "created": "created", "priority": "p", "first_reply_after_min": "d"}
    if dtype == "polars":
        import polars as pl

        try:
            frame: Any = pl.DataFrame(
                data, schema_overrides={"p": pl.String, "d": pl.Duration("us")}
            )
        except UnicodeError:
            return  # polars holds UTF-8 only: no frame has a lone surrogate
        held = frame["p"].to_list()
        read = summary.from_polars
    else:
        frame = pd.DataFrame(data)
        frame["d"] = pd.Series(durations, dtype="timedelta64[ns]")
        with contextlib.suppress(TypeError, ValueError, UnicodeError):
            frame["p"] = frame["p"].astype(dtype)
        held = [None if pd.isna(v) else v for v in frame["p"].astype(object)]
        read = summary.from_pandas
    rows = [
        {"id": i, "created": T0.isoformat(), "p": h, "d": None if d is None else str(d)}
        for i, h, d in zip(ids, held, durations, strict=True)
    ]
    as_rows = summary.histories(
        rows, columns=columns, priority_map=pmap, on_error="collect"
    ).collect()

    def run() -> Any:
        return read(frame, columns=columns, priority_map=pmap, on_error="collect").collect()

    from_frame = assert_contract(run)
    if isinstance(from_frame, Exception):
        violation("RAISED", f"{dtype} frame of {names!r} raised {from_frame!r}", "frame raised")
        return
    require(
        list(from_frame.histories) == list(as_rows.histories)
        and len(from_frame.errors) == len(as_rows.errors),
        "WRONG HISTORY",
        f"names {names!r} ({dtype}): the frame read {list(from_frame.histories)!r} "
        f"{errors_of(from_frame)}, its rows {list(as_rows.histories)!r} {errors_of(as_rows)}",
        "one-row frame differs from rows",
    )


WITHIN = st.sampled_from(["15m", "1h", "4h", 60, "PT2H"])
TARGET_LISTS = st.one_of(
    st.lists(
        st.fixed_dictionaries(
            {
                "metric": st.sampled_from(["first_reply", "resolution", "next_reply"]),
                "within": WITHIN,
            }
        ),
        max_size=2,
    ),
    hostile(),
)


@fuzz_settings(120)
@given(
    keys=st.lists(
        st.one_of(
            NAMES.map(lambda n: "label:" + n), st.sampled_from(["label:", "LABEL:P0"]), NAMES
        ),
        min_size=1,
        max_size=3,
    ),
    targets=st.lists(TARGET_LISTS, min_size=3, max_size=3),
    label=st.one_of(st.none(), NAMES),
    same=st.booleans(),
)
def test_policy_label_keys_any_name(
    keys: list[str], targets: list[Any], label: Any, same: bool
) -> None:
    if same and keys[0].startswith("label:"):
        label = keys[0][len("label:") :]  # the ticket's name is the policy's key
    data = {
        "name": "desk",
        "targets": {
            "urgent": [{"metric": "first_reply", "within": "1h"}],
            **dict(zip(keys, targets, strict=False)),
        },
    }
    policy = assert_contract(SLAPolicy.from_dict, copy.deepcopy(data))
    if isinstance(policy, Exception):
        return
    back = assert_contract(SLAPolicy.from_dict, policy.to_dict())
    require(back == policy, "WRONG CONFIG", f"{data!r} reads back as {back!r}", "policy trip")
    ticket = assert_contract(Ticket, "T", T0, priority="urgent", priority_label=label)
    if isinstance(ticket, Exception):
        return
    h = TicketHistory(ticket, [AgentReply("r", T0 + timedelta(minutes=30))])
    batch = assert_contract(evaluate, policy, h)
    live = assert_contract(TicketSLA.replay, policy, h.ticket, h.events)
    if isinstance(batch, Exception) or isinstance(live, Exception):
        return
    require(
        live.measurements(ended=True) == batch,
        "WRONG VERDICTS",
        f"policy {data!r}, label {label!r}: live {live.measurements(ended=True)!r}, batch "
        f"{batch!r}",
        "live differs from batch",
    )
    restored = assert_contract(TicketSLA.from_dict, live.to_dict(), policy)
    require(
        not isinstance(restored, Exception) and restored.measurements(ended=True) == batch,
        "WRONG VERDICTS",
        f"policy {data!r}, label {label!r}: the restored state measures {restored!r}",
        "restored differs",
    )
    # The law: the label's own targets, if it has any, else the category's: the same set
    # of clocks, each by its own target.
    key = None if label is None else f"label:{label}"
    chosen = policy.targets.get(key) if key in policy.targets else None
    if chosen is None:
        chosen = policy.targets.get(Priority.URGENT, ())
    # (A next-reply clock starts at a customer's message: this history has none.)
    want = sorted((t.metric.value, t.within) for t in chosen if t.metric.value != "next_reply")
    got = sorted((m.target.metric.value, m.target.within) for m in batch)
    require(
        got == want,
        "WRONG VERDICTS",
        f"label {label!r} under {sorted(map(str, policy.targets))}: measured by {got!r}, "
        f"its targets are {want!r}",
        "label target not applied",
    )


STATE_POLICY = SLAPolicy(
    "desk",
    {
        "urgent": [Target("first_reply", "1h", business=False)],
        "label:P0": [Target("first_reply", "15m", business=False)],
    },
)


@fuzz_settings(120)
@given(
    labels=st.one_of(
        hostile(),
        mutated(["P0", None]),
        st.lists(st.one_of(st.none(), NAMES, hostile()), max_size=3),
    ),
    changes=st.booleans(),
)
def test_live_state_with_junk_priority_labels(labels: Any, changes: bool) -> None:
    live = TicketSLA(STATE_POLICY, Ticket("A", T0, priority="urgent", priority_label="P0"))
    if changes:
        live.apply(PriorityChange("p", T0 + timedelta(minutes=5), priority="high", label="Sev 2"))
    data = live.to_dict()
    data["priority_labels"] = labels
    restored = assert_contract(TicketSLA.from_dict, data, STATE_POLICY)
    if isinstance(restored, Exception):
        return
    n = len(data["priorities"])
    require(
        isinstance(labels, list)
        and len(labels) == n
        and all(x is None or (isinstance(x, str) and x.strip()) for x in labels),
        "WRONG CONFIG",
        f"priority_labels {show(labels)} accepted for {n} priorities",
        "state labels accepted",
    )
    assert_contract(restored.measurements, ended=True)
    again = assert_contract(restored.to_dict)
    require(
        not isinstance(again, Exception) and again.get("priority_labels") == labels,
        "WRONG CONFIG",
        f"priority_labels {show(labels)} written back as {show(again)}",
        "state labels changed",
    )


# -- the readers' options, called directly ----------------------------------------------------

OPTION_NAMES = {
    "summary": ["channel_map", "priority_map", "rating_map", "no_rating", "missing", "columns"],
    "log": ["channel_map", "priority_map", "missing", "ignore", "columns", "status_map"],
}
ROLE_KEYS = ["created", "lifecycle", "status", "first_reply_after_min", "solved_after_h", "x"]


@st.composite
def option_values(draw: st.DrawFn, name: str) -> Any:
    if name == "columns":
        return draw(
            st.one_of(
                hostile(),
                st.dictionaries(
                    st.sampled_from(ROLE_KEYS),
                    st.one_of(st.sampled_from(["", "d", "lc"]), hostile()),
                ),
            )
        )
    return draw(
        st.one_of(
            hostile(),
            st.lists(st.one_of(st.text(max_size=5), hostile()), max_size=3),
            st.dictionaries(
                st.text(max_size=5), st.one_of(st.text(max_size=6), hostile()), max_size=2
            ),
            st.text(max_size=6),
        )
    )


@fuzz_settings(80)
@given(data=st.data(), reader=st.sampled_from(["summary", "log"]))
def test_reader_options_any_value(data: st.DataObject, reader: str) -> None:
    """Every option of the one-row and event log readers, any value: a ConfigError or a read."""
    names = data.draw(st.lists(st.sampled_from(OPTION_NAMES[reader]), min_size=1, max_size=2))
    options = {n: data.draw(option_values(n)) for n in names}
    if reader == "summary":
        rows: list[dict[str, Any]] = [
            {"id": "1", "created": T0.isoformat(), "d": "5", "rating": "Offered", "lc": "x"}
        ]

        def run() -> Any:
            return summary.histories(rows, on_error="collect", **options).collect()
    else:
        rows = _log_rows()
        merged = {"columns": LOG_COLUMNS, "status_map": STATUS_MAP, **options}

        def run() -> Any:
            return eventlog.histories(rows, on_error="collect", **merged).collect()

    assert_contract(run)


# -- --map files with the new keys, and a policy a one-row export cannot fully measure ------------

SUMMARY_HEADER = ["Id", "Created", "First reply (min)", "Solved (h)", "Channel", "Prio", "Score"]
SUMMARY_BODY = [
    ["1", "02/03/2026 09:00", "90", "1.5", "Self service", "P0", "Not Offered"],
    ["2", "02/03/2026 10:00", "1:30", "", "E-mail", "3 - Moderate", "5"],
    ["3", "03/03/2026 10:00", "", "2", "Web/Portal", "high", "Unoffered"],
]
SUMMARY_MAP: dict[str, Any] = {
    "tz": "Europe/Berlin",
    "dayfirst": True,
    "columns": {
        "id": "Id",
        "created": "Created",
        "first_reply_after_min": "First reply (min)",
        "solved_after_h": "Solved (h)",
        "channel": "Channel",
        "priority": "Prio",
        "rating": "Score",
    },
    "priority_map": {"P0": "urgent", "3 - Moderate": "normal"},
    "channel_map": {"self service": "web"},
    "no_rating": ["not offered", "unoffered"],
}
LOG_MAP: dict[str, Any] = {
    "tz": "UTC",
    "columns": dict(LOG_COLUMNS),
    "status_map": STATUS_MAP,
    "channel_map": {"self service": "web"},
}
POLICY = {
    "policies": [
        {
            "name": "desk",
            "pause": [],  # a one-row export holds no pauses: measured without them
            "targets": {
                "high": [{"metric": "next_reply", "within": "1h"}],
                "urgent": [{"metric": "first_reply", "within": "1h"}],
                "label:P0": [
                    {"metric": "first_reply", "within": "15m"},
                    {"metric": "next_reply", "within": "30m"},
                ],
            },
        }
    ]
}
DURATION_ROLES = [f"{r}_after_{u}" for r in ("first_reply", "solved") for u in UNITS]


def _csv(header: list[str], rows: list[list[Any]]) -> str:
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows([header, *rows])
    return out.getvalue()


@fuzz_settings(60)
@given(data=st.data(), source=st.sampled_from(["eventlog", "summary"]), skip=st.booleans())
def test_map_file_new_keys_hostile(data: st.DataObject, source: str, skip: bool) -> None:
    mapping = copy.deepcopy(SUMMARY_MAP if source == "summary" else LOG_MAP)
    keys = ["channel_map", "columns.created", "no_rating", "columns.priority", "priority_map"]
    keys += DURATION_ROLES if source == "summary" else ["columns.lifecycle", "columns.status"]
    for key in data.draw(st.lists(st.sampled_from(keys), min_size=1, max_size=3)):
        table, _, field = key.rpartition(".")
        where = mapping[table] if table else mapping
        where = where if isinstance(where, dict) else {}
        if field in DURATION_ROLES:  # a duration role on a column, or hostile
            where = mapping["columns"]
            value = data.draw(st.one_of(st.sampled_from(SUMMARY_HEADER), hostile()))
        else:
            value = data.draw(st.one_of(hostile(), mutated(where.get(field, "")), st.just("")))
        where[field] = value
    if source == "summary":
        body = copy.deepcopy(SUMMARY_BODY)
        body[data.draw(st.integers(0, 2))][data.draw(st.integers(2, 6))] = data.draw(
            st.one_of(st.text(max_size=8), st.sampled_from(["-1", "nan", "inf", "1e999", "1:99"]))
        )
        text = _csv(SUMMARY_HEADER, body)
    else:
        header = list(_log_rows()[0])
        text = _csv(header, [[r[c] for c in header] for r in _log_rows()])
    with folder() as tmp:
        (tmp / "map.json").write_text(to_json(mapping), "utf-8", errors="surrogatepass")
        (tmp / "policy.json").write_text(to_json(POLICY), "utf-8")
        (tmp / "export.csv").write_text(text, "utf-8", errors="surrogatepass")
        argv = [
            "report", str(tmp / "export.csv"), f"--source={source}", f"--map={tmp / 'map.json'}",
            f"--policy={tmp / 'policy.json'}", "--format=json",
        ]  # fmt: skip
        if skip:
            argv.append("--skip-bad-records")
        outcome = assert_contract(run_cli, argv)
    check_map_run(outcome, argv, mapping)


def test_the_reference_reads_the_untouched_log() -> None:
    """The harnesses' reference: three cases, each created an hour before its first row."""
    assert sorted(LOG_REFERENCE) == ["A", "B", "C"]
    for n, cid in enumerate("ABC"):
        h = LOG_REFERENCE[cid]
        assert h.ticket.created_at.astimezone(UTC) == T0 - timedelta(hours=1)
        assert h.solved_at() == T0 + timedelta(minutes=60 + n)
        assert h.ticket.channel == "self_service"
