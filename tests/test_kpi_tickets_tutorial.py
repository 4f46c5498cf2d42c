"""The analyst tutorial (docs/tutorial-analyst.md) runs as written, outputs included."""

from __future__ import annotations

import doctest
from pathlib import Path

import pytest

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
