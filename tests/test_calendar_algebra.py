"""Calendar algebra and schedule history (issue 16): the laws, and the worked cases."""

from __future__ import annotations

import pickle
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from servicemodel.calendar import (
    BusinessCalendar,
    CalendarLike,
    CombinedCalendar,
    ScheduleHistory,
    difference,
    intersection,
    union,
)
from servicemodel.errors import CalendarError, ConfigError, InputTypeError
from servicemodel.strategies._calendar import calendars
from test_calendar_laws import US, durations, instants, utc

H = timedelta(hours=1)
DAY = timedelta(days=1)
NINE_TO_FIVE = BusinessCalendar.weekly("UTC", {"mon-fri": "09:00-17:00"})
# Fewer holidays than the default keeps the intersections of three calendars non-empty.
cals = calendars(allow_holidays=False)


def at(*args: int) -> datetime:
    return datetime(*args, tzinfo=UTC)  # type: ignore[misc]


def spans(cal: Any, t: datetime, days: int = 10) -> list[tuple[datetime, datetime]]:
    a, b = utc(t) - days * DAY, utc(t) + days * DAY
    return [(utc(s), utc(e)) for s, e in cal.open_intervals(a, b)]


def nested(op: str, a: Any, b: Any, c: Any) -> tuple[CombinedCalendar, CombinedCalendar]:
    # Built by hand: the operators flatten (a & b) & c into one node, which would make the
    # associativity law trivially true.
    return (
        CombinedCalendar(op, (CombinedCalendar(op, (a, b)), c)),  # type: ignore[arg-type]
        CombinedCalendar(op, (a, CombinedCalendar(op, (b, c)))),  # type: ignore[arg-type]
    )


# -- algebra laws ---------------------------------------------------------------------------------


@given(cals, cals, instants())
def test_intersection_and_union_are_commutative(
    a: BusinessCalendar, b: BusinessCalendar, t: datetime
) -> None:
    assert spans(a & b, t) == spans(b & a, t)
    assert spans(a | b, t) == spans(b | a, t)


@given(cals, cals, cals, instants())
def test_intersection_and_union_are_associative(
    a: BusinessCalendar, b: BusinessCalendar, c: BusinessCalendar, t: datetime
) -> None:
    for op in ("intersection", "union"):
        left, right = nested(op, a, b, c)
        assert spans(left, t) == spans(right, t)


@given(cals, cals, instants(), instants())
def test_elapsed_obeys_inclusion_exclusion(
    a: BusinessCalendar, b: BusinessCalendar, x: datetime, y: datetime
) -> None:
    both, either, only_a = a & b, a | b, a - b
    lo, hi = sorted([x, y], key=utc)
    assert both.elapsed(lo, hi) <= min(a.elapsed(lo, hi), b.elapsed(lo, hi))
    assert either.elapsed(x, y) + both.elapsed(x, y) == a.elapsed(x, y) + b.elapsed(x, y)
    assert only_a.elapsed(x, y) == a.elapsed(x, y) - both.elapsed(x, y)


@given(cals, cals, instants())
def test_open_instants_are_the_set_operations(
    a: BusinessCalendar, b: BusinessCalendar, t: datetime
) -> None:
    assert (a & b).is_open(t) == (a.is_open(t) and b.is_open(t))
    assert (a | b).is_open(t) == (a.is_open(t) or b.is_open(t))
    assert (a - b).is_open(t) == (a.is_open(t) and not b.is_open(t))


@given(st.data(), cals, cals, instants())
def test_add_and_sub_on_a_union_keep_the_calendar_laws(
    data: st.DataObject, a: BusinessCalendar, b: BusinessCalendar, t: datetime
) -> None:
    cal = a | b
    d = data.draw(durations(a))
    up = cal.add(t, d)
    assert cal.elapsed(t, up) == d
    assert cal.elapsed(t, utc(up) + US) > d
    assert utc(cal.sub(up, d)) == utc(cal.next_open(t))
    assert cal.elapsed(cal.sub(t, d), t) == d


def test_a_break_on_one_date_is_a_difference() -> None:
    lunch_on_christmas_eve = BusinessCalendar.weekly(
        "UTC", {}, overrides={"2026-12-24": ["12:00-13:30"]}
    )
    cal = NINE_TO_FIVE - lunch_on_christmas_eve
    thursday = at(2026, 12, 24)
    assert cal.elapsed(thursday, thursday + DAY) == 6.5 * H
    assert cal.elapsed(thursday + DAY, thursday + 2 * DAY) == 8 * H  # only that date
    assert cal.add(at(2026, 12, 24, 11), 2 * H) == at(2026, 12, 24, 14, 30)
    assert cal.next_close(at(2026, 12, 24, 11)) == at(2026, 12, 24, 12)
    assert cal.previous_open(at(2026, 12, 24, 14)) == at(2026, 12, 24, 13, 30)


