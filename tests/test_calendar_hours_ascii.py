"""Business hours are written in ASCII digits, as durations are (``parse_duration``).

``\\d`` in a pattern matches any script's digits, so "٠٩:00-17:00" (Arabic-Indic) and
"０９:00-17:00" (fullwidth) were read as 09:00-17:00; they are refused by name now.
"""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from servicemodel.calendar import BusinessCalendar
from servicemodel.errors import ConfigError

_OTHER_DIGITS = st.characters(categories=["Nd"]).filter(lambda c: not c.isascii())


@given(st.integers(0, 10), _OTHER_DIGITS)
def test_a_span_with_another_scripts_digit_is_refused(position: int, digit: str) -> None:
    text = "09:00-17:00"
    slots = [i for i, c in enumerate(text) if c.isdigit()]
    i = slots[position % len(slots)]
    bad = text[:i] + digit + text[i + 1 :]
    with pytest.raises(ConfigError, match="ASCII digits") as caught:
        BusinessCalendar.weekly("UTC", {"mon-fri": [bad]})
    assert repr(bad) in str(caught.value)


def test_ascii_hours_still_read() -> None:
    cal = BusinessCalendar.weekly("UTC", {"mon-fri": [" 09:00 - 17:00 "]})
    assert cal == BusinessCalendar.weekly("UTC", {"mon-fri": ["09:00-17:00"]})


def test_a_wrong_shape_in_ascii_has_no_digit_hint() -> None:
    with pytest.raises(ConfigError) as caught:
        BusinessCalendar.weekly("UTC", {"mon-fri": ["9-5"]})
    assert "ASCII" not in str(caught.value)
