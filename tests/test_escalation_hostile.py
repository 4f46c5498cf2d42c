"""Hostile ladder configuration: a ConfigError naming the field, never another error or a stall.

A ladder's steps per clock are ``levels x (repeat_times + 1)``, listed again after every event
by a live desk. Repeats were bounded (100) but levels were not: a ladder of 10,000 levels
repeated 100 times listed a million steps, over ten seconds for each ``TicketSLA.timers``
call. Levels are now bounded too (``MAX_LEVELS``), where the value is built and, for a
file, before any level is read. A delay or a repeat that a calendar cannot answer (decades of
open time on a calendar open two hours a week) is a CalendarError naming the level or the
repeat; it said only "the answer lies more than 200 years away".
"""

from __future__ import annotations

import json
import math
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from servicemodel.errors import CalendarError, ConfigError, ServiceModelError
from servicemodel.escalation import (
    MAX_LEVELS,
    MAX_REPEATS,
    EscalationLadder,
    EscalationLevel,
    Trigger,
)
from servicemodel.model import Ticket, TicketHistory
from servicemodel.sla import SLAPolicy, TicketSLA, evaluate


def _levels(n: int) -> list[dict[str, Any]]:
    return [{"name": f"L{i}", "trigger": {"after_previous": "1m"}} for i in range(n)]


def test_a_hundred_levels_are_a_ladder() -> None:
    ladder = EscalationLadder.from_dict({"levels": _levels(MAX_LEVELS)})
    assert len(ladder.levels) == MAX_LEVELS == 100
    assert EscalationLadder.from_dict(ladder.to_dict()) == ladder


@pytest.mark.parametrize("n", [MAX_LEVELS + 1, 10_000])
def test_more_levels_are_a_config_error_at_levels(n: int) -> None:
    with pytest.raises(ConfigError, match=rf"^levels: a ladder has at most 100 levels, got {n}$"):
        EscalationLadder.from_dict({"levels": _levels(n)})
    built = [EscalationLevel(f"L{i}", Trigger.after_previous("1m")) for i in range(n)]
    with pytest.raises(ConfigError, match=rf"^levels: a ladder has at most 100 levels, got {n}$"):
        EscalationLadder(built)


def test_a_file_with_too_many_levels_names_the_file_and_the_field(tmp_path: Path) -> None:
    path = tmp_path / "ladder.toml"
    path.write_text(
        "".join(f'[[levels]]\nname = "L{i}"\ntrigger = "breach"\n' for i in range(101)),
        encoding="utf-8",
    )
    with pytest.raises(ConfigError) as info:
        EscalationLadder.from_file(path)
    assert str(info.value) == f"{path}: levels: a ladder has at most 100 levels, got 101"


# -- any value in any field: a ConfigError naming the field, or a ladder that reads back -----

_BASE: dict[str, Any] = {
    "levels": [
        {"name": "agent", "trigger": "breach", "targets": ["assignee"], "action": "notify"},
        {"name": "lead", "trigger": {"after_previous": "30m", "time": "business"}},
    ],
    "repeat": {"every": "1h", "times": 2, "time": "business", "scope": "ladder"},
}
_FIELDS = [
    ("levels", 0, "name"),
    ("levels", 0, "trigger"),
    ("levels", 0, "targets"),
    ("levels", 0, "action"),
    ("levels", 1, "trigger", "after_previous"),
    ("levels", 1, "trigger", "time"),
    ("repeat", "every"),
    ("repeat", "times"),
    ("repeat", "time"),
    ("repeat", "scope"),
]
_HOSTILE = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(2**70), max_value=2**70),
    st.floats(),  # NaN, infinities, negatives, huge
    st.sampled_from(
        [
            "",
            " ",
            "-2h",
            "0s",
            "-PT1H",
            "P1000Y",
            "1e400",
            "nan",
            "inf%",
            "101%",
            "-5%",
            "Ladder",
            "LAST",
            "calendar ",
            "\u200bbreach",
            "名前",
            "🔥",
            "2h\x00",
            "75",
        ]
    ),
    st.text(max_size=8),
    st.lists(st.integers(-3, 3), max_size=2),
    st.dictionaries(st.sampled_from(["after_breach", "before_due", "x"]), st.text(max_size=3)),
)


def _path_text(field: tuple[Any, ...]) -> str:
    out = ""
    for part in field:
        out += f"[{part}]" if isinstance(part, int) else f".{part}" if out else part
    return out


@settings(max_examples=150, deadline=None)
@given(field=st.sampled_from(_FIELDS), value=_HOSTILE)
def test_any_value_in_any_field_is_refused_by_path_or_reads_back(
    field: tuple[Any, ...], value: Any
) -> None:
    data = json.loads(json.dumps(_BASE))
    target = data
    for part in field[:-1]:
        target = target[part]
    target[field[-1]] = value
    refused: ServiceModelError | None = None
    try:
        ladder = EscalationLadder.from_dict(data)
    except ServiceModelError as exc:
        refused = exc
    if refused is not None:
        assert isinstance(refused, ConfigError)
        assert str(refused).startswith(_path_text(field[:2]))  # the level or the repeat
        return
    # Accepted: the value is one the ladder can hold, and it survives its file form.
    assert EscalationLadder.from_dict(json.loads(json.dumps(ladder.to_dict()))) == ladder
    assert 1 <= len(ladder.levels) <= MAX_LEVELS
    assert 0 <= ladder.repeat_times <= MAX_REPEATS
    every = ladder.repeat_every
    assert every is not None
    assert math.isfinite(every.total_seconds())
    assert every.total_seconds() > 0


# -- a delay or repeat past what a calendar answers: an error naming the level or the repeat --

_SPARSE = SLAPolicy.from_dict(
    {
        "name": "sparse",  # open two hours a week, across Lord Howe's half-hour DST shift
        "calendar": {"tz": "Australia/Lord_Howe", "hours": {"sun": "01:00-03:00"}},
        "targets": {"normal": [{"metric": "first_reply", "within": "4h"}]},
    }
)
_T0 = datetime(2026, 3, 2, 9, tzinfo=UTC)


@pytest.mark.parametrize(
    ("ladder", "where"),
    [
        (
            {
                "levels": [
                    {"name": "z", "trigger": "breach"},
                    {"name": "far", "trigger": {"after_breach": "870000h"}},
                ]
            },
            "levels[1] 'far' (trigger {'after_breach': '36250d', 'time': 'business'}): ",
        ),
        (
            {
                "levels": [{"name": "z", "trigger": "breach"}],
                "repeat": {"every": "876000h", "times": 3},
            },
            "repeat 1 of 3 (every 36500d, business time): ",
        ),
        (
            {
                "levels": [{"name": "z", "trigger": "breach"}],
                "repeat": {"every": "9000h", "times": 100, "scope": "ladder"},
            },
            "repeat 93 of 100 (every 375d, business time): ",
        ),
    ],
)
def test_a_step_past_the_calendars_reach_names_the_level_or_the_repeat(
    ladder: dict[str, Any], where: str
) -> None:
    lad = EscalationLadder.from_dict(ladder)
    (m,) = evaluate(_SPARSE, TicketHistory(Ticket("T", _T0), []), at=_T0 + timedelta(days=3))
    with pytest.raises(CalendarError) as batch:
        lad.timeline(m)
    assert str(batch.value).startswith(where)
    with pytest.raises(CalendarError) as live:
        TicketSLA(_SPARSE, Ticket("T", _T0)).timers(ladder=lad)
    assert str(live.value).startswith("ticket 'T' (created 2026-03-02T09:00:00+00:00")
    assert where in str(live.value)
