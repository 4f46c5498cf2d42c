"""Fuzz the frame readers with the frames a notebook holds (issue 13: DataFrames in and out).

Harnesses for ``servicemodel.io.eventlog.from_pandas`` / ``from_polars`` (event logs) and
``servicemodel.io.summary.from_pandas`` / ``from_polars`` (one row per ticket), and for the
frames the results make (``SegmentResult.to_frame`` / ``to_polars``):

- frames of every dtype a notebook produces -- ``datetime64`` naive and zoned (UTC,
  Europe/Amsterdam across its DST gap and fold) in ``ns``/``us``/``ms``/``s``, ``object``
  columns mixing text, ``Timestamp``, ``datetime``, ``date``, ``None``, ``NaN`` and ``NaT``,
  ``string[python]``, ``string[pyarrow]``, ``ArrowDtype(pa.timestamp(...))``, ``category``
  (unused categories, ``NaN``), nullable ``Int64``/``boolean``/``Float64`` with ``pd.NA``,
  floats with ``NaN``/``inf``, bools, huge ints, duplicate column names, a ``MultiIndex``,
  empty frames; polars ``Datetime`` with and without a zone in each unit, ``Categorical``,
  ``Enum``, ``Null``, ``List`` and ``Struct`` cells, ``LazyFrame`` -- with random column maps
  and options into every frame reader: each call returns, or raises one
  ``ServiceModelError`` (never another type, never a hang);
- the frame reader and the CSV reader agree: the frame written with ``to_csv`` (ISO
  timestamps with offsets) and read back by ``load`` gives the same histories (tickets,
  events, instants compared in UTC) and sets aside as many records, or both refuse the
  export with the same error type;
- pandas and polars agree: the polars frame of the same data (``pl.from_pandas``, then a
  polars dtype of its own: ``Enum``, ``Categorical``, another time unit, lazy) reads as the
  pandas frame;
- a one-row frame's list of tags reads as the same tags joined with ``;`` in its CSV;
- with ``on_error="collect"`` every ticket none of whose rows is broken is kept, and the
  records set aside are exactly the broken ones (each broken case once, each row without a
  case id once), counted here from how the frame was built;
- a ``SegmentResult``'s pandas and polars frames hold the same period instants, or
  ``to_frame`` refuses periods outside pandas' nanosecond range.

Found and fixed (regressions in ``tests/test_robust_frame_readers.py``): a column the reader reads
held twice by the frame (the last copy's id or instant read silently; ``ValueError`` sorting by a
duplicated case column); integer column labels (``KeyError``); a ``LazyFrame``, a list or the other
library's frame (``AttributeError``); an unknown option or a ``status_map`` for the one-row reader
(``TypeError``); case ids that sort as equal but differ as text (``1``, ``True``,
``Decimal("1.0")``: ``EventOrderError`` for the whole frame, which its CSV reads); a pytz zone as
``tz`` (Amsterdam's local mean time: every instant 42 minutes off); a ``date`` or numpy
``datetime64`` cell refused where its CSV text is read; an instant past the years a ``datetime``
holds (an epoch in nanoseconds read as milliseconds) in a polars ``Datetime``/``Date``
(``PanicException``), a pyarrow or a pandas column (``OverflowError``, ``ValueError``), or nested in
a column no role reads: the whole frame unread; a polars ``Duration`` past ``timedelta``; a list of
tags read as one tag (its repr); ``SegmentResult.to_frame`` and ``WeeklyPlan.to_frame`` of periods
before 1677 or after 2262 (``OutOfBoundsDatetime``).

Long run::

    SERVICEMODEL_FUZZ_EXAMPLES=2000 SERVICEMODEL_HYPOTHESIS=explore \
        .venv/bin/python -m pytest tests/fuzz/test_fuzz_frame_readers.py -p no:cacheprovider
"""

from __future__ import annotations

import contextlib
import math
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import numpy as np
import pandas as pd
import polars as pl
import pyarrow as pa
import pytest
from hypothesis import event, example, given
from hypothesis import strategies as st

from servicemodel.errors import ServiceModelError
from servicemodel.io import eventlog, summary
from servicemodel.kpi import CSAT, by, periods

from .conftest import assert_contract, folder, fuzz_settings, require, show, violation
from .hostile import HUGE

pytestmark = pytest.mark.fuzz

AMS = ZoneInfo("Europe/Amsterdam")
#: Just before Amsterdam's spring gap (2026-03-29 01:00 UTC); the span reaches past its
#: autumn fold (2026-10-25 01:00 UTC), so local times in both turn up.
T0 = datetime(2026, 3, 28, 23, 0, tzinfo=UTC)
SPAN_MIN = 60 * 24 * 215
STATUS_MAP = {"Open": "open", "Waiting": "pending", "Resolved": "solved"}
ACTIVITY_MAP = {"Message": "customer_message", "Reply": "agent_reply", "Note": "internal_note"}
ACTIVITIES = [*STATUS_MAP, *ACTIVITY_MAP]
LOG_COLUMNS = {"case": "case", "activity": "act", "timestamp": "ts", "resource": "who"}
UNITS = ["ns", "us", "ms", "s"]


# -- instants and how a frame holds them --------------------------------------------------------


@st.composite
def instants(draw: st.DrawFn) -> datetime:
    """An instant in the span, whole seconds or with microseconds, often near a DST change."""
    near = draw(st.sampled_from([None, datetime(2026, 3, 29, 1, tzinfo=UTC),
                                 datetime(2026, 10, 25, 1, tzinfo=UTC)]))  # fmt: skip
    if near is None:
        at = T0 + timedelta(minutes=draw(st.integers(0, SPAN_MIN)))
    else:
        at = near + timedelta(minutes=draw(st.integers(-150, 150)))
    micro = draw(st.sampled_from([0, 0, 0, 500_000, 123_456]))
    return at + timedelta(microseconds=micro)


