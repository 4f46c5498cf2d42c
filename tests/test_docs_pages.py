"""Every Python block in docs/ runs in a test and prints what its comments say.

Most pages have a test beside the code they describe; this file runs the blocks of the pages
that have none, and checks that no page with code is left without a test.
"""

from __future__ import annotations

import re

import pytest

from _docs import DOCS, ROOT, blocks, kept, promised, run

#: Pages whose blocks are run here (the others have a test of their own, found by name below).
HERE = ("goals.md", "journey.md", "servqual.md", "strategies.md")

CASES = [(page, i, block) for page in HERE for i, block in enumerate(blocks(page))]


@pytest.mark.parametrize(("page", "index", "block"), CASES, ids=[f"{p}-{i}" for p, i, _ in CASES])
def test_block_runs_and_prints_what_it_says(page: str, index: int, block: str) -> None:
    printed = run(block, page)
    for line in promised(block):
        assert kept(line, printed), (page, index, line, printed[:20])


def test_every_page_with_code_is_run_by_some_test() -> None:
    tests = "\n".join(p.read_text(encoding="utf-8") for p in (ROOT / "tests").glob("test_*.py"))
    pages = sorted(p.name for p in DOCS.glob("*.md") if "```python" in p.read_text("utf-8"))
    untested = [
        p for p in pages if p not in HERE and not re.search(rf"['\"/]{re.escape(p)}['\"]", tests)
    ]
    assert untested == []
