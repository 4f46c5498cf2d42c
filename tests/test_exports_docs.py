"""docs/exports.md: every python block runs on the fixtures and prints what its comments say."""

from __future__ import annotations

import contextlib
import io
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PAGE = (ROOT / "docs" / "exports.md").read_text(encoding="utf-8")
BLOCKS = re.findall(r"```python\n(.*?)```", PAGE, re.S)


def test_the_page_has_an_example_per_source() -> None:
    # One per source, Zendesk's ticket event export and the report's figures over its
    # complete and partial tickets, CSAT from Zendesk good/bad ratings, and the public
    # helpdesk log, and the helpdesk exports' latest update (the report's default snapshot),
    # and Zendesk's automated replies (a trigger's or a bot's comment is no first reply), and
    # the reopens and solves of Zendesk tickets without audits from their Ticket Metrics,
    # and a streamed Zendesk export checked for its end (the stream does not warn), and
    # Zendesk's Ticket Metrics durations beside our KPI times, and an event log read from an
    # Excel workbook.
    assert len(BLOCKS) == 13


@pytest.mark.parametrize("block", BLOCKS, ids=[f"block{i}" for i in range(len(BLOCKS))])
def test_block_prints_what_its_comments_say(block: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)  # the examples name the fixtures relative to the repository root
    expected = [
        line.split("# ", 1)[1].strip()
        for line in block.splitlines()
        if line.lstrip().startswith("print(") and "# " in line
    ]
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        exec(compile(block, "exports.md", "exec"), {"__name__": "docs"})
    assert out.getvalue().splitlines() == expected
