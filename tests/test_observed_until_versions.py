"""A ticket listed more than once (an incremental export re-lists a ticket each time it is
updated) counts for its latest ``updated``, whatever the order the versions are read in."""

from __future__ import annotations

import json
import random
import tempfile
from datetime import UTC, datetime, timedelta
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from servicemodel.io import zendesk
from servicemodel.io._observed import Updates
from servicemodel.model import Ticket, TicketHistory

T0 = datetime(2026, 3, 2, 9, tzinfo=UTC)
_OFFSETS = st.integers(min_value=0, max_value=24 * 60 * 20).map(lambda m: timedelta(minutes=m))


@given(st.lists(st.tuples(st.sampled_from("ABC"), st.none() | _OFFSETS), max_size=12))
def test_each_ticket_counts_for_its_latest_update_in_any_order(
    notes: list[tuple[str, timedelta | None]],
) -> None:
    updates = Updates()
    for tid, after in notes:
        updates.note(tid, None if after is None else T0 + after)
    loaded = [TicketHistory(Ticket("A", T0), []), TicketHistory(Ticket("B", T0), [])]
    expected = [T0 + d for tid, d in notes if tid in "AB" and d is not None]
    assert updates.until(loaded) == max(expected, default=None)


@settings(max_examples=25, deadline=None)
@given(st.lists(_OFFSETS, min_size=2, max_size=4), st.randoms(use_true_random=False))
def test_zendesk_a_relisted_ticket_counts_for_its_latest_update(
    updated: list[timedelta], order: random.Random
) -> None:
    versions = [
        {"id": 1, "created_at": T0.isoformat(), "status": "new",
         "updated_at": (T0 + d).isoformat()}
        for d in updated
    ]  # fmt: skip
    order.shuffle(versions)
    with tempfile.TemporaryDirectory() as tmp:
        paths = []
        for i, version in enumerate(versions):  # one page per version, read in this order
            path = Path(tmp) / f"page{i}.json"
            path.write_text(json.dumps({"tickets": [version]}), encoding="utf-8")
            paths.append(path)
        result = zendesk.load(paths)
    assert [h.id for h in result.histories] == ["1"]
    assert result.observed_until == T0 + max(updated)
