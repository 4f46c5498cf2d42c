"""A confidence level short of 1 never reads as a 100 % interval in a rendered report.

Reports, the blueprint assessment and a forecast backtest wrote the level as ``{100 * level:g}``
(six significant digits), so 0.999999999999 read "100 %"; a backtest truncated it
(``int(level * 100)``: 0.999 read "99 %"). Each now writes ``level_percent(level)``.
"""

from __future__ import annotations

import itertools
from datetime import date
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from servicemodel._numbers import level_percent
from servicemodel.forecast import Backtest, BacktestRow
from servicemodel.io import load_jsonl
from servicemodel.report import ReportOptions, build_report, render_markdown, render_text
from servicemodel.sla import PolicySet

ROOT = Path(__file__).resolve().parents[1]
LEVEL = 0.999999999999


def _sample() -> list:  # type: ignore[type-arg]
    with open(ROOT / "examples" / "data" / "tickets.jsonl", encoding="utf-8") as fh:
        lines = list(itertools.islice(fh, 60))
    return list(load_jsonl(lines))


def test_the_report_states_a_level_short_of_one_as_it_is() -> None:
    policies = PolicySet.from_file(ROOT / "examples" / "policies" / "standard.toml")
    report = build_report(_sample(), ReportOptions(policies=policies, level=LEVEL))
    for text in (render_text(report), render_markdown(report)):
        assert "99.9999999999 %" in text
        assert "100 % interval" not in text
        assert "(100 %" not in text


# Up to the largest level a critical value exists for: 1 - 2**-53, the float just below 1, is
# refused as every level is (0.5 + level / 2 rounds to 1, which has no normal quantile).
@given(st.floats(min_value=0.5, max_value=1 - 2**-52))
def test_a_backtest_heading_states_its_level_as_level_percent(level: float) -> None:
    row = BacktestRow("all", 10, 1.0, 1.0, 1.0, 1.0, 0.5)
    text = str(Backtest((date(2026, 3, 2),), level, (row,)))
    shown = text.split(": ", 1)[1].split(" % intervals", 1)[0]
    assert shown == level_percent(level)
    assert shown != "100"
    assert abs(float(shown) / 100 - level) <= 1e-5 * level  # six digits at worst, never truncated
