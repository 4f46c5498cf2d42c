"""The report lists tickets by id, all-digit ids by number, without ``int()`` of the id.

``clock_order`` (the reconcile section) and the ticket metrics section's order took
``int(tid)`` of an all-digit id: one of more than 4,300 digits raised Python's own
``ValueError`` (its int-from-text limit) from the report.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from servicemodel.model import AgentReply, Ticket, TicketHistory
from servicemodel.reconcile import ClockComparison
from servicemodel.report._reconcile import clock_order, id_order
from servicemodel.report._ticket_metrics import ticket_metrics_section

_IDS = st.one_of(
    st.integers(0, 10**30).map(str),
    st.integers(0, 999).map(lambda n: f"00{n}"),
    st.text(alphabet="0123456789AZ-٣", max_size=6),
)


@settings(max_examples=300)
@given(a=_IDS, b=_IDS)
def test_all_digit_ids_sort_by_number_then_text_and_others_after(a: str, b: str) -> None:
    def reference(tid: str) -> tuple[bool, int, str]:  # the int() rule, for short ids
        digits = tid.isascii() and tid.isdigit()
        return (not digits, int(tid) if digits else 0, tid)

    assert (id_order(a) < id_order(b)) == (reference(a) < reference(b))
    assert (id_order(a) == id_order(b)) == (a == b)


def test_an_id_past_the_int_from_text_limit_is_listed() -> None:
    long = "1" * 5000
    cs = [ClockComparison(t, "first_reply", 0, None, "achieved") for t in (long, "9", "A")]
    assert [c.ticket_id for c in sorted(cs, key=clock_order)] == ["9", long, "A"]
    t0 = datetime(2026, 3, 2, 9, tzinfo=UTC)
    hs = [
        TicketHistory(Ticket(tid, t0), [AgentReply("r", t0 + timedelta(minutes=42))])
        for tid in (long, "9")
    ]
    records = [{"ticket_id": tid, "reply_time_in_minutes": {"calendar": 40}} for tid in (long, "9")]
    section = ticket_metrics_section(hs, records)
    assert [c.ticket_id for c in section.disagreements] == ["9", long]
