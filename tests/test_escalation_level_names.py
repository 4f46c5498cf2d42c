"""A ladder's level names: unique, and the way from a live timer to whom it notifies."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from servicemodel.errors import ConfigError, UnknownKeyError
from servicemodel.escalation import EscalationLadder, EscalationLevel, Trigger
from servicemodel.model import TicketHistory
from servicemodel.sla import SLAPolicy, TicketSLA
from servicemodel.strategies import histories, ladders, policies

T0 = datetime(2026, 3, 2, 9, tzinfo=UTC)


@settings(max_examples=50, deadline=None)
@given(policies(), histories(max_events=6), ladders(max_levels=4))
def test_every_escalation_timer_finds_its_level(
    policy: SLAPolicy, h: TicketHistory, ladder: EscalationLadder
) -> None:
    s = TicketSLA.from_history(policy, h)
    for timer in s.timers(h.created_at, ladder=ladder, past=True):
        if timer.kind == "escalation":
            assert timer.level is not None
            level = ladder.level(timer.level)
            assert level in ladder.levels
            assert level.name == timer.level


@given(ladders(max_levels=4), st.data())
def test_a_second_level_of_one_name_is_refused_naming_both(
    ladder: EscalationLadder, data: st.DataObject
) -> None:
    levels = list(ladder.levels)
    first = data.draw(st.integers(0, len(levels) - 1))
    copy = EscalationLevel(levels[first].name, Trigger.at_breach(), ["someone"])
    at = data.draw(st.integers(first + 1, len(levels)))
    levels.insert(at, copy)
    with pytest.raises(ConfigError) as err:
        EscalationLadder(levels)
    assert str(err.value).startswith(f"levels[{at}].name: level name {copy.name!r}")
    assert f"levels[{first}]" in str(err.value)


def test_a_duplicate_name_in_config_names_its_path() -> None:
    data = {
        "levels": [
            {"name": "lead", "trigger": "75%", "targets": ["team-lead"]},
            {"name": "lead", "trigger": "breach", "targets": ["duty-manager"]},
        ]
    }
    with pytest.raises(ConfigError, match=r"^levels\[1\]\.name: level name 'lead' is also"):
        EscalationLadder.from_dict(data)


def test_an_unknown_level_is_a_key_error_listing_the_names() -> None:
    ladder = EscalationLadder.from_dict(
        {"levels": [{"name": "lead", "trigger": "breach", "targets": ["team-lead"]}]}
    )
    assert ladder.level("lead").targets == ("team-lead",)
    with pytest.raises(UnknownKeyError, match=r"no level named 'boss'.*\['lead'\]") as err:
        ladder.level("boss")
    assert isinstance(err.value, KeyError)


@given(
    st.one_of(
        st.floats(max_value=0, allow_nan=False),
        st.floats(min_value=100, exclude_min=True),
        st.just(float("nan")),
    )
)
def test_a_percentage_out_of_range_is_named_as_written(percent: float) -> None:
    text = f"{percent}%"
    with pytest.raises(ConfigError) as err:
        EscalationLadder.from_dict({"levels": [{"name": "a", "trigger": text}]})
    assert str(err.value) == (
        "levels[0].trigger: a percentage of the target must be above 0% and at most 100%, "
        f"got {text!r}"
    )


@pytest.mark.parametrize(("text", "fraction"), [("100%", 1.0), ("75%", 0.75), ("0.5%", 0.005)])
def test_percentages_in_range_still_read(text: str, fraction: float) -> None:
    ladder = EscalationLadder.from_dict({"levels": [{"name": "a", "trigger": text}]})
    assert ladder.levels[0].trigger.fraction == fraction
