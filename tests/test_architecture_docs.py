"""docs/architecture.md: its code runs, prints what its comments say, and its claims hold."""

from __future__ import annotations

import contextlib
import io
import re
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PAGE = (ROOT / "docs" / "architecture.md").read_text(encoding="utf-8")
BLOCKS = re.findall(r"```python\n(.*?)```", PAGE, re.S)


@pytest.mark.parametrize("block", BLOCKS, ids=[f"block{i}" for i in range(len(BLOCKS))])
def test_block_prints_what_its_comments_say(block: str) -> None:
    expected = [
        line.split("# ", 1)[1].strip()
        for line in block.splitlines()
        if line.lstrip().startswith("print(") and "# " in line
    ]
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        exec(compile(block, "architecture.md", "exec"), {"__name__": "docs"})
    assert out.getvalue().splitlines() == expected


def test_every_layer_in_the_contract_is_on_the_page() -> None:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    contracts = config["tool"]["importlinter"]["contracts"]
    (contract,) = [c for c in contracts if c["type"] == "layers"]
    names = {
        n.strip().strip("()") for layer in contract["layers"] for n in re.split(r"[|:]", layer)
    }
    missing = sorted(n for n in names if not n.startswith("_") and n not in PAGE)
    assert missing == []
