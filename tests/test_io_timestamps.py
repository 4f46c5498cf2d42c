"""Timestamps of event logs and one-row exports: numeric dates, 12-hour clocks, ``date_format``."""

from __future__ import annotations

import csv
import json
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from servicemodel.cli import main
from servicemodel.errors import ConfigError, NaiveDatetimeError, RecordError
from servicemodel.io import eventlog, summary
from servicemodel.io.eventlog import parse_timestamp
from servicemodel.io.eventlog._time import date_formats

#: Whole seconds in years four-digit formats can write, as the naive local times of an export.
_LOCAL = st.datetimes(datetime(1971, 1, 1), datetime(9998, 12, 31)).map(
    lambda d: d.replace(microsecond=0)
)


@given(_LOCAL, st.booleans())
def test_a_12_hour_clock_reads_back_the_instant_it_wrote(local: datetime, dayfirst: bool) -> None:
    layout = "%d/%m/%Y %I:%M:%S %p" if dayfirst else "%m/%d/%Y %I:%M:%S %p"
    got = parse_timestamp(local.strftime(layout), tz="UTC", dayfirst=dayfirst)
    assert got == local.replace(tzinfo=UTC)


@given(_LOCAL, st.integers(0, 999_999), st.sampled_from(["/", "."]))
def test_a_year_first_date_reads_back_the_instant_it_wrote(
    local: datetime, micro: int, sep: str
) -> None:
    local = local.replace(microsecond=micro)
    text = local.strftime(f"%Y{sep}%m{sep}%d %H:%M:%S.%f")
    assert parse_timestamp(text, tz="UTC") == local.replace(tzinfo=UTC)


_FORMATS = [
    "%d/%b/%y %I:%M %p",  # Jira's default: 30/Nov/26 2:05 PM
    "%d %B %Y, %H:%M",
    "%Y%m%d%H%M%S",
    "%d.%m.%Y %H:%M:%S %z",
    "%a %b %d %H:%M:%S %Y",
]


@given(
    st.datetimes(datetime(2000, 1, 1), datetime(2068, 12, 31)).map(
        lambda d: d.replace(microsecond=0)
    ),
    st.sampled_from(_FORMATS),
    st.integers(-14 * 60, 14 * 60),
)
def test_date_format_reads_back_the_instant_it_wrote(
    local: datetime, fmt: str, offset_minutes: int
) -> None:
    offset = timezone(timedelta(minutes=offset_minutes))
    text = local.replace(tzinfo=offset).strftime(fmt)
    got = parse_timestamp(text, tz=offset, date_format=fmt)
    if "%M" not in fmt:
        local = local.replace(minute=0)
    if "%S" not in fmt:
        local = local.replace(second=0)
    # Compared as instants (in UTC): same-zone comparison would be wall-clock.
    assert got.astimezone(UTC) == local.replace(tzinfo=offset).astimezone(UTC)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("12/01/2026 12:00 AM", datetime(2026, 12, 1, 0, 0, tzinfo=UTC)),
        ("12/01/2026 12:30 pm", datetime(2026, 12, 1, 12, 30, tzinfo=UTC)),
        ("12/01/2026 1:05 p.m.", datetime(2026, 12, 1, 13, 5, tzinfo=UTC)),
        ("2012/10/09 14:50:17.000", datetime(2012, 10, 9, 14, 50, 17, tzinfo=UTC)),
        ("2026.11.30", datetime(2026, 11, 30, tzinfo=UTC)),
        ("2026-11-30T14:05:00.1234567Z", datetime(2026, 11, 30, 14, 5, 0, 123456, tzinfo=UTC)),
        ("11/30/2026 14:05:00.123456789", datetime(2026, 11, 30, 14, 5, 0, 123456, tzinfo=UTC)),
        ("11/30/2026 2:05 PM +0100", datetime(2026, 11, 30, 13, 5, tzinfo=UTC)),
    ],
)
def test_numeric_layouts(text: str, expected: datetime) -> None:
    assert parse_timestamp(text, tz="UTC").astimezone(UTC) == expected


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("1/1/2026 13:00 PM", "not a valid M/D/Y timestamp: '1/1/2026 13:00 PM'"),
        ("1/1/2026 0:30 AM", "not a valid M/D/Y timestamp"),
        ("30/11/2026 14:05", r"not a valid M/D/Y timestamp: '30/11/2026 14:05' \(dayfirst=True"),
        ("2026/13/01", "not a valid Y/M/D timestamp"),
        ("30/Nov/26 2:05 PM", "pass date_format= a strptime format"),
    ],
)
def test_unreadable_layouts_name_the_value_and_the_way_out(text: str, message: str) -> None:
    with pytest.raises(ConfigError, match=message):
        parse_timestamp(text, tz="UTC")


