"""A set-aside record is counted by the reader's own date-order hint, which the reader puts
after the value it quotes: a value that itself reads like a hint ('dayfirst=false reads
M/D/Y' in a timestamp cell) does not turn the record's order around."""

from __future__ import annotations

from _deadline import deadline
from servicemodel.report._set_aside import date_order_warning

_VALUE = "dayfirst=false reads M/D/Y"


def test_a_value_reading_like_a_hint_is_not_the_records_hint() -> None:
    text = (
        f"a.csv: line 2: Created: ticket '1': Created '{_VALUE}': not a valid M/D/Y timestamp: "
        f"'{_VALUE}' (dayfirst=True reads D/M/Y)"
    )
    warning = date_order_warning([text])
    assert warning is not None
    assert warning.startswith("1 of them read only day first (D/M/Y)")
    assert warning.endswith("read it with dayfirst = true")


def test_records_are_counted_by_their_own_hints_in_a_mix() -> None:
    day = (
        f"a.csv: line 2: time: '{_VALUE}': not a valid M/D/Y timestamp: '13/1/2026' "
        "(dayfirst=True reads D/M/Y)"
    )
    month = (
        "b.csv: line 3: time: not a valid D/M/Y timestamp: '1/13/2026' (dayfirst=False reads M/D/Y)"
    )
    warning = date_order_warning([day, month])
    assert warning is not None
    assert warning.startswith("2 of them read only in the other order: 1 only day first")


def test_many_hint_beginnings_without_a_hint_take_linear_time() -> None:
    # "dayfirst=true " 8,000 times and no "reads": 8 s with an unbounded gap in the pattern.
    with deadline(1, "date_order_warning"):
        assert date_order_warning(["dayfirst=true " * 8000]) is None
        assert date_order_warning(["dayfirst=true (dayfirst=True reads D/M/Y) " * 4000])
