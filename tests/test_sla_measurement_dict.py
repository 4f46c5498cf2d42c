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


def test_a_combined_calendar_is_written_inline_and_read_back() -> None:
    both = OFFICE | BusinessCalendar.weekly("UTC", {"sat": "10:00-12:00"})
    m = attrs.evolve(_sample()[0], calendar=both)
    data = json.loads(json.dumps(m.to_dict()))
    assert data["calendar"] == {"union": [OFFICE.to_dict(), both.operands[1].to_dict()]}
    assert Measurement.from_dict(data) == m


class _Wall:
    """A calendar of one's own (``CalendarLike``): open at every instant."""

    is_always_open = True

    def elapsed(self, a: datetime, b: datetime) -> timedelta:
        return b - a

    def add(self, t: datetime, d: timedelta) -> datetime:
        return t + d


def test_a_calendar_without_a_dict_form_is_refused_by_name_unless_named() -> None:
    wall = _Wall()
    m = attrs.evolve(_sample()[0], calendar=wall)
    with pytest.raises(InputTypeError, match=r"^calendar: this calendar has no dict form.*_Wall"):
        m.to_dict()
    data = m.to_dict(calendars={"wall": wall})
    assert data["calendar"] == "wall"
    assert Measurement.from_dict(data, calendars={"wall": wall}) == m


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


# -- the fields agree as the engine makes them ---------------------------------------------


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    policy_sets(max_policies=2) | policies(calendars=calendars(), target_calendars=True),
    histories(),
    st.integers(-48, 48),
)
def test_every_measurement_holds_the_relations_from_dict_checks(
    policy: Any, history: TicketHistory, hours: int
) -> None:
    """The relations from_dict refuses a dict for breaking hold for every evaluated clock,
    measured before its last event (the live view) or after it."""
    at = history.last_event_at + timedelta(hours=hours)
    for m in evaluate(policy, history, at=at):
        state = m.state.value
        assert m.remaining == m.target.within - m.elapsed
        assert (state == "breached") == (m.remaining < timedelta(0)) == (m.breached_at is not None)
        assert (state == "achieved") == (m.achieved_at is not None)
        assert m.achieved_at is None or m.achieved_at == m.stopped_at
        assert m.stopped_at is None or m.state.is_final
        assert (state == "paused") == (m.due_at is None)
        end = m.stopped_at or m.evaluated_at
        assert m.started_at <= end <= m.evaluated_at
        assert m.target_since is None or m.started_at <= m.target_since
        if m.breached_at is not None:
            assert m.due_at is not None
            assert max(m.started_at, m.due_at) <= m.breached_at <= end
        if m.achieved_at is not None:
            assert m.due_at is not None
            assert m.achieved_at <= m.due_at
        assert m.cycle == 0 or m.metric.value in ("next_reply", "periodic_update")
        assert Measurement.from_dict(m.to_dict()) == m


def _of(which: str) -> dict[str, Any]:
    """A stored first reply or resolution clock in state ``which``: the sample's, or a new
    ticket's measured an hour after it was created (active)."""
    fresh = evaluate(POLICY, TicketHistory(Ticket("T-3", T0), []), at=T0 + timedelta(hours=1))
    return next(m for m in (*_sample(), *fresh) if m.state.value == which).to_dict()


def _bad_of(which: str, **changes: Any) -> dict[str, Any]:
    return {**_of(which), **changes}


LATE = "2026-03-05T09:00:00+00:00"
EARLY = "2026-03-01T09:00:00+00:00"


