"""Bad instants, zones and holiday rules never escape as foreign errors and never hang (issue 11).

One test per violation class of the fuzz findings (classes 7, 8, 9, and the calendar rows of 1
and 4), parametrized over the minimal inputs found, each run under a wall-clock bound; then a
property over every query of generated calendars at any aware instant.
"""

from __future__ import annotations

import sys
import tomllib
from collections.abc import Callable
from contextlib import suppress
from datetime import UTC, date, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from _deadline import deadline
from servicemodel.calendar import BusinessCalendar, RRuleHolidays
from servicemodel.calendar._instants import utc_add
from servicemodel.cli import main
from servicemodel.errors import (
    CalendarError,
    ConfigError,
    InputTypeError,
    OutOfRangeError,
    ServiceModelError,
    require_instant,
)
from servicemodel.goals import SmartGoal
from servicemodel.model import Ticket, TicketHistory
from servicemodel.report import ReportOptions
from servicemodel.report._goals import build_goals
from servicemodel.sla import SLAPolicy, Target, evaluate
from servicemodel.strategies import calendars

ROOT = Path(__file__).resolve().parent.parent
BOUND = 2.0  # seconds any single call may take

EAST = timezone(timedelta(hours=23, minutes=59))
WEST = timezone(timedelta(hours=-23, minutes=-59))
BEFORE = datetime(1, 1, 1, tzinfo=EAST)  # before 0001-01-01 UTC
AFTER = datetime(9999, 12, 31, 23, 59, 59, tzinfo=WEST)  # after 9999-12-31 UTC
BIG = 10**5000


class TookTooLong(Exception):
    """A call ran past the bound (a hang, as far as a user can tell)."""


def bounded(seconds: float = BOUND) -> Any:
    """Fail with `TookTooLong` if the body runs longer than ``seconds`` (SIGALRM, main thread)."""
    return deadline(seconds, "the call", TookTooLong)


def raises_within(error: type[BaseException], call: Callable[[], Any]) -> BaseException:
    """Run ``call`` under the bound; it must raise ``error``. Return the error."""
    with bounded(), pytest.raises(error) as info:
        call()
    return info.value


def berlin() -> BusinessCalendar:
    return BusinessCalendar.from_dict({"tz": "Europe/Berlin", "hours": {"mon-fri": "09:00-17:00"}})


def utc_nine_to_five() -> BusinessCalendar:
    return BusinessCalendar.from_dict({"tz": "UTC", "hours": {"mon": "09:00-17:00"}})


def first_goal(**changes: Any) -> dict[str, Any]:
    goals = tomllib.loads((ROOT / "examples" / "goals.toml").read_text())["goals"]
    return {**goals[0], **changes}


# -- class 7: instants whose UTC value leaves the datetime range --------------------------------

CLASS_7: list[tuple[str, Callable[[], Any], str]] = [
    (
        "always-add-past-9999",
        lambda: BusinessCalendar.always().add(datetime(9999, 12, 31, tzinfo=UTC), timedelta(1)),
        "9999-12-31T00:00:00+00:00",
    ),
    (
        "always-add-before-year-1",
        lambda: BusinessCalendar.always().add(
            datetime(1, 1, 1, tzinfo=UTC), -timedelta(microseconds=1)
        ),
        "0001-01-01T00:00:00+00:00",
    ),
    (
        "always-add-timedelta-max",
        lambda: BusinessCalendar.always().add(datetime(2000, 1, 1, tzinfo=UTC), timedelta.max),
        "2000-01-01T00:00:00+00:00",
    ),
    (
        "berlin-add-timedelta-max",
        lambda: berlin().add(datetime(2000, 1, 1, tzinfo=UTC), timedelta.max),
        "2000-01-01T00:00:00+00:00",
    ),
    (
        "berlin-add-timedelta-min",
        lambda: berlin().add(datetime(2000, 1, 1, tzinfo=UTC), timedelta.min),
        "2000-01-01T00:00:00+00:00",
    ),
    (
        "always-open-intervals-after-9999",
        lambda: BusinessCalendar.always().open_intervals(
            datetime(9999, 12, 31, 20, tzinfo=timezone(-timedelta(hours=10))),
            datetime(9999, 12, 31, 21, tzinfo=timezone(-timedelta(hours=10))),
        ),
        "9999-12-31T20:00:00-10:00",
    ),
    ("sla-at-after", lambda: evaluate(_policy(), _history(), at=AFTER), AFTER.isoformat()),
    ("sla-at-before", lambda: evaluate(_policy(), _history(), at=BEFORE), BEFORE.isoformat()),
    ("goals-at-after", lambda: build_goals([_history()], [_goal()], at=AFTER), AFTER.isoformat()),
    ("report-options-at", lambda: ReportOptions(at=BEFORE), BEFORE.isoformat()),
    (
        "utc-add",
        lambda: utc_add(datetime(2026, 1, 5, tzinfo=UTC), timedelta(days=10**8)),
        "2026-01-05T00:00:00+00:00",
    ),
    ("require-instant", lambda: require_instant(AFTER, "at"), AFTER.isoformat()),
]


