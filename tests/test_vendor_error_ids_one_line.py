"""A vendor record's error names its ticket on one line, whatever the ticket's id holds.

Each vendor adapter's errors start with the ticket (``ticket 7: ``, Jira's ``issue SD-1: ``);
an id holding a newline or a control character (a text id from JSON may hold anything) was
written raw, so the error broke over lines (and the command line's error line with it), or
sent an escape sequence to the terminal. Such an id is quoted as the error quotes a value.
"""

from __future__ import annotations

from typing import Any

import pytest

from servicemodel.io import freshdesk, jira, zendesk
from servicemodel.reconcile import zendesk_ticket_metrics

ODD = ["7\n8", "7\x1b[31m", "7\x00"]


def _errors(stream: Any) -> list[str]:
    list(stream)
    return [str(e) for e in stream.errors]


@pytest.mark.parametrize("tid", ODD)
def test_each_vendors_error_names_an_odd_id_quoted_on_one_line(tid: str) -> None:
    found = [
        *_errors(zendesk.histories([{"tickets": [{"id": tid, "created_at": "x"}]}],
                                   on_error="collect")),
        *_errors(freshdesk.histories([{"id": tid, "created_at": "x"}], on_error="collect")),
        *_errors(jira.histories([{"key": tid, "fields": {"created": "x"}}], on_error="collect")),
    ]  # fmt: skip
    assert len(found) == 3
    for text in found:
        assert text.isprintable(), text
        assert f"{tid!r}: " in text


def test_a_ticket_metrics_record_of_an_odd_id_is_one_line() -> None:
    _, errors = zendesk_ticket_metrics([], [{"ticket_id": "7\n8"}], on_error="collect")
    (err,) = errors
    assert str(err) == (
        "metric_records[0].ticket_id: ticket '7\\n8': ticket_id '7\\n8': names no ticket among "
        "the histories"
    )


def test_a_printable_id_is_as_it_is() -> None:
    errors = _errors(freshdesk.histories([{"id": "A-7", "created_at": "x"}], on_error="collect"))
    assert errors[0].startswith("tickets[0].created_at: ticket A-7: created_at 'x'")
