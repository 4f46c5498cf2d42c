"""servicemodel.io.eventlog: pm4py-style rows -> TicketHistory; maps, time zones, errors."""

from __future__ import annotations

import csv
import sys
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from servicemodel.errors import (
    ConfigError,
    EventOrderError,
    MissingExtraError,
    NaiveDatetimeError,
    RecordError,
)
from servicemodel.io import eventlog, history_to_dict
from servicemodel.model import (
    AgentReply,
    CustomerMessage,
    InternalNote,
    Priority,
    Status,
    TicketHistory,
)

DATA = Path(__file__).parent / "data" / "eventlog"
OPTIONS: dict[str, Any] = {
    "columns": {
        "case": "case_id",
        "activity": "activity",
        "timestamp": "timestamp",
        "resource": "resource",
        "channel": "channel",
        "priority": "priority",
    },
    "activity_map": {
        "Ticket opened": "customer_message",
        "Customer reply": "customer_message",
        "Agent reply": "agent_reply",
        "Internal note": "internal_note",
        "Reopened": "reopen",
    },
    "status_map": {
        "In Progress": "open",
        "Awaiting User Info": "pending",
        "Waiting for Vendor": "on_hold",
        "Resolved": "solved",
        "Closed": "closed",
    },
    "ignore": {"Assigned"},
    "dayfirst": True,
}
CET = timezone(timedelta(hours=1))


def read(name: str = "incidents.csv", **kw: Any) -> eventlog.ExportResult:
    with open(DATA / name, newline="", encoding="utf-8") as fh:
        return eventlog.histories(csv.DictReader(fh), **{**OPTIONS, **kw}).collect()


def rows(*spec: tuple[str, str, str]) -> list[dict[str, str]]:
    return [{"case:concept:name": c, "concept:name": a, "time:timestamp": t} for c, a, t in spec]


# -- the fixture ---------------------------------------------------------------------------


def test_fixture_reads_four_cases() -> None:
    result = read()
    assert [h.id for h in result] == ["INC-1", "INC-2", "INC-3", "INC-4"]
    assert result.errors == ()


def test_fixture_case_facts() -> None:
    inc1, inc2, inc3, inc4 = read()
    assert (inc1.ticket.channel, inc1.ticket.priority) == ("email", Priority.HIGH)
    assert inc1.first_reply_at() == datetime(2026, 3, 2, 9, 30, tzinfo=CET)
    assert inc1.status_at(datetime(2026, 3, 2, 12, tzinfo=CET)) is Status.PENDING
    assert inc1.status_at(datetime(2026, 3, 7, tzinfo=CET)) is Status.CLOSED
    assert inc1.ticket.requester is None
    # "?" is a missing marker: INC-2 has no priority (normal) and an agentless note.
    assert inc2.ticket.priority is Priority.NORMAL
    note = next(e for e in inc2.events if isinstance(e, InternalNote))
    assert note.agent is None
    assert inc2.reopen_count() == 1
    assert inc3.status_at(datetime(2026, 3, 14, tzinfo=CET)) is Status.ON_HOLD
    assert inc4.solved_at() == datetime(2026, 3, 30, 7, 11, tzinfo=UTC)  # CEST by then


def test_rows_of_a_case_are_sorted_by_time() -> None:
    inc2 = read().histories[1]
    assert inc2.created_at == datetime(
        2026, 3, 4, 14, tzinfo=CET
    )  # the earliest row, not the first
    assert [e.at for e in inc2.events] == sorted(e.at for e in inc2.events)
    assert [type(e) for e in inc2.events[:3]] == [CustomerMessage, InternalNote, AgentReply]


def test_naive_variant_needs_tz_and_then_gives_the_same_histories() -> None:
    with pytest.raises(NaiveDatetimeError, match=r"rows\[0\]\.timestamp: .*'02/03/2026 09:00'"):
        read("incidents_naive.csv")
    assert read("incidents_naive.csv", tz="Europe/Berlin").histories == read().histories


def test_month_first_reading_of_a_day_first_file_is_an_error() -> None:
    # 13/03/2026 has no month 13: the day-first file does not read month-first.
    result = read(dayfirst=False, on_error="collect")
    assert [h.id for h in result] == ["INC-1", "INC-2"]  # read as 3 Feb, 4 Mar, ...
    assert [e.path for e in result.errors] == ["rows[17].timestamp", "rows[25].timestamp"]
    assert all("M/D/Y" in str(e) for e in result.errors)


