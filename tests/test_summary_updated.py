"""One row per ticket: the ``updated`` column feeds ``LoadResult.observed_until``.

Zendesk's CSV ticket export has "Updated at", Freshdesk's "Last update time", Jira's
"Updated", osTicket's "Last Updated": each ticket's last update, which the export was pulled
at or after. ``summary.load`` reads it like the row's other instants (``tz``,
``date_format``) into ``observed_until``; a missing or unreadable cell is no observation,
never an error, and a row that did not load tells nothing. ``servicemodel report`` then takes
the later of it and the last event as its default snapshot, and says which.
"""

from __future__ import annotations

import csv
import json
import tempfile
import tomllib
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from servicemodel.cli import main
from servicemodel.io import summary
from servicemodel.report import ReportOptions, build_report

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "tests" / "data" / "summary"
MAPS = ROOT / "examples" / "mappings"


def _mapping(name: str) -> dict[str, Any]:
    with (MAPS / name).open("rb") as fh:
        return tomllib.load(fh)


def _rows(path: Path) -> list[dict[str, str]]:
    with path.open(newline="", encoding="utf-8-sig") as fh:
        return list(csv.DictReader(fh))


def _local(text: str, layout: str, zone: str) -> datetime:
    return datetime.strptime(text, layout).replace(tzinfo=ZoneInfo(zone)).astimezone(UTC)


def _last_event(result: summary.ExportLoad) -> datetime:
    return max(h.last_event_at.astimezone(UTC) for h in result.histories)


@pytest.mark.parametrize(
    ("fixture", "mapping", "column", "layout"),
    [
        ("zendesk_tickets.csv", "zendesk-csv.toml", "Updated at", "%Y-%m-%d %H:%M"),
        ("freshdesk_tickets.csv", "freshdesk-csv.toml", "Last update time", "%Y-%m-%d %H:%M:%S"),
    ],
)
def test_the_shipped_mappings_read_the_latest_update(
    fixture: str, mapping: str, column: str, layout: str
) -> None:
    m = _mapping(mapping)
    assert m["columns"]["updated"] == column
    result = summary.load(DATA / fixture, **m)
    expected = max(_local(r[column], layout, m["tz"]) for r in _rows(DATA / fixture))
    assert result.observed_until == expected
    # As exported, no ticket was updated after the export's last event.
    assert result.observed_until <= _last_event(result)


@pytest.mark.parametrize("mapping", ["jira-csv.toml", "jira-cloud-csv.toml", "osticket-csv.toml"])
def test_the_other_csv_mappings_name_their_update_column(mapping: str) -> None:
    expected = {"osticket-csv.toml": "Last Updated"}.get(mapping, "Updated")
    assert _mapping(mapping)["columns"]["updated"] == expected


def test_the_jira_mapping_reads_updated_like_the_other_dates() -> None:
    m = _mapping("jira-csv.toml")
    path = DATA / "jira_issues.csv"
    result = summary.load(path, on_error="collect", **m)
    loaded = {h.id for h in result.histories}
    updates = [
        _local(r["Updated"], m["date_format"], m["tz"])
        for r in _rows(path)
        if r["Issue key"] in loaded and r["Updated"]
    ]
    assert updates
    assert result.observed_until == max(updates)


