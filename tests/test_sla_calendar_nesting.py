"""Calendars built from calendars are nested at most ``MAX_NESTING`` levels deep.

Every query of a combined calendar or a schedule history asks its parts recursively, so a
combination nested a few hundred levels deep (one line of a generated policy file) raised
``RecursionError`` while the file was read, or later from any query.
"""

from __future__ import annotations

import json
import pickle
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from servicemodel.calendar import BusinessCalendar, ScheduleHistory
from servicemodel.calendar._algebra import MAX_NESTING, nesting
from servicemodel.errors import ConfigError
from servicemodel.sla import PolicySet

OFFICE = {"tz": "UTC", "hours": {"mon-fri": "09:00-17:00"}}
A = BusinessCalendar.from_dict(OFFICE)
B = BusinessCalendar.weekly("Asia/Tokyo", {"mon-fri": "09:00-17:00"})


def policy_on(calendar: Any, **extra: Any) -> dict[str, Any]:
    targets = {"normal": [{"metric": "first_reply", "within": "4h"}]}
    return {**extra, "policies": [{"name": "p", "calendar": calendar, "targets": targets}]}


def alternating(levels: int) -> Any:
    cal: Any = A
    for i in range(levels):
        cal = (cal | B) if i % 2 else (cal & B)
    return cal


@pytest.mark.parametrize("ops", [("union",), ("union", "intersection")])
def test_a_policy_file_nested_ten_thousand_levels_is_a_config_error(
    ops: tuple[str, ...], tmp_path: Any
) -> None:
    table: Any = OFFICE
    for i in range(10_000):
        table = {ops[i % len(ops)]: [table, OFFICE]}
    with pytest.raises(ConfigError, match=r"nested at most 32 levels deep") as info:
        PolicySet.from_dict(policy_on(table))
    assert info.value.path.startswith(f"policies[0].calendar.{ops[-1]}[0].")
    assert info.value.path.count("[0]") == MAX_NESTING + 1  # policies[0], then each level


def test_names_defined_above_cannot_nest_deeper_than_the_bound() -> None:
    calendars: dict[str, Any] = {"a0": OFFICE}
    for i in range(1, 100):
        calendars[f"a{i}"] = {("union" if i % 2 else "intersection"): [f"a{i - 1}", OFFICE]}
    with pytest.raises(ConfigError, match=r"^calendars\.a33\.union: .*at most 32 levels deep"):
        PolicySet.from_dict(policy_on("a99", calendars=calendars))
    calendars = {k: v for k, v in calendars.items() if int(k[1:]) <= MAX_NESTING}
    ps = PolicySet.from_dict(policy_on(f"a{MAX_NESTING}", calendars=calendars))
    assert nesting(ps.policies[0].calendar) == MAX_NESTING
    assert PolicySet.from_dict(json.loads(json.dumps(ps.to_dict()))) == ps


def test_a_calendar_naming_itself_is_said_so() -> None:
    data = policy_on("a", calendars={"a": {"union": ["a", OFFICE]}})
    with pytest.raises(ConfigError, match=r"^calendars\.a\.union\[0\]: calendar 'a' names itself"):
        PolicySet.from_dict(data)


def test_the_calendar_algebra_refuses_to_nest_past_the_bound() -> None:
    deepest = alternating(MAX_NESTING)
    t = datetime(2026, 1, 5, tzinfo=UTC)
    assert deepest.elapsed(t, t + timedelta(days=7)) > timedelta(0)
    assert nesting(ScheduleHistory([(None, alternating(MAX_NESTING - 1))])) == MAX_NESTING
    with pytest.raises(ConfigError, match=r"^a calendar intersection: .* at most 32"):
        deepest & A
    with pytest.raises(ConfigError, match=r"^a schedule history: .* got 33$"):
        ScheduleHistory([(None, deepest)])
    copy = pickle.loads(pickle.dumps(deepest))
    assert copy == deepest
    assert nesting(copy) == MAX_NESTING


def test_a_schedule_history_of_combined_calendars_is_written_and_read_by_a_policy_file() -> None:
    # Follow-the-sun hours that change: a history whose versions are a name and a union.
    from servicemodel.sla import SLAPolicy

    history = {
        "versions": [
            {"calendar": "office"},
            {"since": "2026-06-29T00:00:00+00:00", "calendar": {"union": ["office", B.to_dict()]}},
        ]
    }
    ps = PolicySet.from_dict(policy_on(history, calendars={"office": OFFICE}))
    cal = ps.policies[0].calendar
    assert cal == ScheduleHistory([(None, A), (datetime(2026, 6, 29, tzinfo=UTC), A | B)])
    assert PolicySet.from_dict(json.loads(json.dumps(ps.to_dict()))) == ps
    alone = SLAPolicy("p", {}, calendar=cal)
    assert SLAPolicy.from_dict(json.loads(json.dumps(alone.to_dict()))) == alone
    late = {"versions": [history["versions"][1], history["versions"][0]]}
    with pytest.raises(
        ConfigError, match=r"^policies\[0\]\.calendar\.versions\[1\]\.since: missing"
    ):
        PolicySet.from_dict(policy_on(late, calendars={"office": OFFICE}))


def test_names_that_each_use_the_one_above_twice_are_bounded_in_size() -> None:
    # Thirty short lines would make a calendar of 2**30 parts: too big to compare, hash, print
    # or write back. Reading stops at the first past MAX_PARTS, by name.
    from servicemodel.calendar._algebra import MAX_PARTS, parts

    calendars: dict[str, Any] = {"d0": OFFICE}
    for i in range(1, 31):
        calendars[f"d{i}"] = {("union", "intersection")[i % 2]: [f"d{i - 1}"] * 2}
    with pytest.raises(ConfigError, match=r"^calendars\.d14\.union: .*got 16,384$"):
        PolicySet.from_dict(policy_on("d30", calendars=calendars))
    calendars = {k: v for k, v in calendars.items() if int(k[1:]) <= 13}
    ps = PolicySet.from_dict(policy_on("d13", calendars=calendars))
    assert parts(ps.policies[0].calendar) == 2**13 <= MAX_PARTS
    with pytest.raises(ConfigError, match=r"at most 10,000 calendars in all"):
        ps.policies[0].calendar | ps.policies[0].calendar


def test_a_history_of_more_versions_than_the_bound_is_a_config_error() -> None:
    t0 = datetime(2020, 1, 1, tzinfo=UTC)
    versions = [{"calendar": OFFICE}] + [
        {"since": (t0 + timedelta(minutes=i)).isoformat(), "calendar": OFFICE}
        for i in range(1, 10_001)
    ]
    with pytest.raises(ConfigError, match=r"^versions: .*got 10,001$"):
        ScheduleHistory.from_dict({"versions": versions})
    with pytest.raises(ConfigError, match=r"^policies\[0\]\.calendar\.versions: .*got 10,001$"):
        PolicySet.from_dict(policy_on({"versions": versions}))


def test_a_null_operand_is_named_by_its_index() -> None:
    with pytest.raises(ConfigError, match=r"^policies\[0\]\.calendar\.union\[1\]: .* got None$"):
        PolicySet.from_json(json.dumps(policy_on({"union": [OFFICE, None]})))