def _policy() -> SLAPolicy:
    return SLAPolicy("p", {"normal": [Target("first_reply", "4h", business=False)]})


def _history() -> TicketHistory:
    return TicketHistory(Ticket("T", datetime(2026, 3, 2, 9, tzinfo=UTC)), [])


def _goal() -> SmartGoal:
    return SmartGoal.from_dict(first_goal())


@pytest.mark.parametrize(("case", "call", "named"), CLASS_7, ids=[c[0] for c in CLASS_7])
def test_instants_outside_the_range_raise_out_of_range(
    case: str, call: Callable[[], Any], named: str
) -> None:
    err = raises_within(OutOfRangeError, call)
    assert named in str(err), case
    assert isinstance(err, CalendarError | ValueError)


@pytest.mark.parametrize(
    ("field", "value", "named"),
    [
        ("start", date(1, 1, 1), "0001-01-01"),
        ("deadline", "9999-12-31T23:59:59-23:59", "9999-12-31T23:59:59-23:59"),
    ],
)
def test_goal_instants_outside_the_range_are_config_errors(
    field: str, value: Any, named: str
) -> None:
    err = raises_within(ConfigError, lambda: SmartGoal.from_dict(first_goal(**{field: value})))
    assert isinstance(err, ConfigError)
    assert err.path == field
    assert named in str(err)


