"""``by(periods(...), SelfService)`` is refused: periods would part a session from its ticket.

Each record of a segmented accumulator goes to the period of its own instant, so a session on
the last day of a month and the ticket its customer opens the next day fell in two periods, and
the first period's deflection counted the session as deflected: a silently wrong number.
``SelfService.per_period`` looks at every ticket and is the documented way.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from servicemodel.errors import ConfigError
from servicemodel.kpi import by, periods
from servicemodel.model import Ticket
from servicemodel.selfservice import SelfService, Session

UNITS = st.sampled_from(["day", "week", "month", "quarter"])
ZONES = st.sampled_from(["UTC", "Europe/Berlin", "America/New_York", "Asia/Kolkata"])


@given(UNITS, ZONES, st.sampled_from(["alone", "inside", "outside"]))
def test_every_period_key_over_self_service_is_refused_naming_per_period(
    unit: str, zone: str, shape: str
) -> None:
    key = periods(unit, tz=zone)
    build = {
        "alone": lambda: by(key, SelfService.empty()),
        "inside": lambda: by(key, by("channel", SelfService)),  # periods over channels
        "outside": lambda: by("channel", by(key, SelfService.empty)),  # channels over periods
    }[shape]
    refused = r"^key: by\(periods\(\.\.\.\), SelfService\): .*per_period"
    with pytest.raises(ConfigError, match=refused):
        build()


def test_the_case_it_guards_against_is_answered_by_per_period() -> None:
    end_of_march = datetime(2026, 3, 31, 20, tzinfo=UTC)
    data = [
        Session("s1", "ann", end_of_march),
        Ticket("T1", end_of_march + timedelta(hours=6), requester="ann"),  # 1 April
    ]
    acc = SelfService.empty().add_many(data)
    monthly = acc.per_period(periods("month"))
    march = monthly[end_of_march.date().replace(day=1)]
    assert march.deflection.value == 0.0  # the ticket the next day follows the session
    with pytest.raises(ConfigError):
        by(periods("month"), SelfService.empty())


def test_keys_that_are_not_periods_still_segment_self_service() -> None:
    s = Session("s1", "ann", datetime(2026, 3, 2, tzinfo=UTC))
    seg = by(lambda record: "all", SelfService.empty(), name="all").add(s)
    assert seg.result()["all"].deflection.n == 0  # censored: its window is not over yet
    assert seg.parts["all"].sessions[0][2] == "s1"
