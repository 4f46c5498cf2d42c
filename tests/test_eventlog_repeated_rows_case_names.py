"""The repeated-rows warning of ``eventlog.load`` names the pair by file and line, and the
case by its id as written, even when the id itself reads like a row reference.

docs/exports.md: the load's warnings say how many rows repeat an earlier row of their case,
in how many cases, and the first pair by file and line. The rows were found in the warning's
text by ``rows[i]``, so a case id such as ``rows[0]`` was rewritten into a file and line too.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from servicemodel.io import eventlog

OPTIONS = {
    "columns": {"case": "case", "activity": "activity", "timestamp": "timestamp"},
    "activity_map": {"Opened": "customer_message", "Reply": "agent_reply"},
    "tz": "UTC",
}


@given(index=st.integers(min_value=0, max_value=10**6), word=st.sampled_from(["rows", "row"]))
def test_a_case_id_like_a_row_reference_is_kept_as_written(index: int, word: str) -> None:
    case = f"{word}[{index}]"
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "log.csv"
        path.write_text(
            "case,activity,timestamp\n"
            f"{case},Opened,2026-03-02 09:00\n"
            f"{case},Reply,2026-03-02 09:30\n"
            f"{case},Reply,2026-03-02 09:30\n",
            encoding="utf-8",
        )
        (text,) = eventlog.load([path], **OPTIONS).warnings
    # The copy is the file's line 4 (the header is line 1), of the reply on line 3.
    assert f"first: case {case!r}, {path} line 4 repeats {path} line 3)" in text