#: How a timestamp column holds its instants: (name, needs tz=, builder of the column).
def _dt(unit: str, zone: str | None) -> Callable[[list[datetime | None]], Any]:
    def build(values: list[datetime | None]) -> Any:
        utc = pd.Series(values, dtype=f"datetime64[{unit}, UTC]")
        if zone is None:  # the wall clock in Amsterdam, without its zone
            return utc.dt.tz_convert(AMS).dt.tz_localize(None)
        return utc.dt.tz_convert(zone)

    return build


def _arrow(unit: str, zone: str | None) -> Callable[[list[datetime | None]], Any]:
    def build(values: list[datetime | None]) -> Any:
        shown = [None if v is None else v.astimezone(AMS) for v in values]
        if zone is None:
            shown = [None if v is None else v.replace(tzinfo=None) for v in shown]
        return pd.array(shown, dtype=pd.ArrowDtype(pa.timestamp(unit, zone)))

    return build


def _texts(values: list[datetime | None], style: int) -> list[str | None]:
    out: list[str | None] = []
    for i, v in enumerate(values):
        if v is None:
            out.append(None)
            continue
        local = v.astimezone(AMS)
        if (style + i) % 3 == 0:
            out.append(v.isoformat().replace("+00:00", "Z"))
        elif (style + i) % 3 == 1:
            out.append(local.isoformat(sep=" "))
        else:
            out.append(local.isoformat())
    return out


def _object_mix(values: list[datetime | None]) -> Any:
    cells: list[Any] = []
    for i, v in enumerate(values):
        if v is None:
            cells.append([None, np.nan, pd.NaT][i % 3])
        elif i % 3 == 0:
            cells.append(pd.Timestamp(v).tz_convert(AMS))
        elif i % 3 == 1:
            cells.append(v.astimezone(AMS))
        else:
            cells.append(v.isoformat())
    return pd.Series(cells, dtype=object)


def _category(values: list[datetime | None]) -> Any:
    texts = _texts(values, 0)
    used = sorted({t for t in texts if t is not None})
    return pd.Categorical(texts, categories=[*used, "2000-01-01T00:00:00Z"])  # one unused


TIME_KINDS: dict[str, tuple[bool, Callable[[list[datetime | None]], Any]]] = {
    **{f"datetime64[{u}, UTC]": (False, _dt(u, "UTC")) for u in UNITS},
    **{f"datetime64[{u}, Europe/Amsterdam]": (False, _dt(u, "Europe/Amsterdam")) for u in UNITS},
    **{f"datetime64[{u}] naive": (True, _dt(u, None)) for u in UNITS},
    "arrow timestamp[us, UTC]": (False, _arrow("us", "UTC")),
    "arrow timestamp[ms, Europe/Amsterdam]": (False, _arrow("ms", "Europe/Amsterdam")),
    "arrow timestamp[s] naive": (True, _arrow("s", None)),
    "object mix": (False, _object_mix),
    "object text": (False, lambda v: pd.Series(_texts(v, 1), dtype=object)),
    "string[python]": (False, lambda v: pd.Series(_texts(v, 2), dtype="string[python]")),
    "string[pyarrow]": (False, lambda v: pd.Series(_texts(v, 0), dtype="string[pyarrow]")),
    "category": (False, _category),
    "object date": (
        True,
        lambda v: pd.Series(
            [None if x is None else x.astimezone(AMS).date() for x in v], dtype=object
        ),
    ),
    "object numpy datetime64": (
        True,
        lambda v: pd.Series(
            [
                None if x is None else np.datetime64(x.astimezone(AMS).replace(tzinfo=None), "us")
                for x in v
            ],
            dtype=object,
        ),
    ),
}


def _text_column(values: list[Any], kind: str) -> Any:
    """A column of texts (case ids, activities, names) in one of a notebook's dtypes."""
    if kind == "category":
        used = sorted({v for v in values if isinstance(v, str)})
        return pd.Categorical(values, categories=[*used, "never used"])
    return pd.Series(values, dtype=kind)


TEXT_KINDS = ["object", "string[python]", "string[pyarrow]", "category"]
CASE_KINDS = [*TEXT_KINDS, "int64", "Int64", "object mixed", "object mixed text"]
#: ``object`` case columns of mixed types: case k's rows hold either value of pair k, of one
#: text; values of different cases sort as equal (1, True and Decimal("1.0"); 0, False).
#: "object mixed" holds no text (so the column sorts), "object mixed text" some.
MIXED_IDS = [(1, np.int64(1)), (True, np.bool_(True)), (Decimal("1.0"), Decimal("1.0")),
             (0, np.int64(0)), (False, np.bool_(False))]  # fmt: skip
MIXED_TEXT_IDS = [(1, "1"), (True, "True"), (Decimal("1.0"), "1.0"), (0, "0"), (False, "False")]


def case_text(case_kind: str, case: int) -> str:
    """The id the readers give case number ``case`` of a frame with this case column."""
    if case_kind.startswith("object mixed"):
        return str(MIXED_IDS[case - 1][0])
    return str(case) if case_kind in ("int64", "Int64") else f"T-{case}"


def _case_value(case_kind: str, case: int, row: int) -> Any:
    if case_kind.startswith("object mixed"):
        pairs = MIXED_IDS if case_kind == "object mixed" else MIXED_TEXT_IDS
        return pairs[case - 1][row % 2]
    return case if case_kind in ("int64", "Int64") else f"T-{case}"


