"""Event logs in frames as notebooks hold them: nullable dtypes, categories, zones, nulls.

The law: a log read from its CSV text, from its pandas frame (``read_csv`` with
``dtype_backend="numpy_nullable"``, then the dtypes a notebook gives it) and from its polars
frame gives the same histories.
"""

from __future__ import annotations

import csv
import importlib.util
import io
from datetime import UTC, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pandas as pd
import polars as pl
import pytest
from hypothesis import given
from hypothesis import strategies as st

from servicemodel.errors import NaiveDatetimeError, RecordError, ServiceModelError
from servicemodel.io import eventlog
from servicemodel.io.eventlog import ExportResult
from servicemodel.model import AgentReply

HAS_PYARROW = importlib.util.find_spec("pyarrow") is not None
#: A zone without DST, so that pandas' own localising never meets a gap or a repeated hour.
ZONE = "Asia/Kolkata"
T0 = datetime(2026, 3, 2, 9, 0)  # naive: the text the export writes
HEADER = ["case", "activity", "time", "agent", "channel", "prio"]
OPTIONS: dict[str, Any] = {
    "columns": {"case": "case", "activity": "activity", "timestamp": "time",
                "resource": "agent", "channel": "channel", "priority": "prio"},
    "activity_map": {"Open": "customer_message", "Reply": "agent_reply", "Note": "internal_note",
                     "Reopened": "reopen"},
    "status_map": {"Done": "solved"},
    "ignore": ["Assigned"],
    "priority_map": {"1": "urgent", "2": "high"},
    "tz": ZONE,
}  # fmt: skip

#: The three required roles only, for frames built by hand.
SMALL: dict[str, Any] = {
    **OPTIONS,
    "columns": {"case": "case", "activity": "activity", "timestamp": "time"},
}

row = st.tuples(
    st.sampled_from(["Open", "Reply", "Note", "Done", "Reopened", "Assigned"]),
    st.integers(0, 5_000),  # minutes after T0
    st.sampled_from(["ana", "bo", "", "?"]),
    st.sampled_from(["Phone", "Self service", "Email", "", "?"]),
    st.sampled_from(["1", "2", ""]),
)
logs = st.tuples(
    st.sampled_from(["text", "number"]),
    st.lists(st.lists(row, min_size=1, max_size=5), min_size=1, max_size=4),
)


