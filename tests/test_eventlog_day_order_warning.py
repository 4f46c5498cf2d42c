"""A log whose every numeric date reads either way is read month first, and now says so.

docs/exports.md: a numeric timestamp is ``M/D/Y`` unless ``dayfirst=True``. ``30/11/2026`` is
then refused, but ``02/03/2026`` is read as 3 February without a word: an export written day
first whose dates all fall on the 1st to the 12th is read wrong, every date of it. The rule is
kept; the reader warns when no date settles the order (none has a second part over 12) and
some date would read differently day first (``05/05`` reads the same either way). Nothing is
checked when the user has said how the dates read: ``dayfirst``, ``date_format`` or
``timestamp_unit``.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from servicemodel.io import eventlog

OPTIONS: dict[str, Any] = {
    "columns": {"case": "case", "activity": "activity", "timestamp": "timestamp"},
    "activity_map": {"Opened": "customer_message"},
    "tz": "UTC",
}

day_or_month = st.integers(min_value=1, max_value=12)


def _rows(pairs: list[tuple[int, int]]) -> list[dict[str, str]]:
    """One case per date, opened at ``first/second/2026 09:00``."""
    return [
        {"case": f"C{i}", "activity": "Opened", "timestamp": f"{a:02d}/{b:02d}/2026 09:00"}
        for i, (a, b) in enumerate(pairs)
    ]


def _warnings(rows: list[dict[str, str]], **options: Any) -> tuple[str, ...]:
    found = eventlog.histories(rows, **{**OPTIONS, **options}).collect()
    return tuple(w for w in found.warnings if "read month first" in w)


@given(pairs=st.lists(st.tuples(day_or_month, day_or_month), min_size=1, max_size=10))
def test_dates_that_read_either_way_are_counted(pairs: list[tuple[int, int]]) -> None:
    ambiguous = sum(a != b for a, b in pairs)
    found = eventlog.histories(_rows(pairs), **OPTIONS).collect()
    # The documented rule is kept: month first.
    assert [h.created_at for h in found.histories] == [
        datetime(2026, a, b, 9, tzinfo=UTC) for a, b in pairs
    ]
    said = [w for w in found.warnings if "read month first" in w]
    if ambiguous == 0:  # 05/05/2026 is one date either way
        assert said == []
        return
    (text,) = said
    verb = "was" if ambiguous == 1 else "were"
    assert f"and {ambiguous} {verb} read month first" in text
    assert "set dayfirst = true" in text


@given(
    pairs=st.lists(st.tuples(day_or_month, day_or_month), max_size=10),
    late=st.tuples(day_or_month, st.integers(min_value=13, max_value=28)),
    where=st.integers(min_value=0, max_value=10),
)
def test_one_date_past_the_12th_settles_the_order(
    pairs: list[tuple[int, int]], late: tuple[int, int], where: int
) -> None:
    pairs.insert(min(where, len(pairs)), late)  # 03/15/2026 can only be month first
    assert _warnings(_rows(pairs)) == ()


@given(pairs=st.lists(st.tuples(day_or_month, day_or_month), min_size=1, max_size=10))
def test_nothing_is_said_when_the_order_is_given(pairs: list[tuple[int, int]]) -> None:
    rows = _rows(pairs)
    assert _warnings(rows, dayfirst=True) == ()
    assert _warnings(rows, date_format="%m/%d/%Y %H:%M") == ()
    # Read day first, each date is the other one.
    found = eventlog.histories(rows, **{**OPTIONS, "dayfirst": True}).collect()
    assert [h.created_at for h in found.histories] == [
        datetime(2026, b, a, 9, tzinfo=UTC) for a, b in pairs
    ]


def test_the_warning_shows_both_readings_of_its_first_example() -> None:
    rows = _rows([(2, 3), (4, 1)])
    (text,) = _warnings(rows)
    assert text == (
        "every numeric date of the log reads either way, and 2 were read month first (M/D/Y: "
        "'02/03/2026 09:00' is 3 February 2026, not 2 March 2026); if the export writes days "
        "first, set dayfirst = true in the mapping (dayfirst=True in Python)"
    )


def test_iso_dates_say_nothing() -> None:
    rows = [{"case": "C", "activity": "Opened", "timestamp": "2026-03-02T09:00:00Z"}]
    assert _warnings(rows) == ()


@given(pairs=st.lists(st.tuples(st.integers(0, 99), st.integers(0, 99)), min_size=1, max_size=10))
def test_any_two_digit_parts_count_only_the_dates_that_read_either_way(
    pairs: list[tuple[int, int]],
) -> None:
    # A part of 0 or over 12 is no month: month first, such a row is refused (set aside here)
    # or, with a day over 12, settles the order; only two different months read either way.
    found = eventlog.histories(_rows(pairs), on_error="collect", **OPTIONS).collect()
    said = [w for w in found.warnings if "read month first" in w]
    settled = any(b > 12 and _is_date(a, b) for a, b in pairs)  # kept, and month first only
    ambiguous = sum(a != b and 1 <= a <= 12 and 1 <= b <= 12 for a, b in pairs)
    if settled or not ambiguous:
        assert said == []
    else:
        (text,) = said
        assert f"and {ambiguous} {'was' if ambiguous == 1 else 'were'} read month first" in text


def _is_date(month: int, day: int) -> bool:
    try:
        date(2026, month, day)
    except ValueError:
        return False
    return True
