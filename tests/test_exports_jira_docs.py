"""docs/exports-jira.md: the blocks run in page order on the fixtures and print what they say."""

from __future__ import annotations

import contextlib
import io
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PAGE = (ROOT / "docs" / "exports-jira.md").read_text(encoding="utf-8")
BLOCKS = re.findall(r"```python\n(.*?)```", PAGE, re.S)


def test_the_page_runs_and_prints_what_it_says(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)  # the examples name the fixtures relative to the repository root
    assert len(BLOCKS) == 5
    namespace: dict[str, object] = {"__name__": "docs"}
    for block in BLOCKS:  # later blocks use what earlier ones read, as a reader would
        expected = [
            line.split("# ", 1)[1].strip()
            for line in block.splitlines()
            if line.lstrip().startswith("print(") and "# " in line
        ]
        out = io.StringIO()
        with contextlib.redirect_stdout(out):
            exec(compile(block, "exports-jira.md", "exec"), namespace)
        printed = out.getvalue().splitlines()
        assert printed[: len(expected)] == expected
        # Lines after the checked prints are shown as comments in the page: check them too.
        shown = [line[2:] for line in block.splitlines() if line.startswith("# ")]
        assert printed[len(expected) :] == shown
