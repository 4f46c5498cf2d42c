"""``digits_order``: the one key by which ticket and event ids are ordered as numbers."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from servicemodel._numbers import digits_order

_DIGITS = st.text(alphabet="0123456789", min_size=1, max_size=40)


@given(_DIGITS, _DIGITS)
def test_all_digit_texts_are_ordered_as_their_numbers(a: str, b: str) -> None:
    ka, kb = digits_order(a), digits_order(b)
    assert ka is not None
    assert kb is not None
    assert (ka < kb, ka == kb) == (int(a) < int(b), int(a) == int(b))


@given(st.text(min_size=0, max_size=20).filter(lambda t: not (t.isascii() and t.isdigit())))
def test_any_other_text_has_no_place_among_numbers(text: str) -> None:
    assert digits_order(text) is None


def test_an_id_past_the_int_from_text_limit_is_ordered_without_int() -> None:
    huge = "9" * 5000
    assert sorted([huge, "0" + huge, "1" + "0" * 5000], key=digits_order) == [
        huge,
        "0" + huge,
        "1" + "0" * 5000,
    ]
