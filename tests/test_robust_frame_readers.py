"""Regression tests for what fuzzing the frame readers found (``test_fuzz_frame_readers.py``).

Each bad input is a ``ServiceModelError`` naming the option, column or value, never another
exception or a silently different value: a frame holding a column the reader reads twice
(the last copy's id or instant read silently, or ``ValueError`` from sorting by it); a frame
whose column labels are not text (``KeyError`` sorting by ``"0"``); a polars ``LazyFrame``, a
list or the other library's frame (``AttributeError``); an option the reader does not take,
or a ``status_map`` given to the one-row reader (``TypeError``); a period or start before
1677 or after 2262 in ``SegmentResult.to_frame`` or ``WeeklyPlan.to_frame`` (pandas'
``OutOfBoundsDatetime``); a ``date`` or numpy ``datetime64`` cell refused where its CSV text
(``2026-03-29``) is read; case ids that sort as equal but differ as text (``1``, ``True``,
``1.0``: ``EventOrderError`` for the frame); a pytz zone as ``tz`` (its local mean time:
every instant 42 minutes off in Amsterdam); an instant past the years a ``datetime`` holds in
a polars ``Datetime``/``Date``, a pyarrow or a pandas column (a polars ``PanicException``,
``OverflowError``, ``ValueError``: the whole frame unread) and a polars ``Duration`` past
``timedelta`` (``OverflowError``); a column no role reads converted anyway, so that a list of
far instants in it stopped every row; a frame's list of tags read as one tag, its repr.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

import numpy as np
import pandas as pd
import polars as pl
import pyarrow as pa
import pytest

from servicemodel.errors import ConfigError, InputTypeError, NaiveDatetimeError, OutOfRangeError
from servicemodel.io import eventlog, summary
from servicemodel.kpi import CSAT, by, periods
from servicemodel.staffing import ServiceLevelTarget, plan_intervals

STATUS_MAP = {"Open": "open", "Resolved": "solved"}
COLUMNS = {"case": "c", "activity": "a", "timestamp": "t"}
T0 = "2026-03-29T01:30:00+00:00"
T1 = "2026-03-29T02:30:00+00:00"


@pytest.mark.parametrize("twice", ["c", "t"])
def test_an_event_log_frame_with_a_read_column_twice_is_refused(twice: str) -> None:
    frame = pd.DataFrame([["A", "Open", T0, "B"]], columns=["c", "a", "t", twice])
    with pytest.raises(ConfigError, match=f"column '{twice}' appears 2 times in the frame"):
        eventlog.from_pandas(frame, columns=COLUMNS, status_map=STATUS_MAP)


def test_a_column_read_twice_in_a_one_row_frame_is_refused() -> None:
    frame = pd.DataFrame([["1", T0, "2"]], columns=["id", "created_at", "id"])
    with pytest.raises(ConfigError, match="column 'id' appears 2 times"):
        summary.from_pandas(frame)


def test_a_column_twice_that_no_role_reads_is_no_error() -> None:
    frame = pd.DataFrame([["A", "Open", T0, 1, 2]], columns=["c", "a", "t", "x", "x"])
    (h,) = eventlog.from_pandas(frame, columns=COLUMNS, status_map=STATUS_MAP)
    assert h.id == "A"


def test_an_event_log_frame_with_integer_labels_is_read_by_their_text() -> None:
    frame = pd.DataFrame([["B", "Open", T1], ["A", "Resolved", T0]])  # labels 0, 1, 2
    hs = list(
        eventlog.from_pandas(
            frame, columns={"case": "0", "activity": "1", "timestamp": "2"}, status_map=STATUS_MAP
        )
    )
    assert [h.id for h in hs] == ["A", "B"]


@pytest.mark.parametrize("reader", [eventlog.from_polars, summary.from_polars])
def test_a_lazy_polars_frame_is_read_as_its_collected_frame(reader: Any) -> None:
    if reader is eventlog.from_polars:
        data = {"c": ["A", "A"], "a": ["Open", "Resolved"], "t": [T0, T1]}
        options: dict[str, Any] = {"columns": COLUMNS, "status_map": STATUS_MAP}
    else:
        data = {"id": ["A"], "created_at": [T0], "solved_at": [T1]}
        options = {}
    eager = list(reader(pl.DataFrame(data), **options))
    lazy = list(reader(pl.DataFrame(data).lazy(), **options))
    assert lazy == eager
    assert len(eager) == 1


@pytest.mark.parametrize(
    ("reader", "value", "words"),
    [
        (eventlog.from_pandas, [1, 2], "expected a pandas DataFrame, got list [1, 2]"),
        (summary.from_pandas, pl.DataFrame({"id": [1]}), "read it with from_polars"),
        (eventlog.from_polars, pd.DataFrame({"id": [1]}), "read it with from_pandas"),
        (summary.from_polars, None, "expected a polars DataFrame or LazyFrame, got NoneType"),
    ],
)
def test_something_other_than_the_readers_frame_is_refused(
    reader: Any, value: Any, words: str
) -> None:
    with pytest.raises(InputTypeError, match=words.replace("[", r"\[").replace("]", r"\]")):
        reader(value)


@pytest.mark.parametrize("reader", [eventlog.from_pandas, summary.from_pandas])
def test_an_option_the_frame_reader_does_not_take_is_named(reader: Any) -> None:
    frame = pd.DataFrame({"id": ["1"], "created_at": [T0]})
    with pytest.raises(ConfigError, match=r"tzz: from_pandas: unknown option\(s\) \['tzz'\]"):
        reader(frame, tzz="UTC")


def test_a_status_map_for_a_one_row_frame_is_refused_as_load_refuses_it() -> None:
    frame = pl.DataFrame({"id": ["1"], "created_at": [T0]})
    with pytest.raises(ConfigError, match="status_map: a one-row-per-ticket export has no status"):
        summary.from_polars(frame, status_map={"Resolved": "solved"})
    # An empty one (a mapping file's empty table), and sla_verdicts, say nothing: as for load.
    (h,) = summary.from_polars(frame, status_map={}, sla_verdicts={})
    assert h.id == "1"


@pytest.mark.parametrize("year", [2, 1600, 2300, 9000])
def test_periods_outside_pandas_nanoseconds_are_refused_by_to_frame_and_kept_by_to_polars(
    year: int,
) -> None:
    # pandas holds instants 1677-09-21 to 2262-04-11 in nanoseconds; was OutOfBoundsDatetime
    # (and, in microseconds, a crash showing a zoned time before 1677).
    weeks = periods("week", date(year, 3, 2), date(year, 3, 16), tz="Europe/Berlin")
    result = by(weeks, CSAT.empty()).result()
    with pytest.raises(OutOfRangeError, match="outside the instants a pandas frame holds"):
        result.to_frame()
    starts = result.to_polars()["period"].to_list()
    assert [s.astimezone(UTC) for s in starts] == [
        weeks.period_start(k).astimezone(UTC) for k in result
    ]


def test_periods_inside_pandas_nanoseconds_are_the_instants_polars_holds() -> None:
    weeks = periods("week", date(2026, 3, 23), date(2026, 4, 6), tz="Europe/Amsterdam")
    result = by(weeks, CSAT.empty()).result()
    pandas_starts = [t.to_pydatetime().astimezone(UTC) for t in result.to_frame()["period"]]
    polars_starts = [t.astimezone(UTC) for t in result.to_polars()["period"].to_list()]
    assert pandas_starts == polars_starts
    # Week starts are local midnights: 23:00 UTC in CET, 22:00 UTC after the change to CEST.
    assert [t.hour for t in pandas_starts] == [23, 22]


@pytest.mark.parametrize(
    "cell",
    [date(2026, 3, 29), np.datetime64("2026-03-29T00:00"), np.datetime64("2026-03-29", "D")],
)
def test_a_date_or_numpy_cell_reads_as_the_csv_reads_its_text(cell: Any) -> None:
    # A frame's date (df["ts"].dt.date) was "expected a timestamp", though its CSV text
    # "2026-03-29" is read as the day's start; numpy's datetime64 in an object column too.
    frame = pd.DataFrame({"c": ["A"], "a": ["Open"], "t": pd.Series([cell], dtype=object)})
    (h,) = eventlog.from_pandas(frame, columns=COLUMNS, status_map=STATUS_MAP, tz="Europe/Berlin")
    (from_text,) = eventlog.histories(
        [{"c": "A", "a": "Open", "t": "2026-03-29"}],
        columns=COLUMNS,
        status_map=STATUS_MAP,
        tz="Europe/Berlin",
    )
    assert h.events[0].at == from_text.events[0].at == datetime(2026, 3, 28, 23, tzinfo=UTC)
    with pytest.raises(NaiveDatetimeError):  # and, as the text, it needs tz=
        list(eventlog.from_pandas(frame, columns=COLUMNS, status_map=STATUS_MAP))


def test_a_numpy_instant_past_the_datetime_years_is_refused_not_wrapped() -> None:
    # Converted to microseconds, 10**17 seconds wraps around to a year 8319 instant.
    frame = pd.DataFrame(
        {"c": ["A"], "a": ["Open"], "t": pd.Series([np.datetime64(10**17, "s")], dtype=object)}
    )
    result = eventlog.from_pandas(
        frame, columns=COLUMNS, status_map=STATUS_MAP, tz="UTC", on_error="collect"
    ).collect()
    assert not result.histories
    assert "3168875820-09-06T09:46:40" in str(result.errors[0])


@pytest.mark.parametrize(
    "ids", [[1, True, 1.0], [0, False, -0.0], [1, Decimal("1.0"), 1], ["1", 1, 1.0]]
)
def test_case_ids_that_sort_as_equal_but_differ_as_text_are_grouped(ids: list[Any]) -> None:
    # 1, True and 1.0 sort as equal: sorted, "1", "True", "1" started case '1' again
    # (EventOrderError for the whole frame; its CSV reads).
    frame = pd.DataFrame(
        {"c": pd.Series(ids, dtype=object), "a": ["Open", "Resolved", "Open"], "t": [T0, T1, T1]}
    )
    got = [h.id for h in eventlog.from_pandas(frame, columns=COLUMNS, status_map=STATUS_MAP)]
    # Each id's text (a float id is the integer it holds, as the frame readers document).
    want = {str(int(v)) if type(v) is float else str(v) for v in ids}
    assert sorted(got) == sorted(want)


def test_a_pytz_zone_for_naive_times_is_the_zone_not_its_local_mean_time() -> None:
    pytz = pytest.importorskip("pytz")
    # Attached to a local time, a pytz zone gives its first offset (Amsterdam +00:18):
    # every instant was 42 minutes off.
    frame = pd.DataFrame({"c": ["A"], "a": ["Open"], "t": ["2026-07-01 12:00"]})
    for tz in (pytz.timezone("Europe/Amsterdam"), "Europe/Amsterdam"):
        (h,) = eventlog.from_pandas(frame, columns=COLUMNS, status_map=STATUS_MAP, tz=tz)
        assert h.events[0].at.astimezone(UTC) == datetime(2026, 7, 1, 10, tzinfo=UTC)
    one_row = pd.DataFrame({"id": ["1"], "created_at": ["2026-03-29 02:30"]})
    (h,) = summary.from_pandas(one_row, tz=pytz.timezone("Europe/Amsterdam"))
    # In the spring gap: the offset before the change (+01:00), as for a zone's name.
    assert h.created_at.astimezone(UTC) == datetime(2026, 3, 29, 1, 30, tzinfo=UTC)


@pytest.mark.parametrize("year", [1600, 2300])
def test_a_weekly_plan_outside_pandas_nanoseconds_is_refused_by_to_frame(year: int) -> None:
    # Was pandas' OutOfBoundsDatetime; to_polars holds the start.
    start = datetime(year, 3, 2, 9, tzinfo=ZoneInfo("Europe/Berlin"))
    plan = plan_intervals([100], aht=180, targets=[ServiceLevelTarget(0.8, 20)], start=start)
    with pytest.raises(OutOfRangeError, match="outside the instants a pandas frame holds"):
        plan.to_frame()
    assert plan.to_polars()["start"].to_list()[0].astimezone(UTC) == start.astimezone(UTC)


FAR = 2**62  # an epoch in nanoseconds read as milliseconds: year 146 million


def _far_and_near(kind: str) -> Any:
    near = 1_774_745_400  # 2026-03-29T00:50:00Z, in seconds
    if kind == "polars ms":
        return pl.Series([FAR, near * 1000], dtype=pl.Int64).cast(pl.Datetime("ms", "UTC"))
    if kind == "polars date":
        return pl.Series([2**30, near // 86400], dtype=pl.Int32).cast(pl.Date)
    if kind == "numpy s":
        return pd.Series(np.array([FAR, near], dtype="datetime64[s]")).dt.tz_localize("UTC")
    typ = pa.timestamp("ms", "UTC")
    raw = pa.array([FAR, near * 1000], type=pa.int64()).cast(typ)
    return pd.Series(pd.array(raw, dtype=pd.ArrowDtype(typ)))


@pytest.mark.parametrize("kind", ["polars ms", "polars date", "numpy s", "arrow ms"])
def test_an_instant_past_the_datetime_years_is_its_rows_error(kind: str) -> None:
    # polars panicked (PanicException, not even an Exception), pyarrow and pandas raised
    # OverflowError/ValueError: the whole frame unread. Now that row is set aside.
    data = {"c": ["A", "B"], "a": ["Open", "Open"], "t": _far_and_near(kind)}
    if kind.startswith("polars"):
        read: Any = eventlog.from_polars
        frame: Any = pl.DataFrame(data)
    else:
        read, frame = eventlog.from_pandas, pd.DataFrame(data)
    result = read(
        frame, columns=COLUMNS, status_map=STATUS_MAP, tz="UTC", on_error="collect"
    ).collect()
    assert [h.id for h in result.histories] == ["B"]
    assert result.histories[0].created_at.year == 2026
    (error,) = result.errors
    assert "case 'A'" in str(error)
    assert str(FAR if kind != "polars date" else 2**30) in str(error)


def test_a_duration_past_timedelta_is_named_by_the_one_row_reader() -> None:
    frame = pl.DataFrame(
        {
            "id": ["1"],
            "created_at": [T0],
            "solved_after_h": pl.Series([FAR], dtype=pl.Int64).cast(pl.Duration("ms")),
        }
    )
    with pytest.raises(ConfigError, match="column 'solved_after_h': a duration of"):
        list(summary.from_polars(frame))


def _far_list(library: str) -> Any:
    if library == "polars":
        return pl.Series([[FAR], [1]], dtype=pl.List(pl.Int64)).cast(pl.List(pl.Datetime("ms")))
    typ = pa.list_(pa.timestamp("ms"))
    return pd.array(pa.array([[FAR], [1]], type=pa.list_(pa.int64())).cast(typ),
                    dtype=pd.ArrowDtype(typ))  # fmt: skip


@pytest.mark.parametrize("library", ["pandas", "polars"])
def test_a_column_no_role_reads_is_not_converted(library: str) -> None:
    # Every cell of a row was made a Python value, so a list of far instants in a column the
    # reader never reads stopped every row (PanicException, OverflowError).
    data = {"c": ["A", "B"], "a": ["Open", "Open"], "t": [T0, T1], "junk": _far_list(library)}
    frame: Any = pl.DataFrame(data) if library == "polars" else pd.DataFrame(data)
    read: Any = eventlog.from_polars if library == "polars" else eventlog.from_pandas
    assert [h.id for h in read(frame, columns=COLUMNS, status_map=STATUS_MAP)] == ["A", "B"]
    one_row = {"id": ["1", "2"], "created_at": [T0, T1], "junk": _far_list(library)}
    frame = pl.DataFrame(one_row) if library == "polars" else pd.DataFrame(one_row)
    read = summary.from_polars if library == "polars" else summary.from_pandas
    assert [h.id for h in read(frame)] == ["1", "2"]
    # Read as an attribute, such a cell is one ConfigError naming the row, not the library's.
    with pytest.raises(ConfigError, match="cannot give the cells of row 0"):
        list(read(frame, attributes=["junk"]))


@pytest.mark.parametrize("library", ["pandas", "polars", "pandas from polars"])
def test_a_frames_list_of_tags_is_its_tags(library: str) -> None:
    # A list cell was one tag, its repr: "['vip', 'a;b']".
    data = {"id": ["1", "2"], "created_at": [T0, T1], "tags": [["vip", "a;b"], []]}
    frame: Any = pl.DataFrame(data) if library != "pandas" else pd.DataFrame(data)
    if library == "pandas from polars":  # (numpy arrays in an object column)
        frame = frame.to_pandas()
    read = summary.from_polars if library == "polars" else summary.from_pandas
    got = {h.id: h.ticket.tags for h in read(frame)}
    assert got == {"1": frozenset({"vip", "a;b"}), "2": frozenset()}
    # The same tags as text are split on the separator, as before.
    (h,) = summary.from_pandas(pd.DataFrame({"id": ["3"], "created_at": [T0], "tags": ["x; y"]}))
    assert h.ticket.tags == frozenset({"x", "y"})
