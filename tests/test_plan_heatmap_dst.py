"""The plan page's heatmap across DST changes: each row sits at its local date and time of day.

A week with a DST change has 334 or 338 rows (``plan_week``). Laid out 48 rows to a line, a
338-row week drew eight day lines and shifted Sunday by an hour; here every row is placed by
its start. The hour a spring change skips is a hatched, empty cell that says it does not exist;
the two passes of a repeated autumn hour share their cell, split in two stripes each with its
own count and a tooltip naming its offset, and the data table gives the second pass a line of
its own. No count is drawn twice or lost: every row's value is in exactly one keyed cell.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import attrs
import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from _zones import LORD_HOWE_BACK_2026, LORD_HOWE_FORWARD_2026, Change, change_like
from servicemodel.forecast import ArrivalForecast, IntervalCheck, PlanCheck, plan_week
from servicemodel.report._plan_charts import (
    NOT_A_TIME,
    check_chart,
    heatmap_chart,
    layout,
    service_curve_chart,
)
from servicemodel.staffing import ServiceLevelTarget, WeeklyPlan, plan_intervals

BERLIN = ZoneInfo("Europe/Berlin")
SL = ServiceLevelTarget(0.8, 20)
ZONES = ("Europe/Berlin", "America/New_York", "Australia/Lord_Howe", "Australia/Sydney", "UTC")


def _plan(monday: datetime, calls: list[int] | None = None) -> WeeklyPlan:
    mean = tuple(float(c) for c in calls) if calls else tuple(float(s % 48) for s in range(336))
    forecast = ArrivalForecast(monday, 0.8, 2, {"c": mean}, {"c": mean}, {"c": mean}, (True,) * 336)
    return plan_week(forecast, aht=180, targets=[SL])


def _keyed(chart) -> dict[str, tuple[str, str, str, str]]:  # type: ignore[no-untyped-def]
    """key -> (table row label, column header, value, note) of every keyed cell."""
    out: dict[str, tuple[str, str, str, str]] = {}
    for row in chart.table.rows:
        for column, cell in zip(chart.table.header[1:], row[1:], strict=True):
            if cell.key is not None:
                assert cell.key not in out  # no row's count is shown twice
                out[cell.key] = (row[0].text, column, cell.text, cell.interval)
    return out


def test_a_spring_week_has_seven_days_and_the_missing_hour_says_so() -> None:
    plan = _plan(datetime(2026, 3, 23, tzinfo=BERLIN))
    chart = heatmap_chart(plan, "agents", draw=False)
    assert [r[0].text for r in chart.table.rows] == [
        "Mon 23 Mar",
        "Tue 24 Mar",
        "Wed 25 Mar",
        "Thu 26 Mar",
        "Fri 27 Mar",
        "Sat 28 Mar",
        "Sun 29 Mar",
    ]
    sunday = dict(zip(chart.table.header[1:], chart.table.rows[6][1:], strict=True))
    assert (sunday["02:00"].text, sunday["02:30"].text) == (NOT_A_TIME, NOT_A_TIME)
    assert sunday["02:00"].key is None  # an empty cell, not a count of 0
    assert sunday["03:00"].key == "agents|292"  # the 03:00+02:00 row, in the 03:00 column
    assert sum(1 for r in chart.table.rows for c in r if c.text == NOT_A_TIME) == 2
    keyed = _keyed(chart)
    assert len(keyed) == 334
    assert "Sun 29 Mar 02:00–03:00 does not exist" in chart.desc


def test_an_autumn_week_has_seven_days_and_the_repeated_hour_twice() -> None:
    plan = _plan(datetime(2026, 10, 19, tzinfo=BERLIN))
    chart = heatmap_chart(plan, "agents", draw=False)
    assert len(layout(plan).days) == 7
    labels = [r[0].text for r in chart.table.rows]
    assert labels[6:] == ["Sun 25 Oct", "Sun 25 Oct, second pass (+01:00)"]
    keyed = _keyed(chart)
    assert len(keyed) == 338
    first, second = plan.rows[292], plan.rows[294]
    assert keyed["agents|292"] == ("Sun 25 Oct", "02:00", str(first.agents), "+02:00")
    assert keyed["agents|293"][1:] == ("02:30", str(plan.rows[293].agents), "+02:00")
    assert keyed["agents|294"] == (labels[7], "02:00", str(second.agents), "+01:00")
    assert keyed["agents|296"] == ("Sun 25 Oct", "03:00", str(plan.rows[296].agents), "")
    # Sunday's last row is 23:30, in the last column of the Sunday line (not a day further).
    assert keyed["agents|337"][:2] == ("Sun 25 Oct", "23:30")
    assert "Sun 25 Oct 02:00–03:00 happens twice" in chart.desc
    assert "+02:00, then +01:00" in chart.desc


def test_a_row_of_the_repeated_hour_is_named_with_its_offset() -> None:
    plan = _plan(datetime(2026, 10, 19, tzinfo=BERLIN))
    assert service_curve_chart(plan, 294, draw=False).title.endswith("Sun 25 Oct 02:00 (+01:00)")
    assert service_curve_chart(plan, 292, draw=False).title.endswith("Sun 25 Oct 02:00 (+02:00)")
    assert service_curve_chart(plan, 296, draw=False).title.endswith("Sun 25 Oct 03:00")
    checks = tuple(
        IntervalCheck(i, plan.rows[i].start, 1, 0.8, 0.9, 0.9, 0.85, 0.95, 10) for i in (292, 294)
    )
    table = check_chart(plan, PlanCheck(20.0, 0.95, checks), draw=False).table
    assert [r[0].text for r in table.rows] == [
        "Sun 25 Oct 02:00 (+02:00)",
        "Sun 25 Oct 02:00 (+01:00)",
    ]


def _groups(svg: str, cid: str) -> dict[str, str]:
    return dict(re.findall(rf'<g id="({cid}--marks-[^"]+)">(.*?)</g>', svg, re.S))


def test_the_drawn_autumn_heatmap_splits_the_repeated_cells() -> None:
    pytest.importorskip("matplotlib")
    plan = _plan(datetime(2026, 10, 19, tzinfo=BERLIN))
    rows = list(plan.rows)
    rows[294] = attrs.evolve(rows[294], agents=rows[292].agents + 5)  # the passes differ
    plan = attrs.evolve(plan, rows=tuple(rows))
    chart = heatmap_chart(plan, "agents")
    assert chart.svg is not None
    groups = _groups(chart.svg, chart.id)
    assert sum(body.count("<use ") for body in groups.values()) == 338 == chart.marks
    passes = {k: v for k, v in groups.items() if "--marks-pass-" in k}
    assert sorted(passes) == [f"{chart.id}--marks-pass-{i}" for i in (292, 293, 294, 295)]
    tip = {
        k.rsplit("-", 1)[1]: re.findall(r"<title>(.*?)</title>", v)[0] for k, v in passes.items()
    }
    assert tip["292"].startswith("Sun 25 Oct 02:00 (+02:00), first of 2 passes")
    assert tip["292"].endswith(f"(upper): {rows[292].agents} agents")
    assert tip["294"].startswith("Sun 25 Oct 02:00 (+01:00), second of 2 passes")
    assert tip["294"].endswith(f"(lower): {rows[294].agents} agents")
    # Each pass is one mark; its count is in its own tooltip only.
    assert all(v.count("<use ") == 1 for v in passes.values())


def test_the_drawn_spring_heatmap_hatches_the_missing_hour() -> None:
    pytest.importorskip("matplotlib")
    plan = _plan(datetime(2026, 3, 23, tzinfo=BERLIN))
    chart = heatmap_chart(plan, "scheduled")
    assert chart.svg is not None
    groups = _groups(chart.svg, chart.id)
    assert sum(body.count("<use ") for body in groups.values()) == 334
    missing = re.findall(rf'<g id="{chart.id}--missing-\d+"><title>(.*?)</title>', chart.svg)
    assert missing == [f"Sun 29 Mar 02:00: {NOT_A_TIME}", f"Sun 29 Mar 02:30: {NOT_A_TIME}"]


@settings(max_examples=25, deadline=None)
@given(
    st.sampled_from(ZONES),
    st.dates(min_value=date(1990, 1, 1), max_value=date(2040, 12, 31)),
    st.lists(st.integers(0, 30), min_size=336, max_size=336),
)
def test_every_rows_count_is_in_exactly_one_cell_at_its_local_time(
    name: str, day: date, calls: list[int]
) -> None:
    # Laws: each row's count is in exactly one keyed cell, on the line of its local date (or
    # of that date's later pass) and in the column of its local time of day; the grid has one
    # line per local date of the week; a cell says "does not exist" exactly where the local
    # time of the week does not exist, and no cell holds a count there.
    tz = ZoneInfo(name)
    monday = day - timedelta(days=day.weekday())
    plan = _plan(datetime(monday.year, monday.month, monday.day, tzinfo=tz), calls)
    chart = heatmap_chart(plan, "agents", draw=False)
    keyed = _keyed(chart)
    assert len(keyed) == len(plan.rows) == chart.marks
    assert len(layout(plan).days) == 7
    for i, row in enumerate(plan.rows):
        assert row.start is not None
        label, column, text, note = keyed[f"agents|{i}"]
        assert text == str(row.agents)
        assert label.startswith(row.start.strftime("%a %d %b"))
        assert column == row.start.strftime("%H:%M")
        repeated = row.start.replace(fold=1 - row.start.fold).utcoffset() != row.start.utcoffset()
        assert note == (row.start.isoformat()[19:] if repeated else "")
    missing = {
        (r[0].text, column)
        for r in chart.table.rows
        for column, cell in zip(chart.table.header[1:], r[1:], strict=True)
        if cell.text == NOT_A_TIME
    }
    expected = set()
    for d in range(7):
        on = monday + timedelta(days=d)
        for half in range(48):
            wall = datetime(on.year, on.month, on.day) + timedelta(minutes=30 * half)
            back = wall.replace(tzinfo=tz).astimezone(UTC).astimezone(tz).replace(tzinfo=None)
            if back != wall:
                expected.add((on.strftime("%a %d %b"), wall.strftime("%H:%M")))
    assert missing == expected


LORD_HOWE = ZoneInfo("Australia/Lord_Howe")


def _hourly(monday: datetime, calls: list[int] | None = None) -> WeeklyPlan:
    per_hour = calls or [(h % 24) * 10 for h in range(168)]
    return plan_intervals(
        [float(c) for c in per_hour], aht=180, interval=3600, targets=[SL], start=monday
    )


#: Lord Howe's changes of 2026 (back on Sunday 5 April, forward on Sunday 4 October), or the
#: ones the zone data in use give (see _zones), and the Monday 00:00 of their weeks.
BACK = change_like("Australia/Lord_Howe", LORD_HOWE_BACK_2026)
FORWARD = change_like("Australia/Lord_Howe", LORD_HOWE_FORWARD_2026)


def _monday(change: Change) -> datetime:
    day = change.wall_before.date() - timedelta(days=change.wall_before.weekday())
    return datetime(day.year, day.month, day.day, tzinfo=LORD_HOWE)


def _row(change: Change) -> int:
    """The index of the hourly row that starts at ``change`` (146 for a Sunday at 02:00)."""
    hours, rest = divmod(change.at - _monday(change).astimezone(UTC), timedelta(hours=1))
    assert not rest, f"{change} is not on the hour of the week's Monday 00:00"
    return hours


def test_an_hourly_lord_howe_autumn_week_puts_the_half_past_rows_at_half_past() -> None:
    # Lord Howe Island puts its clocks back 30 minutes (02:00+11:00 -> 01:30+10:30) on the
    # first Sunday of April: an hourly plan's later rows start at half past. They were laid
    # out under the hour (02:30 in the 02:00 column) and 01:30+10:30 as a "second pass" of 01:00.
    plan = _hourly(_monday(BACK))
    chart = heatmap_chart(plan, "agents", draw=False)
    assert chart.table.header[1:5] == ("00:00", "00:30", "01:00", "01:30")
    assert len(chart.table.rows) == 7  # no "second pass" line: no two rows share a start
    keyed = _keyed(chart)
    assert len(keyed) == 168
    i, day, wall = _row(BACK), f"{BACK.wall_after:%a %d %b}", BACK.wall_after  # 146, Sun 05 Apr
    offset = BACK.at.astimezone(LORD_HOWE).isoformat()[19:]  # +10:30
    assert keyed[f"agents|{i - 1}"][:2] == (day, f"{BACK.wall_before - timedelta(hours=1):%H:%M}")
    assert keyed[f"agents|{i}"] == (day, f"{wall:%H:%M}", str(plan.rows[i].agents), offset)
    later = keyed[f"agents|{i + 1}"]
    assert later[:2] + later[3:] == (day, f"{wall + timedelta(hours=1):%H:%M}", "")
    # Before the change: on the hour (Sat 04 Apr 23:00).
    eve = f"{BACK.wall_before - timedelta(days=1):%a %d %b}"
    assert keyed[f"agents|{i - BACK.wall_before.hour - 1}"][:2] == (eve, "23:00")
    assert "one column per 30 minutes" in chart.desc
    assert f"{day} {wall:%H:%M} ({offset}) is a local time that happens twice" in chart.desc
    assert "happens twice (the clocks go back;" not in chart.desc  # no split cell


def test_an_hourly_lord_howe_spring_week_skips_half_an_hour() -> None:
    # First Sunday of October: 02:00+10:30 -> 02:30+11:00; only 02:00-02:30 does not exist.
    plan = _hourly(_monday(FORWARD))
    chart = heatmap_chart(plan, "agents", draw=False)
    weekday = FORWARD.wall_before.weekday()  # 6, Sunday
    cells = dict(zip(chart.table.header[1:], chart.table.rows[weekday][1:], strict=True))
    assert cells[f"{FORWARD.wall_before:%H:%M}"].text == NOT_A_TIME
    assert cells[f"{FORWARD.wall_after:%H:%M}"].key == f"agents|{_row(FORWARD)}"
    assert sum(1 for r in chart.table.rows for c in r if c.text == NOT_A_TIME) == 1
    gap = f"{FORWARD.wall_before:%a %d %b %H:%M}–{FORWARD.wall_after:%H:%M}"
    assert f"{gap} does not exist" in chart.desc  # Sun 04 Oct 02:00–02:30
    last = (_monday(FORWARD) + timedelta(hours=167)).astimezone(UTC).astimezone(LORD_HOWE)
    assert _keyed(chart)["agents|167"][:2] == (f"{last:%a %d %b}", "23:30")


def test_a_drawn_hourly_lord_howe_week_draws_each_hour_up_to_the_next_start() -> None:
    pytest.importorskip("matplotlib")
    plan = _hourly(_monday(BACK))
    chart = heatmap_chart(plan, "agents")
    assert chart.svg is not None
    groups = _groups(chart.svg, chart.id)
    assert sum(body.count("<use ") for body in groups.values()) == 168 == chart.marks
    # Every hour but one is drawn two half-hour columns wide; 01:00+11:00 is cut at
    # 01:30+10:30, where the next row starts.
    narrow = sum(v.count("<use ") for k, v in groups.items() if "-wide-" not in k)
    assert narrow == 1


@settings(max_examples=25, deadline=None)
@given(
    st.sampled_from(ZONES),
    st.dates(min_value=date(1990, 1, 1), max_value=date(2040, 12, 31)),
)
@example("Australia/Lord_Howe", BACK.wall_before.date())  # the clocks go back 30 minutes
@example("Australia/Lord_Howe", FORWARD.wall_before.date())  # and forward 30 minutes
@example("Africa/Monrovia", date(1972, 1, 5))  # forward 44 min 30 s: columns to the minute
def test_an_hourly_rows_count_is_in_the_column_of_its_local_start(name: str, day: date) -> None:
    # Laws for hourly plans, also where the clocks move by half an hour (Lord Howe): each row's
    # count is in exactly one keyed cell, in the column of its local start, with its offset
    # when that local time happens twice; no column is named twice; a cell that says "does not
    # exist" is at a local time that does not exist.
    tz = ZoneInfo(name)
    monday = day - timedelta(days=day.weekday())
    plan = _hourly(datetime(monday.year, monday.month, monday.day, tzinfo=tz))
    chart = heatmap_chart(plan, "agents", draw=False)
    keyed = _keyed(chart)
    assert len(keyed) == len(plan.rows) == chart.marks
    assert len(set(chart.table.header)) == len(chart.table.header)  # no column named twice
    for i, row in enumerate(plan.rows):
        assert row.start is not None
        label, column, text, note = keyed[f"agents|{i}"]
        assert (text, column) == (str(row.agents), row.start.strftime("%H:%M"))
        assert label.startswith(row.start.strftime("%a %d %b"))
        repeated = row.start.replace(fold=1 - row.start.fold).utcoffset() != row.start.utcoffset()
        assert note == (row.start.isoformat()[19:] if repeated else "")
    for r in chart.table.rows:
        on = datetime.strptime(f"{r[0].text[:10]} {monday.year}", "%a %d %b %Y")
        on = on.replace(year=monday.year + (on.month < monday.month))
        for column, cell in zip(chart.table.header[1:], r[1:], strict=True):
            wall = on + timedelta(hours=int(column[:2]), minutes=int(column[3:]))
            back = wall.replace(tzinfo=tz).astimezone(UTC).astimezone(tz).replace(tzinfo=None)
            if cell.text == NOT_A_TIME:
                assert back != wall