# -- timestamps ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "dayfirst", "expected"),
    [
        ("03/04/2026 10:30", True, datetime(2026, 4, 3, 10, 30, tzinfo=UTC)),
        ("03/04/2026 10:30", False, datetime(2026, 3, 4, 10, 30, tzinfo=UTC)),
        ("03.04.2026 10:30:15", True, datetime(2026, 4, 3, 10, 30, 15, tzinfo=UTC)),
        ("03-04-2026", True, datetime(2026, 4, 3, tzinfo=UTC)),
        ("03/04/2026 10:30:00.5 Z", True, datetime(2026, 4, 3, 10, 30, 0, 500000, tzinfo=UTC)),
        ("2026-04-03T10:30:00+02:00", True, datetime(2026, 4, 3, 8, 30, tzinfo=UTC)),
    ],
)
def test_parse_timestamp(text: str, dayfirst: bool, expected: datetime) -> None:
    assert eventlog.parse_timestamp(text, tz="UTC", dayfirst=dayfirst) == expected


def test_parse_timestamp_dst_rules() -> None:
    # 02:30 on 29 March 2026 does not exist in Berlin: it moves forward by the gap.
    gap = eventlog.parse_timestamp("2026-03-29 02:30", tz="Europe/Berlin")
    assert gap.astimezone(UTC) == datetime(2026, 3, 29, 1, 30, tzinfo=UTC)
    # 02:30 on 25 October 2026 happens twice: the first occurrence (CEST) is taken.
    fold = eventlog.parse_timestamp("2026-10-25 02:30", tz="Europe/Berlin")
    assert fold.astimezone(UTC) == datetime(2026, 10, 25, 0, 30, tzinfo=UTC)


def test_parse_timestamp_errors() -> None:
    with pytest.raises(NaiveDatetimeError, match="pass tz="):
        eventlog.parse_timestamp("2026-04-03 10:30")
    with pytest.raises(ConfigError, match="not a timestamp: 'soon'"):
        eventlog.parse_timestamp("soon", tz="UTC")
    with pytest.raises(ConfigError, match="unknown time zone 'Mars/Base'"):
        eventlog.parse_timestamp("2026-04-03 10:30", tz="Mars/Base")


# -- maps and options --------------------------------------------------------------------------


def test_status_column_gives_status_changes() -> None:
    data = [
        {"case:concept:name": "C", "concept:name": "x", "time:timestamp": "2026-03-02T09:00Z",
         "state": "Awaiting User Info"},
        {"case:concept:name": "C", "concept:name": "x", "time:timestamp": "2026-03-02T10:00Z",
         "state": "solved"},
    ]  # fmt: skip
    (h,) = eventlog.histories(
        data, columns={"status": "state"}, status_map={"Awaiting User Info": "pending"}
    )
    assert [e.status for e in h.events] == [Status.PENDING, Status.SOLVED]  # type: ignore[attr-defined]


def test_unknown_status_in_a_status_column_lists_the_known_ones() -> None:
    data = [{"case:concept:name": "C", "concept:name": "x", "time:timestamp": "2026-03-02T09:00Z",
             "state": "Limbo"}]  # fmt: skip
    (err,) = (
        eventlog.histories(data, columns={"status": "state"}, on_error="collect").collect().errors
    )
    assert err.path == "rows[0].state"
    assert "'Limbo'" in str(err)
    assert "'on_hold'" in str(err)


def test_unknown_activity_is_an_error_unless_ignored() -> None:
    data = rows(("C", "Escalated", "2026-03-02T09:00Z"))
    with pytest.raises(RecordError, match="unknown activity 'Escalated'") as info:
        list(eventlog.histories(data))
    assert info.value.path == "rows[0].concept:name"
    (h,) = eventlog.histories(data, ignore=["Escalated"])
    assert h.events == ()


def test_a_reopen_of_an_open_case_changes_nothing() -> None:
    data = rows(("C", "Opened", "2026-03-02T09:00Z"), ("C", "Reopened", "2026-03-02T10:00Z"))
    (h,) = eventlog.histories(
        data, activity_map={"Opened": "customer_message", "Reopened": "reopen"}
    )
    assert [e.kind for e in h.events] == ["customer_message"]


@pytest.mark.parametrize(
    ("kwargs", "path"),
    [
        ({"columns": {"cases": "id"}}, "columns.cases"),
        ({"status_map": {"Done": "finished"}}, "status_map.Done"),
        ({"activity_map": {"Mail": "email"}}, "activity_map.Mail"),
    ],
)
def test_bad_options_name_their_key(kwargs: dict[str, Any], path: str) -> None:
    with pytest.raises(ConfigError) as info:
        eventlog.histories([], **kwargs)
    assert info.value.path == path


