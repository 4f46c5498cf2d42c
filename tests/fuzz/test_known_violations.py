"""Regressions: the minimal inputs the first fuzzing pass found breaking the contract (issue 11).

Each case runs one call under the contract of ``assert_contract``: it returns, or raises a
``ServiceModelError`` with a message, within its time budget. The ids name the class of the
finding (``c1`` huge integers in messages, ``c2`` deep nesting, ``c3`` huge JSON literals,
``c4`` numeric conversion, ``c5`` a scalar for a list, ``c6`` float overflow, ``c7`` instants
outside the supported range, ``c8`` unbounded work, ``c9`` zone names, ``c10`` records lost in
collect mode, ``c11`` tracebacks from the CLI) and the site that used to raise.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta, timezone
from decimal import Decimal
from typing import Any

import pytest

from servicemodel.calendar import BusinessCalendar, RRuleHolidays
from servicemodel.escalation import EscalationLadder
from servicemodel.goals import SmartGoal
from servicemodel.io import history_from_dict, load_csv, load_jsonl
from servicemodel.journey import Journey
from servicemodel.kpi import CSAT, NPS, Durations
from servicemodel.sla import PolicySet
from servicemodel.staffing import (
    OccupancyTarget,
    Workload,
    erlang_b,
    queue_metrics,
    required_agents,
)

from .conftest import bounded_contract, expect_finite
from .hostile import HUGE, deep_list

pytestmark = pytest.mark.fuzz

T0 = "2026-01-05T09:00:00Z"
EARLY = datetime(1, 1, 1, tzinfo=timezone(timedelta(hours=1)))  # before 0001-01-01 in UTC


def _deep() -> list[Any]:
    """A plain list nested 4,999 deep (``hostile.DEEP`` itself has a short repr)."""
    return list(deep_list()[0])


def _office() -> BusinessCalendar:
    return BusinessCalendar.from_dict({"tz": "Europe/Berlin", "hours": {"mon-fri": "09:00-17:00"}})


def _policy(**fields: Any) -> dict[str, Any]:
    return {"policies": [{"name": "x", "targets": {}, **fields}]}


def _within(value: Any) -> dict[str, Any]:
    return {
        "policies": [
            {"name": "x", "targets": {"urgent": [{"metric": "first_reply", "within": value}]}}
        ]
    }


def _goal(**fields: Any) -> dict[str, Any]:
    base = {
        "name": "g", "objective": "o", "kpi": "first_reply_time", "statistic": "mean", "unit": "h",
        "period": "week", "comparator": "<", "target": 2.0, "baseline": 7.5, "tz": "Europe/Berlin",
        "start": date(2026, 8, 3), "deadline": date(2026, 11, 2),
    }  # fmt: skip
    return {**base, **fields}


def _mean_of(values: list[float]) -> Any:
    estimate = Durations.empty().add_many(values).mean()
    expect_finite("Durations.mean", lower=estimate.lower, upper=estimate.upper)
    return estimate


def _traffic() -> float:
    w = Workload(calls=1e308, interval=1e-300, aht=1e308)
    expect_finite("Workload.traffic", traffic=w.traffic)
    return w.traffic


CASES: list[tuple[str, float, Callable[[], Any]]] = [
    # 1 — huge int repr() in an error message
    ("c1-require_aware", 2, lambda: _office().is_open(HUGE)),
    ("c1-calendar-add-d", 2, lambda: _office().add(datetime(2026, 1, 5, tzinfo=UTC), HUGE)),
    ("c1-survey-score_index", 2, lambda: NPS.empty().add(HUGE)),
    ("c1-check_level", 2, lambda: CSAT.empty().add_many([5]).result(HUGE)),
    ("c1-percentile", 2, lambda: Durations.empty().add_many([1, 2]).percentile(HUGE)),
    ("c1-check_agents", 2, lambda: erlang_b(-HUGE, 1.0)),
    ("c1-queue_metrics", 2, lambda: queue_metrics(Workload(1e308, 1800, 1e308), HUGE)),
    ("c1-journey-backward", 2, lambda: Journey.default(backward=[HUGE])),
    ("c1-journey-allow_skips", 2, lambda: Journey.default(allow_skips=HUGE)),
    ("c1-history_from_dict", 2, lambda: history_from_dict([1, HUGE])),  # type: ignore[arg-type]
    # 2 — deep nesting
    (
        "c2-event_from_dict",
        2,
        lambda: history_from_dict({"id": "A", "created_at": T0, "events": [_deep()]}),
    ),
    ("c2-strict_str", 2, lambda: history_from_dict({"id": _deep(), "created_at": T0})),
    (
        "c2-attributes",
        2,
        lambda: history_from_dict({"id": "A", "created_at": T0, "attributes": {"k": _deep()}}),
    ),
    ("c2-durations-one", 2, lambda: Durations.empty().add(_deep())),
    ("c2-jsonl-deep-array", 2, lambda: load_jsonl(["[" * 5000 + "]" * 5000], on_error="collect")),
    # 3 — a 5,000-digit JSON integer literal
    (
        "c3-jsonl-huge-literal",
        2,
        lambda: load_jsonl(['{"id": 1' + "0" * 5000 + "}"], on_error="collect"),
    ),
    # 4 — numeric conversion
    ("c4-staffing-number", 2, lambda: Workload(HUGE, 1800, 1)),
    ("c4-staffing-seconds", 2, lambda: Workload(1, 1800, HUGE)),
    ("c4-durations-huge", 2, lambda: Durations.empty().add(HUGE)),
    ("c4-durations-snan", 2, lambda: Durations.empty().add(Decimal("sNaN"))),
    ("c4-survey-snan", 2, lambda: CSAT.empty().add(Decimal("sNaN"))),
    ("c4-columns-unhashable", 2, lambda: CSAT.empty().add_many([[None]])),
    (
        "c4-score-huge",
        2,
        lambda: history_from_dict(
            {
                "id": "A",
                "created_at": T0,
                "events": [
                    {
                        "kind": "satisfaction",
                        "id": "e",
                        "at": "2026-01-05T10:00:00Z",
                        "score": HUGE,
                        "survey": "csat",
                        "scale_min": 1,
                        "scale_max": 5,
                    }
                ],
            }
        ),
    ),
    (
        "c4-rrule-year",
        2,
        lambda: RRuleHolidays("DTSTART:20260101T000000\nRRULE:FREQ=YEARLY").dates_in(-1),
    ),
    ("c4-sla-duration-float", 2, lambda: PolicySet.from_dict(_within(1e308))),
    ("c4-sla-duration-text", 2, lambda: PolicySet.from_dict(_within("99999999999d"))),
    # 5 — a scalar or None where a list is expected
    ("c5-read_pause", 2, lambda: PolicySet.from_dict(_policy(pause=5))),
    ("c5-read_warn_at", 2, lambda: PolicySet.from_dict(_policy(warn_at=5))),
    ("c5-condition-names", 2, lambda: PolicySet.from_dict(_policy(condition={"tags": 5}))),
    (
        "c5-ladder-targets",
        2,
        lambda: EscalationLadder.from_dict(
            {"levels": [{"name": "x", "trigger": "breach", "targets": None}]}
        ),
    ),
    ("c5-journey-backward", 2, lambda: Journey.default(backward=None)),  # type: ignore[arg-type]
    ("c5-journey-allow_skips", 2, lambda: Journey.default(allow_skips=None)),  # type: ignore[arg-type]
    ("c5-nps-add_many-none", 2, lambda: NPS.empty().add_many(None)),  # type: ignore[arg-type]
    ("c5-durations-add_many-none", 2, lambda: Durations.empty().add_many(None)),  # type: ignore[arg-type]
    ("c5-load_jsonl-none", 2, lambda: load_jsonl(None)),  # type: ignore[arg-type]
    ("c5-load_csv-none-line", 2, lambda: load_csv(["ticket_id,created_at", None])),  # type: ignore[list-item]
    # 6 — float overflow
    ("c6-durations-mean-nan", 2, lambda: _mean_of([1e308, 0.0])),
    ("c6-durations-mean-overflow", 2, lambda: _mean_of([1e308, 1e308])),
    ("c6-sketch-fsum", 2, lambda: Durations.empty(sketch=True).add_many([1e308, 1e308])),
    ("c6-z_for_level", 2, lambda: NPS.empty().add_many([9]).result(1 - 1e-16)),
    ("c6-workload-traffic-inf", 2, _traffic),
    (
        "c6-default_cap",
        2,
        lambda: required_agents(Workload(1e308, 1800, 1e308), OccupancyTarget(0.85)),
    ),
    # 7 — instants off the datetime range in UTC
    (
        "c7-model-utc",
        2,
        lambda: load_jsonl(
            ['{"id": "A", "created_at": "0001-01-01T00:00:00+23:59"}'], on_error="collect"
        ),
    ),
    ("c7-goal-letters", 2, lambda: SmartGoal.from_dict(_goal(start=date(1, 1, 1)))),
    (
        "c7-calendar-add",
        2,
        lambda: BusinessCalendar.always().add(
            datetime(9999, 12, 31, tzinfo=UTC), timedelta(days=1)
        ),
    ),
    (
        "c7-from_us",
        2,
        lambda: BusinessCalendar.always().open_intervals(
            datetime(9999, 12, 31, 20, tzinfo=timezone(-timedelta(hours=10))),
            datetime(9999, 12, 31, 21, tzinfo=timezone(-timedelta(hours=10))),
        ),
    ),
    # 8 — hangs (1 s budget each)
    ("c8-erlang_b-per-agent", 1, lambda: erlang_b(10**9, 1.0)),
    (
        "c8-required_agents-walk",
        1,
        lambda: required_agents(Workload(10**7, 1800, 1800), OccupancyTarget(0.85)),
    ),
    ("c8-year_of-before-year-1", 1, lambda: _office().is_open(EARLY)),
    (
        "c8-rrule-secondly",
        1,
        lambda: BusinessCalendar.from_dict(
            {
                "tz": "UTC",
                "hours": {"mon-fri": "09:00-17:00"},
                "holidays": [{"rrule": "DTSTART:20260101T000000\nRRULE:FREQ=SECONDLY"}],
            }
        ).add(datetime(2026, 1, 5, 10, tzinfo=UTC), timedelta(hours=1)),
    ),
    (
        "c8-rrule-interval-0",
        1,
        lambda: RRuleHolidays("DTSTART:20260101T000000\nRRULE:FREQ=DAILY;INTERVAL=0").dates_in(
            2026
        ),
    ),
    (
        "c8-chunk-per-year",
        1,
        lambda: _office().add(datetime(2000, 1, 1, tzinfo=UTC), timedelta(days=10**6)),
    ),
    # 9 — zone names the OS rejects
    ("c9-zone-too-long", 2, lambda: BusinessCalendar.from_dict({"tz": "Europe/" + "X" * 300})),
    ("c9-goal-zone-too-long", 2, lambda: SmartGoal.from_dict(_goal(tz="X" * 300))),
    # 10 — collect mode (the unclosed-quote case is test_fuzz_io's own test)
    (
        "c10-csv-field-limit",
        2,
        lambda: load_csv(
            ["ticket_id,created_at", "x" * 200_000 + "," + T0, "C," + T0], on_error="collect"
        ),
    ),
    # 11 — CLI-only path (a NUL byte in a path)
    ("c11-nul-path", 2, lambda: load_jsonl("a\x00b.jsonl")),
]


@pytest.mark.parametrize(
    ("budget", "call"),
    [pytest.param(budget, call, id=name) for name, budget, call in CASES],
)
def test_known_violation(budget: float, call: Callable[[], Any]) -> None:
    bounded_contract(budget, call)


def test_cases_are_finite_inputs() -> None:
    """The table is what the findings list: one case per id."""
    names = [name for name, _budget, _call in CASES]
    assert len(names) == len(set(names))
