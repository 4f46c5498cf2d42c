"""The seeded sample-data generators reproduce their committed files byte for byte.

Each generator runs in a fresh interpreter (so no state of this test process leaks in) with its
output redirected into a temporary directory, and the bytes are compared with the committed
file under ``examples/data``.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"


@pytest.mark.parametrize(
    ("script", "committed"),
    [
        ("make_feedback_data", "feedback_tickets.jsonl"),
        ("make_selfservice_data", "helpcenter_sessions.csv"),
        ("make_qa_data", "qa_evaluations.csv"),
    ],
)
def test_generator_reproduces_the_committed_file(
    script: str, committed: str, tmp_path: Path
) -> None:
    out = tmp_path / committed
    code = (
        "import runpy, sys, pathlib;"
        f"sys.path.insert(0, {str(EXAMPLES)!r});"
        f"m = __import__({script!r});"
        f"m.OUT = pathlib.Path({str(out)!r});"
        "m.main()"
    )
    subprocess.run([sys.executable, "-c", code], check=True, capture_output=True, cwd=tmp_path)
    assert out.read_bytes() == (EXAMPLES / "data" / committed).read_bytes()
