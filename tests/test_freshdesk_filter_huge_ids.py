"""A Freshdesk filter page whose ticket id is past the int-to-text limit: that ticket's error.

``freshdesk.histories`` raised ``ValueError`` (Python's int-to-text digit limit, 4,300 digits)
counting a filter page's tickets for its completeness warning (``FilterTotals``) when a
ticket's id is an int of more than 4,300 digits, given from Python (JSON refuses such a
number as the line's error): the ticket is its own error, and the warning counts it as no
ticket read.
"""

from __future__ import annotations

from servicemodel.io import freshdesk
from servicemodel.io._complete import filter_shortfall


def test_a_filter_page_with_an_id_past_the_digit_limit_is_that_tickets_error() -> None:
    page = {"results": [{"id": 10**5000, "created_at": "2026-03-02T09:00:00Z"}], "total": 3}
    stream = freshdesk.histories([page], on_error="collect")
    assert list(stream) == []
    (err,) = stream.errors
    assert str(err) == (
        "tickets[0].results[0].id: id <int of about 5001 digits>: expected an id (a number "
        "or a non-blank string)"
    )
    (warning,) = stream.warnings
    assert warning.startswith("Freshdesk filter query (total 3, 1 page: tickets[0]): 0 of its 3")


def test_filter_shortfall_counts_no_such_id() -> None:
    page = {"results": [{"id": 10**5000}, {"id": 7}], "total": 2}
    (warning,) = filter_shortfall([("a.json", page)])
    assert "1 of its 2 tickets read, 1 missing" in warning


def test_the_vendor_reading_names_a_ticket_as_the_completeness_check_does() -> None:
    # The vendor SLA reading tells the export's tickets by id (a bad due time of a ticket the
    # export set aside is the export's bad record alone): an id the reader refuses (past the
    # digit limit, blank, a bool) is no ticket there either, never a ValueError.
    from servicemodel.report._vendor_files import _ticket_at

    items = [{"id": 10**5000}, [{"id": "  "}], {"results": [{"id": True}, {"id": " 8 "}]}]
    paths = ["tickets[0].due_by", "pages[1][0].due_by", "tickets[2].results[0].due_by"]
    assert [_ticket_at(items, p) for p in paths] == [None, None, None]
    assert _ticket_at(items, "tickets[2].results[1].fr_due_by") == "8"
