"""A stored state passed as the JSON text itself says to parse it first.

``TicketSLA.from_dict(row)`` with the database column (a ``str`` or ``bytes``) is the first
thing a desk's developer tries after ``json.dumps(state.to_dict())``; the error said only that
it expected a TicketSLA state.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest

from servicemodel.errors import ConfigError
from servicemodel.model import Ticket
from servicemodel.sla import SLAPolicy, Target, TicketSLA

POLICY = SLAPolicy("p", {"normal": [Target("first_reply", "4h")]})


def _row() -> str:
    return json.dumps(TicketSLA(POLICY, Ticket("T-1", datetime(2026, 3, 2, tzinfo=UTC))).to_dict())


@pytest.mark.parametrize("kind", [str, bytes, bytearray])
def test_the_row_itself_says_to_read_the_json_first(kind: type) -> None:
    row = _row()
    data = row if kind is str else kind(row, "utf-8")
    with pytest.raises(ConfigError, match=r"got \w+ .*json\.loads\(row\)") as err:
        TicketSLA.from_dict(data, POLICY)
    assert f"got {kind.__name__} " in str(err.value)


def test_the_parsed_row_reads_back() -> None:
    state = TicketSLA.from_dict(json.loads(_row()), POLICY)
    assert state == TicketSLA(POLICY, Ticket("T-1", datetime(2026, 3, 2, tzinfo=UTC)))
