"""servicemodel.io.zendesk: a merge closes the ticket merged away, not the one merged into.

Zendesk's Merge Tickets endpoint (``POST /api/v2/tickets/{id}/merge``) updates both sides:
it closes each source ticket with its ``source_comment`` and adds a ``target_comment`` to the
target, which lives on. Both updates come through the merge, so an audit whose
``via.source.rel`` is ``merge`` is no proof by itself that its ticket was merged away: only
the one that closes the ticket is. The fixtures in ``tests/data/zendesk/merge_target/`` are
written by hand in the documented audit shape.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from servicemodel.io import zendesk
from servicemodel.io.eventlog import Skipped
from servicemodel.model import AgentReply, Status
from test_io_zendesk import audit, change, comment, page, ticket

DATA = Path(__file__).parent / "data" / "zendesk" / "merge_target"
MERGE = {"channel": "merge", "source": {"from": {"ticket_id": 2}, "to": {}, "rel": "merge"}}


def test_the_target_lives_on_and_the_source_is_skipped() -> None:
    found = zendesk.load([DATA / "tickets.json", DATA / "audits.json"])
    assert not found.errors
    (target,) = found.histories
    assert target.id == "8201"
    assert target.status_at(target.last_event_at) is Status.CLOSED
    assert target.first_reply_at() is not None
    assert [type(e) for e in target.events].count(AgentReply) == 1
    assert found.skipped == (Skipped("8202", "merged"),)


def test_a_merge_comment_alone_does_not_make_a_closed_ticket_merged() -> None:
    audits = [
        audit(1, "2026-03-02T09:00:00Z", comment(11, 100)),
        audit(2, "2026-03-02T10:00:00Z", comment(21, 7, public=False), via=MERGE),
        audit(3, "2026-03-02T11:00:00Z", change(31, "status", "closed", "new")),
    ]
    stream = zendesk.histories([page(ticket(status="closed", requester_id=100))], audits)
    (h,) = list(stream)
    assert stream.skipped == ()
    assert h.status_at(h.last_event_at) is Status.CLOSED


@settings(max_examples=30, deadline=None)
@given(st.booleans(), st.booleans(), st.booleans())
def test_merged_exactly_when_a_merge_closes_it_or_the_tag_says_so(
    closes_in_merge: bool, tagged: bool, merge_comment_first: bool
) -> None:
    events: list[Any] = [comment(21, 7, public=False)]
    if closes_in_merge:
        events.append(change(22, "status", "closed", "new"))
    audits = [audit(1, "2026-03-02T09:00:00Z", comment(11, 100))]
    merge = audit(2, "2026-03-02T10:00:00Z", *events, via=MERGE)
    close = audit(3, "2026-03-02T11:00:00Z", change(31, "status", "closed", "new"))
    audits += [merge] if closes_in_merge else ([merge, close] if merge_comment_first else [close])
    tags = ["closed_by_merge"] if tagged else []
    stream = zendesk.histories([page(ticket(status="closed", requester_id=100, tags=tags))], audits)
    kept = list(stream)
    merged = closes_in_merge or tagged
    assert (stream.skipped == (Skipped("1", "merged"),)) is merged
    assert len(kept) == (0 if merged else 1)
