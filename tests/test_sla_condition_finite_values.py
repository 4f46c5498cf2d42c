"""A policy condition's attribute value is what a ticket's attribute can be (docs/sla.md,
"Conditions"): NaN equals nothing, and no ticket holds NaN or an infinity (a ticket's float
is finite, docs/concepts.md), so a condition on either could match no ticket and is a
``ConfigError`` at the field's path, the file named when it was read from one.
"""

from __future__ import annotations

import math
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from servicemodel.errors import ConfigError
from servicemodel.model import Ticket
from servicemodel.sla import AttributeIn, PolicySet

T0 = datetime(2026, 3, 2, 9, tzinfo=UTC)
FLOATS = st.floats(allow_nan=True, allow_infinity=True) | st.sampled_from(
    [math.nan, -math.nan, math.inf, -math.inf, -0.0, 1e308]
)
#: A value alone, or in a list with others a ticket can hold.
SPELLINGS = st.sampled_from(["alone", "first", "last"])


def _values(value: float, spelling: str) -> Any:
    return {"alone": value, "first": [value, "gold"], "last": ["gold", 3, value]}[spelling]


def _policies(values: Any) -> dict[str, Any]:
    return {"policies": [{"name": "p", "targets": {}, "condition": {"attributes": {"n": values}}}]}


@given(FLOATS, SPELLINGS)
def test_a_condition_holds_a_float_only_when_a_ticket_can(value: float, spelling: str) -> None:
    values = _values(value, spelling)
    if math.isfinite(value):
        condition = AttributeIn("n", values)
        # Kept, and it matches the ticket that holds it: a value any ticket can have.
        assert condition.matches(Ticket("T", T0, attributes={"n": value}))
        assert not condition.matches(Ticket("T", T0))
        PolicySet.from_dict(_policies(values))
        return
    with pytest.raises(ConfigError, match=r"NaN or an infinity: it equals no ticket's value"):
        AttributeIn("n", values)
    with pytest.raises(ConfigError) as err:
        PolicySet.from_dict(_policies(values))
    # A value in a list is named by its place in it.
    place = {"alone": "", "first": "[0]", "last": "[2]"}[spelling]
    assert err.value.path == f"policies[0].condition.attributes.n{place}"
    assert "NaN or an infinity" in err.value.message
    assert repr(value) in err.value.message  # the value itself: nan, inf or -inf


@given(FLOATS)
def test_a_condition_refuses_exactly_the_values_a_ticket_refuses(value: float) -> None:
    try:
        Ticket("T", T0, attributes={"n": value})
        ticket_ok = True
    except ConfigError:
        ticket_ok = False
    try:
        AttributeIn("n", [value])
        condition_ok = True
    except ConfigError:
        condition_ok = False
    assert ticket_ok == condition_ok == math.isfinite(value)


@pytest.mark.parametrize("literal", ["inf", "-inf", "+inf", "nan", "1e400", "[1, -inf]"])
def test_a_toml_policy_file_with_a_non_finite_value_names_the_file_and_field(
    tmp_path: Path, literal: str
) -> None:
    # TOML writes NaN and the infinities as literals; 1e400 reads as an infinity.
    path = tmp_path / "policies.toml"
    path.write_text(
        '[[policies]]\nname = "p"\n[policies.targets]\n'
        f"[policies.condition.attributes]\nscore = {literal}\n",
        encoding="utf-8",
    )
    with pytest.raises(ConfigError) as err:
        PolicySet.from_file(path)
    place = "[1]" if literal.startswith("[") else ""
    assert str(err.value).startswith(f"{path}: policies[0].condition.attributes.score{place}: ")
    assert "NaN or an infinity" in str(err.value)


def test_a_json_policy_file_whose_number_overflows_to_an_infinity_names_the_file(
    tmp_path: Path,
) -> None:
    # JSON has no infinity, but Python reads 1e400 as one (a NaN literal is refused sooner).
    path = tmp_path / "policies.json"
    path.write_text(
        '{"policies": [{"name": "p", "targets": {}, '
        '"condition": {"attributes": {"score": [1e400]}}}]}',
        encoding="utf-8",
    )
    with pytest.raises(ConfigError) as err:
        PolicySet.from_file(path)
    assert str(err.value).startswith(f"{path}: policies[0].condition.attributes.score[0]: ")
    assert "got inf" in str(err.value)