def csv_text(style: str, cases: list[list[tuple[str, int, str, str, str]]]) -> str:
    """The log as an export writes it: cases contiguous, ids in their sorted order."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(HEADER)
    for i, case in enumerate(cases):
        case_id = f"INC{i}" if style == "text" else str(100 + i)
        for activity, minutes, agent, channel, prio in case:
            stamp = (T0 + timedelta(minutes=minutes)).strftime("%Y-%m-%d %H:%M")
            writer.writerow([case_id, activity, stamp, agent, channel, prio])
    return out.getvalue()


def from_csv(text: str) -> ExportResult:
    return eventlog.histories(csv.DictReader(io.StringIO(text)), **OPTIONS).collect()


def same(a: ExportResult, b: ExportResult) -> None:
    assert a.histories == b.histories
    assert [str(e) for e in a.errors] == [str(e) for e in b.errors]


PANDAS_TIMES = ["text", "naive", "aware", "utc"]
POLARS_TIMES = ["text", "naive", "aware", "utc"]


def pandas_frame(text: str, times: str, category: bool, arrow: bool) -> Any:
    df = pd.read_csv(io.StringIO(text), dtype_backend="numpy_nullable")
    if category:
        df["channel"] = df["channel"].astype("category")
    if arrow and HAS_PYARROW:
        df["agent"] = df["agent"].astype("string[pyarrow]")
    if times != "text":
        stamps = pd.to_datetime(df["time"], format="%Y-%m-%d %H:%M")
        if times in ("aware", "utc"):
            stamps = stamps.dt.tz_localize(ZONE)
        if times == "utc":
            stamps = stamps.dt.tz_convert("UTC")
        df["time"] = stamps
    return df


def polars_frame(text: str, times: str, category: bool) -> Any:
    df = pl.read_csv(io.StringIO(text))
    if category:
        df = df.with_columns(pl.col("channel").cast(pl.Categorical))
    if times != "text":
        df = df.with_columns(pl.col("time").str.to_datetime("%Y-%m-%d %H:%M"))
        if times in ("aware", "utc"):
            df = df.with_columns(pl.col("time").dt.replace_time_zone(ZONE))
        if times == "utc":
            df = df.with_columns(pl.col("time").dt.convert_time_zone("UTC"))
    return df


@given(
    log=logs,
    pd_times=st.sampled_from(PANDAS_TIMES),
    pl_times=st.sampled_from(POLARS_TIMES),
    category=st.booleans(),
    arrow=st.booleans(),
)
def test_csv_pandas_and_polars_frames_give_the_same_histories(
    log: tuple[str, list[list[tuple[str, int, str, str, str]]]],
    pd_times: str,
    pl_times: str,
    category: bool,
    arrow: bool,
) -> None:
    text = csv_text(*log)
    reference = from_csv(text)
    pandas_read = eventlog.from_pandas(
        pandas_frame(text, pd_times, category, arrow), **OPTIONS
    ).collect()
    polars_read = eventlog.from_polars(polars_frame(text, pl_times, category), **OPTIONS).collect()
    same(pandas_read, reference)
    same(polars_read, reference)
    assert len(reference) + len(reference.errors) == len(log[1])


# -- the values that went wrong --------------------------------------------------------------------


def test_pd_na_is_missing_not_the_text_na() -> None:
    # Before, pd.NA's comparison raised, so it was read as the text "<NA>": an agent "<NA>".
    text = csv_text("text", [[("Open", 0, "", "", ""), ("Reply", 5, "", "", "")]])
    df = pd.read_csv(io.StringIO(text), dtype_backend="numpy_nullable")
    assert df["agent"].isna().all()
    (h,) = eventlog.from_pandas(df, **OPTIONS)
    (reply,) = [e for e in h.events if isinstance(e, AgentReply)]
    assert reply.agent is None
    assert h.ticket.channel == "other"  # the log does not say
    assert h.ticket.priority.value == "normal"


@pytest.mark.parametrize("missing", [pd.NA, None, float("nan"), pd.NaT])
def test_a_missing_case_or_time_is_that_rows_error(missing: Any) -> None:
    good = {"case": "A", "activity": "Open", "time": pd.Timestamp("2026-03-02 09:00", tz=ZONE)}
    no_case = {**good, "case": missing}
    no_time = {**good, "case": "B", "time": missing}
    df = pd.DataFrame([good, no_case, no_time]).astype({"case": "string"})
    result = eventlog.from_pandas(df, **SMALL, on_error="collect").collect()
    assert [h.id for h in result] == ["A"]
    columns = sorted(e.path.split(".", 1)[1] for e in result.errors)
    assert columns == ["case", "time"]


def test_nanoseconds_are_cut_as_in_the_text() -> None:
    stamp = "2026-03-02 09:00:00.123456789"
    rows = [{"case": "A", "activity": "Open", "time": stamp}]
    df = pd.DataFrame({"case": ["A"], "activity": ["Open"], "time": [pd.Timestamp(stamp)]})
    (from_text,) = eventlog.histories(rows, **SMALL)
    (from_frame,) = eventlog.from_pandas(df, **SMALL)  # no warning: warnings are errors here
    assert from_frame == from_text
    assert from_frame.created_at.microsecond == 123456


def test_naive_frame_times_need_tz() -> None:
    options = {k: v for k, v in SMALL.items() if k != "tz"}
    df = pl.DataFrame({"case": ["A"], "activity": ["Open"], "time": [datetime(2026, 3, 2, 9)]})
    with pytest.raises(NaiveDatetimeError):
        list(eventlog.from_polars(df, **options))
    aware = df.with_columns(pl.col("time").dt.replace_time_zone("Europe/Berlin"))
    (h,) = eventlog.from_polars(aware, **options)
    assert h.created_at.astimezone(UTC) == datetime(2026, 3, 2, 8, tzinfo=UTC)


def test_a_case_column_of_mixed_types_is_grouped_in_memory() -> None:
    # Ids as text and as numbers in one object column cannot be sorted: group them instead.
    at = pd.Timestamp("2026-03-02 09:00", tz=ZONE)
    later = [at + timedelta(hours=1), at + timedelta(hours=2)]
    df = pd.DataFrame({"case": ["A", 7, "A", 7], "activity": ["Open", "Open", "Done", "Done"],
                       "time": [at, at, *later]})  # fmt: skip
    assert df["case"].dtype == object
    found = eventlog.from_pandas(df, **SMALL).collect()
    assert [h.id for h in found] == ["A", "7"]
    assert all(h.solved_at() is not None for h in found)


# -- a log whose rows are in any order (sorted by time, as pm4py writes one) ------------------


def _by_id(result: ExportResult) -> list[Any]:
    return sorted(result.histories, key=lambda h: h.id)


@given(log=logs, order=st.randoms(use_true_random=False), category=st.booleans())
def test_frames_in_any_row_order_read_as_their_csv(
    log: tuple[str, list[list[tuple[str, int, str, str, str]]]], order: Any, category: bool
) -> None:
    # The frames are read sorted by case id; their rows keep their places in the frame in
    # errors and event ids, as the CSV's rows do (before, both named the sorted position:
    # the same export read from its CSV and its frame gave other event ids, and an error's
    # rows[i] was another row of the frame).
    header, *lines = csv_text(*log).splitlines()
    order.shuffle(lines)
    text = "\n".join([header, *lines]) + "\n"
    options = {**OPTIONS, "on_error": "collect"}
    reference = eventlog.histories(
        csv.DictReader(io.StringIO(text)), contiguous=False, **options
    ).collect()
    pandas_read = eventlog.from_pandas(
        pandas_frame(text, "text", category, arrow=False), **options
    ).collect()
    polars_read = eventlog.from_polars(polars_frame(text, "text", category), **options).collect()
    for read in (pandas_read, polars_read):
        assert _by_id(read) == _by_id(reference)
        assert sorted(map(str, read.errors)) == sorted(map(str, reference.errors))


def test_an_error_names_the_frames_own_row() -> None:
    df = pd.DataFrame(
        {"case": ["B", "A", "B", "A"], "activity": ["Open", "Open", "Done", "Done"],
         "time": ["2026-03-02 09:00", "2026-03-02 09:30", "not a time", "2026-03-02 11:00"]},
        index=[10, 10, 3, 7],  # an index that is no position
    )  # fmt: skip
    for read in (
        eventlog.from_pandas(df, **SMALL, on_error="collect").collect(),
        eventlog.from_polars(pl.from_pandas(df), **SMALL, on_error="collect").collect(),
    ):
        (error,) = read.errors
        assert error.path == "rows[2].time"  # df.iloc[2], B's unreadable row
        (a,) = read.histories
        assert [e.id for e in a.events] == ["r1", "r3"]  # A's rows: df.iloc[1] and df.iloc[3]


def _first_outcome(read: Any) -> tuple[Any, ...]:
    """The histories read, or the error that stopped the read: its type and the row named."""
    try:
        return ("read", read().collect().histories)
    except ServiceModelError as exc:
        return ("error", type(exc).__name__, getattr(exc, "path", None))


@given(
    cases=st.lists(
        st.tuples(
            st.none() | st.sampled_from(["A", "B", "C"]),
            st.sampled_from(["Open", "Reply", "Done", "Bogus"]),
            st.integers(0, 600),
        ),
        max_size=8,
    )
)
def test_pandas_and_polars_frames_stop_at_the_same_error(
    cases: list[tuple[str | None, str, int]],
) -> None:
    # Sorted by case id, a row without one came first in polars and last in pandas: with
    # on_error="raise" the two frames of one log stopped at different rows' errors.
    times = [datetime(2026, 3, 8, 9, tzinfo=UTC) + timedelta(minutes=m) for _, _, m in cases]
    data = {"case": [c for c, _, _ in cases], "activity": [a for _, a, _ in cases]}
    pandas_df = pd.DataFrame(
        {**data, "time": pd.Series(pd.to_datetime(times, utc=True), dtype="datetime64[ns, UTC]")}
    ).astype({"case": "string", "activity": "string"})
    polars_df = pl.DataFrame(
        {**data, "time": times}, schema={"case": pl.String, "activity": pl.String,
                                         "time": pl.Datetime("us", "UTC")},
    )  # fmt: skip
    read_pandas = _first_outcome(lambda: eventlog.from_pandas(pandas_df, **SMALL))
    read_polars = _first_outcome(lambda: eventlog.from_polars(polars_df, **SMALL))
    assert read_pandas == read_polars


def test_a_row_without_a_case_id_is_read_last_in_polars_too() -> None:
    at = datetime(2026, 3, 2, 9, tzinfo=UTC)
    data = {"case": [None, "B", "A"], "activity": ["Open", "Open", "Bogus"], "time": [at] * 3}
    for read in (lambda: eventlog.from_polars(pl.DataFrame(data), **SMALL),
                 lambda: eventlog.from_pandas(pd.DataFrame(data), **SMALL)):  # fmt: skip
        with pytest.raises(RecordError) as caught:
            list(read())
        assert caught.value.path == "rows[2].activity"  # case A's unknown activity, read first


@given(
    minutes=st.lists(st.integers(-60 * 24 * 400, 60 * 24 * 400), min_size=1, max_size=5),
    zone=st.sampled_from(["America/New_York", "Europe/Berlin", "Australia/Lord_Howe"]),
)
def test_a_zoned_pandas_column_gives_the_zoneinfo_polars_gives(
    minutes: list[int], zone: str
) -> None:
    # pandas 2 holds a named zone as pytz's (pytz installed): every instant of a history
    # read from a pandas frame carried a pytz zone, where the polars frame's carry a
    # ZoneInfo (and a pytz time plus a day across a DST change keeps the old offset).
    pytest.importorskip("pytz")
    times = [datetime(2026, 3, 8, 6, tzinfo=UTC) + timedelta(minutes=m) for m in minutes]
    cases = [f"C{i}" for i in range(len(times))]
    pandas_df = pd.DataFrame({"case": cases, "activity": "Open",
                              "time": pd.Series(times, dtype="datetime64[ns, UTC]")})  # fmt: skip
    pandas_df["time"] = pandas_df["time"].dt.tz_convert(zone)
    polars_df = pl.DataFrame(
        {"case": cases, "activity": ["Open"] * len(times), "time": times},
        schema={"case": pl.String, "activity": pl.String, "time": pl.Datetime("us", "UTC")},
    ).with_columns(pl.col("time").dt.convert_time_zone(zone))
    options = {**SMALL, "tz": None}
    from_pandas = list(eventlog.from_pandas(pandas_df, **options))
    from_polars = list(eventlog.from_polars(polars_df, **options))
    assert from_pandas == from_polars
    for a, b in zip(from_pandas, from_polars, strict=True):
        assert a.created_at.tzinfo == b.created_at.tzinfo == ZoneInfo(zone)
        assert a.created_at.utcoffset() == b.created_at.utcoffset()