def test_date_format_falls_back_to_iso_8601_and_else_names_the_formats() -> None:
    fmt = "%d/%b/%y %I:%M %p"
    assert parse_timestamp("2026-11-30T14:05:00+00:00", date_format=fmt) == datetime(
        2026, 11, 30, 14, 5, tzinfo=UTC
    )
    with pytest.raises(ConfigError, match=r"'30-11-2026' matches neither date_format '%d/%b/%y"):
        parse_timestamp("30-11-2026", tz="UTC", date_format=fmt)
    # Formats with a year: Python 3.13 warns of a day of the month read without one.
    with pytest.raises(ConfigError, match=r"neither date_format \['%d/%m/%Y', '%Y/%j'\]"):
        parse_timestamp("x", tz="UTC", date_format=["%d/%m/%Y", "%Y/%j"])
    # Several formats are tried in order.
    both = ["%d/%b/%y %I:%M %p", "%d/%b/%y %H:%M"]
    # A numeric date the formats do not match is not guessed as M/D/Y.
    with pytest.raises(ConfigError, match="matches neither"):
        parse_timestamp("01/02/2026", tz="UTC", date_format=both)
    assert parse_timestamp("30/Nov/26 14:05", tz="UTC", date_format=both).hour == 14


def test_date_format_without_an_offset_still_needs_a_zone() -> None:
    with pytest.raises(NaiveDatetimeError, match="pass tz="):
        parse_timestamp("30/Nov/26 2:05 PM", date_format="%d/%b/%y %I:%M %p")
    berlin = parse_timestamp(
        "30/Nov/26 2:05 PM", tz="Europe/Berlin", date_format="%d/%b/%y %I:%M %p"
    )
    assert berlin.astimezone(UTC) == datetime(2026, 11, 30, 13, 5, tzinfo=UTC)


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("%d/%m/%Q", r"date_format: '%d/%m/%Q' is not a strptime format"),
        ("dd/mm/yyyy", r"date_format: expected a strptime format such as"),
        ([], r"date_format: expected a strptime format or a list of them, got \[\]"),
        (["%d/%m/%Y", 3], r"date_format\[1\]: expected a strptime format such as"),
        (7, r"date_format: expected a strptime format or a list of them, got 7"),
    ],
)
def test_a_bad_date_format_is_a_config_error_naming_it(value: object, message: str) -> None:
    with pytest.raises(ConfigError, match=message):
        date_formats(value)


# -- the readers and the mapping file take date_format ------------------------------------------

DATA = Path(__file__).parent / "data"
JIRA = "%d/%b/%y %I:%M %p"  # Jira's default layout: 02/Mar/26 9:00 AM


