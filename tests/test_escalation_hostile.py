"""Hostile ladder configuration: a ConfigError naming the field, never another error or a stall.

A ladder's steps per clock are ``levels x (repeat_times + 1)``, listed again after every event
by a live desk. Repeats were bounded (100) but levels were not: a ladder of 10,000 levels
repeated 100 times listed a million steps, over ten seconds for each ``TicketSLA.timers``
call. Levels are now bounded too (``MAX_LEVELS``), where the value is built and, for a
file, before any level is read.
"""

from __future__ import annotations

import json
import math
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from servicemodel.errors import ConfigError, ServiceModelError
from servicemodel.escalation import (
    MAX_LEVELS,
    MAX_REPEATS,
    EscalationLadder,
    EscalationLevel,
    Trigger,
)


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
