"""A duration is ASCII text: another script's digits are refused, not read as numbers.

``parse_duration("٣h")`` was 3 hours and ``"１h"`` 1 hour (``\\d`` and ``float`` read any
Unicode digit), so a config line no one could check by eye set a target.
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from servicemodel._config import safe_repr
from servicemodel.errors import ConfigError
from servicemodel.sla._duration import MAX_DURATION, format_duration, parse_duration

_written = st.timedeltas(timedelta(seconds=1), MAX_DURATION).map(format_duration)
_non_ascii_digits = st.characters(categories=["Nd"]).filter(lambda c: not c.isascii())


@settings(max_examples=60)
@given(_written, _non_ascii_digits, st.data())
def test_a_non_ascii_digit_anywhere_is_refused_naming_the_text(
    text: str, digit: str, data: st.DataObject
) -> None:
    assert parse_duration(text) > timedelta(0)  # the ASCII text reads
    places = [i for i, c in enumerate(text) if c.isdigit()]
    i = data.draw(st.sampled_from(places))
    foreign = text[:i] + digit + text[i + 1 :]
    with pytest.raises(ConfigError) as info:
        parse_duration(foreign, path="within")
    err = info.value
    assert err.path == "within"
    assert err.message.startswith(f"cannot read duration {safe_repr(foreign)}: it holds ")
    assert f"(U+{ord(digit):04X}), not ASCII" in err.message


@pytest.mark.parametrize(
    ("text", "char"),
    [("٣h", "٣"), ("１h", "１"), ("PT٣H", "٣"), ("１٣", "１"), ("1h\u00a030m", "\u00a0")],
)
def test_examples_of_other_scripts(text: str, char: str) -> None:
    with pytest.raises(ConfigError) as info:
        parse_duration(text)
    held = f"cannot read duration {safe_repr(text)}: it holds {safe_repr(char)} "
    assert info.value.message.startswith(held)


def test_ascii_forms_still_read() -> None:
    assert parse_duration(" 2d 4h ") == timedelta(days=2, hours=4)
    assert parse_duration("PT4H") == parse_duration("240") == timedelta(hours=4)
