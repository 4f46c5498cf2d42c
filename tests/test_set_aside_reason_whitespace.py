"""A set-aside reason ends at the same place however its whitespace is spelled.

``reason_of`` made every run of whitespace one space only after finding where the reason's words
end (at `` [``, `` (``, ``: `` and the like): ``'0\\x85['`` (a NEL before the bracket) gave
``'… ['``, whose own reason is ``'…'``. The space before the end is no part of the reason
either (``'< 0 : 0'`` is ``'<'``, as ``'<'`` is). Found by a long randomized run of the
set-aside fuzz harness.
"""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from servicemodel.report._set_aside import reason_of

#: Whitespace Python's str.split() splits on, beyond the plain space.
_SPACES = st.sampled_from(["\t", "\x0b", "\x0c", "\x1c", "\x85", "\xa0", "\u2028", "\u3000"])


@given(
    head=st.sampled_from(["unknown priority", "not a timestamp", "x"]),
    space=_SPACES,
    tail=st.sampled_from(["[1, 2]", "(opened_at)", "{}"]),
)
def test_a_reason_ends_where_its_own_reason_does(head: str, space: str, tail: str) -> None:
    why = reason_of(f"a.csv: line 4: {head}{space}{tail}")
    assert why == reason_of(f"a.csv: line 4: {head} {tail}") == head
    assert reason_of(why) == why


def test_a_nel_before_a_bracket_after_a_number() -> None:
    assert reason_of("0\x85[") == "…"


def test_a_space_before_the_end_is_no_part_of_the_reason() -> None:
    assert reason_of("< 0 : 0") == "<" == reason_of("<")
