"""A Ticket Metrics (or Jira) file that cannot be read says why in the library's words.

The reader of these files (``file_items``) quoted Python's own exception text for a JSON file
nested past the recursion limit ("maximum recursion depth exceeded while decoding a JSON
array from a unicode string") or holding a number past the int-to-text limit (which told to
call ``sys.set_int_max_str_digits()``), and a JSON Lines line that is no UTF-8 text as an
"unreadable record (UnicodeDecodeError: ...)": each is now said as the export loaders say it.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from servicemodel.model import AgentReply, Ticket, TicketHistory
from servicemodel.reconcile import zendesk_ticket_metrics

T0 = datetime(2026, 3, 2, 9, tzinfo=UTC)
H = TicketHistory(Ticket("7", T0), [AgentReply("r", T0 + timedelta(minutes=42))])
GOOD = b'{"ticket_id": 7, "reply_time_in_minutes": {"calendar": 42}}\n'
#: Deeper than Python's recursion limit, and than that of CPython's C code: 3.13 reads JSON
#: and writes reprs 10,000 levels deep (3.11 and 3.12 stop at 1,000, as Python code does).
DEEP = 100_000


@pytest.mark.parametrize(
    ("name", "content", "said"),
    [
        ("deep.json", b"[" * DEEP + b"]" * DEEP,
         "not readable as JSON: nested too deeply to read (more levels than Python's recursion "
         "limit)"),
        ("huge.json", b'{"ticket_id": 7, "reopens": 1' + b"0" * 5000 + b"}",
         "not readable as JSON: a whole number with more than 4300 digits (Python's limit for "
         "reading one)"),
        ("latin.json", b'{"ticket_id": 7, "x": "\xff"}', "not readable as JSON: not UTF-8 text"),
        ("latin.jsonl", b'{"ticket_id": 7, "x": "\xff"}\n' + GOOD,
         "line 1: not JSON: not UTF-8 text"),
    ],
)  # fmt: skip
def test_an_unreadable_file_or_line_says_why(
    tmp_path: Path, name: str, content: bytes, said: str
) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    found, errors = zendesk_ticket_metrics([H], [path], on_error="collect")
    (err,) = errors
    assert str(err) == f"{path}: {said}"
    assert "sys." not in str(err)
    assert "Error" not in str(err)
    assert len(found.comparisons) == (1 if name.endswith(".jsonl") else 0)
