"""Tests for support models and their presets (issue 4)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from servicemodel.errors import ConfigError
from servicemodel.support import PRESETS, HandOff, SupportModel, Tier


@pytest.mark.parametrize("name", ["tiered", "one_team", "one team", "personalised", "convenient"])
def test_presets_exist_and_are_documented(name: str) -> None:
    m = SupportModel.preset(name)
    assert m.description
    assert m.choose_when
    assert SupportModel.from_dict(m.to_dict()) == m


def test_tiered_is_functional_escalation() -> None:
    m = SupportModel.preset("tiered")
    assert m.path("L1") == ("L1", "L2", "L3")
    assert m.max_handoffs == 2
    assert not m.dedicated_owner


def test_one_team_never_hands_off() -> None:
    m = SupportModel.preset("one_team")
    assert m.path(m.tiers[0].name) == (m.tiers[0].name,)
    assert m.max_handoffs == 0


def test_personalised_backup_keeps_the_owner() -> None:
    m = SupportModel.preset("personalised")
    assert m.dedicated_owner
    assert m.next_tier("dedicated") is None  # a consult of the backup is not a transfer
    assert m.max_handoffs == 0


def test_convenient_starts_with_self_service() -> None:
    m = SupportModel.preset("convenient")
    assert m.tiers[0].self_service
    assert not any(t.self_service for t in m.tiers[1:])
    assert m.path("self-service")[-1] == "specialists"


def test_handoffs_must_move_up_to_known_tiers() -> None:
    tiers = [Tier("a"), Tier("b")]
    with pytest.raises(ConfigError, match="later tier"):
        SupportModel("x", tiers, [HandOff("b", "a")])
    with pytest.raises(ConfigError, match="unknown tier"):
        SupportModel("x", tiers, [HandOff("a", "c")])
    with pytest.raises(ConfigError, match="unique"):
        SupportModel("x", [Tier("a"), Tier("a")])
    with pytest.raises(ConfigError, match="at least one"):
        SupportModel("x", [])


def test_unknown_preset_and_tier() -> None:
    with pytest.raises(ConfigError, match="presets are"):
        SupportModel.preset("chaos")
    with pytest.raises(ConfigError):
        SupportModel.preset("tiered").next_tier("L9")


def test_from_dict_errors_name_the_path() -> None:
    with pytest.raises(ConfigError) as err:
        SupportModel.from_dict({"name": "x", "tiers": [{"name": "a"}, {"name": ""}]})
    # The path names the key itself (one config layer: full paths), not just its table.
    assert err.value.path == "tiers[1].name"
    assert set(PRESETS) == {"tiered", "one_team", "personalised", "convenient"}


@pytest.mark.parametrize(
    ("data", "path", "message"),
    [
        (
            {"name": "x", "tiers": [{"name": "a"}, {"name": "b", "handle": ["bugs"]}]},
            "tiers[1].handle",
            "unknown key 'handle'; expected one of "
            "['handles', 'name', 'self_service', 'staffed_by']",
        ),
        (
            {
                "name": "x",
                "tiers": [{"name": "a"}],
                "handoffs": [{"from": "a", "to": "a", "why": ""}],
            },
            "handoffs[0].why",
            "unknown key 'why'; expected one of ['from', 'keeps_owner', 'to', 'when']",
        ),
        ({"name": "x", "tier": []}, "tier", "unknown key 'tier'; expected one of"),
        ({"name": "x", "tiers": 5}, "tiers", "expected a list of tiers, got 5"),
        (
            {"name": "x", "tiers": [{"name": "a", "handles": 5}]},
            "tiers[0].handles",
            "expected a list",
        ),
        (
            {"name": "x", "tiers": [{"name": "a", "handles": [""]}]},
            "tiers[0].handles[0]",
            "non-empty",
        ),
        ({"name": "x", "tiers": [{"name": "a"}], "handoffs": 5}, "handoffs", "expected a list"),
        (
            {"name": "x", "tiers": [{"name": "a"}], "handoffs": [{"to": "a"}]},
            "handoffs[0].from",
            "missing",
        ),
        (
            {"name": "x", "tiers": [{"name": "a"}], "dedicated_owner": 1},
            "dedicated_owner",
            "true or false",
        ),
        ({"name": "x", "tiers": []}, "tiers", "at least one tier"),
    ],
)
def test_config_errors_carry_the_full_path(
    data: dict[str, object], path: str, message: str
) -> None:
    with pytest.raises(ConfigError) as info:
        SupportModel.from_dict(data)
    assert info.value.path == path
    assert message in info.value.message
    assert str(info.value).startswith(f"{path}: ")


def test_unknown_tier_key_is_a_config_error_not_a_type_error() -> None:
    # Tier(**table) used to leak "Tier.__init__() got an unexpected keyword argument 'handle'".
    with pytest.raises(ConfigError) as info:
        SupportModel.from_dict({"name": "x", "tiers": [{"name": "a", "handle": []}]})
    assert "__init__" not in str(info.value)


def test_read_from_a_file_names_the_file(tmp_path: Path) -> None:
    good = tmp_path / "support.json"
    good.write_text(json.dumps(SupportModel.preset("tiered").to_dict()), encoding="utf-8")
    assert SupportModel.from_file(good) == SupportModel.preset("tiered")
    bad = tmp_path / "support.toml"
    bad.write_text('name = "x"\n[[tiers]]\nname = "L1"\nhandle = ["triage"]\n', encoding="utf-8")
    with pytest.raises(ConfigError) as info:
        SupportModel.from_file(bad)
    assert info.value.source == str(bad)
    assert info.value.path == "tiers[0].handle"
    assert str(info.value).startswith(f"{bad}: tiers[0].handle: unknown key 'handle'")
