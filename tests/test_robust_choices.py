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


@pytest.mark.parametrize("value", [[1], {"a": 1}, 3])
def test_a_zendesk_audit_with_a_json_list_or_object_is_our_error(value: Any) -> None:
    # JSON arrays and objects are unhashable: a set membership test raised TypeError.
    from servicemodel.errors import RecordError
    from servicemodel.io import zendesk

    page = {
        "tickets": [
            {
                "id": 7,
                "created_at": "2026-03-02T09:00:00Z",
                "status": "open",
                "requester_id": 1,
                "via": {"channel": "email"},
            }
        ],
        "after_cursor": None,
        "end_of_stream": True,
    }

    def audits(event: dict[str, Any]) -> list[dict[str, Any]]:
        return [
            {
                "id": 1,
                "ticket_id": 7,
                "created_at": "2026-03-02T09:00:00Z",
                "author_id": 1,
                "events": [event],
            }
        ]

    rating = {"id": 2, "type": "SatisfactionRating", "score": value}
    with pytest.raises(RecordError, match="score"):
        list(zendesk.histories([page], audits(rating)))
    # A field name that is no text cannot be told from a misspelt status change: our error,
    # naming the field (it used to be ignored, so a change given that way was lost).
    change = {"id": 3, "type": "Change", "field_name": value, "value": "x"}
    with pytest.raises(RecordError, match="field_name"):
        list(zendesk.histories([page], audits(change)))


def test_an_activity_map_to_a_list_is_our_error() -> None:
    from servicemodel.errors import ConfigError
    from servicemodel.io import eventlog

    rows = [{"case_id": "1", "activity": "Opened", "timestamp": "2026-03-02T09:00:00+00:00"}]
    with pytest.raises(ConfigError, match="activity_map"):
        list(eventlog.histories(rows, activity_map={"Opened": ["agent_reply"]}))


@pytest.mark.parametrize(
    ("reader", "stamp"),
    [("jira", "0001-01-01T00:30:00.000+0100"), ("zendesk", "0001-01-01T00:30:00+01:00")],
)
def test_a_vendor_timestamp_near_the_ends_of_the_calendar_is_a_record_error(
    reader: str, stamp: str
) -> None:
    # Found by the readers' fuzzing harness: year 1 with a positive offset overflowed in UTC.
    from servicemodel.errors import RecordError
    from servicemodel.io.jira._fields import instant
    from servicemodel.io.zendesk._fields import read_instant

    parse = instant if reader == "jira" else read_instant
    with pytest.raises(RecordError, match="outside the supported range"):
        parse(stamp, "p", "K", "created")
