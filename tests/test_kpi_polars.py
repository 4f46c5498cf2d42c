"""Frames of results: period columns are aware datetimes, and polars holds what pandas holds."""

from __future__ import annotations

import math
import sys
from datetime import UTC, date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from servicemodel.errors import InputTypeError, MissingExtraError
from servicemodel.kpi import (
    CSAT,
    NPS,
    Durations,
    FirstReplyTime,
    Ratings,
    ReopenRate,
    SurvivalTimes,
    by,
    estimates_to_frame,
    estimates_to_polars,
    periods,
    proportion,
)
from servicemodel.model import AgentReply, SatisfactionRating, StatusChange, Ticket, TicketHistory

pd = pytest.importorskip("pandas")
pl = pytest.importorskip("polars")

T0 = datetime(2026, 2, 20, 9, tzinfo=UTC)
ZONES = ["UTC", "Europe/Berlin", "America/New_York", "Australia/Lord_Howe"]
CHANNELS = ["chat", "email", "phone"]


def history(i: int, channel: str, minutes: int, score: int, reply: int | None) -> TicketHistory:
    at = T0 + timedelta(minutes=minutes)
    events: list[Any] = [SatisfactionRating("r", at, score=score)]
    if reply is not None:
        events += [
            AgentReply("a", at + timedelta(minutes=reply)),
            StatusChange("s", at + timedelta(minutes=reply + 1), status="solved"),
        ]
    return TicketHistory(Ticket(f"T{i}", at, channel=channel), events)


@st.composite
def accumulations(draw: st.DrawFn) -> tuple[Any, dict[str, str]]:
    """A random segmented result: channel × period, period × channel, or period alone."""
    tz = draw(st.sampled_from(ZONES))
    unit = draw(st.sampled_from(["day", "week", "month"]))
    kind = draw(st.sampled_from([CSAT, FirstReplyTime, ReopenRate]))
    accumulator: Any = {
        CSAT: Ratings.empty(CSAT.empty()),
        FirstReplyTime: FirstReplyTime.empty(unit="h"),
        ReopenRate: ReopenRate.empty(),
    }[kind]
    shape = draw(st.sampled_from(["channel×period", "period×channel", "period"]))
    key = periods(unit, tz=tz)  # type: ignore[arg-type]
    if shape == "channel×period":
        acc = by("channel", by(key, accumulator))
    elif shape == "period×channel":
        acc = by(key, by("channel", accumulator))
    else:
        acc = by(key, accumulator)
    rows = draw(
        st.lists(
            st.tuples(
                st.sampled_from(CHANNELS),
                st.integers(0, 60 * 24 * 70),
                st.integers(1, 5),
                st.none() | st.integers(0, 3000),
            ),
            max_size=30,
        )
    )
    hs = [history(i, *row) for i, row in enumerate(rows)]
    return acc.add_many(hs).result(), {"period": tz}


def same(a: Any, b: Any) -> bool:
    """Equal, with pandas' NaN for a missing number matching polars' null."""
    a_missing = a is None or (isinstance(a, float) and math.isnan(a))
    b_missing = b is None or (isinstance(b, float) and math.isnan(b))
    if a_missing or b_missing:
        return a_missing and b_missing
    return bool(a == b)


@given(accumulations())
def test_to_polars_holds_the_same_table_as_to_frame(case: tuple[Any, dict[str, str]]) -> None:
    result, zones = case
    frame, polars = result.to_frame(), result.to_polars()
    assert list(frame.columns) == polars.columns
    assert len(frame) == polars.height
    for name in frame.columns:
        if name in zones:
            tz = zones[name]
            assert str(frame[name].dtype).startswith("datetime64[")
            assert str(frame[name].dtype).endswith(f", {tz}]")
            assert polars.schema[name] == pl.Datetime("us", tz)
            # Compared as instants, polars' read from its UTC values: its cells in a zone
            # are local times of its own bundled zone data, which may differ from Python's.
            assert [t.timestamp() for t in frame[name]] == [
                t.timestamp() for t in polars[name].dt.convert_time_zone("UTC").to_list()
            ]
            continue
        left, right = list(frame[name]), polars[name].to_list()
        assert all(same(a, b) for a, b in zip(left, right, strict=True)), name


@given(accumulations())
def test_period_columns_are_the_local_start_of_each_period(
    case: tuple[Any, dict[str, str]],
) -> None:
    result, zones = case
    frame = result.to_frame()
    if not len(frame):
        return
    tz = zones["period"]
    assert isinstance(frame["period"].dtype, pd.DatetimeTZDtype)
    assert str(frame["period"].dtype.tz) == tz
    records = result.to_records()
    for stamp, record in zip(frame["period"], records, strict=True):
        start: date = record["period"]
        expected = datetime(start.year, start.month, start.day, tzinfo=ZoneInfo(tz))
        # Compared as instants (in UTC): local midnight in the period's own zone.
        assert stamp.to_pydatetime().astimezone(UTC) == expected.astimezone(UTC)
        assert (stamp.hour, stamp.minute) == (0, 0)


