"""Hostile input to the simulation, escalation ladders and customer journeys, as a new user
would give it: each case was an exception of another kind than the library's own, or an
answer that was silently wrong."""

from __future__ import annotations

from datetime import UTC, datetime

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from servicemodel.errors import ConfigError
from servicemodel.escalation import EscalationLadder, Trigger

T0 = datetime(2026, 3, 2, 9, tzinfo=UTC)


# --- escalation -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "build",
    [
        lambda f: Trigger.at_fraction(f),
        lambda f: Trigger.from_config(f),
        lambda f: Trigger("fraction", f),
        lambda f: EscalationLadder.from_dict({"levels": [{"name": "a", "trigger": f}]}),
    ],
)
def test_a_fraction_past_the_float_range_is_a_config_error_naming_it(build: object) -> None:
    # The percent hint formatted the value as a float first: OverflowError.
    with pytest.raises(ConfigError, match=r"must be in \(0, 1\], got <int of about 401 digits>"):
        build(10**400)  # type: ignore[operator]


@settings(max_examples=50)
@given(f=st.integers(min_value=2) | st.floats(min_value=1, exclude_min=True))
def test_a_fraction_above_one_is_a_config_error_with_a_hint_only_for_percentages(
    f: float,
) -> None:
    with pytest.raises(ConfigError) as info:
        Trigger.at_fraction(f)
    assert info.value.path == "fraction"
    assert ("write " in info.value.message) == (2 <= f <= 100)


def test_a_percentage_written_as_a_fraction_keeps_its_hint() -> None:
    with pytest.raises(ConfigError, match=r"got 75 \(for 75 %, write 0.75 or '75%'\)"):
        Trigger.at_fraction(75)


@pytest.mark.parametrize("where", ["trigger", "repeat"])
@pytest.mark.parametrize("value", [np.array(["business", "calendar"]), np.array([1, 2]), 1])
def test_a_time_that_is_no_text_is_a_config_error_at_its_path(where: str, value: object) -> None:
    # ``value not in ("business", "calendar")`` asked the array's own ==: a ValueError.
    level: dict[str, object] = {"name": "a", "trigger": "breach"}
    data: dict[str, object] = {"levels": [level]}
    if where == "trigger":
        level["trigger"] = {"after_breach": "1h", "time": value}
        path = "levels[0].trigger.time"
    else:
        data["repeat"] = {"every": "1h", "time": value}
        path = "repeat.time"
    with pytest.raises(ConfigError) as info:
        EscalationLadder.from_dict(data)
    assert info.value.path == path
    assert info.value.message.startswith("expected 'business' or 'calendar', got ")


def test_a_str_subclass_time_reads_as_its_text() -> None:
    class Shouty(str):
        def __eq__(self, other: object) -> bool:
            return True

        __hash__ = str.__hash__

    ladder = EscalationLadder.from_dict(
        {"levels": [{"name": "a", "trigger": {"after_breach": "1h", "time": Shouty("calendar")}}]}
    )
    assert ladder.levels[0].trigger.business is False
    with pytest.raises(ConfigError, match=r"repeat\.time"):
        EscalationLadder.from_dict(
            {
                "levels": [{"name": "a", "trigger": "breach"}],
                "repeat": {"every": "1h", "time": Shouty("wall")},
            }
        )