def _relayout(path: Path, columns: set[str], tmp_path: Path) -> Path:
    """``path`` with its D/M/Y H:M ``columns`` rewritten in Jira's layout (same local times)."""
    with open(path, newline="", encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    for row in rows:
        for col in columns:
            if row[col] not in ("", "?"):
                local = datetime.strptime(row[col], "%d/%m/%Y %H:%M")
                row[col] = local.strftime(JIRA)
    out = tmp_path / path.name
    with open(out, "w", newline="", encoding="utf-8") as fh:
        writer = csv.DictWriter(fh, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    return out


_EVENTLOG = {
    "columns": {"case": "case_id", "activity": "activity", "timestamp": "timestamp",
             "resource": "resource", "channel": "channel", "priority": "priority"},
    "activity_map": {"Ticket opened": "customer_message", "Agent reply": "agent_reply",
                     "Customer reply": "customer_message",
                  "Internal note": "internal_note", "Reopened": "reopen"},
    "status_map": {"In Progress": "open", "Awaiting User Info": "pending",
                "Waiting for Vendor": "on_hold", "Resolved": "solved", "Closed": "closed"},
    "ignore": {"Assigned"},
    "tz": "Europe/Berlin",
}  # fmt: skip


def test_an_event_log_in_another_layout_reads_as_the_same_histories(tmp_path: Path) -> None:
    naive = DATA / "eventlog" / "incidents_naive.csv"
    jira = _relayout(naive, {"timestamp"}, tmp_path)
    dayfirst = eventlog.load(naive, dayfirst=True, **_EVENTLOG).histories
    by_format = eventlog.load(jira, date_format=JIRA, **_EVENTLOG).histories
    assert len(by_format) == len(dayfirst) > 0
    assert by_format == dayfirst
    # Without the format, the layout is refused with the way out, naming file, line and column.
    with pytest.raises(RecordError, match=r"line 2: timestamp: .*pass date_format="):
        eventlog.load(jira, **_EVENTLOG)


def test_a_one_row_export_in_another_layout_reads_as_the_same_histories(tmp_path: Path) -> None:
    source = DATA / "summary" / "tickets.csv"
    cols = {"id": "Ticket ID", "created": "Created", "first_reply": "First Reply",
            "solved": "Solved", "closed": "Closed", "rating": "Rating", "channel": "Channel",
            "priority": "Priority", "group": "Group"}  # fmt: skip
    jira = _relayout(source, {"Created", "First Reply", "Solved", "Closed"}, tmp_path)
    opts = {"columns": cols, "tz": "Europe/Berlin", "on_error": "collect"}
    dayfirst = summary.load(source, dayfirst=True, **opts)
    by_format = summary.load(jira, date_format=JIRA, **opts)
    assert len(by_format.histories) == len(dayfirst.histories) > 0
    assert by_format.histories == dayfirst.histories
    # The fixture's broken rows (a first reply before creation...) are set aside in both.
    assert [str(e) for e in by_format.errors] == [
        str(e).replace(str(source), str(jira)).replace("03/03/2026 10:00", "03/Mar/26 10:00 AM")
        for e in dayfirst.errors
    ]


def test_the_mapping_file_takes_date_format(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    naive = DATA / "eventlog" / "incidents_naive.csv"
    jira = _relayout(naive, {"timestamp"}, tmp_path)
    head = (
        'tz = "Europe/Berlin"\nignore = ["Assigned"]\n'
        '[columns]\ncase = "case_id"\nactivity = "activity"\ntimestamp = "timestamp"\n'
        'resource = "resource"\n'
        '[activity_map]\n"Ticket opened" = "customer_message"\n"Agent reply" = "agent_reply"\n'
        '"Customer reply" = "customer_message"\n'
        '"Internal note" = "internal_note"\n"Reopened" = "reopen"\n'
        '[status_map]\n"In Progress" = "open"\n"Awaiting User Info" = "pending"\n'
        '"Waiting for Vendor" = "on_hold"\n"Resolved" = "solved"\n"Closed" = "closed"\n'
    )
    outputs = []
    for log, option in ((naive, "dayfirst = true\n"), (jira, f'date_format = "{JIRA}"\n')):
        mapping = tmp_path / "map.toml"
        mapping.write_text(option + head, encoding="utf-8")
        code = main(["report", "--source", "eventlog", str(log), "--map", str(mapping),
                     "--format", "json"])  # fmt: skip
        captured = capsys.readouterr()
        assert (code, captured.err) == (0, "")
        outputs.append(json.loads(captured.out)["overview"])
    assert outputs[0] == outputs[1]
    assert outputs[0]["tickets"] > 0
    mapping.write_text('date_format = "%d/%m/%Q"\n' + head, encoding="utf-8")
    code = main(["report", "--source", "eventlog", str(jira), "--map", str(mapping)])
    err = capsys.readouterr().err
    assert code == 2
    assert f"{mapping}: date_format: '%d/%m/%Q' is not a strptime format" in err


# -- %Z beside %z -------------------------------------------------------------------------------

_BOTH = ("%Y-%m-%d %H:%M %Z %z",)


@given(
    name=st.sampled_from(["UTC", "utc", "GMT", "Gmt"]),
    minutes=st.integers(-23 * 60 - 59, 23 * 60 + 59),
)
def test_a_utc_name_beside_an_offset_agrees_or_is_refused(name: str, minutes: int) -> None:
    """Law: ``UTC``/``GMT`` read with %Z beside an offset read with %z is that instant when
    the offset is zero, and a ConfigError naming the text otherwise (it was read at the
    offset, silently)."""
    sign = "-" if minutes < 0 else "+"
    offset = f"{sign}{abs(minutes) // 60:02d}{abs(minutes) % 60:02d}"
    text = f"2026-03-02 10:00 {name} {offset}"
    if minutes == 0:
        assert parse_timestamp(text, date_format=_BOTH) == datetime(2026, 3, 2, 10, tzinfo=UTC)
        return
    with pytest.raises(ConfigError) as info:
        parse_timestamp(text, date_format=_BOTH)
    assert f"timestamp {text!r}" in str(info.value)
    assert "contradict each other" in str(info.value)


def test_a_contradicting_zone_name_and_offset_are_named() -> None:
    with pytest.raises(ConfigError) as info:
        parse_timestamp("2026-03-02 10:00 UTC +0100", date_format=_BOTH)
    assert str(info.value) == (
        "timestamp '2026-03-02 10:00 UTC +0100': date_format '%Y-%m-%d %H:%M %Z %z' reads the "
        "zone name 'UTC' with %Z and the offset +01:00 with %z, which contradict each other; "
        "fix the text, or leave %Z or %z out"
    )
    # The offset alone, or a zero one beside the name, reads as before.
    alone = parse_timestamp("2026-03-02 10:00 +0100", date_format=("%Y-%m-%d %H:%M %z",))
    assert alone == datetime(2026, 3, 2, 10, tzinfo=timezone(timedelta(hours=1)))
    assert parse_timestamp("2026-03-02 10:00 GMT -0000", date_format=_BOTH) == datetime(
        2026, 3, 2, 10, tzinfo=UTC
    )
