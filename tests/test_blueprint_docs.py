"""docs/blueprint.md: every Python block runs on its own, prints what it says."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PAGES = ("blueprint.md",)
BLOCKS = [
    (page, i, block)
    for page in PAGES
    for i, block in enumerate(
        re.findall(r"```python\n(.*?)```", (ROOT / "docs" / page).read_text(), re.S)
    )
]


def expected_lines(block: str) -> list[str]:
    """The lines after ``# output:``, and the comment after a ``print(...)`` on its line."""
    lines = block.splitlines()
    out = []
    if "# output:" in lines:
        out += [ln.removeprefix("# ") for ln in lines[lines.index("# output:") + 1 :]]
    out += [
        ln.split("#", 1)[1].strip()
        for ln in lines
        if ln.lstrip().startswith("print(") and "#" in ln
    ]
    return out


@pytest.mark.parametrize(("page", "index", "block"), BLOCKS, ids=[f"{p}-{i}" for p, i, _ in BLOCKS])
def test_docs_block_runs_in_a_fresh_process(page: str, index: int, block: str) -> None:
    done = subprocess.run(
        [sys.executable, "-c", block],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, (page, index, done.stderr)
    printed = done.stdout.splitlines()
    for line in expected_lines(block):
        assert line in printed, (page, index, line, done.stdout[:2000])


def test_pages_have_checked_examples() -> None:
    checked = [b for _, _, b in BLOCKS if expected_lines(b)]
    assert len(BLOCKS) >= 4
    assert len(checked) >= 2
