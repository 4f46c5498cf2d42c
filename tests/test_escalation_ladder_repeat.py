"""Whole-ladder repeats (``repeat_scope="ladder"``), as PagerDuty's and Opsgenie's loops.

A round starts ``repeat_every`` after the previous round's last level and replays the first
round's offsets from its first level; the pause rules are those of the last-level repeat.
Expected instants are written out by hand.
"""

from __future__ import annotations

import pickle
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
from itertools import pairwise
from zoneinfo import ZoneInfo

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from servicemodel.errors import ConfigError
from servicemodel.escalation import EscalationLadder, EscalationLevel, EscalationStep, Trigger
from servicemodel.model import (
    AgentReply,
    Event,
    Reopen,
    StatusChange,
    Ticket,
    TicketHistory,
)
from servicemodel.sla import Measurement, MeasurementState, SLAPolicy, Target, TicketSLA, evaluate
from servicemodel.strategies import histories
from servicemodel.strategies._sla import ladders, policies

BERLIN = ZoneInfo("Europe/Berlin")
OFFICE = SLAPolicy.from_dict(
    {
        "name": "office",
        "calendar": {"tz": "Europe/Berlin", "hours": {"mon-fri": "08:00-18:00"}},
        "targets": {"normal": [{"metric": "first_reply", "within": "4h"}]},
    }
)
ALWAYS = SLAPolicy("p", {"normal": [Target("resolution", "2h", business=False)]})