def test_custom_missing_markers() -> None:
    data = rows(("C", "Opened", "2026-03-02T09:00Z"))
    data[0]["org:resource"] = "n/a"
    amap = {"Opened": "agent_reply"}
    (kept,) = eventlog.histories(data, activity_map=amap)
    (dropped,) = eventlog.histories(data, activity_map=amap, missing=("n/a",))
    assert kept.events[0].agent == "n/a"  # type: ignore[attr-defined]
    assert dropped.events[0].agent is None  # type: ignore[attr-defined]


# -- errors ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("row", "path", "value"),
    [
        ({"case:concept:name": "?", "concept:name": "x", "time:timestamp": "2026-03-02T09:00Z"},
         "rows[0].case:concept:name", "'?'"),
        ({"case:concept:name": "C", "concept:name": "", "time:timestamp": "2026-03-02T09:00Z"},
         "rows[0].concept:name", "the cell is empty"),
        ({"case:concept:name": "C", "concept:name": "x", "time:timestamp": "31/31/2026"},
         "rows[0].time:timestamp", "'31/31/2026'"),
        ("not a row", "rows[0]", "'not a row'"),
    ],
)  # fmt: skip
def test_bad_rows_name_row_column_and_value(row: Any, path: str, value: str) -> None:
    result = eventlog.histories([row], ignore=["x"], on_error="collect").collect()
    (err,) = result.errors
    assert err.path == path
    assert value in str(err)


def test_collect_keeps_every_good_case() -> None:
    data = rows(
        ("A", "Resolved", "2026-03-02T09:00Z"),
        ("B", "Resolved", "tomorrow"),
        ("C", "Resolved", "2026-03-02T11:00Z"),
    )
    result = eventlog.histories(
        data, status_map={"Resolved": "solved"}, on_error="collect"
    ).collect()
    assert [h.id for h in result] == ["A", "C"]
    assert [e.path for e in result.errors] == ["rows[1].time:timestamp"]


def test_a_bad_row_sets_its_whole_case_aside() -> None:
    data = rows(("A", "Resolved", "2026-03-02T09:00Z"), ("A", "Limbo", "2026-03-02T10:00Z"))
    result = eventlog.histories(
        data, status_map={"Resolved": "solved"}, on_error="collect"
    ).collect()
    assert result.histories == ()
    assert [e.path for e in result.errors] == ["rows[1].concept:name"]


def test_a_case_split_across_the_log_is_an_event_order_error() -> None:
    data = rows(
        ("A", "Resolved", "2026-03-02T09:00Z"),
        ("B", "Resolved", "2026-03-02T10:00Z"),
        ("A", "Resolved", "2026-03-02T11:00Z"),
    )
    stream = eventlog.histories(data, status_map={"Resolved": "solved"}, on_error="collect")
    with pytest.raises(EventOrderError, match=r"rows\[2\]: case 'A' starts again"):
        list(stream)


def test_histories_stream_lazily() -> None:
    seen: list[int] = []

    def source() -> Any:
        for i in range(1000):
            seen.append(i)
            yield {"case:concept:name": f"C{i}", "concept:name": "Resolved",
                   "time:timestamp": "2026-03-02T09:00Z"}  # fmt: skip

    stream = eventlog.histories(source(), status_map={"Resolved": "solved"})
    assert next(stream).id == "C0"
    assert len(seen) == 2  # the first case ends when the second begins


# -- data frames -------------------------------------------------------------------------------


def test_from_pandas_groups_and_matches_the_csv() -> None:
    pd = pytest.importorskip("pandas")
    df = pd.read_csv(DATA / "incidents.csv", dtype=str, keep_default_na=False)
    # Interleave the cases (round robin), keeping each case's own row order.
    turn = df.groupby("case_id").cumcount()
    interleaved = df.assign(turn=turn).sort_values("turn", kind="stable").drop(columns="turn")
    assert list(interleaved["case_id"][:3]) == ["INC-1", "INC-2", "INC-3"]
    got = eventlog.from_pandas(interleaved, **OPTIONS).collect()
    # Its rows keep their places in the frame (event ids), as the same rows as a CSV do ...
    rows_ = interleaved.to_dict("records")
    as_csv = eventlog.histories(rows_, contiguous=False, **OPTIONS).collect()
    assert sorted(got.histories, key=lambda h: h.id) == sorted(as_csv.histories, key=lambda h: h.id)
    # ... and the histories are the sorted file's, but for those ids.
    theirs = [_without_event_ids(h) for h in read().histories]
    assert [_without_event_ids(h) for h in got.histories] == theirs


