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


def test_a_calendar_error_in_a_batch_names_the_ticket_and_its_instants() -> None:
    from servicemodel.calendar import BusinessCalendar
    from servicemodel.errors import CalendarError
    from servicemodel.model import CustomerMessage

    office = BusinessCalendar.weekly("UTC", {"mon-fri": "09:00-17:00"})
    policy = SLAPolicy("p", {"normal": [Target("resolution", "8h")]}, calendar=office)
    t0 = datetime(2026, 3, 2, 9, tzinfo=UTC)
    bogus = TicketHistory(
        Ticket("T-9", t0), [CustomerMessage("m", datetime(9990, 1, 1, tzinfo=UTC))]
    )
    expected = (
        r"^ticket 'T-9' \(created 2026-03-02T09:00:00\+00:00, last event at "
        r"9990-01-01T00:00:00\+00:00\), measured at 9990-01-01T00:00:00\+00:00: a query may span"
    )
    with pytest.raises(CalendarError, match=expected):
        list(evaluate_many(policy, [HISTORY, bogus]))
