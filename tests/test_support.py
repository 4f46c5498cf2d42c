"""Tests for support models and their presets (issue 4)."""

from __future__ import annotations

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
    assert err.value.path == "tiers[1]"
    assert set(PRESETS) == {"tiered", "one_team", "personalised", "convenient"}
