"""The committed HTML report of the sample data (docs/report-sample.html) is a fresh render.

Regenerate it with ``python examples/make_report_html.py``. Where matplotlib's version differs
from the one that drew the committed charts (the page's ``generator`` meta says which), the
SVG bytes may differ, so only the page without its ``<svg>`` elements is compared.
"""

from __future__ import annotations

import importlib.util
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
COMMITTED = ROOT / "docs" / "report-sample.html"


def _sample_html() -> str:
    spec = importlib.util.spec_from_file_location(
        "make_report_html", ROOT / "examples" / "make_report_html.py"
    )
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return str(module.sample_html())


def _generator(page: str) -> str:
    found = re.search(r'<meta name="generator" content="([^"]*)">', page)
    assert found is not None
    return found.group(1)


def _without_svg(page: str) -> str:
    page = re.sub(r'<meta name="generator" content="[^"]*">', "", page)
    return re.sub(r"<svg.*?</svg>", "<svg/>", page, flags=re.S)


def test_committed_sample_report_is_fresh():
    committed = COMMITTED.read_text(encoding="utf-8")
    fresh = _sample_html()
    if _generator(committed) == _generator(fresh):
        assert committed == fresh, "stale: run python examples/make_report_html.py"
    else:
        assert _without_svg(committed) == _without_svg(fresh)