def berlin(day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(2026, 3, day, hour, minute, tzinfo=BERLIN)


def utc(day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(2026, 3, day, hour, minute, tzinfo=UTC)


def paging(scope: str = "ladder", *, every: str = "1h", times: int = 2) -> EscalationLadder:
    """Breach, then 30 and 60 minutes later two more levels, repeated ``times`` times."""
    return EscalationLadder.from_dict(
        {
            "levels": [
                {"name": "agent", "trigger": "breach", "targets": ["assignee"]},
                {"name": "lead", "trigger": {"after_previous": "30m"}, "targets": ["team-lead"]},
                {"name": "manager", "trigger": {"after_previous": "30m"}, "targets": ["manager"]},
            ],
            "repeat": {"every": every, "times": times, "scope": scope},
        }
    )


def seen(steps: Sequence[EscalationStep], tz: ZoneInfo = BERLIN) -> list[tuple[str, str, int]]:
    return [(s.at.astimezone(tz).strftime("%a %H:%M"), s.level, s.repeat) for s in steps]


# -- examples --------------------------------------------------------------------------------------


def test_the_whole_ladder_repeats_in_business_hours() -> None:
    # Created Monday 14:00, never answered: 4 business hours run out at 18:00, so the breach
    # is Tuesday 08:00. Each round starts an hour after the previous round's last level.
    (m,) = evaluate(OFFICE, TicketHistory(Ticket("T", berlin(2, 14)), []), at=berlin(5, 0))
    assert seen(paging().timeline(m)) == [
        ("Tue 08:00", "agent", 0),
        ("Tue 08:30", "lead", 0),
        ("Tue 09:00", "manager", 0),
        ("Tue 10:00", "agent", 1),
        ("Tue 10:30", "lead", 1),
        ("Tue 11:00", "manager", 1),
        ("Tue 12:00", "agent", 2),
        ("Tue 12:30", "lead", 2),
        ("Tue 13:00", "manager", 2),
    ]
    # The default repeats the last level only (unchanged behaviour).
    assert seen(paging("last").timeline(m)) == [
        ("Tue 08:00", "agent", 0),
        ("Tue 08:30", "lead", 0),
        ("Tue 09:00", "manager", 0),
        ("Tue 10:00", "manager", 1),
        ("Tue 11:00", "manager", 2),
    ]


def test_a_round_keeps_its_business_offsets_across_the_night() -> None:
    # Breach Tuesday 08:00 (as above); with a 4 h wait the second round starts Tuesday
    # 13:00, the third at Tuesday 18:00 -- the close, so Wednesday 08:00 -- and its levels
    # keep their 30-minute business spacing from there.
    (m,) = evaluate(OFFICE, TicketHistory(Ticket("T", berlin(2, 14)), []), at=berlin(5, 0))
    got = seen(paging(every="4h").timeline(m))
    assert got[3:] == [
        ("Tue 13:00", "agent", 1),
        ("Tue 13:30", "lead", 1),
        ("Tue 14:00", "manager", 1),
        ("Wed 08:00", "agent", 2),
        ("Wed 08:30", "lead", 2),
        ("Wed 09:00", "manager", 2),
    ]


def test_a_reply_stops_the_rounds() -> None:
    events: list[Event] = [AgentReply("r", berlin(3, 10, 45))]
    (m,) = evaluate(OFFICE, TicketHistory(Ticket("T", berlin(2, 14)), events))
    assert seen(paging().timeline(m)) == [
        ("Tue 08:00", "agent", 0),
        ("Tue 08:30", "lead", 0),
        ("Tue 09:00", "manager", 0),
        ("Tue 10:00", "agent", 1),
        ("Tue 10:30", "lead", 1),
    ]


def test_steps_while_solved_are_skipped_and_the_ladder_goes_on_after_a_reopen() -> None:
    # Resolution within 2 h (calendar), created 09:00: breach 11:00. Solved 11:40-13:10,
    # solved for good at 16:00. Rounds start at 12:30 and 14:30 (an hour after 11:30, 13:30).
    ladder = EscalationLadder(
        [
            EscalationLevel("page", Trigger.at_breach(), "on-call"),
            EscalationLevel("lead", Trigger.after_previous("30m", business=False), "team-lead"),
        ],
        repeat_every="1h",
        repeat_times=3,
        repeat_business=False,
        repeat_scope="ladder",
    )
    events: list[Event] = [
        StatusChange("s1", utc(2, 11, 40), status="solved"),
        Reopen("o", utc(2, 13, 10)),
        StatusChange("s2", utc(2, 16), status="solved"),
    ]
    (m,) = evaluate(ALWAYS, TicketHistory(Ticket("T", utc(2, 9)), events))
    assert m.state is MeasurementState.BREACHED
    # 12:30 and 13:00 (round 1) fall while solved: skipped, not delayed; 16:00 (round 3, lead)
    # falls at the final solve, which stops the clock.
    assert seen(ladder.timeline(m), ZoneInfo("UTC")) == [
        ("Mon 11:00", "page", 0),
        ("Mon 11:30", "lead", 0),
        ("Mon 14:00", "page", 2),
        ("Mon 14:30", "lead", 2),
        ("Mon 15:30", "page", 3),
    ]
    # Live: while solved nothing is due; after the reopen the next rounds are.
    live = TicketSLA(ALWAYS, Ticket("T", utc(2, 9)))
    live.apply(events[0])
    assert [t for t in live.timers(ladder=ladder) if t.kind == "escalation"] == []
    live.apply(events[1])
    due = [(t.level, t.repeat, t.at) for t in live.timers(ladder=ladder) if t.kind == "escalation"]
    assert due == [
        ("page", 2, utc(2, 14)),
        ("lead", 2, utc(2, 14, 30)),
        ("page", 3, utc(2, 15, 30)),
        ("lead", 3, utc(2, 16)),  # the live desk does not know of the solve at 16:00 yet
    ]
    timer = live.next_timer(ladder=ladder)
    assert timer is not None
    assert (timer.kind, timer.level, timer.repeat) == ("escalation", "page", 2)


# -- laws ------------------------------------------------------------------------------------------


def _difference(a: datetime, b: datetime) -> timedelta:
    return b - a


def _uninterrupted(policy: SLAPolicy, ticket: Ticket) -> list[Measurement]:
    """The clocks of a ticket with no events that run from their start and never stop."""
    return [
        m
        for m in evaluate(policy, TicketHistory(ticket, []))
        if m.state is MeasurementState.ACTIVE
        and len(m.spans) == 1
        and m.spans[0] == (m.started_at, None)
    ]


@given(ladders(repeat_scope="ladder"), policies(), histories(max_events=0))
def test_each_round_replays_the_first_rounds_offsets(
    ladder: EscalationLadder, policy: SLAPolicy, h: TicketHistory
) -> None:
    every = ladder.repeat_every
    assert every is not None
    n, k = len(ladder.levels), ladder.repeat_times
    for m in _uninterrupted(policy, h.ticket):
        cal = m.calendar
        between = cal.elapsed if ladder.repeat_business else _difference
        steps = ladder.timeline(m)
        # Exactly k + 1 copies of the ladder's levels, in order, round by round.
        assert len(steps) == (k + 1) * n
        rounds = [steps[r * n : (r + 1) * n] for r in range(k + 1)]
        for r, each in enumerate(rounds):
            assert [(s.repeat, s.index, s.level, s.targets, s.action) for s in each] == [
                (r, i, lv.name, lv.targets, lv.action) for i, lv in enumerate(ladder.levels)
            ]
            # Each round's offsets are the first round's, shifted by the round's start.
            assert [between(each[0].at, s.at) for s in each] == [
                between(rounds[0][0].at, s.at) for s in rounds[0]
            ]
        for done, then in pairwise(rounds):
            # A round starts ``repeat_every`` after the last level of the one before it, at
            # an open instant when that interval is business time.
            assert done[-1].at < then[0].at
            assert between(done[-1].at, then[0].at) == every
            assert not ladder.repeat_business or cal.is_open(then[0].at)
        instants = [s.at for s in steps]
        assert instants == sorted(instants)


@given(ladders(max_levels=1, repeat_scope="ladder"), policies(), histories(), st.data())
def test_a_one_level_ladder_repeats_alike_either_way(
    ladder: EscalationLadder, policy: SLAPolicy, h: TicketHistory, data: st.DataObject
) -> None:
    at = data.draw(st.none() | st.just(h.last_event_at + timedelta(hours=48)))
    last = attrs.evolve(ladder, repeat_scope="last")
    for m in evaluate(policy, h, at=at):
        assert ladder.timeline(m) == last.timeline(m)


@given(ladders(repeat_scope="ladder"), policies(), histories(max_events=8))
def test_rounds_never_start_before_the_round_before_ends(
    ladder: EscalationLadder, policy: SLAPolicy, h: TicketHistory
) -> None:
    # Whatever pauses skip, a later round's steps come after every step of an earlier one.
    for m in evaluate(policy, h):
        steps = ladder.timeline(m)
        for a, b in pairwise(steps):
            assert (a.repeat, a.index) < (b.repeat, b.index)
            assert a.at <= b.at
            assert a.repeat == b.repeat or a.at < b.at


@given(ladders(repeat_scope="ladder"))
def test_whole_ladder_repeats_round_trip_through_config(ladder: EscalationLadder) -> None:
    data = ladder.to_dict()
    assert data["repeat"]["scope"] == "ladder"
    assert EscalationLadder.from_dict(data) == ladder


# -- configuration ---------------------------------------------------------------------------------


def test_scope_reads_from_toml_and_defaults_to_the_last_level() -> None:
    text = """
    levels = [{ name = "page", trigger = "breach", targets = ["on-call"] }]
    repeat = { every = "30m", times = 3, time = "calendar", scope = "ladder" }
    """
    ladder = EscalationLadder.from_toml(text)
    assert (ladder.repeat_scope, ladder.repeat_times, ladder.repeat_business) == (
        "ladder",
        3,
        False,
    )
    assert ladder.to_dict()["repeat"] == {
        "every": "30m",
        "times": 3,
        "time": "calendar",
        "scope": "ladder",
    }
    plain = EscalationLadder.from_toml(text.replace(', scope = "ladder"', ""))
    assert plain.repeat_scope == "last"
    # The default scope is not written, so a ladder's dict reads the same as before the option.
    assert "scope" not in plain.to_dict()["repeat"]
    assert EscalationLadder.from_dict(plain.to_dict()) == plain
    assert "repeat" not in EscalationLadder(plain.levels).to_dict()


def test_whole_ladder_repeats_pickle() -> None:
    ladder = paging()
    assert pickle.loads(pickle.dumps(ladder)) == ladder


@pytest.mark.parametrize("value", ["all", "Ladder", "", None, 1, ["ladder"], True])
def test_an_unknown_scope_is_refused_naming_the_field(value: object) -> None:
    levels = [EscalationLevel("a", Trigger.at_breach())]
    with pytest.raises(ConfigError) as err:
        EscalationLadder(levels, repeat_every="1h", repeat_times=1, repeat_scope=value)  # type: ignore[arg-type]
    assert err.value.path == "repeat_scope"
    assert err.value.message == f"expected 'last' or 'ladder', got {value!r}"
    data = {
        "levels": [{"name": "a", "trigger": "breach"}],
        "repeat": {"every": "1h", "scope": value},
    }
    with pytest.raises(ConfigError) as err:
        EscalationLadder.from_dict(data)
    assert err.value.path == "repeat.scope"


def test_a_whole_ladder_scope_needs_a_repeat() -> None:
    with pytest.raises(ConfigError) as err:
        EscalationLadder([EscalationLevel("a", Trigger.at_breach())], repeat_scope="ladder")
    assert err.value.path == "repeat_scope"
    assert "repeat_every and repeat_times" in err.value.message


def test_the_scope_is_a_plain_string() -> None:
    class Name(str):
        pass

    ladder = EscalationLadder(
        [EscalationLevel("a", Trigger.at_breach())],
        repeat_every="1h",
        repeat_times=1,
        repeat_scope=Name("ladder"),  # type: ignore[arg-type]
    )
    assert type(ladder.repeat_scope) is str
    assert ladder.repeat_scope == "ladder"
