"""Boundary rules of escalation ladders: a step at the evaluation instant is reached, not
projected; a step at the instant the clock pauses is skipped (running intervals are half-open);
a wall-time delay after a breach is wall time; the bounds of 100 levels and 100 repeats are
inclusive (docs/escalation.md and the ladder's docstrings)."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from servicemodel.calendar import BusinessCalendar
from servicemodel.errors import ConfigError
from servicemodel.escalation import EscalationLadder, EscalationLevel, Trigger
from servicemodel.model import Event, PriorityChange, StatusChange, Ticket, TicketHistory
from servicemodel.sla import Measurement, SLAPolicy, Target, evaluate

BERLIN = ZoneInfo("Europe/Berlin")
# 08:00-18:00 Berlin, which is 07:00-17:00 UTC before the change to summer time on 29 March.
OFFICE = BusinessCalendar.weekly("Europe/Berlin", {"mon-fri": "08:00-18:00"})
ALWAYS = BusinessCalendar.always()


def utc(day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(2026, 3, day, hour, minute, tzinfo=UTC)


def measure(
    created: datetime,
    events: list[Event],
    *,
    calendar: BusinessCalendar,
    at: datetime | None = None,
    within: str = "4h",
) -> Measurement:
    policy = SLAPolicy("p", {"normal": [Target("first_reply", within)]}, calendar=calendar)
    (m,) = evaluate(policy, TicketHistory(Ticket("T", created), events), at=at)
    return m


def steps(ladder: EscalationLadder, m: Measurement) -> list[tuple[str, int, datetime, bool]]:
    return [(s.level, s.repeat, s.at.astimezone(UTC), s.projected) for s in ladder.timeline(m)]


def test_a_step_at_the_evaluation_instant_is_reached_not_projected() -> None:
    # "Steps after the measurement's evaluation instant are projections": one at it is not.
    ladder = EscalationLadder(
        [
            EscalationLevel("half", Trigger.at_fraction(0.5), ["lead"]),
            EscalationLevel("breach", Trigger.at_breach(), ["manager"]),
        ],
        repeat_every="1h",
        repeat_times=2,
    )
    # 4 h from 09:00 around the clock: half at 11:00, breach at 13:00, repeats 14:00, 15:00.
    at_half = measure(utc(2, 9), [], calendar=ALWAYS, at=utc(2, 11))
    assert steps(ladder, at_half) == [
        ("half", 0, utc(2, 11), False),
        ("breach", 0, utc(2, 13), True),
        ("breach", 1, utc(2, 14), True),
        ("breach", 2, utc(2, 15), True),
    ]
    at_repeat = measure(utc(2, 9), [], calendar=ALWAYS, at=utc(2, 14))
    assert [projected for *_, projected in steps(ladder, at_repeat)] == [
        False,
        False,
        False,
        True,
    ]


def test_a_step_at_the_instant_the_clock_pauses_is_skipped() -> None:
    # Pending from 11:00 to 12:00: the clock runs in [09:00, 11:00) and from 12:00, so a step
    # due at 11:00 falls while it does not run and is skipped, not delayed.
    pause: list[Event] = [
        StatusChange("p", utc(2, 11), status="pending"),
        StatusChange("o", utc(2, 12), status="open"),
    ]
    m = measure(utc(2, 9), pause, calendar=ALWAYS, at=utc(2, 20))
    ladder = EscalationLadder(
        [EscalationLevel("two hours in", Trigger.after_previous("2h", business=False), ["lead"])]
    )
    assert steps(ladder, m) == []
    just_before = EscalationLadder(
        [EscalationLevel("earlier", Trigger.after_previous("119m", business=False), ["lead"])]
    )
    assert steps(just_before, m) == [("earlier", 0, utc(2, 10, 59), False)]


def test_a_wall_time_reminder_at_a_pause_fires_in_the_next_running_interval() -> None:
    # Mon 2 March, office hours 07:00-17:00 UTC. Created 13:00, 4 h target: the deadline
    # projected while the clock first runs is Tue 07:00 (4 h run out at the close: the next
    # opening). 16 h of wall time before it is Mon 15:00 -- the instant the ticket goes
    # pending, when the clock no longer runs. After the pause (resumed 16:00, 2 h used), the
    # deadline is Tue 08:00 and 16 h before it is Mon 16:00, inside the running interval: the
    # reminder fires then.
    pause: list[Event] = [
        StatusChange("p", utc(2, 15), status="pending"),
        StatusChange("o", utc(2, 16), status="open"),
    ]
    m = measure(utc(2, 13), pause, calendar=OFFICE, at=utc(3, 12))
    assert m.due_at is not None
    assert m.due_at.astimezone(UTC) == utc(3, 8)
    ladder = EscalationLadder(
        [EscalationLevel("remind", Trigger.before_due("16h", business=False), ["lead"])]
    )
    assert steps(ladder, m) == [("remind", 0, utc(2, 16), False)]


def test_a_wall_time_delay_after_a_breach_counts_closed_hours_too() -> None:
    # Breach Mon 17:00 Berlin; 2 h of wall time later is 19:00 the same evening, 2 business
    # hours later Tuesday 09:00 Berlin (17:00-18:00, then 08:00-09:00).
    m = measure(datetime(2026, 3, 2, 13, tzinfo=BERLIN), [], calendar=OFFICE, at=utc(4, 12))
    assert m.breached_at == datetime(2026, 3, 2, 17, tzinfo=BERLIN)
    wall = EscalationLadder([EscalationLevel("L2", Trigger.after_breach("2h", business=False))])
    business = EscalationLadder([EscalationLevel("L2", Trigger.after_breach("2h"))])
    assert [s.at for s in wall.timeline(m)] == [datetime(2026, 3, 2, 19, tzinfo=BERLIN)]
    assert [s.at for s in business.timeline(m)] == [datetime(2026, 3, 3, 9, tzinfo=BERLIN)]


def _levels(n: int) -> list[dict[str, Any]]:
    return [{"name": f"L{i}", "trigger": "breach"} for i in range(n)]


def test_a_ladder_has_up_to_100_levels() -> None:
    assert len(EscalationLadder.from_dict({"levels": _levels(100)}).levels) == 100
    with pytest.raises(ConfigError, match="at most 100 levels"):
        EscalationLadder.from_dict({"levels": _levels(101)})


def test_a_ladder_repeats_up_to_100_times() -> None:
    ladder = EscalationLadder.from_dict(
        {"levels": _levels(1), "repeat": {"every": "1h", "times": 100}}
    )
    assert ladder.repeat_times == 100
    with pytest.raises(ConfigError, match=r"1\.\.100"):
        EscalationLadder.from_dict({"levels": _levels(1), "repeat": {"every": "1h", "times": 101}})


def test_a_breach_made_retroactive_at_night_escalates_at_the_next_opening() -> None:
    # docs/escalation.md: a priority change at night makes the breach retroactive (it happened
    # at the change), but a business-hours ladder's breach level fires at the next opening.
    policy = SLAPolicy(
        "p",
        {"normal": [Target("first_reply", "8h")], "urgent": [Target("first_reply", "1h")]},
        calendar=OFFICE,
    )
    created = datetime(2026, 3, 2, 16, tzinfo=BERLIN)  # 2 business hours used by 18:00
    change = datetime(2026, 3, 2, 20, tzinfo=BERLIN)
    history = TicketHistory(Ticket("T", created), [PriorityChange("c", change, priority="urgent")])
    (m,) = evaluate(policy, history, at=datetime(2026, 3, 3, 12, tzinfo=BERLIN))
    assert m.breached_at == change
    ladder = EscalationLadder([EscalationLevel("breach", Trigger.at_breach(), ["manager"])])
    assert [s.at for s in ladder.timeline(m)] == [datetime(2026, 3, 3, 8, tzinfo=BERLIN)]


def test_a_calendar_time_ladder_round_keeps_its_elapsed_offsets_across_a_dst_change() -> None:
    # Around the clock in Berlin, 4 h from Sat 28 March 23:00 CET (22:00 UTC): half at 00:00
    # UTC, breach at 02:00 UTC (04:00 CEST, after the clocks went forward). The round repeats
    # 1 h of calendar time later and replays the first round's offsets as elapsed time (0 and
    # 2 h, though the wall clock moved 3 h): half at 03:00 UTC, breach at 05:00 UTC.
    always_berlin = BusinessCalendar.weekly("Europe/Berlin", {"mon-sun": "00:00-24:00"})
    created = datetime(2026, 3, 28, 23, tzinfo=BERLIN)
    m = measure(created, [], calendar=always_berlin, at=datetime(2026, 3, 30, tzinfo=UTC))
    ladder = EscalationLadder(
        [
            EscalationLevel("half", Trigger.at_fraction(0.5), ["lead"]),
            EscalationLevel("breach", Trigger.at_breach(), ["manager"]),
        ],
        repeat_every="1h",
        repeat_times=1,
        repeat_business=False,
        repeat_scope="ladder",
    )
    assert [(level, repeat, at) for level, repeat, at, _ in steps(ladder, m)] == [
        ("half", 0, datetime(2026, 3, 29, 0, tzinfo=UTC)),
        ("breach", 0, datetime(2026, 3, 29, 2, tzinfo=UTC)),
        ("half", 1, datetime(2026, 3, 29, 3, tzinfo=UTC)),
        ("breach", 1, datetime(2026, 3, 29, 5, tzinfo=UTC)),
    ]