# -- event logs: what the frame says, built from a plan -------------------------------------


#: What breaks a row, and what it puts in the cell (None: a missing value of the dtype).
BREAKS = ["no case", "no time", "bad time", "unknown activity", "no activity"]


@st.composite
def log_plans(draw: st.DrawFn, *, broken: bool) -> list[dict[str, Any]]:
    """Rows of an event log: case, activity, instant, agent and what breaks the row."""
    n_cases = draw(st.integers(1, 5))
    rows = []
    for case in range(n_cases):
        for _ in range(draw(st.integers(1, 4))):
            rows.append(
                {
                    "case": case + 1,
                    "act": draw(st.sampled_from(ACTIVITIES)),
                    "at": draw(instants()),
                    "who": draw(st.sampled_from(["ana", "bo", None])),
                    "break": draw(st.sampled_from(BREAKS)) if broken and draw(st.booleans()) and
                    draw(st.booleans()) else None,
                }
            )  # fmt: skip
    return draw(st.permutations(rows)) if draw(st.booleans()) else rows


def log_frame(plan: list[dict[str, Any]], case_kind: str, act_kind: str, time_kind: str) -> Any:
    """The pandas frame of ``plan``, each column in the dtype named."""
    ids: list[Any] = []
    acts: list[Any] = []
    ats: list[datetime | None] = []
    for i, r in enumerate(plan):
        ids.append(None if r["break"] == "no case" else _case_value(case_kind, r["case"], i))
        acts.append({"unknown activity": "Bogus", "no activity": None}.get(r["break"], r["act"]))
        ats.append(None if r["break"] in ("no time", "bad time") else r["at"])
    if case_kind == "int64" and None in ids:
        case_kind = "Int64"  # a gap in an integer column: pandas' nullable integers
    _, build = TIME_KINDS[time_kind]
    times = build(ats)
    bad = [i for i, r in enumerate(plan) if r["break"] == "bad time"]
    if bad:  # a text where an instant belongs: the column becomes text (object)
        times = pd.Series(times).astype(object)
        for i in bad:
            times.iloc[i] = "not a date"
    return pd.DataFrame(
        {
            "case": pd.Series(ids, dtype=object) if case_kind.startswith("object mixed")
            else _text_column(ids, case_kind) if "int" not in case_kind.lower()
            else pd.Series(ids, dtype=case_kind),
            "act": _text_column(acts, act_kind),
            "ts": pd.Series(times).reset_index(drop=True),
            "who": pd.Series([r["who"] for r in plan], dtype=object),
        }
    )  # fmt: skip


def shape(h: Any) -> tuple[Any, ...]:
    """A history as comparable facts: instants in UTC, no row-numbered event ids."""
    events = tuple(
        (type(e).__name__, e.at.astimezone(UTC), str(getattr(e, "status", "")),
         getattr(e, "label", None), getattr(e, "agent", None))
        for e in h.events
    )  # fmt: skip
    t = h.ticket
    return (t.id, t.created_at.astimezone(UTC), t.channel, t.priority, t.tags, events)


def shapes(result: Any) -> dict[str, tuple[Any, ...]]:
    return {h.id: shape(h) for h in result.histories}


def _log_options(needs_tz: bool) -> dict[str, Any]:
    return {
        "columns": LOG_COLUMNS,
        "status_map": STATUS_MAP,
        "activity_map": ACTIVITY_MAP,
        "tz": "Europe/Amsterdam" if needs_tz else None,
        "on_error": "collect",
    }


def _outcome(fn: Callable[[], Any]) -> Any:
    """The call's result, or the ``ServiceModelError`` it raised (the contract checked)."""
    return assert_contract(fn)


def _agree(what: str, left: Any, right: Any, names: tuple[str, str]) -> None:
    """Two readers agree: both refuse with one error type, or read the same histories and
    set aside as many records."""
    if isinstance(left, Exception) or isinstance(right, Exception):
        event(f"refused: {type(left).__name__} / {type(right).__name__}")
        require(
            type(left) is type(right),
            "DISAGREE",
            f"{what}: {names[0]} gave {show(left)}, {names[1]} gave {show(right)}",
            f"{names[0]} and {names[1]} refuse differently",
        )
        return
    event(f"read: histories {min(len(left.histories), 3)}+, set aside {min(len(left.errors), 2)}+")
    require(
        shapes(left) == shapes(right) and len(left.errors) == len(right.errors),
        "DISAGREE",
        f"{what}: {names[0]} read {show(shapes(left))} setting aside {show(left.errors)}; "
        f"{names[1]} read {show(shapes(right))} setting aside {show(right.errors)}",
        f"{names[0]} and {names[1]} read different histories",
    )


# -- law: the frame reads as its CSV -----------------------------------------------------------


@fuzz_settings(40)
@given(
    plan=log_plans(broken=True),
    case_kind=st.sampled_from(CASE_KINDS),
    act_kind=st.sampled_from(TEXT_KINDS),
    time_kind=st.sampled_from(sorted(TIME_KINDS)),
)
def test_an_event_log_frame_reads_as_its_csv(
    plan: list[dict[str, Any]], case_kind: str, act_kind: str, time_kind: str
) -> None:
    """``from_pandas(df)`` and ``load`` of ``df.to_csv()`` give the same histories."""
    frame = log_frame(plan, case_kind, act_kind, time_kind)
    options = _log_options(TIME_KINDS[time_kind][0])
    from_frame = _outcome(lambda: eventlog.from_pandas(frame, **options).collect())
    with folder() as where:
        path = Path(where) / "log.csv"
        frame.to_csv(path, index=False)
        from_csv = _outcome(lambda: eventlog.load(path, **options))
    _agree(f"{time_kind} log {show(frame.to_dict('list'))}", from_frame, from_csv,
           ("the frame", "its CSV"))  # fmt: skip