def test_to_frame_keeps_its_columns_and_the_label() -> None:
    hs = [history(i, "chat", 60 * 24 * 7 * i, 5, None) for i in range(3)]
    res = by("channel", by(periods("week", tz="Europe/Berlin"), Ratings.empty(CSAT.empty())))
    res = res.add_many(hs)
    frame = res.result().to_frame()
    assert list(frame.columns[:4]) == ["channel", "period", "period_label", "metric"]
    assert str(frame["period"].dtype) == "datetime64[ns, Europe/Berlin]"
    assert list(frame["period_label"]) == ["2026-W08", "2026-W09", "2026-W10"]


def test_survival_and_estimate_frames_agree_across_libraries() -> None:
    km = SurvivalTimes.empty(unit="h").add_many([(1, True), (2, False), (4, True)]).result()
    frame, polars = km.to_frame(), km.to_polars()
    assert list(frame.columns) == polars.columns
    assert list(frame["statistic"]) == polars["statistic"].to_list() == ["median", "p90"]
    assert all(same(a, b) for a, b in zip(frame["value"], polars["value"].to_list(), strict=True))
    mapping = {"email": proportion(8, 10), "chat": proportion(0, 0)}
    left, right = estimates_to_frame(mapping), estimates_to_polars(mapping)
    assert list(left.columns) == right.columns
    assert all(same(a, b) for a, b in zip(left["value"], right["value"].to_list(), strict=True))


def test_without_polars_the_error_names_the_extra(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "polars", None)
    res = by("channel", CSAT.empty(), fill=["chat"]).result()
    with pytest.raises(MissingExtraError, match=r"pip install 'servicemodel\[polars\]'"):
        res.to_polars()
    with pytest.raises(MissingExtraError, match=r"SurvivalCurve\.to_polars"):
        SurvivalTimes.empty().result().to_polars()
    with pytest.raises(ImportError):  # also an ImportError, for code that catches those
        estimates_to_polars([proportion(1, 2)])


_COLUMN_READERS = {
    "NPS": lambda: NPS.empty(),
    "CSAT": lambda: CSAT.empty(),
    "Durations": lambda: Durations.empty(),
    "FirstReplyTime": lambda: FirstReplyTime.empty(),
    "SurvivalTimes": lambda: SurvivalTimes.empty(),
}


@given(
    reader=st.sampled_from(sorted(_COLUMN_READERS)),
    scores=st.lists(st.integers(1, 5), max_size=4),
)
def test_a_whole_frame_is_refused_alike_from_pandas_and_polars(
    reader: str, scores: list[int]
) -> None:
    # A pandas frame failed in pandas' own words (ValueError: Data must be 1-dimensional)
    # and a polars one was read column by column (each Series refused as one score).
    frames = {
        "pandas DataFrame": pd.DataFrame({"score": scores}),
        "polars DataFrame": pl.DataFrame({"score": scores}, schema={"score": pl.Int64}),
        "polars LazyFrame": pl.DataFrame({"score": scores}, schema={"score": pl.Int64}).lazy(),
    }
    messages = set()
    for kind, frame in frames.items():
        with pytest.raises(InputTypeError) as caught:
            _COLUMN_READERS[reader]().add_many(frame)
        message = str(caught.value)
        assert f"got a {kind};" in message
        messages.add(message.replace(kind, "FRAME"))
    assert len(messages) == 1  # one error, whichever library holds the frame


@settings(max_examples=30, deadline=None)
@given(
    zone=st.sampled_from(["Africa/Casablanca", "Europe/Berlin", "America/Santiago"]),
    unit=st.sampled_from(["day", "week", "month", "quarter"]),
    year=st.sampled_from([2026, 2041]),
    days=st.lists(st.integers(0, 364), min_size=1, max_size=6),
)
def test_a_pandas_period_column_shows_local_midnight_in_any_zone_and_year(
    zone: str, unit: str, year: int, days: list[int]
) -> None:
    # pandas took the zone's name as pytz's zone, whose offsets stop in 2037 and miss
    # Morocco's: Casablanca's 2026-10-01 showed as 2026-09-30 23:00+00:00, Berlin's summer
    # days after 2037 at 01:00. polars showed local midnight; the instants were the same.
    # The periods start at local midnight by Python's zone data; polars shows its cells by
    # its own bundled data, which may differ: its column is compared as instants.
    start = datetime(year, 1, 1, 12, tzinfo=UTC)
    hs = [TicketHistory(Ticket(f"T{i}", start + timedelta(days=d)), []) for i, d in enumerate(days)]
    result = by(periods(unit, tz=zone), ReopenRate.empty()).add_many(hs).result()  # type: ignore[arg-type]
    frame, polars = result.to_frame(), result.to_polars()
    local = [t.to_pydatetime() for t in frame["period"]]
    assert local == polars["period"].dt.convert_time_zone("UTC").to_list()  # the same instants
    # Each the first instant of its local day (midnight, or the end of a gap at midnight),
    # shown as Python's zone data show it: the same local time and offset.
    firsts = [
        datetime(d.year, d.month, d.day, tzinfo=ZoneInfo(zone)).astimezone(UTC)
        for d in (r["period"] for r in result.to_records())
    ]
    shown = [t.astimezone(ZoneInfo(zone)) for t in firsts]
    assert [(t.replace(tzinfo=None), t.utcoffset()) for t in local] == [
        (t.replace(tzinfo=None), t.utcoffset()) for t in shown
    ]