@pytest.mark.parametrize(
    ("data", "path", "words"),
    [
        (
            _bad_of("achieved", remaining_seconds=0),
            "remaining_seconds",
            "differs from target.within - elapsed_seconds (14400 - 3600.000007)",
        ),
        (_bad_of("achieved", elapsed_seconds=60), "remaining_seconds", "elapsed_seconds"),
        (
            _bad_of("achieved", state="breached"),
            "state",
            "state 'breached' with remaining_seconds 10799.999993",
        ),
        (
            _bad_of("active", elapsed_seconds=10**6, remaining_seconds=4 * 3600 - 10**6),
            "state",
            "breached exactly when it is past its target",
        ),
        (
            _bad_of("achieved", breached_at="2026-03-02T10:00:00+00:00"),
            "breached_at",
            "state 'achieved' with breached_at 2026-03-02T10:00:00+00:00",
        ),
        (
            _bad_of("achieved", achieved_at=None),
            "achieved_at",
            "state 'achieved' with achieved_at null and stopped_at 2026-03-02T10:00:00.000007",
        ),
        (
            _bad_of("achieved", achieved_at="2026-03-02T09:30:00+00:00"),
            "achieved_at",
            "its stopped_at",
        ),
        (
            _bad_of("achieved", state="active", achieved_at=None),
            "stopped_at",
            "state 'active' with stopped_at 2026-03-02T10:00:00.000007+00:00",
        ),
        (_bad_of("active", achieved_at=LATE), "achieved_at", "state 'active' with achieved_at"),
        (_bad_of("active", due_at=None), "due_at", "state 'active' with due_at null"),
        (_bad_of("paused", due_at=LATE), "due_at", "a paused clock has no due_at"),
        (_bad_of("active", state="paused"), "due_at", "state 'paused' with due_at"),
        (
            _bad_of("active", evaluated_at=EARLY),
            "evaluated_at",
            f"evaluated_at {EARLY} is before started_at 2026-03-02T09:00:00+00:00",
        ),
        (
            _bad_of("achieved", started_at="2026-03-02T11:00:00+00:00"),
            "stopped_at",
            "is before started_at 2026-03-02T11:00:00+00:00",
        ),
        (
            _bad_of("achieved", evaluated_at="2026-03-02T09:30:00+00:00"),
            "evaluated_at",
            "before stopped_at",
        ),
        (_bad_of("active", target_since=EARLY), "target_since", "before started_at"),
        (
            _bad_of("achieved", due_at="2026-03-02T09:30:00+00:00"),
            "due_at",
            "due_at 2026-03-02T09:30:00+00:00 is before stopped_at",
        ),
        (_bad_of("achieved", cycle=1), "cycle", "cycle 1 of metric 'first_reply'"),
    ],
)
def test_fields_that_disagree_are_refused_by_name(data: Any, path: str, words: str) -> None:
    with pytest.raises(ConfigError) as info:
        Measurement.from_dict(data)
    assert info.value.path == path
    assert words in info.value.message


def _breached() -> Measurement:
    h = TicketHistory(Ticket("T-2", T0), [AgentReply("r", T0 + timedelta(hours=9))])
    return next(m for m in evaluate(POLICY, h) if m.state.value == "breached")


@pytest.mark.parametrize(
    ("changes", "path", "words"),
    [
        ({"breached_at": None}, "breached_at", "state 'breached' with breached_at null"),
        ({"breached_at": EARLY}, "breached_at", "before started_at"),
        ({"breached_at": "2026-03-02T12:00:00+00:00"}, "breached_at", "before due_at"),
        ({"breached_at": "2026-03-02T19:00:00+00:00"}, "stopped_at", "before breached_at"),
    ],
)
def test_a_breach_out_of_place_is_refused_by_name(
    changes: dict[str, Any], path: str, words: str
) -> None:
    m = _breached()
    assert Measurement.from_dict(m.to_dict()) == m
    with pytest.raises(ConfigError) as info:
        Measurement.from_dict({**m.to_dict(), **changes})
    assert info.value.path == path
    assert words in info.value.message


def test_a_next_reply_clock_keeps_its_cycle() -> None:
    nxt = next(m for m in _sample() if m.metric.value == "next_reply")
    assert Measurement.from_dict({**nxt.to_dict(), "cycle": 3}).cycle == 3
