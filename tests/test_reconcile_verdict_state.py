"""A vendor verdict's state is one of three words; anything else is a ConfigError naming it.

``VendorVerdict(state=...)`` used attrs' ``in_`` validator, whose ``ValueError`` is no
``ServiceModelError``: a reader or a caller building verdicts by hand got a plain Python error.
"""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from servicemodel.errors import ConfigError
from servicemodel.reconcile import VendorVerdict

STATES = ("achieved", "breached", "active")


@given(st.one_of(st.text(), st.integers(), st.none(), st.lists(st.text(), max_size=2)))
def test_a_state_is_one_of_three_words_or_a_config_error(state: Any) -> None:
    if state in STATES:
        assert VendorVerdict("1", "reply_time", 1, state).state == state
    else:
        with pytest.raises(ConfigError, match=r"^state: expected one of"):
            VendorVerdict("1", "reply_time", 1, state)


def test_an_int_too_long_to_print_is_named_by_its_size() -> None:
    with pytest.raises(ConfigError, match="int of about 5001 digits"):
        VendorVerdict("1", "reply_time", 1, 10**5000)
