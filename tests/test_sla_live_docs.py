"""docs/live.md: every Python block runs on its own and prints what its comments say."""

from __future__ import annotations

import contextlib
import io
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PAGE = (ROOT / "docs" / "live.md").read_text(encoding="utf-8")
BLOCKS = re.findall(r"```python\n(.*?)```", PAGE, re.S)


def expected_lines(block: str) -> list[str]:
    """The comment after each ``print(...)``, then the lines after ``# output:``."""
    lines = block.splitlines()
    out = [
        ln.split("# ", 1)[1].strip()
        for ln in lines
        if ln.lstrip().startswith("print(") and "# " in ln
    ]
    if "# output:" in lines:
        out += [ln.removeprefix("# ") for ln in lines[lines.index("# output:") + 1 :]]
    return out


def test_the_page_has_blocks() -> None:
    assert len(BLOCKS) >= 5


@pytest.mark.parametrize("block", BLOCKS, ids=[f"block{i}" for i in range(len(BLOCKS))])
def test_block_prints_what_its_comments_say(block: str) -> None:
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        exec(compile(block, "live.md", "exec"), {"__name__": "docs"})
    assert out.getvalue().splitlines() == expected_lines(block)


def test_the_example_excerpts_are_the_example() -> None:
    desk = (ROOT / "examples" / "live_desk" / "desk.py").read_text(encoding="utf-8")
    excerpts = re.findall(r"```py\n(.*?)```", PAGE, re.S)
    assert excerpts
    for excerpt in excerpts:
        assert excerpt in desk
