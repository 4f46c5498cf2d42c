"""A value checked against a fixed set of names is safe for any value (second fuzzing pass).

``value in ("s", "h")`` is not: a numpy array compares element-wise and the tuple membership
test raises numpy's ambiguous-truth ``ValueError``; a list raises ``TypeError`` against a set.
Every choice goes through ``servicemodel._config.one_of`` and says which value was wrong.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

import numpy as np
import pytest

from servicemodel.errors import ServiceModelError
from servicemodel.goals import SmartGoal
from servicemodel.kpi import FirstReplySurvival, FirstReplyTime, periods
from servicemodel.qa import krippendorff_alpha
from servicemodel.sla import PolicySet

AS_OF = datetime(2026, 3, 2, tzinfo=UTC)
HOSTILE = [np.array([1, 2]), ["h"], {"h": 1}, None, 3.5]

CALLS: dict[str, Callable[[Any], object]] = {
    "time unit": lambda v: FirstReplyTime.empty(unit=v),
    "survival unit": lambda v: FirstReplySurvival.empty(unit=v, as_of=AS_OF),
    "period unit": lambda v: periods(v),
    "period instant": lambda v: periods("week", at=v),
    "agreement level": lambda v: krippendorff_alpha([[1, 1], [2, 2]], level=v),
    "goal period": lambda v: SmartGoal.from_dict(
        {
            "name": "g",
            "kpi": "csat",
            "target": 0.9,
            "direction": "at_least",
            "deadline": "2026-12-31",
            "period": v,
        }
    ),
    "policy time": lambda v: PolicySet.from_dict(
        {
            "policies": [
                {
                    "name": "p",
                    "targets": {"normal": [{"metric": "first_reply", "within": "1h", "time": v}]},
                }
            ]
        }
    ),
    "policy reopen": lambda v: PolicySet.from_dict(
        {
            "policies": [
                {
                    "name": "p",
                    "reopen": v,
                    "targets": {"normal": [{"metric": "first_reply", "within": "1h"}]},
                }
            ]
        }
    ),
}


@pytest.mark.parametrize("value", HOSTILE, ids=lambda v: type(v).__name__)
@pytest.mark.parametrize("call", sorted(CALLS))
def test_a_choice_rejects_any_value_with_our_error(call: str, value: Any) -> None:
    with pytest.raises(ServiceModelError):
        CALLS[call](value)
