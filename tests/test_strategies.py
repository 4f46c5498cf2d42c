"""The strategies users import are public API: they must produce valid values of their types."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import servicemodel.strategies as sms
from servicemodel._hypothesis_hook import _REGISTRY


@pytest.mark.parametrize(("module", "name"), sorted(_REGISTRY))
def test_registered_types_resolve_through_from_type(module: str, name: str) -> None:
    import importlib

    cls = getattr(importlib.import_module(module), name)

    @settings(max_examples=10)
    @given(st.from_type(cls))
    def check(value: Any) -> None:
        assert isinstance(value, cls)

    check()


# Strategies whose one positional argument is the thing they generate data for (like
# ``st.lists(elements)`` in Hypothesis itself); every *option* stays keyword-only.
_SUBJECT = {"journey_events": ["journey"], "accumulators": ["kind"]}


def test_every_exported_strategy_is_callable_with_defaults() -> None:
    from servicemodel.kpi import NPS

    for name in sms.__all__:
        if name == "journey_events":
            continue
        strategy = getattr(sms, name)(NPS) if name == "accumulators" else getattr(sms, name)()
        assert isinstance(strategy, st.SearchStrategy), name


def test_strategy_options_are_keyword_only() -> None:
    import inspect

    for name in sms.__all__:
        params = inspect.signature(getattr(sms, name)).parameters.values()
        positional = [p.name for p in params if p.kind is p.POSITIONAL_OR_KEYWORD]
        assert positional in ([], ["draw"], _SUBJECT.get(name)), (name, positional)
