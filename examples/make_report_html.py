"""Write the HTML report of the sample data to docs/report-sample.html (and time it).

Run from the repository root (needs the ``report`` extra for the charts)::

    python examples/make_report_html.py

It is the same page as ``servicemodel report examples/data/tickets.jsonl --tz Europe/Berlin
--policy examples/policies/standard.toml --goals examples/goals.toml --format html``;
``tests/test_report_html_sample.py`` checks that the committed file equals a fresh render.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

from servicemodel.goals import goals_from_file
from servicemodel.io import load_jsonl
from servicemodel.report import ReportOptions, Source, build_report, render_html
from servicemodel.sla import PolicySet

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "docs" / "report-sample.html"


def sample_html() -> str:
    """Return the HTML report of the sample data (paths relative to the repository)."""
    histories = load_jsonl(ROOT / "examples" / "data" / "tickets.jsonl").histories
    options = ReportOptions(
        tz="Europe/Berlin",
        policies=PolicySet.from_file(ROOT / "examples" / "policies" / "standard.toml"),
        goals=goals_from_file(ROOT / "examples" / "goals.toml"),
    )
    source = Source("examples/data/tickets.jsonl")
    return render_html(build_report(histories, options, source=source))


def main() -> int:
    start = time.perf_counter()
    page = sample_html()
    elapsed = time.perf_counter() - start
    OUT.write_text(page, encoding="utf-8")
    size = len(page.encode("utf-8"))
    print(
        f"wrote {OUT.relative_to(ROOT)}: {size / 1024:.0f} KiB in {elapsed:.1f} s", file=sys.stderr
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
