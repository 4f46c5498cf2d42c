"""``str(Reconciliation)`` counts and marks its clocks as the report's section does.

A clock only one side has is no verdict the two sides disagree on: the text rendering counts
it apart ("only ours", "only the vendor's"), never among the clocks compared.
"""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from servicemodel.reconcile import ClockComparison, Reconciliation, VendorVerdict, reconcile
from servicemodel.report._reconcile import ReconcileTally, side
from servicemodel.report._reconcile_render import SIDE_LABELS

_STATES = ("achieved", "breached", "active")
_HEAD = re.compile(
    r"(\d+) clocks compared: (\d+) agree, (\d+) disagree; (\d+) only ours, (\d+) only the "
    r"vendor's"
)


@st.composite
def _clocks(draw: st.DrawFn) -> ClockComparison:
    which = draw(st.sampled_from(("both", "ours_only", "vendor_only")))
    vendor = None if which == "ours_only" else draw(st.sampled_from(_STATES))
    ours = None if which == "vendor_only" else draw(st.sampled_from(_STATES))
    if which == "ours_only":
        reason: str | None = "vendor has no clock for it"
    elif which == "vendor_only":
        reason = draw(st.sampled_from(("we have no clock for it", "we have no such metric")))
    else:
        reason = draw(st.sampled_from((None, f"verdict differs: vendor {vendor}, ours {ours}")))
    return ClockComparison(
        draw(st.sampled_from(("1", "2", "10"))),
        draw(st.sampled_from(("first_reply", "resolution", "pausable_update_time"))),
        draw(st.integers(0, 2)),
        vendor,
        ours,
        reason=reason,
    )


@settings(max_examples=60, deadline=None)
@given(st.lists(_clocks(), max_size=12))
def test_text_counts_the_clocks_as_the_report_section_does(clocks: list[ClockComparison]) -> None:
    """Law: the text's five counts are the report section's overall row for the same clocks,
    and every clock that does not agree is listed once, marked with its side, the
    disagreements first."""
    r = Reconciliation(tuple(clocks))
    lines = str(r).splitlines()
    head = _HEAD.fullmatch(lines[0])
    assert head is not None, lines[0]
    tally = ReconcileTally([], set())
    tally._count(clocks)
    o = tally.section().overall
    assert tuple(map(int, head.groups())) == (
        o.compared, o.agreed, o.disagreed, o.ours_only, o.vendor_only)  # fmt: skip
    assert o.compared + o.ours_only + o.vendor_only == len(clocks)
    listed = lines[1:]
    assert len(listed) == len(r.disagreements)
    expected = sorted(r.disagreements, key=lambda c: side(c) != "both")
    assert listed == [f"  {SIDE_LABELS[side(c)]:<11}  {c}" for c in expected]


def test_a_vendor_only_clock_is_not_compared() -> None:
    (c,) = reconcile([VendorVerdict("9", "pausable_update_time", 1, "achieved")], []).clocks
    text = str(Reconciliation((c,)))
    assert text.splitlines() == [
        "0 clocks compared: 0 agree, 0 disagree; 0 only ours, 1 only the vendor's",
        "  vendor only  ticket 9 pausable_update_time#0: vendor achieved, ours - -- "
        "we have no such metric",
    ]
