"""``str(PlanCheck)``: each checked interval is named by its start with its UTC offset, so the
two passes of a repeated autumn hour are told apart, as the plan's own outputs tell them."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from hypothesis import given, settings
from hypothesis import strategies as st

from servicemodel.forecast import IntervalCheck, PlanCheck

BERLIN = ZoneInfo("Europe/Berlin")


def _check(index: int, start: datetime | None, simulated: float = 0.9) -> IntervalCheck:
    return IntervalCheck(
        index, start, 3, 0.8, 0.85, simulated, simulated - 0.05, simulated + 0.05, 40
    )


def test_the_repeated_hours_two_passes_show_their_offsets() -> None:
    first = datetime(2026, 10, 25, 0, 0, tzinfo=UTC).astimezone(BERLIN)  # 02:00+02:00
    # Real half hours from 02:00+02:00: the clocks go back at 03:00+02:00 to 02:00+01:00.
    local = [
        (first.astimezone(UTC) + timedelta(minutes=30 * k)).astimezone(BERLIN) for k in range(4)
    ]
    check = PlanCheck(20.0, 0.95, tuple(_check(292 + k, t) for k, t in enumerate(local)))
    lines = str(check).splitlines()
    assert lines[0].split()[:2] == ["start", "agents"]
    assert [line.split()[0] for line in lines[1:]] == [
        "2026-10-25T02:00+02:00",
        "2026-10-25T02:30+02:00",
        "2026-10-25T02:00+01:00",
        "2026-10-25T02:30+01:00",
    ]
    assert "292" not in str(check)  # row indices are not what a reader looks up


def test_a_short_interval_is_flagged_on_its_start_line() -> None:
    start = datetime(2026, 3, 29, 3, tzinfo=BERLIN)
    text = str(PlanCheck(20.0, 0.95, (_check(0, start, simulated=0.5),)))
    line = text.splitlines()[1]
    assert line.startswith("2026-03-29T03:00+02:00")
    assert line.endswith("SHORT")


def test_a_plan_without_starts_shows_row_numbers() -> None:
    text = str(PlanCheck(20.0, 0.95, (_check(0, None), _check(7, None))))
    lines = text.splitlines()
    assert lines[0].split()[0] == "row"
    assert [line.split()[0] for line in lines[1:]] == ["0", "7"]


@settings(max_examples=40, deadline=None)
@given(
    st.lists(st.integers(0, 2 * 336 - 1), min_size=1, max_size=12, unique=True).map(sorted),
    st.sampled_from(["Europe/Berlin", "America/New_York", "Australia/Lord_Howe", "UTC"]),
    st.sampled_from([datetime(2026, 3, 23, tzinfo=UTC), datetime(2026, 10, 19, tzinfo=UTC)]),
)
def test_every_line_names_its_intervals_instant(
    offsets: list[int], name: str, monday: datetime
) -> None:
    # Law: each line after the header starts with the interval's start, and reading that text
    # back gives the same instant (the offset makes a repeated local time unambiguous).
    tz = ZoneInfo(name)
    starts = [(monday + timedelta(minutes=30 * k)).astimezone(tz) for k in offsets]
    check = PlanCheck(20.0, 0.95, tuple(_check(k, t) for k, t in zip(offsets, starts, strict=True)))
    lines = str(check).splitlines()
    assert len(lines) == 1 + len(starts)
    for line, start in zip(lines[1:], starts, strict=True):
        read = datetime.fromisoformat(line.split()[0])
        assert read.astimezone(UTC) == start.astimezone(UTC)  # compared in UTC (PEP 495)
