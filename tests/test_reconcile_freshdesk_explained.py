"""Two Freshdesk disagreements the reason explains: a fetch before the snapshot, and a
ticket solved with no reply.

A Freshdesk verdict is the ticket's state when it was fetched (``read_at``): a snapshot of
ours later than the fetch sees a due time pass that the fetch had not, and the reason names
the fetch. A ticket solved before any reply has our first-reply clock achieved (a solve stops
every running reply clock, docs/sla.md) while Freshdesk gives no ``first_responded_at``: the
reason says so.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from servicemodel.io import freshdesk
from servicemodel.reconcile import freshdesk_verdicts, reconcile
from servicemodel.sla import SLAPolicy, Target, evaluate_many

T0 = datetime(2026, 3, 2, 9, tzinfo=UTC)
AT = datetime(2026, 3, 2, 16, tzinfo=UTC)
FIRST_REPLY = SLAPolicy("p", {"normal": [Target("first_reply", "1h", business=False)]}, pause=())
UNANSWERED = {"first_responded_at": None, "resolved_at": None, "reopened_at": None}
FETCH = "the vendor's verdict is as of its fetch at"
SOLVED = "the ticket was solved with no reply"


def _reason(page: list[dict[str, Any]], read_at: datetime | None = None) -> str | None:
    verdicts, errors = freshdesk_verdicts([page], read_at=read_at)
    assert errors == ()
    ours = evaluate_many(FIRST_REPLY, freshdesk.histories([page]), at=AT)
    (clock,) = [c for c in reconcile(verdicts, ours).clocks if c.metric == "first_reply"]
    return clock.reason


def _unanswered(**more: Any) -> list[dict[str, Any]]:
    return [{"id": 5, "created_at": "2026-03-02T09:00:00Z", "updated_at": "2026-03-02T09:30:00Z",
             "status": 2, "priority": 2, "fr_due_by": "2026-03-02T10:00:00Z",
             "fr_escalated": False, "stats": UNANSWERED, **more}]  # fmt: skip


def test_a_fetch_before_our_breach_is_named_in_the_reason() -> None:
    reason = _reason(_unanswered(), read_at=T0 + timedelta(minutes=45))
    assert reason == (
        "verdict differs: vendor active, ours breached; the vendor's verdict is as of its fetch "
        "at 2026-03-02T09:45:00+00:00, before the snapshot (2026-03-02T16:00:00+00:00): ours "
        "breached after the fetch, at 2026-03-02T10:00:00+00:00"
    )


def test_a_vendor_due_time_after_the_snapshot_is_not_explained_by_the_fetch() -> None:
    # Freshdesk's clock would be active at the snapshot too: its due time, 17:00, is after it.
    reason = _reason(_unanswered(fr_due_by="2026-03-02T17:00:00Z"), read_at=T0)
    assert reason is not None
    assert reason.startswith("verdict differs: vendor active, ours breached; due instants")
    assert FETCH not in reason


@settings(max_examples=30, deadline=None)
@given(read=st.integers(min_value=0, max_value=6 * 60))
def test_the_fetch_is_named_exactly_when_our_breach_came_after_it(read: int) -> None:
    # The law: ours breached at 10:00 (due 10:00 on both sides); the vendor, fetched at
    # 09:00 + read, is active up to 10:00 and breached after it. The fetch is named exactly
    # when the vendor is active and our breach is after the fetch.
    reason = _reason(_unanswered(), read_at=T0 + timedelta(minutes=read))
    if read > 60:
        assert reason is None  # both breached at the due instant
        return
    assert reason is not None
    assert reason.startswith("verdict differs: vendor active, ours breached")
    assert (FETCH in reason) == (read < 60)


def test_a_ticket_solved_with_no_reply_says_why_our_first_reply_is_achieved() -> None:
    stats = dict(UNANSWERED, resolved_at="2026-03-02T09:30:00Z")
    page = _unanswered(status=4, stats=stats)
    reason = _reason(page)
    assert reason == (
        "verdict differs: vendor active, ours achieved; the ticket was solved with no reply "
        "(stats.first_responded_at not set, solved at 2026-03-02T09:30:00+00:00); here a solve "
        "stops the first reply clock, see docs/sla.md"
    )
    # Fetched after fr_due_by: Freshdesk breached it; the same explanation.
    late = _reason(page, read_at=AT)
    assert late is not None
    assert late.startswith("verdict differs: vendor breached, ours achieved; " + SOLVED)


def test_a_ticket_answered_or_not_solved_has_no_such_explanation() -> None:
    answered = dict(UNANSWERED, first_responded_at="2026-03-02T09:20:00Z",
                    resolved_at="2026-03-02T09:30:00Z")  # fmt: skip
    assert _reason(_unanswered(status=4, stats=answered)) is None
    reason = _reason(_unanswered(), read_at=AT)  # unanswered, open: both breached
    assert reason is None
    (v,), _ = freshdesk_verdicts([_unanswered()])
    assert not any(SOLVED in note for note in v.notes)


def test_two_fetches_saying_the_same_are_one_verdict_whatever_their_read_at() -> None:
    # When a record was fetched is not what it says: the same state read twice counts once,
    # not as "two different vendor verdicts" on the clock.
    page = _unanswered()
    first, _ = freshdesk_verdicts([page], read_at=T0 + timedelta(minutes=40))
    second, _ = freshdesk_verdicts([page], read_at=T0 + timedelta(minutes=50))
    assert first[0].read_at != second[0].read_at
    ours = evaluate_many(FIRST_REPLY, freshdesk.histories([page]), at=AT)
    (clock,) = reconcile([*first, *second], ours).clocks
    assert clock.reason is not None
    assert clock.reason.startswith("verdict differs: vendor active, ours breached; " + FETCH)
