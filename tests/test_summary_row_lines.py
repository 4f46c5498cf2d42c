"""An error names the line its row starts on, also when a quoted cell spans lines.

Helpdesk UI exports put free text in quoted cells -- a ticket's subject or description, a Jira
comment -- and a line break in it makes the row span several lines of the file. The line an
error names is the one the row starts on (where an editor shows the ticket's id), not its last
one, and a blank line before the row moves it with it.

Law: for any rows whose text cells hold any number of line breaks (``\\n``, ``\\r\\n``), with
blank lines between them, each bad row's error names the physical line its id starts.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from servicemodel.io import eventlog, summary

HEADER = ["id", "subject", "created_at", "solved_at"]


def _write(path: Path, rows: list[list[str]], blanks: list[int]) -> dict[str, int]:
    """Write ``rows`` (a blank line before row i ``blanks[i]`` times); return each id's line."""
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(HEADER)
    lines: dict[str, int] = {}
    for row, blank in zip(rows, blanks, strict=True):
        out.write("\r\n" * blank)
        lines[row[0]] = out.getvalue().count("\n") + 1
        writer.writerow(row)
    path.write_text(out.getvalue(), encoding="utf-8", newline="")
    return lines


#: A subject cell: words, a delimiter, quotes and line breaks in any order.
SUBJECT = st.lists(
    st.sampled_from(["Refund", "line", "x, y", '"quoted"', "\n", "\r\n"]), max_size=5
)


@settings(max_examples=40, deadline=None)
@given(
    subjects=st.lists(SUBJECT.map("".join), min_size=1, max_size=6),
    bad=st.lists(st.booleans(), min_size=6, max_size=6),
    blanks=st.lists(st.integers(0, 2), min_size=6, max_size=6),
)
def test_each_error_names_the_line_its_row_starts_on(
    tmp_path_factory: object, subjects: list[str], bad: list[bool], blanks: list[int]
) -> None:
    path = tmp_path_factory.mktemp("rows") / "export.csv"  # type: ignore[attr-defined]
    rows = [
        [f"T-{i}", text, "2026-03-02T09:00:00Z", "2026-03-01T09:00:00Z" if bad[i] else ""]
        for i, text in enumerate(subjects)
    ]
    lines = _write(path, rows, blanks[: len(rows)])
    loaded = summary.load(path, on_error="collect")
    wrong = {f"T-{i}" for i in range(len(rows)) if bad[i]}
    assert {h.id for h in loaded} == {f"T-{i}" for i in range(len(rows))} - wrong
    assert sorted(e.line for e in loaded.errors) == sorted(lines[t] for t in wrong)
    for err in loaded.errors:
        ticket = next(t for t in wrong if f"ticket '{t}'" in str(err))
        assert f"line {lines[ticket]}: " in str(err)


def test_a_jira_row_with_a_comment_over_two_lines_is_named_by_its_first(tmp_path: Path) -> None:
    path = tmp_path / "issues.csv"
    path.write_text(
        "Issue key,Created,Resolved,Comment,Comment\n"
        "SUP-1,2026-03-02T09:00:00Z,2026-03-02T10:00:00Z,,\n"
        'SUP-2,2026-03-02T10:00:00Z,2026-03-02T08:00:00Z,"02/Mar/26 9:10 AM;557058:abc;Looking\n'
        'into it","02/Mar/26 9:20 AM;557058:abc;Still\n\nthere"\n'
        "SUP-3,2026-03-02T11:00:00Z,,,\n",
        encoding="utf-8",
    )
    cols = {"id": "Issue key", "created": "Created", "solved": "Resolved"}
    loaded = summary.load(path, columns=cols, on_error="collect")
    (err,) = loaded.errors
    assert [h.id for h in loaded] == ["SUP-1", "SUP-3"]
    assert err.line == 3
    assert str(err).startswith(f"{path}: line 3: Resolved: ticket 'SUP-2': Resolved ")


def test_an_event_log_row_over_two_lines_is_named_by_its_first(tmp_path: Path) -> None:
    log = tmp_path / "log.csv"
    log.write_text(
        "case:concept:name,concept:name,time:timestamp,note\n"
        "C1,Open,2026-03-02T09:00:00Z,\n"
        'C2,Open,yesterday,"called\nback"\n'
        "C3,Open,2026-03-02T10:00:00Z,\n",
        encoding="utf-8",
    )
    loaded = eventlog.load(log, on_error="collect", status_map={"Open": "open"})
    (err,) = loaded.errors
    assert [h.id for h in loaded.histories] == ["C1", "C3"]
    assert err.line == 3
