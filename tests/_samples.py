"""Valid sample values shared by robustness tests and fuzz harnesses."""

from __future__ import annotations

from servicemodel.goals import SmartGoal


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
