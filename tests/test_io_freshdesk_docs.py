"""docs/exports-freshdesk.md and docs/exports-summary.md: every block prints what it says."""

from __future__ import annotations

import contextlib
import io
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PAGES = ("exports-freshdesk.md", "exports-summary.md")
BLOCKS = [
    (page, block)
    for page in PAGES
    for block in re.findall(
        r"```python\n(.*?)```", (ROOT / "docs" / page).read_text(encoding="utf-8"), re.S
    )
]


def test_each_page_has_examples() -> None:
    assert {page for page, _ in BLOCKS} == set(PAGES)


@pytest.mark.parametrize(
    ("page", "block"), BLOCKS, ids=[f"{p}-{i}" for i, (p, _) in enumerate(BLOCKS)]
)
def test_block_prints_what_its_comments_say(
    page: str, block: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(ROOT)  # the examples name the fixtures relative to the repository root
    expected = [
        line.split("# ", 1)[1].strip()
        for line in block.splitlines()
        if line.lstrip().startswith("print(") and "# " in line
    ]
    assert expected, "a block that prints nothing checks nothing"
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        exec(compile(block, page, "exec"), {"__name__": "docs"})
    assert out.getvalue().splitlines() == expected