def test_zones_mix_an_agent_shift_within_support_hours() -> None:
    support = BusinessCalendar.weekly("America/New_York", {"mon-fri": "08:00-20:00"})
    shift = BusinessCalendar.weekly("Europe/Berlin", {"mon-fri": "14:00-22:00"})
    ny = ZoneInfo("America/New_York")
    monday = datetime(2026, 1, 5, tzinfo=ny)
    on_duty = support & shift
    # Berlin 14:00-22:00 is New York 08:00-16:00 in January.
    assert on_duty.open_intervals(monday, monday + DAY) == [
        (datetime(2026, 1, 5, 8, tzinfo=ny), datetime(2026, 1, 5, 16, tzinfo=ny))
    ]
    # Between the US (8 March) and EU (29 March) clock changes the shift is 09:00-17:00 there.
    march = datetime(2026, 3, 9, tzinfo=ny)
    assert on_duty.open_intervals(march, march + DAY) == [
        (datetime(2026, 3, 9, 9, tzinfo=ny), datetime(2026, 3, 9, 17, tzinfo=ny))
    ]


def test_combined_calendars_are_values() -> None:
    berlin = BusinessCalendar.weekly("Europe/Berlin", {"mon-fri": "09:00-17:00"})
    cal = (NINE_TO_FIVE & berlin) | BusinessCalendar.weekly("UTC", {"sat": "10:00-12:00"})
    assert eval(repr(cal), {"BusinessCalendar": BusinessCalendar}) == cal
    assert pickle.loads(pickle.dumps(cal)) == cal
    assert hash(cal) == hash(pickle.loads(pickle.dumps(cal)))
    assert isinstance(cal, CalendarLike)
    assert intersection(NINE_TO_FIVE, berlin) == NINE_TO_FIVE & berlin
    assert union(NINE_TO_FIVE, berlin) == NINE_TO_FIVE | berlin
    assert difference(NINE_TO_FIVE, berlin) == NINE_TO_FIVE - berlin
    assert len((NINE_TO_FIVE & berlin & berlin).operands) == 3
    assert CombinedCalendar.__module__ == "servicemodel.calendar"


def test_always_open_is_known_where_it_is_certain() -> None:
    always = BusinessCalendar.always()
    assert (always | NINE_TO_FIVE).is_always_open
    assert (always & always).is_always_open
    assert not (always & NINE_TO_FIVE).is_always_open
    assert not (always - NINE_TO_FIVE).is_always_open
    t = at(2026, 1, 10, 12)
    assert (always - NINE_TO_FIVE).next_close(t) == at(2026, 1, 12, 9)


def test_disjoint_calendars_meet_nowhere() -> None:
    tokyo = BusinessCalendar.weekly("Asia/Tokyo", {"mon-fri": "09:00-17:00"})
    never = NINE_TO_FIVE & tokyo
    assert never.elapsed(at(2026, 1, 1), at(2027, 1, 1)) == timedelta(0)
    with pytest.raises(CalendarError):
        never.next_open(at(2026, 1, 1))


def test_bad_operands_are_refused() -> None:
    with pytest.raises(InputTypeError, match="str"):
        NINE_TO_FIVE & "9-5"  # type: ignore[operator]
    # Calendars of the right type, too many for a difference (too few for a union): a value error.
    with pytest.raises(ConfigError, match="needs two operands, got 3"):
        CombinedCalendar("difference", (NINE_TO_FIVE, NINE_TO_FIVE, NINE_TO_FIVE))
    with pytest.raises(ConfigError, match="needs two operands, got 1"):
        CombinedCalendar("union", (NINE_TO_FIVE,))
    with pytest.raises(InputTypeError, match="expected a timedelta"):
        (NINE_TO_FIVE | NINE_TO_FIVE).add(at(2026, 1, 5), 3)  # type: ignore[arg-type]


# -- schedule history -----------------------------------------------------------------------------


@st.composite
def histories(draw: Any) -> ScheduleHistory:
    n = draw(st.integers(1, 3))
    since = sorted(set(draw(st.lists(instants(), min_size=n - 1, max_size=n - 1))), key=utc)
    first = draw(st.sampled_from([None, at(2023, 6, 1)]))
    versions = [(first, draw(cals))] + [(s, draw(cals)) for s in since]
    return ScheduleHistory(versions)


@given(cals, instants(), instants(), st.data())
def test_a_history_of_one_version_is_that_calendar(
    cal: BusinessCalendar, x: datetime, y: datetime, data: st.DataObject
) -> None:
    one = ScheduleHistory([(None, cal)])
    d = data.draw(durations(cal))
    assert one.elapsed(x, y) == cal.elapsed(x, y)
    assert one.is_open(x) == cal.is_open(x)
    assert utc(one.add(x, d)) == utc(cal.add(x, d))
    assert utc(one.sub(x, d)) == utc(cal.sub(x, d))
    assert spans(one, x) == spans(cal, x)


@given(histories(), instants(), instants())
def test_history_elapsed_is_the_sum_over_the_versions_pieces(
    history: ScheduleHistory, x: datetime, y: datetime
) -> None:
    lo, hi = sorted([utc(x), utc(y)])
    total = timedelta(0)
    for i, (since, cal) in enumerate(history.versions):
        start = lo if since is None else max(lo, utc(since))
        nxt = history.versions[i + 1][0] if i + 1 < len(history.versions) else None
        end = hi if nxt is None else min(hi, utc(nxt))
        if start < end:
            total += cal.elapsed(start, end)
    assert history.elapsed(lo, hi) == total
    assert history.elapsed(hi, lo) == -total