@pytest.mark.parametrize("at", ["9999-12-31T23:59:59-23:59", "0001-01-01T00:00:00+23:59"])
@pytest.mark.parametrize(
    "extra",
    [["--policy", "examples/policies/standard.toml"], ["--goals", "examples/goals.toml"]],
    ids=["policy", "goals"],
)
def test_cli_at_outside_the_range_is_one_line_exit_2(
    at: str, extra: list[str], capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(ROOT)
    with bounded():
        status = main(["report", "examples/data/tickets.jsonl", *extra, f"--at={at}"])
    err = capsys.readouterr().err
    assert status == 2
    assert err.count("\n") == 1
    assert at in err
    assert "outside the supported range" in err


# -- class 8: hangs in the calendar -----------------------------------------------------------

SECONDLY = "DTSTART:20260101T000000\nRRULE:FREQ=SECONDLY"
INTERVAL_0 = "DTSTART:20260101T000000\nRRULE:FREQ=DAILY;INTERVAL=0"

HANGS: list[tuple[str, Callable[[], Any], type[ServiceModelError], str]] = [
    ("is-open-before-year-1", lambda: berlin().is_open(BEFORE), OutOfRangeError, "0001-01-01"),
    ("is-open-after-9999", lambda: berlin().is_open(AFTER), OutOfRangeError, "9999-12-31"),
    (
        "elapsed-before-year-1",
        lambda: berlin().elapsed(BEFORE, datetime(2026, 1, 1, tzinfo=UTC)),
        OutOfRangeError,
        "0001-01-01",
    ),
    (
        "open-intervals-after-9999",
        lambda: berlin().open_intervals(datetime(2026, 1, 1, tzinfo=UTC), AFTER),
        OutOfRangeError,
        "9999-12-31",
    ),
    ("next-close-after-9999", lambda: berlin().next_close(AFTER), OutOfRangeError, "9999-12-31"),
    (
        "add-a-million-days",
        lambda: berlin().add(datetime(2000, 1, 1, tzinfo=UTC), timedelta(days=10**6)),
        CalendarError,
        "200 years",
    ),
    (
        "elapsed-over-5000-years",
        lambda: berlin().elapsed(
            datetime(2000, 1, 1, tzinfo=UTC), datetime(7000, 1, 1, tzinfo=UTC)
        ),
        CalendarError,
        "2000",
    ),
    (
        "open-intervals-over-5000-years",
        lambda: berlin().open_intervals(
            datetime(2000, 1, 1, tzinfo=UTC), datetime(7000, 1, 1, tzinfo=UTC)
        ),
        CalendarError,
        "7000",
    ),
    (
        "secondly-holiday-rule",
        lambda: BusinessCalendar.from_dict(
            {"tz": "UTC", "hours": {"mon-fri": "09:00-17:00"}, "holidays": [{"rrule": SECONDLY}]}
        ),
        ConfigError,
        "FREQ=SECONDLY",
    ),
    (
        "minutely-rule",
        lambda: RRuleHolidays(SECONDLY.replace("SECONDLY", "MINUTELY")),
        ConfigError,
        "MINUTELY",
    ),
    (
        "hourly-rule",
        lambda: RRuleHolidays(SECONDLY.replace("SECONDLY", "HOURLY")),
        ConfigError,
        "HOURLY",
    ),
    ("interval-0", lambda: RRuleHolidays(INTERVAL_0), ConfigError, "INTERVAL=0"),
    (
        "daily-rule-far-from-dtstart",
        lambda: RRuleHolidays(
            "DTSTART:00020101T000000\nRRULE:FREQ=DAILY;BYMONTH=2;BYMONTHDAY=30"
        ).dates_in(9000),
        CalendarError,
        "BYMONTHDAY=30",
    ),
]


@pytest.mark.parametrize(("case", "call", "error", "named"), HANGS, ids=[c[0] for c in HANGS])
def test_calendar_queries_do_bounded_work(
    case: str, call: Callable[[], Any], error: type[ServiceModelError], named: str
) -> None:
    err = raises_within(error, call)
    assert named in str(err), case


def test_a_holiday_rule_is_enumerated_once() -> None:
    rule = RRuleHolidays("DTSTART:20260101T000000\nRRULE:FREQ=WEEKLY;BYDAY=MO")
    with bounded():
        for year in range(2026, 2226):
            assert len(rule.dates_in(year)) in (52, 53)
    clone = RRuleHolidays(rule.text)
    assert clone == rule
    assert hash(clone) == hash(rule)


def test_a_calendar_with_a_rule_still_pickles_after_use() -> None:
    import pickle

    cal = BusinessCalendar.from_dict(
        {
            "tz": "UTC",
            "hours": {"mon-fri": "09:00-17:00"},
            "holidays": [{"rrule": "DTSTART:20260101T000000\nRRULE:FREQ=YEARLY"}],
        }
    )
    assert not cal.is_open(datetime(2027, 1, 1, 10, tzinfo=UTC))
    clone = pickle.loads(pickle.dumps(cal))
    assert clone == cal
    assert not clone.is_open(datetime(2027, 1, 1, 10, tzinfo=UTC))


# -- class 9: zone names the OS rejects -----------------------------------------------------------

BAD_ZONES = [
    "Europe/" + "X" * 300,
    "X" * 5000,
    "UTC\x00",
    "../../etc/passwd",
    "Europe",
    "/etc/passwd",
]


@pytest.mark.parametrize(
    "name", BAD_ZONES, ids=["long", "very-long", "nul", "dotdot", "dir", "abs"]
)
@pytest.mark.parametrize(
    "build",
    [
        lambda z: BusinessCalendar.from_dict({"tz": z, "hours": {"mon": "09:00-17:00"}}),
        lambda z: BusinessCalendar.always(z),
        lambda z: SmartGoal.from_dict(first_goal(tz=z)),
    ],
    ids=["calendar", "always", "goal"],
)
def test_zone_names_the_os_rejects_are_config_errors(
    name: str, build: Callable[[str], Any]
) -> None:
    err = raises_within(ConfigError, lambda: build(name))
    assert isinstance(err, ConfigError)
    assert err.path.endswith("tz")
    assert "unknown time zone" in str(err)
    assert name[:20].encode("unicode_escape").decode() in str(err)
    assert "site-packages" not in str(err)


# -- classes 1 and 4: odd values given to calendar queries ---------------------------------------

RULE = RRuleHolidays("DTSTART:20260101T000000\nRRULE:FREQ=YEARLY")

# Typed Any: these calls pass wrong types on purpose.
ODD_CAL: Any = utc_nine_to_five()
ODD_RULE: Any = RULE

ODD: list[tuple[str, Callable[[], Any], type[ServiceModelError], str]] = [
    ("is-open-huge-int", lambda: ODD_CAL.is_open(BIG), InputTypeError, "<int of about"),
    ("add-huge-int-t", lambda: ODD_CAL.add(BIG, timedelta(0)), InputTypeError, "<int"),
    (
        "add-huge-int-d",
        lambda: ODD_CAL.add(datetime(2026, 1, 1, tzinfo=UTC), BIG),
        InputTypeError,
        "<int of about",
    ),
    (
        "elapsed-string",
        lambda: ODD_CAL.elapsed("2026", "2027"),
        InputTypeError,
        "'2026'",
    ),
    ("next-close-none", lambda: ODD_CAL.next_close(None), InputTypeError, "None"),
    ("dates-in-minus-1", lambda: ODD_RULE.dates_in(-1), OutOfRangeError, "-1"),
    ("dates-in-10000", lambda: ODD_RULE.dates_in(10000), OutOfRangeError, "10000"),
    ("dates-in-huge", lambda: ODD_RULE.dates_in(BIG), OutOfRangeError, "<int of about"),
    ("dates-in-string", lambda: ODD_RULE.dates_in("2026"), InputTypeError, "'2026'"),
    ("dates-in-bool", lambda: ODD_RULE.dates_in(True), InputTypeError, "True"),
]


@pytest.mark.parametrize(("case", "call", "error", "named"), ODD, ids=[c[0] for c in ODD])
def test_odd_values_raise_specific_errors_with_safe_messages(
    case: str, call: Callable[[], Any], error: type[ServiceModelError], named: str
) -> None:
    err = raises_within(error, call)
    assert named in str(err), case


# -- the property: any instant, any calendar, every query, bounded -------------------------------

offsets = st.timedeltas(
    min_value=-timedelta(hours=23, minutes=59), max_value=timedelta(hours=23, minutes=59)
).map(lambda d: timezone(timedelta(minutes=d // timedelta(minutes=1))))
instants = st.one_of(
    st.datetimes(timezones=offsets),
    st.sampled_from(
        [BEFORE, AFTER, datetime(1, 1, 1, tzinfo=UTC), datetime.max.replace(tzinfo=UTC)]
    ),
    st.datetimes(min_value=datetime(2000, 1, 1), max_value=datetime(2100, 1, 1), timezones=offsets),
)


@given(cal=calendars(), a=instants, b=instants, d=st.timedeltas())
def test_every_query_returns_or_raises_a_service_model_error_in_bounded_time(
    cal: BusinessCalendar, a: datetime, b: datetime, d: timedelta
) -> None:
    queries: list[Callable[[], Any]] = [
        lambda: cal.is_open(a),
        lambda: cal.next_open(a),
        lambda: cal.next_close(a),
        lambda: cal.elapsed(a, b),
        lambda: cal.add(a, d),
        lambda: cal.open_intervals(a, b),
    ]
    for query in queries:
        with bounded(), suppress(ServiceModelError):
            query()


def test_the_bound_helper_fires() -> None:
    def spin() -> None:
        with bounded(0.05):
            while True:
                sys.getrecursionlimit()

    with pytest.raises(TookTooLong):
        spin()
