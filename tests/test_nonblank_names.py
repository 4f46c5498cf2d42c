"""A blank name is refused by one rule, with one message naming the value and the path.

Tiers, hand-offs and support models, service standards (read or built), blueprints and journey
stages all check their names with ``_validators.require_nonblank``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from servicemodel._config import safe_repr
from servicemodel._validators import require_nonblank
from servicemodel.blueprint import Blueprint
from servicemodel.errors import ConfigError
from servicemodel.journey import Stage
from servicemodel.standards import ServiceStandards
from servicemodel.support import Tier

NAMED: dict[str, Callable[[Any], Any]] = {
    "Tier.from_dict": lambda name: Tier.from_dict({"name": name}),
    "ServiceStandards.from_dict": lambda name: ServiceStandards.from_dict({"name": name}),
    "ServiceStandards": ServiceStandards,
    "Blueprint.from_dict": lambda name: Blueprint.from_dict({"name": name}),
    "Stage": Stage,
}

blanks = st.text(alphabet=" \t\n\r\u00a0\u2003", max_size=5)


@pytest.mark.parametrize("where", sorted(NAMED))
@settings(max_examples=15)
@given(blank=blanks)
def test_a_blank_name_is_refused_alike(where: str, blank: str) -> None:
    with pytest.raises(ConfigError) as info:
        NAMED[where](blank)
    assert info.value.path == "name"
    assert info.value.message == f"expected a non-empty name, got {safe_repr(blank)}"


@settings(max_examples=50)
@given(value=st.one_of(st.text(), st.integers(), st.none()))
def test_require_nonblank_keeps_text_with_something_in_it(value: Any) -> None:
    if isinstance(value, str) and value.strip():
        assert require_nonblank(value, "name") is value
    else:
        with pytest.raises(ConfigError, match=r"^where\.name: expected a non-empty tier name"):
            require_nonblank(value, "where.name", "tier name")