def test_from_pandas_reads_timestamps_and_nan() -> None:
    pd = pytest.importorskip("pandas")
    df = pd.DataFrame(
        {
            "case:concept:name": ["A", "A"],
            "concept:name": ["Opened", "Replied"],
            "time:timestamp": pd.to_datetime(["2026-03-02 09:00", "2026-03-02 09:30"]),
            "org:resource": [float("nan"), "ana"],
        }
    )
    amap = {"Opened": "customer_message", "Replied": "agent_reply"}
    with pytest.raises(NaiveDatetimeError):
        list(eventlog.from_pandas(df, activity_map=amap))
    (h,) = eventlog.from_pandas(df, activity_map=amap, tz="UTC")
    assert h.first_reply_at() == datetime(2026, 3, 2, 9, 30, tzinfo=UTC)
    assert type(h.first_reply_at()) is datetime


def test_from_polars_matches_the_csv() -> None:
    pl = pytest.importorskip("polars")
    df = pl.read_csv(DATA / "incidents.csv", infer_schema_length=0)
    assert eventlog.from_polars(df, **OPTIONS).collect().histories == read().histories


@pytest.mark.parametrize(
    ("module", "function"), [("pandas", "from_pandas"), ("polars", "from_polars")]
)
def test_a_missing_extra_names_it(
    monkeypatch: pytest.MonkeyPatch, module: str, function: str
) -> None:
    monkeypatch.setitem(sys.modules, module, None)
    with pytest.raises(MissingExtraError, match=rf"servicemodel\[{module}\]") as info:
        getattr(eventlog, function)(object())
    assert info.value.extra == module


# -- logs whose cases interleave (sorted by time) ---------------------------------------------


def _without_event_ids(h: TicketHistory) -> dict[str, Any]:
    """A history as data, its event ids (the rows' positions in the file) left out."""
    data = history_to_dict(h)
    for ev in data["events"]:
        del ev["id"]
    return data


def _fixture_rows() -> list[dict[str, str]]:
    with open(DATA / "incidents.csv", newline="", encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


@given(st.randoms(use_true_random=False))
def test_interleaved_cases_read_as_the_same_histories_as_the_sorted_log(rnd: Any) -> None:
    by_case: dict[str, list[dict[str, str]]] = {}
    for row in _fixture_rows():
        by_case.setdefault(row["case_id"], []).append(row)
    # A random interleaving that keeps each case's own rows in their order.
    queues = [list(rows) for rows in by_case.values()]
    mixed: list[dict[str, str]] = []
    while queues:
        q = rnd.choice(queues)
        mixed.append(q.pop(0))
        if not q:
            queues.remove(q)
    grouped = eventlog.histories(mixed, contiguous=False, **OPTIONS).collect()
    contiguous = eventlog.histories(_fixture_rows(), **OPTIONS).collect()
    first_seen = list(dict.fromkeys(row["case_id"] for row in mixed))
    assert [h.id for h in grouped.histories] == first_seen
    ours = sorted(grouped.histories, key=lambda h: h.id)
    theirs = sorted(contiguous.histories, key=lambda h: h.id)
    assert [_without_event_ids(h) for h in ours] == [_without_event_ids(h) for h in theirs]


def test_load_groups_an_interleaved_log_and_streaming_says_how(tmp_path: Path) -> None:
    rows_ = _fixture_rows()
    by_time = sorted(rows_, key=lambda r: datetime.strptime(r["timestamp"], "%d/%m/%Y %H:%M %z"))
    path = tmp_path / "by_time.csv"
    with open(path, "w", newline="", encoding="utf-8") as fh:
        writer = csv.DictWriter(fh, fieldnames=list(rows_[0]))
        writer.writeheader()
        writer.writerows(by_time)
    loaded = eventlog.load(path, **OPTIONS)
    assert sorted(h.id for h in loaded.histories) == ["INC-1", "INC-2", "INC-3", "INC-4"]
    with pytest.raises(EventOrderError, match="pass contiguous=False to group the rows in memory"):
        eventlog.load(path, contiguous=True, **OPTIONS)
    with pytest.raises(ConfigError, match="contiguous: expected True or False, got 'no'"):
        eventlog.histories(rows_, contiguous="no", **OPTIONS)  # type: ignore[arg-type]


def test_a_bad_row_of_an_interleaved_case_sets_only_that_case_aside() -> None:
    data = rows(
        ("A", "Resolved", "2026-03-02T09:00Z"),
        ("B", "Resolved", "2026-03-02T10:00Z"),
        ("A", "Resolved", "not a time"),
        ("C", "Resolved", "2026-03-02T12:00Z"),
    )
    result = eventlog.histories(
        data, status_map={"Resolved": "solved"}, on_error="collect", contiguous=False
    ).collect()
    assert [h.id for h in result.histories] == ["B", "C"]
    assert [e.path for e in result.errors] == ["rows[2].time:timestamp"]
