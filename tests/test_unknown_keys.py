"""Lookups by a name a value does not hold: an UnknownKeyError, a ServiceModelError and a KeyError.

``except ServiceModelError`` catches every error of the library; ``in``, ``.get`` and code that
catches ``KeyError`` keep working, because the error is a ``KeyError`` too.
"""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from servicemodel._config import join
from servicemodel.errors import InputTypeError, ServiceModelError, UnknownKeyError, require_aware
from servicemodel.kpi import NPS
from servicemodel.servqual import SERVQUAL_1991, ServqualResponse

RESPONSE = ServqualResponse({1: 7, 2: 6}, {1: 5, 2: 6})


@given(st.one_of(st.integers(), st.text(), st.none(), st.floats(allow_nan=False)))
def test_a_servqual_answer_to_no_such_item_is_an_unknown_key(item: Any) -> None:
    if item in (1, 2) and not isinstance(item, bool):
        assert RESPONSE.perception(item) - RESPONSE.expectation(item) == RESPONSE.gap(item)
        return
    for lookup in (RESPONSE.perception, RESPONSE.expectation):
        with pytest.raises(UnknownKeyError, match="answered: \\[1, 2\\]") as info:
            lookup(item)
        assert isinstance(info.value, KeyError)
        assert isinstance(info.value, ServiceModelError)


def test_unknown_items_and_counts_say_what_there_is() -> None:
    with pytest.raises(UnknownKeyError) as info:
        SERVQUAL_1991.dimension_of(99)
    assert "99" in str(info.value)
    assert not str(info.value).startswith("'")
    estimate = NPS.empty().add_many([10, 9, 0]).result()
    with pytest.raises(UnknownKeyError, match="has no count 'fans'"):
        estimate.count("fans")


def test_messages_survive_labels_past_the_int_text_limit() -> None:
    with pytest.raises(InputTypeError, match="digits"):
        require_aware(5, 10**5000)  # type: ignore[arg-type]
    assert join("rows", 10**5000).startswith("rows[<int of about 5001 digits")
    assert join("rows", 3) == "rows[3]"
