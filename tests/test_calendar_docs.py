"""docs/calendars.md as a new user meets it: every code block runs, and its claims hold."""

from __future__ import annotations

import ast
import re
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest

ROOT = Path(__file__).resolve().parents[1]
PAGE = ROOT / "docs" / "calendars.md"


def _run_page(path: Path) -> tuple[dict[str, Any], list[tuple[str, Any, str]]]:
    """Run a page's Python blocks in one namespace, as a reader pasting them in order would.

    Returns the namespace and, for every expression statement, its source, value and the
    comment at the end of its last line (what the page says it gives).
    """
    text = path.read_text(encoding="utf-8")
    namespace: dict[str, Any] = {"__name__": "docs"}
    results: list[tuple[str, Any, str]] = []
    for match in re.finditer(r"```python\n(.*?)```", text, re.S):
        block = match[1]
        # Line numbers as in the page, so tracebacks and inspect.getsource (Hypothesis reads
        # a test's source) find the real lines.
        offset = text.count("\n", 0, match.start(1))
        lines = block.splitlines()
        for node in ast.parse(block).body:
            source = ast.get_source_segment(block, node) or ""
            last = lines[(node.end_lineno or 1) - 1]
            comment = last.split("  # ", 1)[1] if "  # " in last else ""
            ast.increment_lineno(node, offset)
            if isinstance(node, ast.Expr):
                value = eval(compile(ast.Expression(node.value), str(path), "eval"), namespace)
                results.append((source, value, comment))
            else:
                exec(compile(ast.Module([node], []), str(path), "exec"), namespace)
    return namespace, results


@pytest.fixture(scope="module")
def page() -> tuple[dict[str, Any], list[tuple[str, Any, str]]]:
    return _run_page(PAGE)


def test_every_literal_claim_on_the_page_holds(
    page: tuple[dict[str, Any], list[tuple[str, Any, str]]],
) -> None:
    checked = 0
    for source, value, comment in page[1]:
        claim = re.match(r"(True|False|\(True, timedelta\(hours=1\)\))", comment)
        if claim is None:
            continue
        expected = eval(claim[1], {"timedelta": timedelta})
        assert value == expected, f"{source} gives {value!r}, the page says {comment!r}"
        checked += 1
    assert checked >= 5


def test_the_quick_start_gives_what_the_page_says(
    page: tuple[dict[str, Any], list[tuple[str, Any, str]]],
) -> None:
    ns = page[0]
    berlin, ny = ZoneInfo("Europe/Berlin"), ZoneInfo("America/New_York")
    by_source = {source.split("\n")[0]: value for source, value, _ in page[1]}
    assert by_source["cal.add(created, timedelta(hours=8))"] == datetime(
        2026, 12, 28, 13, 30, tzinfo=berlin
    )
    elapsed = "cal.elapsed(created, datetime(2026, 12, 28, 10, tzinfo=berlin))"
    assert by_source[elapsed] == timedelta(hours=5, minutes=30)
    nxt = "cal.next_open(datetime(2026, 12, 24, 12, 30, tzinfo=berlin))"
    assert by_source[nxt] == datetime(2026, 12, 28, 9, tzinfo=berlin)
    close = "cal.next_close(datetime(2026, 12, 28, 10, tzinfo=berlin))"
    assert by_source[close] == datetime(2026, 12, 28, 12, tzinfo=berlin)
    spans = by_source["cal.open_intervals("]
    assert [(a.hour, b.hour) for a, b in spans] == [(11, 12), (13, 14)]
    assert all(a.tzinfo is berlin for a, _ in spans)
    night = next(v for k, v in by_source.items() if k.startswith("support.open_intervals("))
    assert [(a.day, a.hour, b.day, b.hour) for a, b in night] == [
        (4, 22, 5, 6),
        (5, 8, 5, 12),
    ]
    assert by_source["night.elapsed(sat, sat + timedelta(days=1))"] == timedelta(hours=7)
    gap = by_source["gap.next_open(datetime(2026, 3, 8, tzinfo=ny))"]
    assert gap.astimezone(UTC) == datetime(2026, 3, 8, 7, 30, tzinfo=UTC)  # 03:30 EDT
    fold = by_source["fold.next_close(datetime(2026, 11, 1, tzinfo=ny))"]
    assert fold.astimezone(UTC) == datetime(2026, 11, 1, 5, 30, tzinfo=UTC)
    assert by_source["utc_cal.add(tue_10, -timedelta(hours=1))"] == datetime(
        2026, 1, 6, 9, tzinfo=UTC
    )
    assert ns["due"] == datetime(2026, 1, 6, 9, tzinfo=UTC)
    assert all(a.tzinfo is ny for a, _ in night)


