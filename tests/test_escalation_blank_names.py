"""A level's name and its targets are names: blank text (" ") is refused, naming the path.

A level named " " or a target " " was accepted (only "" was refused), while the standards
refuse a blank name: a timer names its level, and a blank one finds no one to notify.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from servicemodel.errors import ConfigError
from servicemodel.escalation import EscalationLadder, EscalationLevel, Trigger
from servicemodel.strategies import ladders

_blank = st.text(alphabet=" \t\n\r\u00a0\u2003", max_size=4)


@given(_blank)
def test_a_blank_level_name_is_refused_where_the_level_is_built(name: str) -> None:
    with pytest.raises(ConfigError) as info:
        EscalationLevel(name, Trigger.at_breach(), ["team-lead"])
    assert info.value.path == "name"
    assert info.value.message == f"expected a non-blank name, got {name!r}"


@given(st.lists(st.sampled_from(["team-lead", "tier-2"]), max_size=3), _blank, st.data())
def test_a_blank_target_is_refused_at_its_index(
    names: list[str], blank: str, data: st.DataObject
) -> None:
    at = data.draw(st.integers(0, len(names)))
    targets = [*names[:at], blank, *names[at:]]
    with pytest.raises(ConfigError) as info:
        EscalationLevel("lead", Trigger.at_breach(), targets)
    assert info.value.path == f"targets[{at}]"
    assert info.value.message == f"expected a non-blank target name, got {blank!r}"


@settings(max_examples=40)
@given(ladders(max_levels=4), st.data())
def test_in_config_each_blank_field_is_named_by_its_path(
    ladder: EscalationLadder, data: st.DataObject
) -> None:
    doc = ladder.to_dict()
    assert EscalationLadder.from_dict(doc) == ladder  # valid ladders still round-trip
    i = data.draw(st.integers(0, len(doc["levels"]) - 1))
    field = data.draw(st.sampled_from(["name", "targets", "one target"]))
    level = dict(doc["levels"][i])
    if field == "name":
        level["name"], path = " ", f"levels[{i}].name"
    elif field == "targets":
        level["targets"], path = " ", f"levels[{i}].targets"  # one target, written alone
    else:
        k = len(level.get("targets", []))
        level["targets"], path = [*level.get("targets", []), "  "], f"levels[{i}].targets[{k}]"
    doc = {**doc, "levels": [*doc["levels"][:i], level, *doc["levels"][i + 1 :]]}
    with pytest.raises(ConfigError) as info:
        EscalationLadder.from_dict(doc)
    assert info.value.path == path
    assert info.value.message.startswith("expected a non-blank ")


def test_a_file_names_itself_and_the_path(tmp_path: Path) -> None:
    path = tmp_path / "ladder.toml"
    path.write_text('[[levels]]\nname = "lead"\ntrigger = "breach"\ntargets = ["x", " "]\n')
    with pytest.raises(ConfigError) as info:
        EscalationLadder.from_file(path)
    assert str(info.value) == (
        f"{path}: levels[0].targets[1]: expected a non-blank target name, got ' '"
    )


def test_wrong_types_and_actions_keep_their_paths() -> None:
    level = {"name": "lead", "trigger": "breach"}
    for extra, path, words in [
        ({"targets": [3]}, "levels[0].targets[0]", "a target must be a name (a string), got int 3"),
        ({"targets": 5}, "levels[0].targets", "expected target names (one, or a list)"),
        ({"action": "page"}, "levels[0].action", "expected 'notify' or 'assign', got 'page'"),
        ({"name": 7}, "levels[0].name", "a level needs a name (a string), got int 7"),
    ]:
        with pytest.raises(ConfigError) as info:
            EscalationLadder.from_dict({"levels": [{**level, **extra}]})
        assert info.value.path == path
        assert info.value.message.startswith(words)
