"""Valid sample values shared by robustness tests and fuzz harnesses."""

from __future__ import annotations

from typing import Any

from servicemodel.blueprint import Gap
from servicemodel.goals import Comparator, SmartGoal
from servicemodel.kpi import Estimate
from servicemodel.standards import Verdict


def sample_goal() -> SmartGoal:
    """A valid CSAT goal for the first half of 2026 (baseline 0.8, target 0.9)."""
    return SmartGoal.from_dict(
        {
            "name": "fast replies",
            "kpi": "csat",
            "comparator": ">=",
            "target": 0.9,
            "start": "2026-01-01T00:00:00+00:00",
            "deadline": "2026-06-30T00:00:00+00:00",
            "baseline": 0.8,
            "objective": "happier customers",
        }
    )


def sample_gap(**kw: Any) -> Gap:
    """A valid missed QA gap (72 against a threshold of 80), with ``kw`` in place of its fields.

    Examples:
        >>> sample_gap(source="goal").source
        'goal'
    """
    fields: dict[str, Any] = {
        "source": "qa",
        "name": "QA score",
        "standard": "QA score >= 80",
        "channel": None,
        "comparator": Comparator.GE,
        "threshold": 80.0,
        "unit": "",
        "estimate": Estimate("QA score", 72.0, 40, lower=68.0, upper=76.0),
        "verdict": Verdict.MISSED,
        "shortfall": 0.1,
    }
    fields.update(kw)
    return Gap(**fields)
