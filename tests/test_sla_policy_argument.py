"""The batch engine names its policy argument and the fix, as the live engine does."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest

from servicemodel.errors import InputTypeError
from servicemodel.model import Ticket, TicketHistory
from servicemodel.sla import SLAPolicy, Target, evaluate, evaluate_many
from servicemodel.sla._engine import evaluations

HISTORY = TicketHistory(Ticket("T", datetime(2026, 3, 2, 9, tzinfo=UTC)), [])
POLICY = SLAPolicy("p", {"normal": [Target("first_reply", "1h")]})


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("[[policies]]", r"^policy_or_set: .* got str '\[\[policies\]\]'; read a policy file's"),
        ({"policies": []}, r"^policy_or_set: .* got dict .*PolicySet.from_toml, from_json or"),
        ([POLICY, POLICY], r"^policy_or_set: .* got list .*; give several policies as PolicySet"),
        (None, r"^policy_or_set: expected an SLAPolicy or PolicySet, got NoneType None$"),
    ],
)
def test_a_wrong_policy_argument_is_named_with_its_fix(value: Any, expected: str) -> None:
    with pytest.raises(InputTypeError, match=expected):
        evaluate(value, HISTORY)
    with pytest.raises(InputTypeError, match=expected):
        list(evaluate_many(value, [HISTORY]))
    with pytest.raises(InputTypeError, match=expected):
        list(evaluations(value, [HISTORY]))
