"""Self-service and feedback analysis, walked as a demanding new user would.

Each test is an input a user can reach through the public API that once raised an exception
from deep inside (a ``RecursionError``, a ``ValueError`` of ``dict``, an ``OverflowError``) or
returned a silently wrong number; each now gets the library's own error naming the value, or
the right figure.
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from servicemodel.errors import RecordError
from servicemodel.selfservice import load_sessions

T0 = datetime(2026, 3, 2, 9, tzinfo=UTC)
HEADER = "session_id,customer_id,started_at,article_ids"


# --- the session log ------------------------------------------------------------------------


@pytest.mark.parametrize("line", ["[" * 100_000, '{"a": ' * 100_000])
def test_deeply_nested_json_line_is_a_record_error(line: str) -> None:
    with pytest.raises(RecordError, match="line 1: not valid JSON: nested too deeply"):
        load_sessions([line], format="jsonl")
    good = '{"session_id": "s1", "customer_id": "ann", "started_at": "2026-03-02T09:00Z"}'
    loaded = load_sessions([line, good], format="jsonl", on_error="collect")
    assert len(loaded) == 1
    assert [(e.line, "nested too deeply" in str(e)) for e in loaded.errors] == [(1, True)]


@pytest.mark.parametrize(("suffix", "text"), [
    (".csv", f"{HEADER}\ns1,ann,2026-03-02T09:00:00Z,kb-1\n"),
    (".jsonl", '{"session_id": "s1", "customer_id": "ann", "started_at": "2026-03-02T09:00Z"}\n'),
])  # fmt: skip
def test_a_file_with_a_byte_order_mark_reads(tmp_path: Path, suffix: str, text: str) -> None:
    # A spreadsheet's "CSV UTF-8" starts with a byte-order mark: it is no part of a column name.
    path = tmp_path / f"sessions{suffix}"
    path.write_text(text, encoding="utf-8-sig")
    loaded = load_sessions(path)
    assert [(s.id, s.customer, s.started_at) for s in loaded] == [("s1", "ann", T0)]
    lines = path.read_text(encoding="utf-8").splitlines()  # the mark kept on the first line
    assert lines[0].startswith("\ufeff")
    assert load_sessions(lines, format=suffix[1:]).sessions == loaded.sessions