# -- law: pandas and polars agree -----------------------------------------------------------


def _polars_twist(frame: Any, twist: str) -> Any:
    """The polars frame of a pandas frame, with one dtype polars has of its own."""
    df = pl.from_pandas(frame)
    if twist == "enum act" and df.schema["act"] == pl.String:
        values = sorted({v for v in df["act"].to_list() if v is not None})
        df = df.with_columns(pl.col("act").cast(pl.Enum([*values, "never used"])))
    elif twist == "categorical case":
        df = df.with_columns(pl.col("case").cast(pl.String).cast(pl.Categorical))
    elif twist == "ns time" and isinstance(df.schema["ts"], pl.Datetime):
        df = df.with_columns(pl.col("ts").dt.cast_time_unit("ns"))
    elif twist == "lazy":
        return df.lazy()
    return df


@fuzz_settings(40)
@given(
    plan=log_plans(broken=True),
    case_kind=st.sampled_from(["object", "string[pyarrow]", "category", "int64"]),
    act_kind=st.sampled_from(TEXT_KINDS),
    time_kind=st.sampled_from(sorted(k for k in TIME_KINDS if "object" not in k)),
    twist=st.sampled_from(["none", "enum act", "categorical case", "ns time", "lazy"]),
)
def test_pandas_and_polars_frames_of_one_log_read_alike(
    plan: list[dict[str, Any]], case_kind: str, act_kind: str, time_kind: str, twist: str
) -> None:
    frame = log_frame(plan, case_kind, act_kind, time_kind)
    try:
        other = _polars_twist(frame, twist)
    except (pl.exceptions.PolarsError, pa.ArrowException, TypeError, ValueError):
        return  # (no such polars frame: a column polars cannot hold)
    options = _log_options(TIME_KINDS[time_kind][0])
    from_pandas = _outcome(lambda: eventlog.from_pandas(frame, **options).collect())
    from_polars = _outcome(lambda: eventlog.from_polars(other, **options).collect())
    _agree(f"{time_kind} log ({twist}) {show(frame.to_dict('list'))}", from_pandas,
           from_polars, ("pandas", "polars"))  # fmt: skip


# -- law: collect keeps every good ticket ------------------------------------------------------


