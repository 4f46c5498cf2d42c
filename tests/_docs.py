"""Shared by the docs tests: a page's Python blocks, what their comments promise, running one."""

from __future__ import annotations

import contextlib
import io
import os
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DOCS = ROOT / "docs"


def blocks(page: str) -> list[str]:
    """The fenced ```python blocks of ``docs/<page>``, in order."""
    return re.findall(r"```python\n(.*?)```", (DOCS / page).read_text(encoding="utf-8"), re.S)


def promised(block: str) -> list[str]:
    """The comment after each ``print(...)`` on its line: what the block says it prints."""
    return [
        line.split("# ", 1)[1].strip()
        for line in block.splitlines()
        if line.lstrip().startswith("print(") and "# " in line
    ]


def kept(comment: str, printed: list[str]) -> bool:
    """Whether a printed line is what ``comment`` promises.

    The pages write either the exact line (``# 0.758``), the line followed by an explanation
    (``# 0.758: 76 % of the way``, ``# 154 events no stage matches``), or a label before the
    printed figures (``# mean of the five dimension scores: -0.7461 ±0.07551``).
    """
    for line in (p.strip() for p in printed):
        if not line:
            continue
        if comment == line or comment.startswith((line + ":", line + " ")):
            return True
        if ": " in comment and comment.split(": ", 1)[1] in line:
            return True
    return False


def run(block: str, page: str) -> list[str]:
    """Run ``block`` in a fresh namespace from the repository root; return its printed lines."""
    out = io.StringIO()
    here = Path.cwd()
    os.chdir(ROOT)
    try:
        with contextlib.redirect_stdout(out):
            exec(compile(block, page, "exec"), {"__name__": "docs"})
    finally:
        os.chdir(here)
    return out.getvalue().splitlines()
