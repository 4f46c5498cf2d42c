"""Measurement.to_dict / Measurement.from_dict: a verdict stored as JSON and read back."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from typing import Any

import attrs
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from servicemodel.calendar import BusinessCalendar
from servicemodel.errors import ConfigError, InputTypeError
from servicemodel.model import AgentReply, CustomerMessage, StatusChange, Ticket, TicketHistory
from servicemodel.sla import Measurement, SLAPolicy, Target, evaluate
from servicemodel.strategies import calendars, histories, policies, policy_sets

T0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
OFFICE = BusinessCalendar.weekly("Europe/Berlin", {"mon-fri": "09:00-17:00"})
POLICY = SLAPolicy(
    "std",
    {
        "normal": [
            Target("first_reply", "4h"),
            Target("resolution", "8h", business=False),
            Target(
                "next_reply", "2h", calendar=BusinessCalendar.weekly("UTC", {"mon": "10:00-12:00"})
            ),
        ]
    },
    calendar=OFFICE,
    warn_at=[0.5, 0.9],
)


def _round_trip(m: Measurement, **kw: Any) -> Measurement:
    return Measurement.from_dict(json.loads(json.dumps(m.to_dict(**kw))), **kw)


def _sample() -> tuple[Measurement, ...]:
    events = [
        CustomerMessage("m1", T0 + timedelta(minutes=5)),
        AgentReply("r1", T0 + timedelta(hours=1, microseconds=7)),
        CustomerMessage("m2", T0 + timedelta(hours=2)),
        StatusChange("s1", T0 + timedelta(hours=3), status="pending"),
    ]
    return evaluate(POLICY, TicketHistory(Ticket("T-1", T0), events), at=T0 + timedelta(days=2))


# -- the law -------------------------------------------------------------------------------


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(policy_sets(max_policies=2) | policies(), histories(), st.booleans())
def test_every_measurement_survives_json(policy: Any, history: TicketHistory, late: bool) -> None:
    """from_dict(json(to_dict(m))) == m for every measurement evaluate gives."""
    at = history.last_event_at + timedelta(days=3) if late else None
    for m in evaluate(policy, history, at=at):
        back = _round_trip(m)
        assert back == m
        assert back.warnings == m.warnings
        assert back.calendar == m.calendar


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(policies(calendars=calendars(), target_calendars=True), histories())
def test_named_calendars_round_trip(policy: SLAPolicy, history: TicketHistory) -> None:
    """With a calendars table, calendars are written by name and read back by it."""
    table = {"office": policy.calendar}
    for m in evaluate(policy, history):
        data = json.loads(json.dumps(m.to_dict(calendars=table)))
        assert data.get("calendar", "office") == "office" or m.calendar != policy.calendar
        assert Measurement.from_dict(data, calendars=table) == m


# -- examples ------------------------------------------------------------------------------


def test_a_stopped_verdict_survives_a_policy_edit() -> None:
    (first, *_) = _sample()
    stored = json.dumps(first.to_dict())
    # The policy is edited to a tighter target; the stored verdict keeps the old one.
    tighter = attrs.evolve(POLICY, targets={"normal": [Target("first_reply", "30m")]})
    assert tighter.target_for(first.priority, first.metric) != first.target
    back = Measurement.from_dict(json.loads(stored))
    assert back == first
    assert (back.state.value, back.elapsed, back.target.within) == (
        "achieved",
        timedelta(hours=1, microseconds=7),
        timedelta(hours=4),
    )


def test_the_shape() -> None:
    first = _sample()[0]
    data = first.to_dict()
    assert data["schema"] == 1
    assert data["elapsed_seconds"] == 3600.000007
    assert data["remaining_seconds"] == 3 * 3600 - 0.000007
    assert data["stopped_at"] == "2026-03-02T10:00:00.000007+00:00"
    # The clock counts on the policy's calendar: written inline, the 24/7 default left out.
    assert data["calendar"] == OFFICE.to_dict()
    resolution = next(m for m in _sample() if m.metric.value == "resolution")
    assert "calendar" not in resolution.to_dict()
    # A target's own calendar is the clock's: written once, in the target.
    nxt = next(m for m in _sample() if m.metric.value == "next_reply")
    assert "calendar" not in nxt.to_dict()
    assert "calendar" in nxt.to_dict()["target"]
    assert Measurement.from_dict(nxt.to_dict()) == nxt
    by_name = first.to_dict(calendars={"berlin": OFFICE})
    assert by_name["calendar"] == "berlin"


def _bad(**changes: Any) -> dict[str, Any]:
    return {**_sample()[0].to_dict(), **changes}


@pytest.mark.parametrize(
    ("data", "path", "words"),
    [
        (_bad(schema=2), "schema", "unsupported measurement schema 2"),
        (_bad(schema=True), "schema", "unsupported"),
        (_bad(started_at="2026-03-02T09:00:00"), "started_at", "no UTC offset"),
        (_bad(evaluated_at=None), "evaluated_at", "expected an ISO 8601 instant"),
        (_bad(due_at="soon"), "due_at", "cannot read instant 'soon'"),
        (_bad(due_at="9999-12-31T00:00:00+00:00"), "due_at", "outside the supported range"),
        (_bad(elapsed_seconds=-1), "elapsed_seconds", "expected a number of seconds >= 0"),
        (_bad(elapsed_seconds="1h"), "elapsed_seconds", "expected a number of seconds"),
        (_bad(remaining_seconds=True), "remaining_seconds", "expected a number of seconds"),
        (_bad(remaining_seconds=float("nan")), "remaining_seconds", "finite"),
        (_bad(remaining_seconds=10**20), "remaining_seconds", "longest duration"),
        (_bad(state="late"), "state", "unknown value 'late'"),
        (_bad(priority="p1"), "priority", "unknown value 'p1'"),
        (_bad(metric="csat"), "metric", "unknown value 'csat'"),
        (_bad(metric="resolution"), "metric", "differs from the target's"),
        (_bad(cycle=-1), "cycle", "whole number"),
        (_bad(cycle=1.0), "cycle", "whole number"),
        (_bad(ticket_id=7), "ticket_id", "expected a string"),
        (_bad(warn_at=[0.5, "x"]), "warn_at[1]", "expected a fraction"),
        (_bad(spans=[["2026-03-02T09:00:00+00:00"]]), "spans[0]", "expected [start, end"),
        (_bad(spans="x"), "spans", "expected a list"),
        (
            _bad(spans=[["2026-03-02T10:00:00+00:00", "2026-03-02T09:00:00+00:00"]]),
            "spans[0][1]",
            "before its start",
        ),
        (
            _bad(
                spans=[
                    ["2026-03-02T09:00:00+00:00", None],
                    ["2026-03-02T10:00:00+00:00", None],
                ]
            ),
            "spans[1][0]",
            "overlaps",
        ),
        (_bad(target={"metric": "first_reply"}), "target.within", "missing required key"),
        (_bad(target="4h"), "target", "expected a target table"),
        (_bad(calendar="office"), "calendar", "unknown calendar 'office'"),
        (_bad(calendar={"tz": "Mars/Base"}), "calendar.tz", "Mars/Base"),
        (_bad(calendar=None), "calendar", "got None"),
        (_bad(colour="red"), "colour", "unknown key 'colour'"),
        ({k: v for k, v in _bad().items() if k != "spans"}, "spans", "missing required key"),
        ([], "", "expected a measurement"),
    ],
)
def test_a_bad_field_is_named(data: Any, path: str, words: str) -> None:
    with pytest.raises(ConfigError) as info:
        Measurement.from_dict(data)
    assert info.value.path == path
    assert words in info.value.message


def test_a_calendar_that_is_not_json_is_refused_by_name() -> None:
    m = attrs.evolve(
        _sample()[0], calendar=OFFICE | BusinessCalendar.weekly("UTC", {"sat": "10:00-12:00"})
    )
    with pytest.raises(InputTypeError, match=r"^calendar: only a BusinessCalendar"):
        m.to_dict()


@pytest.mark.parametrize("calendars", [5, {"office": "mon-fri"}, {1: OFFICE}])
def test_a_calendars_table_of_another_kind_is_refused(calendars: Any) -> None:
    m = _sample()[0]
    with pytest.raises(InputTypeError, match=r"^calendars: expected a mapping"):
        m.to_dict(calendars=calendars)
    with pytest.raises(InputTypeError, match=r"^calendars: expected a mapping"):
        Measurement.from_dict(m.to_dict(), calendars=calendars)


@given(st.integers(1, 100 * 365 * 86400 * 10**6))
def test_a_target_of_any_microseconds_is_written_exactly(us: int) -> None:
    target = Target("first_reply", timedelta(microseconds=us), business=False)
    assert Target.from_dict(json.loads(json.dumps(target.to_dict()))) == target
    m = evaluate(SLAPolicy("p", {"normal": [target]}), TicketHistory(Ticket("T", T0), []))[0]
    assert _round_trip(m) == m


@pytest.mark.parametrize(
    ("data", "path", "words"),
    [
        (_bad(warn_at=[2.0]), "warn_at[0]", "a fraction in (0, 1), got 2.0"),
        (_bad(warn_at=[0.5, 0]), "warn_at[1]", "a fraction in (0, 1), got 0"),
        (_bad(warn_at=[-0.5]), "warn_at[0]", "a fraction in (0, 1)"),
        (_bad(warn_at=[1]), "warn_at[0]", "a fraction in (0, 1)"),
        (_bad(cycle=2**53 + 1), "cycle", "from 0 to 2**53"),
        (_bad(cycle=10**5000), "cycle", "<int of about 5001 digits>"),
    ],
)
def test_a_value_a_policy_never_gives_is_named(data: Any, path: str, words: str) -> None:
    """A warning threshold outside (0, 1), as a policy refuses it, and a cycle past the
    library's counts (its repr and JSON raised ValueError) are refused by path."""
    with pytest.raises(ConfigError) as info:
        Measurement.from_dict(data)
    assert info.value.path == path
    assert words in info.value.message


def test_warning_thresholds_are_read_as_written() -> None:
    m = attrs.evolve(_sample()[0], warn_at=(0.9, 0.25))
    assert Measurement.from_dict(m.to_dict()).warn_at == (0.9, 0.25)