def _write(path: Path, rows: list[dict[str, str]]) -> Path:
    with path.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.DictWriter(fh, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    return path


def _row(tid: str, created: str, updated: str, first_reply: str = "") -> dict[str, str]:
    return {"id": tid, "created_at": created, "first_reply_at": first_reply, "updated_at": updated}


def test_the_default_column_is_updated_at_and_no_column_is_none(tmp_path: Path) -> None:
    rows = [_row("1", "2026-03-02T09:00:00Z", "2026-03-04T10:00:00+01:00")]
    result = summary.load(_write(tmp_path / "a.csv", rows))
    assert result.observed_until == datetime(2026, 3, 4, 9, tzinfo=UTC)
    bare = [{k: v for k, v in r.items() if k != "updated_at"} for r in rows]
    assert summary.load(_write(tmp_path / "b.csv", bare)).observed_until is None


@pytest.mark.parametrize(
    "bad",
    ["", "?", "soon", "2026-13-40 10:00", "9999-12-31T23:59:59-05:00", "2026-03-09 10:00"],
    ids=["empty", "missing-marker", "text", "no-such-date", "past-the-range", "naive"],
)
def test_an_unreadable_updated_is_no_observation_and_never_an_error(
    tmp_path: Path, bad: str
) -> None:
    # The naive one: the other instants have offsets, so the export needs no tz= for them.
    rows = [
        _row("1", "2026-03-02T09:00:00Z", "2026-03-05T09:00:00Z"),
        _row("2", "2026-03-02T10:00:00Z", bad),
    ]
    result = summary.load(_write(tmp_path / "t.csv", rows))
    assert not result.errors
    assert len(result) == 2
    assert result.observed_until == datetime(2026, 3, 5, 9, tzinfo=UTC)


def test_it_is_read_with_tz_and_date_format(tmp_path: Path) -> None:
    rows = [_row("1", "02/Mar/26 9:00 AM", "06/Mar/26 11:30 PM")]
    result = summary.load(
        _write(tmp_path / "t.csv", rows), tz="Europe/Berlin", date_format="%d/%b/%y %I:%M %p"
    )
    assert result.observed_until == datetime(2026, 3, 6, 22, 30, tzinfo=UTC)


def test_an_update_before_the_creation_is_kept_as_read(tmp_path: Path) -> None:
    rows = [_row("1", "2026-03-02T09:00:00Z", "2026-03-01T09:00:00Z")]
    result = summary.load(_write(tmp_path / "t.csv", rows))
    assert not result.errors
    assert result.observed_until == datetime(2026, 3, 1, 9, tzinfo=UTC)
    scope = build_report(result, ReportOptions(observed_until=result.observed_until)).scope
    assert scope is not None
    assert (scope.as_of, scope.basis) == (datetime(2026, 3, 2, 9, tzinfo=UTC), "last_event")


def test_a_row_that_did_not_load_tells_nothing(tmp_path: Path) -> None:
    first = tmp_path / "one.csv"
    _write(first, [
        _row("1", "2026-03-02T09:00:00Z", "2026-03-03T09:00:00Z"),
        # a reply before the creation: the row is set aside
        _row("2", "2026-03-02T09:00:00Z", "2026-03-20T09:00:00Z", "2026-03-01T09:00:00Z"),
        # ticket 1 again on a second row: set aside
        _row("1", "2026-03-02T09:00:00Z", "2026-03-21T09:00:00Z"),
    ])  # fmt: skip
    second = _write(
        tmp_path / "two.csv", [_row("1", "2026-03-02T09:00:00Z", "2026-03-22T09:00:00Z")]
    )  # ticket 1 is in the earlier file
    result = summary.load([first, second], on_error="collect")
    assert [h.id for h in result] == ["1"]
    assert len(result.errors) == 3
    assert result.observed_until == datetime(2026, 3, 3, 9, tzinfo=UTC)


def test_the_stream_and_frame_readers_do_not_read_it() -> None:
    rows = [_row("1", "2026-03-02T09:00:00Z", "no instant")]
    (h,) = summary.histories(rows)
    assert h.id == "1"
    assert "updated_at" not in h.ticket.attributes


# -- the command line ------------------------------------------------------------------------


def _zendesk_copy(tmp: Path, updated: str) -> Path:
    """The Zendesk CSV fixture with ticket 103's "Updated at" set to ``updated``."""
    rows = _rows(DATA / "zendesk_tickets.csv")
    for r in rows:
        if r["Id"] == "103":
            r["Updated at"] = updated
    return _write(tmp / "tickets.csv", rows)


def _report(capsys: pytest.CaptureFixture[str], *args: Any) -> tuple[int, str]:
    code = main(["report", "--source", "summary", *(str(a) for a in args)])
    return code, capsys.readouterr().out


def test_the_cli_snapshot_waits_for_the_latest_update(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = _zendesk_copy(tmp_path, "2026-03-12 10:00")  # New York, EDT: 14:00 UTC
    zmap = MAPS / "zendesk-csv.toml"
    code, out = _report(capsys, path, "--map", zmap, "--format", "json")
    assert code == 0
    scope = json.loads(out)["scope"]
    assert (scope["as_of"], scope["basis"], scope["last_event"]) == (
        "2026-03-12T14:00:00+00:00",
        "updated",
        "2026-03-09T12:00:00+00:00",
    )
    code, out = _report(capsys, path, "--map", zmap)
    assert code == 0
    assert "(the tickets' latest update; the last event was 2026-03-09T12:00:00+00:00)" in out
    early = "2026-03-05T00:00:00+00:00"
    code, out = _report(capsys, path, "--map", zmap, "--at", early, "--format", "json")
    assert code == 0
    scope = json.loads(out)["scope"]
    assert (scope["as_of"], scope["basis"]) == (early, "at")


def test_the_cli_as_exported_says_the_last_event(capsys: pytest.CaptureFixture[str]) -> None:
    code, out = _report(capsys, DATA / "zendesk_tickets.csv", "--map", MAPS / "zendesk-csv.toml")
    assert code == 0
    assert "snapshot at 2026-03-09T12:00:00+00:00 (the export's last event):" in out


# -- the law ---------------------------------------------------------------------------------

T0 = datetime(2026, 3, 2, 9, tzinfo=UTC)
minutes = st.integers(min_value=0, max_value=60 * 24 * 20).map(lambda m: timedelta(minutes=m))
#: An ``updated`` cell: an instant (UTC or another offset, or local in tz), or one that
#: cannot be read (empty, a missing marker, text, a date that does not exist).
_CELL = st.one_of(
    minutes.map(lambda d: ("utc", d)),
    minutes.map(lambda d: ("offset", d)),
    minutes.map(lambda d: ("local", d)),
    st.sampled_from([("bad", ""), ("bad", "?"), ("bad", "later"), ("bad", "2026-02-30 10:00")]),
)
ZONE = ZoneInfo("Europe/Berlin")


def _cell(kind: str, value: Any) -> tuple[str, datetime | None]:
    if kind == "bad":
        return value, None
    at = T0 + value
    if kind == "utc":
        return at.isoformat(), at
    if kind == "offset":
        return at.astimezone(ZoneInfo("Asia/Kolkata")).isoformat(), at
    local = at.astimezone(ZONE)  # written as a wall-clock time in tz, as exports do
    return local.strftime("%Y-%m-%d %H:%M"), local.replace(second=0).astimezone(UTC)


@settings(max_examples=25, deadline=None)
@given(
    st.lists(st.tuples(minutes, st.none() | minutes, _CELL), min_size=1, max_size=5),
    st.none() | minutes,
)
def test_the_default_snapshot_is_never_before_the_last_event_or_any_readable_update(
    tickets: list[tuple[timedelta, timedelta | None, tuple[str, Any]]], at: timedelta | None
) -> None:
    rows, readable = [], []
    for i, (created, reply, (kind, value)) in enumerate(tickets):
        text, instant = _cell(kind, value)
        if instant is not None:
            readable.append(instant)
        first = "" if reply is None else (T0 + created + reply).isoformat()
        rows.append(_row(str(i), (T0 + created).isoformat(), text, first))
    with tempfile.TemporaryDirectory() as tmp:
        result = summary.load(_write(Path(tmp) / "t.csv", rows), tz="Europe/Berlin")
    assert not result.errors
    assert result.observed_until == max(readable, default=None)
    given_at = None if at is None else T0 + at
    options = ReportOptions(observed_until=result.observed_until, at=given_at)
    scope = build_report(result, options).scope
    assert scope is not None
    assert scope.as_of is not None
    if given_at is not None:
        assert (scope.as_of, scope.basis) == (given_at, "at")
        return
    last = _last_event(result)
    assert scope.as_of >= last
    assert all(scope.as_of >= u for u in readable)
    assert scope.as_of == max([last, *readable])
    assert scope.basis == ("updated" if scope.as_of > last else "last_event")