@given(st.data(), histories(), instants())
def test_add_and_sub_across_a_version_change_compose(
    data: st.DataObject, history: ScheduleHistory, t: datetime
) -> None:
    d = data.draw(durations(history.versions[-1][1]))
    up = history.add(t, d)
    assert history.elapsed(t, up) == d
    assert history.elapsed(t, utc(up) + US) > d
    assert utc(history.sub(up, d)) == utc(history.next_open(t))


def test_the_team_moves_from_nine_to_five_to_eight_to_eight() -> None:
    later = BusinessCalendar.weekly("UTC", {"mon-fri": "08:00-20:00"})
    history = ScheduleHistory([(None, NINE_TO_FIVE), (at(2026, 3, 2), later)])
    assert history.elapsed(at(2026, 2, 27), at(2026, 3, 3)) == 20 * H  # Fri 8 h, Mon 12 h
    assert history.add(at(2026, 2, 27, 16), 3 * H) == at(2026, 3, 2, 10)
    assert history.sub(at(2026, 3, 2, 10), 3 * H) == at(2026, 2, 27, 16)
    late = ScheduleHistory([(at(2026, 3, 2), later)])
    assert late.elapsed(at(2026, 2, 1), at(2026, 3, 3)) == 12 * H  # closed before its start


TOML = """
[[versions]]
calendar = { tz = "Europe/Berlin", hours = { mon-fri = "09:00-17:00" } }

[[versions]]
since = 2026-03-02T00:00:00+01:00
[versions.calendar]
tz = "Europe/Berlin"
hours = { mon-fri = "08:00-20:00" }
"""


def test_a_history_loads_from_toml_json_and_files(tmp_path: Path) -> None:
    history = ScheduleHistory.from_toml(TOML)
    assert history.versions[1][0] == datetime(2026, 3, 1, 23, tzinfo=UTC)
    assert ScheduleHistory.from_dict(history.to_dict()) == history
    import json

    assert ScheduleHistory.from_json(json.dumps(history.to_dict())) == history
    path = tmp_path / "hours.toml"
    path.write_text(TOML.replace('mon-fri = "08', 'mond = "08'), encoding="utf-8")
    with pytest.raises(ConfigError, match=r"hours.toml: versions\[1\].calendar.hours.mond"):
        ScheduleHistory.from_file(path)
    assert pickle.loads(pickle.dumps(history)) == history


@pytest.mark.parametrize(
    ("data", "path", "message"),
    [
        ({"version": []}, "version", "unknown key 'version'; expected one of ['versions']"),
        ({"versions": "x"}, "versions", "expected a list"),
        ({"versions": []}, "versions", "at least one version"),
        ({"versions": [{"calendar": {"tz": "UTC"}, "from": 1}]}, "versions[0].from", "unknown"),
        ({"versions": [{"since": "2026-01-01"}]}, "versions[0].calendar", "missing required"),
        (
            {"versions": [{"calendar": {"tz": "UTC"}}, {"calendar": {"tz": "UTC"}}]},
            "versions[1].since",
            "missing required key 'since'",
        ),
        (
            {"versions": [{"since": "2026-01-01T00:00:00", "calendar": {"tz": "UTC"}}]},
            "versions[0].since",
            "expected an instant with a UTC offset",
        ),
        (
            {"versions": [{"since": "soon", "calendar": {"tz": "UTC"}}]},
            "versions[0].since",
            "expected an ISO 8601 instant, got 'soon'",
        ),
        (
            {
                "versions": [
                    {"since": "2026-03-01T00:00:00+00:00", "calendar": {"tz": "UTC"}},
                    {"since": "2026-02-01T00:00:00+00:00", "calendar": {"tz": "UTC"}},
                ]
            },
            "versions[1].since",
            "is not after the version before",
        ),
        ({"versions": [{"calendar": {"tz": "Mars/Base"}}]}, "versions[0].calendar.tz", "Mars"),
    ],
)
def test_history_config_errors_name_the_path(data: Any, path: str, message: str) -> None:
    with pytest.raises(ConfigError) as info:
        ScheduleHistory.from_dict(data)
    assert info.value.path == path
    assert message in str(info.value)


def test_history_values_are_checked_when_built_in_code() -> None:
    with pytest.raises(InputTypeError, match="at least one version"):
        ScheduleHistory([])
    with pytest.raises(InputTypeError, match="not after"):
        ScheduleHistory(
            [(None, NINE_TO_FIVE), (at(2026, 2, 1), NINE_TO_FIVE), (at(2026, 1, 1), NINE_TO_FIVE)]
        )
    with pytest.raises(InputTypeError, match="calendar"):
        ScheduleHistory([(None, "9-5")])
    with pytest.raises(InputTypeError, match="pairs"):
        ScheduleHistory([NINE_TO_FIVE])