def test_the_hypothesis_example_on_the_page_passes(
    page: tuple[dict[str, Any], list[tuple[str, Any, str]]],
) -> None:
    page[0]["test_my_sla_clock"]()


def test_the_error_table_matches_the_library() -> None:
    from servicemodel.calendar import BusinessCalendar
    from servicemodel.errors import ConfigError

    text = PAGE.read_text(encoding="utf-8")
    rows = re.findall(r"^\| `(\{.*?\}|\"tz\": .*?)` \| `(.*?)` \|$", text, re.M)
    assert len(rows) >= 5
    for given, message in rows:
        data = (
            {"tz": "UTC", "hours": eval(given)}
            if given.startswith("{")
            else {"tz": given.split(": ")[1].strip('"')}
        )
        with pytest.raises(ConfigError) as info:
            BusinessCalendar.from_dict(data)
        shown = message.split("…")[0]
        assert str(info.value).startswith(shown), (given, str(info.value))


def test_counting_back_algebra_history_and_columns_give_what_the_page_says(
    page: tuple[dict[str, Any], list[tuple[str, Any, str]]],
) -> None:
    ns = page[0]
    ny = ZoneInfo("America/New_York")
    by_source = {source.split("\n")[0]: value for source, value, _ in page[1]}
    at = lambda *a: datetime(*a, tzinfo=UTC)  # noqa: E731
    assert by_source["utc_cal.sub(tue_10, timedelta(hours=1))"] == at(2026, 1, 6, 9)
    assert by_source["utc_cal.sub(tue_10, timedelta(hours=2))"] == at(2026, 1, 5, 16)
    assert by_source["utc_cal.previous_open(saturday), utc_cal.previous_close(saturday)"] == (
        at(2026, 1, 9, 9),
        at(2026, 1, 9, 17),
    )
    assert by_source["utc_cal.previous_close(tue_10)"] == at(2026, 1, 5, 17)
    duty = by_source["on_duty.open_intervals(jan5, jan5 + timedelta(days=1))"]
    assert duty == [(datetime(2026, 1, 5, 8, tzinfo=ny), datetime(2026, 1, 5, 16, tzinfo=ny))]
    assert by_source["patched.elapsed(wed, wed + timedelta(days=1))"] == timedelta(hours=6)
    added = "patched.add(datetime(2026, 1, 7, 11, tzinfo=UTC), timedelta(hours=2))"
    assert by_source[added] == at(2026, 1, 7, 15)
    assert by_source["history.elapsed(friday, friday + timedelta(days=4))"] == timedelta(hours=20)
    moved = "history.add(datetime(2026, 2, 27, 16, tzinfo=UTC), timedelta(hours=3))"
    assert by_source[moved] == at(2026, 3, 2, 10)
    times = by_source['tickets["business_time"].tolist()']
    assert times[:2] == [timedelta(hours=2), timedelta(hours=3, minutes=30)]
    assert str(times[2]) == "NaT"
    assert ns["tickets"]["due"].tolist()[:2] == [at(2026, 1, 5, 12), at(2026, 1, 5, 13)]
    # The polars block: the same answers, and from its to_pandas() (a "us" column) too.
    polars_times = by_source['polars_tickets["business_time"].to_list()']
    assert polars_times == [*times[:2], None]
    assert ns["polars_tickets"]["due"].to_list()[:2] == ns["tickets"]["due"].tolist()[:2]
    from_pandas = by_source[
        'utc_cal.elapsed_many(as_pandas["created"], as_pandas["solved"]).tolist()'
    ]
    assert from_pandas[:2] == times[:2]
    assert str(from_pandas[2]) == "NaT"
