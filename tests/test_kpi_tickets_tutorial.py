"""The analyst tutorial (docs/tutorial-analyst.md) runs as written, outputs included."""

from __future__ import annotations

import doctest
import re
from pathlib import Path

import pytest

from _docs import blocks, promised, run

ROOT = Path(__file__).resolve().parents[1]
TUTORIAL = ROOT / "docs" / "tutorial-analyst.md"


def test_tutorial_examples_run_and_match(monkeypatch: pytest.MonkeyPatch) -> None:
    pytest.importorskip("pandas")
    monkeypatch.chdir(ROOT)  # the tutorial reads examples/data/tickets.jsonl from the root
    result = doctest.testfile(
        str(TUTORIAL),
        module_relative=False,
        optionflags=doctest.NORMALIZE_WHITESPACE | doctest.ELLIPSIS,
        raise_on_error=False,
        verbose=False,
    )
    assert result.attempted > 20
    assert result.failed == 0


def test_intervals_page_examples_run_and_match() -> None:
    result = doctest.testfile(
        str(ROOT / "docs" / "intervals.md"),
        module_relative=False,
        optionflags=doctest.NORMALIZE_WHITESPACE,
        raise_on_error=False,
        verbose=False,
    )
    assert result.attempted >= 5
    assert result.failed == 0


def test_kpi_page_code_blocks_each_run_on_their_own(monkeypatch: pytest.MonkeyPatch) -> None:
    # A reader copies one block into a fresh session: each block must stand alone.
    pytest.importorskip("pandas")
    monkeypatch.chdir(ROOT)
    text = (ROOT / "docs" / "kpi.md").read_text(encoding="utf-8")
    blocks = re.findall(r"^```python\n(.*?)^```", text, re.S | re.M)
    assert len(blocks) >= 4
    for block in blocks:
        exec(compile(block, "docs/kpi.md", "exec"), {"__name__": "kpi_md"})


def test_kpi_page_prints_what_its_comments_say() -> None:
    # The comment after a print(...) on its line is the line it prints, word for word: the
    # page's estimates show how an interval prints (its bounds, or a symmetric one as ±).
    pytest.importorskip("pandas")
    pytest.importorskip("matplotlib")
    checked = 0
    for index, block in enumerate(blocks("kpi.md")):
        printed = run(block, "kpi.md")
        for line in promised(block):
            assert line in [p.strip() for p in printed], (index, line, printed[:10])
            checked += 1
    assert checked >= 8
