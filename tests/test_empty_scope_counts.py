"""Why a report or an assessment has no ticket, said in good grammar for one ticket too.

docs/report.md: a report with no ticket selected says the first rule that emptied it (every
ticket created after the snapshot, or none of those created by it inside --since/--until).
"all 1 tickets were" read wrong: one ticket is "the 1 ticket was".
"""

from __future__ import annotations

from datetime import UTC, datetime

from hypothesis import given
from hypothesis import strategies as st

from servicemodel.report._select import Scope

AT = datetime(2026, 3, 2, 9, tzinfo=UTC)
SINCE = datetime(2026, 3, 1, tzinfo=UTC)


@given(st.integers(1, 10_000))
def test_every_ticket_after_the_snapshot_is_counted_in_its_number(n: int) -> None:
    reason = Scope(AT, None, None, n, n, 0, 0).empty_reason()
    assert reason is not None
    every = "the 1 ticket was" if n == 1 else f"all {n} tickets were"
    assert reason.startswith(f"{every} created after the snapshot instant")


@given(st.integers(1, 10_000), st.integers(0, 100))
def test_none_inside_the_window_is_counted_in_its_number(before: int, after: int) -> None:
    reason = Scope(AT, SINCE, None, before + after, after, before, 0).empty_reason()
    assert reason is not None
    tickets = "ticket" if before == 1 else "tickets"
    assert reason.startswith(f"none of the {before} {tickets} created by ")
