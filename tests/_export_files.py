"""Export files for tests: read one back as parsed JSON, write parsed content out again."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any


def read_export(path: Path) -> Any:
    """A JSON file's value, or a JSON Lines file's list of values."""
    if path.suffix == ".jsonl":
        return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    return json.loads(path.read_text(encoding="utf-8"))


def write_export(folder: Path, name: str, content: Any) -> Path:
    """Write ``content`` as ``folder/name``: one value per line for ``.jsonl``, else one value."""
    path = folder / name
    if name.endswith(".jsonl"):
        text = "".join(json.dumps(r) + "\n" for r in content)
    else:
        text = json.dumps(content)
    path.write_text(text, encoding="utf-8")
    return path
