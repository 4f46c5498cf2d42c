"""The plan heatmap of a plan whose intervals do not start at whole minutes.

The columns were labelled ``HH:MM``, so a plan of 30-second intervals named each column twice
(``00:00``, ``00:00``, ``00:01``, ...), and since the columns stop at whole minutes a
45-second plan got 15-second columns, each ``HH:MM`` named four times. Such a plan's columns
(and a plan's whose first row starts at 09:00:30) are labelled ``HH:MM:SS`` and placed to the
second. A plan whose interval is no whole number of seconds raised ``ZeroDivisionError``; it
is laid out by index.
"""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from hypothesis import example, given, settings
from hypothesis import strategies as st

from servicemodel.report._plan_charts import heatmap_chart, layout, slot_label
from servicemodel.staffing import ServiceLevelTarget, WeeklyPlan, plan_intervals

SL = ServiceLevelTarget(0.8, 20)


def _plan(interval: float, start: datetime | None, rows: int) -> WeeklyPlan:
    return plan_intervals([3.0] * rows, aht=20, interval=interval, targets=[SL], start=start)


def _keyed(plan: WeeklyPlan) -> dict[str, tuple[str, str]]:
    chart = heatmap_chart(plan, "agents", draw=False)
    header = chart.table.header
    assert len(set(header)) == len(header)  # no column named twice
    out: dict[str, tuple[str, str]] = {}
    for row in chart.table.rows:
        assert len(row) == len(header)
        for column, cell in zip(header[1:], row[1:], strict=True):
            if cell.key is not None:
                assert cell.key not in out
                out[cell.key] = (row[0].text, column)
    assert len(out) == len(plan.rows)
    return out


def test_thirty_second_columns_are_named_to_the_second() -> None:
    plan = _plan(30, datetime(2026, 3, 2, tzinfo=ZoneInfo("UTC")), 240)
    assert layout(plan).columns[:3] == ("00:00:00", "00:00:30", "00:01:00")
    assert _keyed(plan)["agents|3"] == ("Mon 02 Mar", "00:01:30")
    assert slot_label(plan, 3) == "00:01:30"


def test_a_first_row_at_half_a_minute_is_named_to_the_second() -> None:
    plan = _plan(1800, datetime(2026, 3, 2, 9, 0, 30, tzinfo=ZoneInfo("UTC")), 4)
    assert layout(plan).columns[:2] == ("00:00:30", "00:30:30")
    assert _keyed(plan)["agents|1"] == ("Mon 02 Mar", "09:30:30")


def test_whole_minute_plans_keep_their_labels() -> None:
    plan = _plan(1800, datetime(2026, 3, 2, tzinfo=ZoneInfo("UTC")), 4)
    assert layout(plan).columns[:2] == ("00:00", "00:30")
    assert slot_label(_plan(1800, None, 4), 19) == "09:30"


def test_a_plan_of_half_seconds_is_laid_out_by_index() -> None:
    plan = _plan(0.5, datetime(2026, 3, 2, tzinfo=ZoneInfo("UTC")), 10)
    chart = heatmap_chart(plan, "agents", draw=False)  # raised ZeroDivisionError
    keys = [c.key for row in chart.table.rows for c in row if c.key is not None]
    assert keys == [f"agents|{i}" for i in range(10)]


@settings(max_examples=30, deadline=None)
@given(
    interval=st.sampled_from([30, 45, 90, 120, 600, 1800, 3600]),
    zone=st.sampled_from(["UTC", "Europe/Berlin", "Africa/Monrovia", "Antarctica/Troll"]),
    second=st.sampled_from([0, 0, 30]),
)
@example(45, "Europe/Berlin", 0)
@example(3600, "Africa/Monrovia", 0)
def test_each_row_is_in_the_column_named_by_its_start(
    interval: int, zone: str, second: int
) -> None:
    # Law: every column is named once, and each row sits in the column its local start names,
    # to the second when the plan's grid is not in whole minutes, else to the minute. The
    # plans span a change of the zone's clocks (Monrovia moved 44 min 30 s in 1972).
    tz = ZoneInfo(zone)
    # An hour or so before each zone's change (Berlin's and Troll's in March 2026).
    near = {"Africa/Monrovia": datetime(1972, 1, 6, 23), "Antarctica/Troll": datetime(2026, 3, 29)}
    start = near.get(zone, datetime(2026, 3, 29, 1)).replace(second=second, tzinfo=tz)
    rows = min(2 * 86400 // interval, 400)
    plan = _plan(interval, start, rows)
    keyed = _keyed(plan)
    exact = interval % 60 != 0 or second != 0
    for i, row in enumerate(plan.rows):
        assert row.start is not None
        label, column = keyed[f"agents|{i}"]
        local = row.start
        assert label.startswith(local.strftime("%a %d %b"))
        if exact:
            assert column == local.strftime("%H:%M:%S")
        else:
            assert column == local.strftime("%H:%M")