def _floor(at: datetime, time_kind: str) -> datetime:
    """The instant as a column of this kind holds it (its unit's digits, the rest cut)."""
    if "[ms" in time_kind:
        return at.replace(microsecond=at.microsecond // 1000 * 1000)
    if "[s" in time_kind:
        return at.replace(microsecond=0)
    return at


def _in_fold(at: datetime) -> bool:
    """Whether Amsterdam's wall clock shows ``at`` twice (a naive time reads the first)."""
    return datetime(2026, 10, 25, 0, tzinfo=UTC) <= at < datetime(2026, 10, 25, 2, tzinfo=UTC)


TZ_OPTIONS: list[Any] = ["Europe/Amsterdam", AMS]
with contextlib.suppress(ImportError):  # a pandas user's zone: pytz's
    import pytz

    TZ_OPTIONS.append(pytz.timezone("Europe/Amsterdam"))


#: Rows of cases 1, 2, 1: a case column whose ids 1 and 2 sort as equal interleaves them.
INTERLEAVED = [
    {"case": c, "act": "Open", "at": T0 + timedelta(hours=i), "who": None, "break": None}
    for i, c in enumerate([1, 2, 1])
]


@fuzz_settings(40)
@given(
    plan=log_plans(broken=True),
    case_kind=st.sampled_from(CASE_KINDS),
    act_kind=st.sampled_from(TEXT_KINDS),
    time_kind=st.sampled_from(sorted(k for k in TIME_KINDS if k != "object date")),
    library=st.sampled_from(["pandas", "polars"]),
    tz=st.sampled_from(TZ_OPTIONS),
)
@example(  # ids 1 and True sort as equal: sorted, case '1' started again (found, fixed)
    plan=INTERLEAVED,
    case_kind="object mixed",
    act_kind="object",
    time_kind="datetime64[us, UTC]",
    library="pandas",
    tz=TZ_OPTIONS[-1],
)
def test_collect_keeps_every_good_case_and_sets_aside_the_broken(
    plan: list[dict[str, Any]],
    case_kind: str,
    act_kind: str,
    time_kind: str,
    library: str,
    tz: Any,
) -> None:
    """Every good case is kept, created at its first instant (in UTC, as its column holds
    it); the errors are its broken cases and its rows without a case."""
    frame = log_frame(plan, case_kind, act_kind, time_kind)
    read: Callable[..., Any] = eventlog.from_pandas
    # (A polars column holds one type: pl.from_pandas makes mixed ids one, True the id 1.)
    if library == "polars" and not case_kind.startswith("object mixed"):
        with contextlib.suppress(pl.exceptions.PolarsError, pa.ArrowException, TypeError):
            frame, read = pl.from_pandas(frame), eventlog.from_polars
    options = {**_log_options(False), "tz": tz}
    result = _outcome(lambda: read(frame, **options).collect())
    broken = {r["case"] for r in plan if r["break"] not in (None, "no case")}
    cases = {r["case"] for r in plan if r["break"] != "no case"}
    want = {case_text(case_kind, c) for c in cases - broken}
    caseless = sum(r["break"] == "no case" for r in plan)
    if isinstance(result, Exception):
        violation("RAISED", f"{library} {time_kind} log raised {result!r}", "collect raised")
        return
    got = {h.id: h for h in result.histories}
    require(
        set(got) == want and len(result.errors) == len(broken) + caseless,
        "LOST TICKET",
        f"{library} {time_kind} log {show(frame)}: kept {sorted(got)}, want {sorted(want)}; "
        f"set aside {len(result.errors)}, want {len(broken)} broken cases + {caseless} rows "
        f"without a case: {show(result.errors)}",
        "collect kept the wrong tickets",
    )
    naive = TIME_KINDS[time_kind][0]
    for c in cases - broken:
        first = min(r["at"] for r in plan if r["case"] == c and r["break"] != "no case")
        if naive and _in_fold(first):
            continue  # (the wall clock's second 02:30 reads as its first)
        created = got[case_text(case_kind, c)].created_at.astimezone(UTC)
        require(
            created == _floor(first, time_kind),
            "WRONG INSTANT",
            f"{library} {time_kind} log with tz={tz!r}: case {c} created {created}, its first "
            f"row is at {first} ({show(frame)})",
            f"{time_kind} created instant",
        )


# -- one row per ticket: the same laws ---------------------------------------------------------


@st.composite
def ticket_plans(draw: st.DrawFn) -> list[dict[str, Any]]:
    """Tickets of a one-row export: created, first reply, solved, rating; some broken."""
    out = []
    for n in range(draw(st.integers(1, 6))):
        created = draw(instants())
        reply = draw(st.one_of(st.none(), st.integers(0, 3000)))
        solved = draw(st.one_of(st.none(), st.integers(0, 30000)))
        out.append(
            {
                "id": n + 1,
                "created": created,
                "reply": None if reply is None else created + timedelta(minutes=reply),
                "solved": None if solved is None else created + timedelta(minutes=solved),
                "rating": draw(st.sampled_from([None, 1, 3, 5])),
                "break": draw(st.sampled_from([None, None, None, "no created", "early reply",
                                               "bad rating", "same id"])),
            }
        )  # fmt: skip
    return out


def _ticket_ids(plan: list[dict[str, Any]]) -> list[tuple[str, bool]]:
    """Each row's id and whether the row is broken: a "same id" row repeats the id of the
    first good row before it (a row with none before it is a good row of its own)."""
    out: list[tuple[str, bool]] = []
    for r in plan:
        good = [tid for tid, bad in out if not bad]
        if r["break"] == "same id" and good:
            out.append((good[0], True))
        else:
            out.append((f"Z{r['id']}", r["break"] not in (None, "same id")))
    return out


TAGS = ["vip", "billing", "a", "é"]


def ticket_frame(plan: list[dict[str, Any]], time_kind: str, rating_kind: str) -> Any:
    ids, created, reply, solved, rating = [], [], [], [], []
    for r, (tid, _) in zip(plan, _ticket_ids(plan), strict=True):
        ids.append(tid)
        created.append(None if r["break"] == "no created" else r["created"])
        early = r["created"] - timedelta(days=2)
        reply.append(early if r["break"] == "early reply" else r["reply"])
        solved.append(r["solved"])
        rating.append(9 if r["break"] == "bad rating" else r["rating"])
    _, build = TIME_KINDS[time_kind]
    return pd.DataFrame(
        {
            "id": ids,
            "created_at": pd.Series(build(created)),
            "first_reply_at": pd.Series(build(reply)),
            "solved_at": pd.Series(build(solved)),
            "rating": pd.Series(rating, dtype=rating_kind),
            # A notebook's tags: a list per ticket (its CSV joins them with ";").
            "tags": pd.Series([TAGS[: r["id"] % 4] for r in plan], dtype=object),
        }
    )


@fuzz_settings(40)
@given(
    plan=ticket_plans(),
    time_kind=st.sampled_from(sorted(TIME_KINDS)),
    rating_kind=st.sampled_from(["float64", "Int64", "Float64", "object"]),
)
def test_a_one_row_frame_reads_as_its_csv_and_as_polars(
    plan: list[dict[str, Any]], time_kind: str, rating_kind: str
) -> None:
    frame = ticket_frame(plan, time_kind, rating_kind)
    tz = "Europe/Amsterdam" if TIME_KINDS[time_kind][0] else None
    from_frame = _outcome(lambda: summary.from_pandas(frame, tz=tz, on_error="collect").collect())
    with folder() as where:
        path = Path(where) / "tickets.csv"
        frame.assign(tags=frame["tags"].map(";".join)).to_csv(path, index=False)
        from_csv = _outcome(lambda: summary.load(path, tz=tz, on_error="collect"))
    _agree(f"{time_kind} tickets {show(frame.to_dict('list'))}", from_frame, from_csv,
           ("the frame", "its CSV"))  # fmt: skip
    try:
        other = pl.from_pandas(frame)
    except (pl.exceptions.PolarsError, pa.ArrowException, TypeError, ValueError):
        return
    from_polars = _outcome(lambda: summary.from_polars(other, tz=tz, on_error="collect").collect())
    _agree(f"{time_kind} tickets {show(frame.to_dict('list'))}", from_frame, from_polars,
           ("pandas", "polars"))  # fmt: skip
    if isinstance(from_frame, Exception):
        return
    instants = [r[k] for r in plan for k in ("created", "reply", "solved") if r[k] is not None]
    if tz is not None and any(_in_fold(at) for at in instants):
        return  # (a naive wall clock in the fold reads as its first pass: order may be lost)
    # collect: every ticket not broken is kept; each broken row is set aside once.
    rows = _ticket_ids(plan)
    want = {tid for tid, bad in rows if not bad}
    broken = [tid for tid, bad in rows if bad]
    require(
        {h.id for h in from_frame.histories} == want and len(from_frame.errors) == len(broken),
        "LOST TICKET",
        f"{time_kind} tickets {show(frame.to_dict('list'))}: kept "
        f"{sorted(h.id for h in from_frame.histories)}, want {sorted(want)}; set aside "
        f"{show(from_frame.errors)}, want {len(broken)}",
        "one-row collect kept the wrong tickets",
    )


# -- the contract: any notebook column, any column map, any options -----------------------------


def _cells() -> st.SearchStrategy[Any]:
    """What a notebook's object column may hold."""
    return st.sampled_from(
        [
            None, np.nan, pd.NaT, pd.NA, "", "?", " ? ", "n/a", "x", "2026-03-29T02:30:00",
            "2026-03-29T02:30:00+02:00", "29/03/2026 02:30", "30/Nov/26 2:05 PM",
            pd.Timestamp("2026-03-29 02:30"),
            pd.Timestamp(datetime(2026, 10, 25, 2, 30, tzinfo=AMS)),
            pd.Timestamp("2026-03-29 01:30:00.000000001Z"), datetime(2026, 3, 29, 2, 30),
            datetime(2026, 3, 29, 2, 30, tzinfo=UTC), date(2026, 3, 29),
            np.datetime64("2026-03-29"),
            np.int64(7), 7, -1, 0, 7.0, 7.5, math.inf, -math.inf, True, False, np.bool_(True),
            10**30, HUGE, Decimal("7"), Decimal("NaN"), [1, "a"], {"a": 1}, (1,), b"bytes",
            pd.Period("2026-03", "M"), pd.Timedelta(3, "h"), timedelta(minutes=5),
            datetime(1, 1, 1, tzinfo=UTC), datetime(9999, 12, 31, 23, 59), "\x00", "é" * 3,
        ]
    )  # fmt: skip


COLUMN_KINDS = ["object", "text", "int", "Int64", "float", "Float64", "boolean", "bool",
                "category", "time", "far time", "empty"]  # fmt: skip


@st.composite
def pandas_columns(draw: st.DrawFn, n: int) -> Any:
    """One column of ``n`` cells, in one of the dtypes a notebook holds."""
    kind = draw(st.sampled_from(COLUMN_KINDS))
    if kind == "object":
        return pd.Series(draw(st.lists(_cells(), min_size=n, max_size=n)), dtype=object)
    if kind == "text":
        values = draw(st.lists(st.one_of(st.none(), st.sampled_from(
            ["T-1", "T-2", "Open", "Resolved", "Reply", "ana", "", "?", "5", "2026-03-29"])),
            min_size=n, max_size=n))  # fmt: skip
        return _text_column(values, draw(st.sampled_from(TEXT_KINDS)))
    if kind in ("int", "Int64"):
        ints = st.one_of(st.integers(-5, 5), st.sampled_from([2**63 - 1, -(2**63)]))
        values = draw(st.lists(ints if kind == "int" else st.one_of(st.none(), ints),
                               min_size=n, max_size=n))  # fmt: skip
        return pd.Series(values, dtype="int64" if kind == "int" else "Int64")
    if kind in ("float", "Float64"):
        floats = st.sampled_from([0.0, 1.0, 2.5, math.nan, math.inf, -math.inf, 1e300, 2.0**60])
        values = draw(st.lists(floats, min_size=n, max_size=n))
        if kind == "Float64":
            return pd.Series([None if math.isnan(v) else v for v in values], dtype="Float64")
        return pd.Series(values, dtype="float64")
    if kind in ("boolean", "bool"):
        values = draw(st.lists(st.booleans(), min_size=n, max_size=n))
        return pd.Series(values, dtype=kind)
    if kind == "category":
        values = draw(st.lists(st.one_of(st.none(), st.sampled_from([1, 2, "a"])),
                               min_size=n, max_size=n))  # fmt: skip
        return pd.Series(pd.Categorical(values, categories=[1, 2, "a", "unused"]))
    if kind == "far time":  # an epoch in another unit: past the years a datetime holds
        ints = draw(st.lists(st.sampled_from([2**62, -(2**62), 1774745400, 0]), min_size=n,
                             max_size=n))  # fmt: skip
        far = draw(st.sampled_from(["numpy s", "arrow ms", "arrow date32"]))
        if far == "numpy s":
            return pd.Series(np.array(ints, dtype="datetime64[s]")).dt.tz_localize("UTC")
        typ = pa.timestamp("ms", "UTC") if far == "arrow ms" else pa.date32()
        raw = pa.array([i % 2**31 if far == "arrow date32" else i for i in ints],
                       type=pa.int64() if far == "arrow ms" else pa.int32())  # fmt: skip
        return pd.Series(pd.array(raw.cast(typ), dtype=pd.ArrowDtype(typ)))
    if kind == "time":
        name = draw(st.sampled_from(sorted(TIME_KINDS)))
        values = draw(st.lists(st.one_of(st.none(), instants()), min_size=n, max_size=n))
        return pd.Series(TIME_KINDS[name][1](values))
    return pd.Series([None] * n, dtype=object)


NAMES = ["case", "act", "ts", "who", "id", "created_at", "solved_at", "rating", "x", "0"]


@st.composite
def notebook_frames(draw: st.DrawFn, wanted: list[str]) -> Any:
    """A frame whose labels are mostly the ``wanted`` columns (so that rows get read), with
    others, repeated and non-text labels now and then."""
    n = draw(st.integers(0, 4))
    labels: list[Any] = [w for w in wanted if draw(st.integers(0, 9))]  # each kept 9 in 10
    labels += draw(st.lists(st.sampled_from([*NAMES, 0]), max_size=3))
    labels = draw(st.permutations(labels)) if labels else ["x"]
    data = {f"c{i}": draw(pandas_columns(n)) for i in range(len(labels))}
    frame = pd.DataFrame(data)
    frame.columns = labels  # duplicate and non-text labels included
    index = draw(st.sampled_from(["default", "text", "multi"]))
    if index == "text" and n:
        frame.index = [f"r{i}" for i in range(n)]
    elif index == "multi" and n:
        frame.index = pd.MultiIndex.from_tuples([(i % 2, i) for i in range(n)])
    return frame


def wanted_columns(options: dict[str, Any], one_row: bool) -> list[str]:
    """The columns the options read: their column map over the reader's defaults."""
    roles = (
        {"id": "id", "created": "created_at"}
        if one_row
        else {
            "case": "case:concept:name",
            "activity": "concept:name",
            "timestamp": "time:timestamp",
        }
    )
    names = {**roles, **options["columns"]}
    return list(dict.fromkeys([*names.values(), *options.get("attributes", ())]))


@st.composite
def reader_options(draw: st.DrawFn, one_row: bool) -> dict[str, Any]:
    roles = (
        ["id", "created", "solved", "rating"]
        if one_row
        else ["case", "activity", "timestamp", "resource"]
    )
    columns = draw(st.dictionaries(st.sampled_from(roles), st.sampled_from(NAMES), max_size=4))
    options: dict[str, Any] = {
        "columns": columns,
        "tz": draw(st.sampled_from([None, "UTC", "Europe/Amsterdam", "Mars/Base", AMS])),
        "dayfirst": draw(st.booleans()),
        "missing": draw(st.sampled_from([("", "?"), ("",), ("n/a", "?", "")])),
        "on_error": draw(st.sampled_from(["collect", "raise"])),
    }
    if draw(st.booleans()):
        options["attributes"] = draw(st.lists(st.sampled_from(NAMES), max_size=2))
    if draw(st.booleans()):
        options["date_format"] = draw(st.sampled_from(["%d/%b/%y %I:%M %p", "%d/%m/%Y %H:%M"]))
    if not one_row:
        options |= {"status_map": STATUS_MAP, "activity_map": ACTIVITY_MAP}
        options["contiguous"] = draw(st.booleans())
        options["ignore"] = draw(st.sampled_from([(), ("Bogus", "x")]))
    return options


def _read_all(read: Callable[..., Any], frame: Any, options: dict[str, Any]) -> Any:
    try:
        stream = read(frame, **options)
        out = stream.collect() if options["on_error"] == "collect" else list(stream)
    except ServiceModelError as exc:
        event(f"refused: {type(exc).__name__}")
        raise
    event("read" if isinstance(out, list) or not out.errors else "read, some set aside")
    return out


def _mixed_objects(column: Any) -> bool:
    """Whether an ``object`` column holds anything but text and ``None``."""
    return bool(column.dtype == object) and any(
        v is not None and not isinstance(v, str) for v in column
    )


@fuzz_settings(120)
@given(one_row=st.booleans(), data=st.data(),
       library=st.sampled_from(["pandas", "polars", "polars lazy"]))  # fmt: skip
def test_any_notebook_frame_gets_histories_or_one_clear_error(
    one_row: bool, data: st.DataObject, library: str
) -> None:
    options = data.draw(reader_options(one_row), label="options")
    frame = data.draw(notebook_frames(wanted_columns(options, one_row)), label="frame")
    module = summary if one_row else eventlog
    read = module.from_pandas
    if library != "pandas":
        if any(_mixed_objects(column) for _, column in frame.items()):
            return  # (polars holds one type a column; converting hostile objects can crash it)
        try:
            frame = pl.from_pandas(frame.set_axis([str(c) for c in frame.columns], axis=1))
        except Exception:  # (no such polars frame: duplicate names, mixed objects, ...)
            return
        frame = frame.lazy() if library == "polars lazy" else frame
        read = module.from_polars
    assert_contract(_read_all, read, frame, options)


POLARS_COLUMNS: dict[str, Callable[[int], Any]] = {
    "Datetime naive": lambda n: pl.Series(
        [datetime(2026, 3, 29, 2, 30)] * n, dtype=pl.Datetime("ms")
    ),
    "Datetime Amsterdam": lambda n: pl.Series(
        [datetime(2026, 10, 25, 2, 30)] * n, dtype=pl.Datetime("ns")
    ).dt.replace_time_zone("Europe/Amsterdam", ambiguous="earliest"),
    "Date": lambda n: pl.Series([date(2026, 3, 29)] * n),
    "Categorical": lambda n: pl.Series(
        ["T-1", None, "Open"][:n] + ["T-2"] * (n - 3), dtype=pl.Categorical
    ),
    "Enum": lambda n: pl.Series(["Open"] * n, dtype=pl.Enum(["Open", "Resolved", "unused"])),
    "Null": lambda n: pl.Series([None] * n, dtype=pl.Null),
    "List": lambda n: pl.Series([["a", "b"]] * n),
    "Struct": lambda n: pl.Series([{"a": 1, "b": "x"}] * n),
    "UInt64": lambda n: pl.Series([2**64 - 1] * n, dtype=pl.UInt64),
    "Int128": lambda n: pl.Series([2**100] * n, dtype=pl.Int128),
    "Decimal": lambda n: pl.Series([Decimal("1.50")] * n, dtype=pl.Decimal(10, 2)),
    "Duration": lambda n: pl.Series([timedelta(hours=2)] * n),
    "Binary": lambda n: pl.Series([b"T-1"] * n),
    "Float64": lambda n: pl.Series([1.0, math.nan, math.inf][:n] + [2.0] * (n - 3)),
    "String": lambda n: pl.Series(["2026-03-29T02:30:00+02:00"] * n),
    # An epoch in nanoseconds read as milliseconds: past the years a datetime holds.
    "Datetime far": lambda n: pl.Series(
        [2**62, 1774745400000][:n] + [None] * (n - 2), dtype=pl.Int64
    ).cast(pl.Datetime("ms", "UTC")),
    "Date far": lambda n: pl.Series([2**30] * n, dtype=pl.Int32).cast(pl.Date),
    "Duration far": lambda n: pl.Series([2**62] * n, dtype=pl.Int64).cast(pl.Duration("ms")),
    "List far": lambda n: pl.Series([[2**62]] * n, dtype=pl.List(pl.Int64)).cast(
        pl.List(pl.Datetime("ms"))
    ),
}


@fuzz_settings(80)
@given(
    kinds=st.lists(st.sampled_from(sorted(POLARS_COLUMNS)), min_size=6, max_size=6),
    n=st.integers(0, 4),
    one_row=st.booleans(),
    lazy=st.booleans(),
    data=st.data(),
)
def test_any_polars_column_gets_histories_or_one_clear_error(
    kinds: list[str], n: int, one_row: bool, lazy: bool, data: st.DataObject
) -> None:
    """polars' own dtypes (``Datetime`` with and without a zone, ``Categorical``, ``Enum``,
    ``Null``, ``List``, ``Struct``, 128-bit ints, ``Decimal``) in any role."""
    options = data.draw(reader_options(one_row), label="options")
    labels = wanted_columns(options, one_row)
    labels += [x for x in NAMES if x not in labels]
    frame: Any = pl.DataFrame(
        [POLARS_COLUMNS[k](n).alias(name) for k, name in zip(kinds, labels, strict=False)]
    )
    frame = frame.lazy() if lazy else frame
    read = summary.from_polars if one_row else eventlog.from_polars
    assert_contract(_read_all, read, frame, options)


# -- frames out: a SegmentResult's pandas and polars frames ------------------------------------


@fuzz_settings(40)
@given(
    start=st.dates(min_value=date(2, 3, 1), max_value=date(9990, 1, 1)),
    weeks=st.integers(1, 4),
    zone=st.sampled_from(["UTC", "Europe/Amsterdam", "America/New_York", "Asia/Kathmandu"]),
    size=st.sampled_from(["day", "week", "month"]),
)
def test_a_results_pandas_and_polars_frames_hold_the_same_periods(
    start: date, weeks: int, zone: str, size: str
) -> None:
    if zone != "UTC" and start.year < 1970:
        # Before 1970 zone data differ between polars (chrono-tz) and Python's zoneinfo
        # (local mean times: Amsterdam's is +00:19:32 or Brussels' +00:17:30 by tzdata
        # version): in UTC, any year.
        zone = "UTC"
    spans = periods(size, start, start + timedelta(weeks=weeks), tz=zone)
    result = by(spans, CSAT.empty()).result()
    as_pandas = assert_contract(result.to_frame)
    as_polars = assert_contract(result.to_polars)
    if isinstance(as_polars, Exception):
        violation("RAISED", f"to_polars of {spans!r} raised {as_polars!r}", "to_polars raised")
        return
    want = [spans.period_start(k).astimezone(UTC) for k in result]
    got_polars = [t.astimezone(UTC) for t in as_polars["period"].to_list()]
    require(got_polars == want, "WRONG INSTANT",
            f"to_polars of {spans!r}: {got_polars} != {want}", "polars periods")  # fmt: skip
    inside = all(datetime(1677, 9, 22, tzinfo=UTC) <= t < datetime(2262, 4, 11, tzinfo=UTC)
                 for t in want)  # fmt: skip
    if isinstance(as_pandas, Exception):
        require(not inside, "RAISED", f"to_frame of {spans!r} raised {as_pandas!r}",
                "to_frame raised inside pandas' range")  # fmt: skip
        return
    got_pandas = [t.to_pydatetime().astimezone(UTC) for t in as_pandas["period"]]
    require(got_pandas == want, "WRONG INSTANT",
            f"to_frame of {spans!r}: {got_pandas} != {want}", "pandas periods")  # fmt: skip


def test_the_harness_builders_make_the_dtypes_they_name() -> None:
    """The column builders hold what their names say (else the harnesses test less)."""
    at = [datetime(2026, 3, 29, 1, 30, tzinfo=UTC), None]
    for name, (naive, build) in TIME_KINDS.items():
        column = pd.Series(build(at))
        dtype = str(column.dtype)
        if name.startswith("datetime64"):
            assert dtype.startswith("datetime64[" + name.split("[")[1][:2].rstrip("]"))
            assert (column.dt.tz is None) == naive, name
        elif name.startswith("arrow"):
            assert "pyarrow" in dtype, name
        else:
            assert dtype in ("object", "string", "category"), name
        assert column.isna().tolist() == [False, True], name
    with pytest.raises(ServiceModelError):  # and a naive column needs tz=
        eventlog.from_pandas(
            log_frame(
                [{"case": 1, "act": "Open", "at": at[0], "who": None, "break": None}],
                "object",
                "object",
                "datetime64[s] naive",
            ),
            **_log_options(False),
        ).collect()
