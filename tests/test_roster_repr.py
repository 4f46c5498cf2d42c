"""A Roster's repr is short, as a RateProfile's: 336 counts filled a notebook cell.

The same count all week shows as the list that makes it (and reads back to an equal roster);
any other roster shows its slot count and the range of its counts.
"""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from servicemodel.simulate import Roster

ZONES = st.sampled_from([None, "Europe/Berlin", "Asia/Kolkata"])


@given(count=st.integers(1, 10**6), slots=st.sampled_from([168, 336]), zone=ZONES)
def test_one_count_all_week_reads_back_from_its_repr(
    count: int, slots: int, zone: str | None
) -> None:
    roster = Roster([count] * slots) if zone is None else Roster([count] * slots, tz=zone)
    shown = repr(roster)
    assert shown.startswith(f"Roster([{count}] * {slots}")
    assert eval(shown, {"Roster": Roster}) == roster  # our own repr, read back


@given(counts=st.lists(st.integers(0, 500), min_size=336, max_size=336), zone=ZONES)
def test_any_roster_shows_its_slots_and_range_in_one_line(
    counts: list[int], zone: str | None
) -> None:
    if not any(counts):
        counts[0] = 1
    roster = Roster(counts) if zone is None else Roster(counts, tz=zone)
    shown = repr(roster)
    assert len(shown) < 100
    if min(counts) != max(counts):
        assert f"<336 half-hourly counts from {min(counts)} to {max(counts)}>" in shown
    if zone is not None:
        assert shown.endswith(f", tz={zone!r})")
