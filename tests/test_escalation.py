"""Tests for escalation ladders (issue 4)."""

from __future__ import annotations

import pickle
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from servicemodel.calendar import BusinessCalendar
from servicemodel.errors import ConfigError, NaiveDatetimeError
from servicemodel.escalation import (
    EscalationLadder,
    EscalationLevel,
    EscalationStep,
    Trigger,
    TriggerKind,
)
from servicemodel.model import AgentReply, PriorityChange, StatusChange, Ticket, TicketHistory
from servicemodel.sla import Measurement, SLAPolicy, Target, evaluate
from servicemodel.strategies import histories
from servicemodel.strategies._sla import ladders, policies

BERLIN = ZoneInfo("Europe/Berlin")
OFFICE = BusinessCalendar.weekly("Europe/Berlin", {"mon-fri": "08:00-18:00"})
H = timedelta(hours=1)
M = timedelta(minutes=1)


def b(day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(2026, 3, day, hour, minute, tzinfo=BERLIN)


def first_reply(
    created: datetime, *events: object, at: datetime | None = None, within: str = "4h"
) -> Measurement:
    policy = SLAPolicy("p", {"normal": [Target("first_reply", within)]}, calendar=OFFICE)
    (m,) = evaluate(policy, TicketHistory(Ticket("T", created), list(events)), at=at)  # type: ignore[arg-type]
    return m


BREACH_KINDS = (TriggerKind.BREACH, TriggerKind.AFTER_BREACH)

LADDER = EscalationLadder(
    [
        EscalationLevel("heads-up", Trigger.at_fraction(0.5), ["team-lead"]),
        EscalationLevel("breach", Trigger.at_breach(), ["duty-manager"]),
        EscalationLevel("L2", Trigger.after_breach("2h"), ["tier-2"], action="assign"),
        EscalationLevel("exec", Trigger.after_previous("30m", business=False), ["head-of-support"]),
    ]
)


def test_timeline_of_an_unanswered_ticket() -> None:
    m = first_reply(b(2, 14), at=b(4, 12))
    assert m.state == "breached"
    steps = LADDER.timeline(m)
    assert [(s.level, s.at) for s in steps] == [
        ("heads-up", b(2, 16)),
        ("breach", b(3, 8)),  # 4 h run out at Monday 18:00: the deadline is Tuesday's opening
        ("L2", b(3, 10)),
        ("exec", b(3, 10, 30)),
    ]
    assert [s.targets for s in steps][2] == ("tier-2",)
    assert steps[2].action == "assign"
    assert not any(s.projected for s in steps)


def test_business_delay_skips_closed_hours() -> None:
    # Breach at 17:00 on Monday; 2 business hours later is Tuesday 09:00, not Monday 19:00.
    m = first_reply(b(2, 13), at=b(3, 12))
    assert m.breached_at == b(2, 17)
    steps = {s.level: s.at for s in LADDER.timeline(m)}
    assert steps["L2"] == b(3, 9)
    assert steps["exec"] == b(3, 9, 30)


def test_achieved_before_a_level_never_reaches_it() -> None:
    m = first_reply(b(2, 9), AgentReply("r", b(2, 12)))
    assert [s.level for s in LADDER.timeline(m)] == ["heads-up"]
    assert LADDER.level_at(m, b(5, 9)) == LADDER.timeline(m)[0]


def test_reply_exactly_at_a_level_instant_prevents_it() -> None:
    m = first_reply(b(2, 9), AgentReply("r", b(2, 11)))
    assert LADDER.timeline(m) == ()


def test_live_measurement_projects_future_steps() -> None:
    m = first_reply(b(2, 9), at=b(2, 12))
    steps = LADDER.timeline(m)
    assert [(s.level, s.projected) for s in steps] == [
        ("heads-up", False),
        ("breach", True),
        ("L2", True),
        ("exec", True),
    ]
    assert steps[1].at == b(2, 13)
    assert LADDER.level_at(m, b(2, 12)).level == "heads-up"  # type: ignore[union-attr]
    assert LADDER.level_at(m, b(2, 10, 59)) is None


def test_paused_clock_stops_at_unknown_instants() -> None:
    h = [StatusChange("p", b(2, 10), status="pending")]
    policy = SLAPolicy("p", {"normal": [Target("resolution", "4h")]}, calendar=OFFICE)
    (m,) = evaluate(policy, TicketHistory(Ticket("T", b(2, 9)), h), at=b(2, 15))
    assert m.state == "paused"
    assert LADDER.timeline(m) == ()


def test_repeat_is_bounded() -> None:
    ladder = EscalationLadder(
        [EscalationLevel("page", Trigger.at_breach(), ["on-call"])],
        repeat_every="1h",
        repeat_times=3,
        repeat_business=False,
    )
    m = first_reply(b(2, 9), at=b(9, 9))
    steps = ladder.timeline(m)
    assert [(s.repeat, s.at) for s in steps] == [(k, b(2, 13) + k * H) for k in range(4)]
    replied = first_reply(b(2, 9), AgentReply("r", b(2, 14, 30)))
    assert [s.repeat for s in ladder.timeline(replied)] == [0, 1]


def test_level_order_is_monotone_even_when_triggers_are_not() -> None:
    ladder = EscalationLadder(
        [
            EscalationLevel("late", Trigger.after_breach("1h", business=False)),
            EscalationLevel("half", Trigger.at_fraction(0.5)),
        ]
    )
    m = first_reply(b(2, 9), at=b(3, 9))
    steps = ladder.timeline(m)
    assert steps[1].at == steps[0].at == b(2, 14)


def test_priority_raise_at_night_escalates_at_the_next_opening() -> None:
    # A business-hours clock (10 h normal, 2 h urgent) raised to urgent at 22:00 on Monday,
    # when 9 business hours are used: breached at the raise, but the business-time ladder
    # fires nothing at night; the warning is not back-dated to before the raise either.
    policy = SLAPolicy(
        "p",
        {"normal": [Target("first_reply", "10h")], "urgent": [Target("first_reply", "2h")]},
        calendar=OFFICE,
    )
    raised = [PriorityChange("c", b(2, 22), priority="urgent")]
    (m,) = evaluate(policy, TicketHistory(Ticket("T", b(2, 9)), raised), at=b(3, 12))
    assert m.breached_at == b(2, 22)
    steps = LADDER.timeline(m)
    assert [(s.level, s.at) for s in steps] == [
        ("heads-up", b(3, 8)),
        ("breach", b(3, 8)),
        ("L2", b(3, 10)),
        ("exec", b(3, 10, 30)),  # calendar-time delay after an in-hours level
    ]
    assert LADDER.level_at(m, b(2, 23)) is None
    # Answered during the night: the breach stands, but no level was ever reached.
    answered = [*raised, AgentReply("r", b(2, 23))]
    (m,) = evaluate(policy, TicketHistory(Ticket("T", b(2, 9)), answered))
    assert m.state == "breached"
    assert LADDER.timeline(m) == ()


def test_priority_raise_in_hours_escalates_from_the_raise() -> None:
    policy = SLAPolicy(
        "p",
        {"normal": [Target("first_reply", "10h")], "urgent": [Target("first_reply", "2h")]},
        calendar=OFFICE,
    )
    raised = [PriorityChange("c", b(2, 10, 30), priority="urgent")]
    (m,) = evaluate(policy, TicketHistory(Ticket("T", b(2, 9)), raised), at=b(2, 10, 45))
    steps = LADDER.timeline(m)
    # 50 % of 2 h was used at 10:00, before the raise: the heads-up is at the raise.
    assert [(s.level, s.at, s.projected) for s in steps[:2]] == [
        ("heads-up", b(2, 10, 30), False),
        ("breach", b(2, 11), True),
    ]
    assert LADDER.level_at(m, b(2, 10, 15)) is None


@given(ladders(business=True), policies(), histories(), st.data())
def test_business_time_ladders_fire_only_in_open_time(
    ladder: EscalationLadder, policy: SLAPolicy, h: TicketHistory, data: st.DataObject
) -> None:
    at = data.draw(
        st.none() | st.just(h.last_event_at + timedelta(hours=data.draw(st.integers(0, 96))))
    )
    for m in _measurements(policy, h, at):
        for s in ladder.timeline(m):
            assert m.calendar.is_open(s.at), (s, m)
        for _, x in m.warnings:
            assert x is None or m.calendar.is_open(x)


def test_level_at_needs_aware_instant() -> None:
    m = first_reply(b(2, 9))
    with pytest.raises(NaiveDatetimeError):
        LADDER.level_at(m, datetime(2026, 3, 2, 12))


def test_config_round_trip_and_errors() -> None:
    data = {
        "levels": [
            {"name": "warn", "trigger": "75%", "targets": ["team-lead"]},
            {"name": "breach", "trigger": "breach", "targets": ["duty-manager"]},
            {
                "name": "L2",
                "trigger": {"after_breach": "2h", "time": "calendar"},
                "targets": ["tier-2"],
                "action": "assign",
            },
        ],
        "repeat": {"every": "1h", "times": 2},
    }
    ladder = EscalationLadder.from_dict(data)
    assert ladder.levels[0].trigger == Trigger.at_fraction(0.75)
    assert ladder.levels[2].trigger.business is False
    assert EscalationLadder.from_dict(ladder.to_dict()) == ladder
    bad: list[tuple[dict[str, Any], str]] = [
        ({"levels": [{"name": "x", "trigger": "150%"}]}, "levels[0].trigger"),
        ({"levels": [{"name": "x", "trigger": {"fraction": 1.5}}]}, "levels[0].trigger.fraction"),
        ({"levels": [{"name": "x", "trigger": {"after_breach": "?"}}]}, "levels[0].trigger.after_breach"),  # noqa: E501
        ({"levels": [{"name": "x"}]}, "levels[0].trigger"),
        ({"levels": [{"name": "", "trigger": "breach"}]}, "levels[0].name"),
        ({"levels": [{"name": "x", "trigger": "breach", "action": "page"}]}, "levels[0].action"),
        ({"levels": []}, "levels"),
        ({"levels": [{"name": "x", "trigger": "breach"}], "repeat": {"times": 2}}, "repeat.every"),
        ({"levels": [{"name": "x", "trigger": "breach"}], "repeat": {"every": 60, "times": 999}}, "repeat.times"),  # noqa: E501
        ({"levels": [{"name": "a", "trigger": 0.9}, {"name": "b", "trigger": 0.5}]}, "levels"),
    ]  # fmt: skip
    for config, path in bad:
        with pytest.raises(ConfigError) as err:
            EscalationLadder.from_dict(config)
        assert err.value.path == path, config


def test_trigger_validation() -> None:
    with pytest.raises(ConfigError):
        Trigger(TriggerKind.BREACH, delay="1h")
    with pytest.raises(ConfigError):
        Trigger(TriggerKind.AFTER_PREVIOUS)
    with pytest.raises(ConfigError):
        Trigger(TriggerKind.AFTER_BREACH, fraction=0.5, delay="1h")
    with pytest.raises(ConfigError):
        EscalationLadder([EscalationLevel("a", Trigger.at_breach())], repeat_every="1h")


def _measurements(
    policy: SLAPolicy, h: TicketHistory, at: datetime | None
) -> tuple[Measurement, ...]:
    return evaluate(policy, h, at=at)


@given(ladders(), policies(), histories(), st.data())
def test_levels_are_monotone_in_time(
    ladder: EscalationLadder, policy: SLAPolicy, h: TicketHistory, data: st.DataObject
) -> None:
    at = data.draw(
        st.none() | st.just(h.last_event_at + timedelta(hours=data.draw(st.integers(0, 96))))
    )
    for m in _measurements(policy, h, at):
        steps = ladder.timeline(m)
        instants = [s.at for s in steps]
        assert instants == sorted(instants)
        # Levels in order; one whose instant fell while the clock was paused is skipped.
        firsts = [s.index for s in steps if s.repeat == 0]
        assert firsts == sorted(set(firsts))
        if ladder.repeat_scope == "last":
            assert all(s.index == len(ladder.levels) - 1 for s in steps if s.repeat > 0)
        # Rounds in order, and levels in order within each round.
        assert [(s.repeat, s.index) for s in steps] == sorted({(s.repeat, s.index) for s in steps})
        if m.stopped_at is not None:
            # A measurement stopped before a level's instant never escalates to it.
            assert all(s.at < m.stopped_at for s in steps)
        if m.state == "achieved":
            assert all(ladder.levels[i].trigger.kind not in BREACH_KINDS for i in firsts)
        probes = (
            sorted(data.draw(st.lists(st.sampled_from(instants), max_size=4))) if instants else []
        )
        levels = [ladder.level_at(m, t) for t in probes]
        ranks = [(s.repeat, s.index) for s in levels if isinstance(s, EscalationStep)]
        assert len(ranks) == len(probes)
        assert ranks == sorted(ranks)


@given(ladders())
def test_generated_ladders_round_trip_through_config(ladder: EscalationLadder) -> None:
    assert EscalationLadder.from_dict(ladder.to_dict()) == ladder


def test_unknown_key_at_depth_names_the_full_path() -> None:
    levels: list[dict[str, Any]] = [
        {"name": "warn", "trigger": "75%"},
        {"name": "late", "trigger": {"after_brech": "2h"}},
    ]
    with pytest.raises(ConfigError) as err:
        EscalationLadder.from_dict({"levels": levels})
    assert err.value.path == "levels[1].trigger.after_brech"
    assert str(err.value) == (
        "levels[1].trigger.after_brech: unknown key 'after_brech'; "
        "expected one of ['after_breach', 'after_previous', 'before_due', 'fraction', 'time']"
    )
    with pytest.raises(ConfigError) as err:
        EscalationLadder.from_dict({"levels": [{"name": "x", "trigger": "breach", "actoin": "x"}]})
    assert str(err.value) == (
        "levels[0].actoin: unknown key 'actoin'; "
        "expected one of ['action', 'name', 'targets', 'trigger']"
    )
    with pytest.raises(ConfigError) as err:
        EscalationLadder.from_dict({"levels": levels[:1], "repeat": {"every": "1h", "tims": 2}})
    assert err.value.path == "repeat.tims"
    expected = "unknown key 'tims'; expected one of ['every', 'scope', 'time', 'times']"
    assert err.value.message == expected


@pytest.mark.parametrize("suffix", [".toml", ".json"])
def test_ladder_file_errors_name_the_file(tmp_path: Path, suffix: str) -> None:
    path = tmp_path / f"ladder{suffix}"
    if suffix == ".toml":
        path.write_text('[[levels]]\nname = "x"\ntrigger = "breach"\ntargts = ["lead"]\n')
    else:
        path.write_text('{"levels": [{"name": "x", "trigger": "breach", "targts": ["lead"]}]}')
    with pytest.raises(ConfigError) as err:
        EscalationLadder.from_file(path)
    assert err.value.source == str(path)
    assert str(err.value).startswith(f"{path}: levels[0].targts: unknown key 'targts'")
    good = EscalationLadder.from_toml('[[levels]]\nname = "x"\ntrigger = "breach"\n')
    assert good == EscalationLadder([EscalationLevel("x", Trigger.at_breach())])


def test_ladder_pickles_name_public_modules_only() -> None:
    ladder = EscalationLadder(
        [
            EscalationLevel("warn", Trigger.at_fraction(0.5), ["lead"]),
            EscalationLevel("late", Trigger.after_breach("1h", business=False), ["tier-2"]),
        ],
        repeat_every="30m",
        repeat_times=2,
    )
    m = first_reply(b(2, 9), at=b(2, 16))
    for value in (ladder, ladder.timeline(m)):
        data = pickle.dumps(value)
        assert b"servicemodel._" not in data, value
        assert pickle.loads(data) == value
