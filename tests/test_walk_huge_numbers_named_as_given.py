"""A huge number given as a count or a duration is named as given in a message.

Read as a whole number, the float ``1e308`` is an int of 309 digits, which ``safe_repr`` shows as
``'<int of about 309 digits>'``: a message then named a number nobody wrote. simulate and
escalation named it as given already (``float 1e+308``); the check they made is now
``servicemodel._numbers.is_past_as_given``, and ``count_value_up_to`` reads a stored count
with a largest value, handing such a value on, as given, to the field's validator: the
report's counts (up to 2**63 - 1), an ``Estimate``'s ``n`` and ``missing`` (up to 2**53) and a
plan's ``concurrency`` (up to 2**53).

A Zendesk Ticket Metrics duration of ``1e300`` minutes was shown beside ours, in the text and
the reason of a disagreement, as the 301 digits of ``str(int(1e300))``: ``two_decimals`` names a
number from 1e16 up as given (``1e+300``; an int by ``safe_repr``).
"""

from __future__ import annotations

import math
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from typing import Any

import attrs
import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from servicemodel._numbers import count_value, count_value_up_to, is_past_as_given, two_decimals
from servicemodel.errors import ConfigError, InputTypeError, StaffingError
from servicemodel.escalation import EscalationLadder, EscalationLevel, Trigger
from servicemodel.escalation._ladder import MAX_REPEATS
from servicemodel.feedback import ThemeCounts
from servicemodel.journey import JourneyEvent, JourneyStats
from servicemodel.kpi import Durations, Estimate
from servicemodel.model import AgentReply, Ticket, TicketHistory
from servicemodel.reconcile import zendesk_ticket_metrics
from servicemodel.report._document import SLASection
from servicemodel.report._ticket_metrics import TicketMetricsRow
from servicemodel.simulate import SupportDesk, simulate
from servicemodel.staffing import ServiceLevelTarget, plan_intervals
from servicemodel.standards import ResponseStandard, ServiceStandards, measure

PLAN = plan_intervals([100, 50], aht=180, targets=[ServiceLevelTarget(0.8, 20)])
LEVEL = EscalationLevel("L1", Trigger.at_breach(), ("lead",))

#: Each stored count with a largest value: how to build it with ``value``, its error, and the
#: largest count it holds.
CAPPED: dict[str, tuple[Any, type, int]] = {
    "Estimate.n": (lambda v: Estimate("x", 0.5, v), ConfigError, 2**53),
    "Estimate.missing": (lambda v: Estimate("x", 0.5, 3, missing=v), ConfigError, 2**53),
    "SLASection.tickets": (lambda v: SLASection(v, 0, None, 0.95), InputTypeError, 2**63 - 1),
    "TicketMetricsRow.compared": (
        lambda v: TicketMetricsRow("reply_time_in_minutes", "calendar", v, 0),
        InputTypeError,
        2**63 - 1,
    ),
    "WeeklyPlan.concurrency": (
        lambda v: attrs.evolve(PLAN, concurrency=v),
        StaffingError,
        2**53,
    ),
    "plan_intervals(concurrency=)": (
        lambda v: plan_intervals(
            [100], aht=180, targets=[ServiceLevelTarget(0.8, 20)], concurrency=v
        ),
        StaffingError,
        2**53,
    ),
    "SupportDesk.agents": (
        lambda v: SupportDesk(agents=v, arrivals=1, handle_time=60),
        ConfigError,
        1_000_000,
    ),
    "EscalationLadder.repeat_times": (
        lambda v: EscalationLadder([LEVEL], repeat_every=timedelta(hours=1), repeat_times=v),
        ConfigError,
        MAX_REPEATS,
    ),
}


@pytest.mark.parametrize("place", sorted(CAPPED))
@pytest.mark.parametrize(
    "value",
    [1e308, 1.7976931348623157e308, np.float64(1e300), np.float32(1e38), Decimal("1e300")],
    ids=repr,
)
def test_a_huge_whole_number_past_a_counts_largest_is_named_as_given(
    place: str, value: Any
) -> None:
    build, error, _ = CAPPED[place]
    with pytest.raises(error) as info:
        build(value)
    said = str(info.value)
    assert "<int of about" not in said, said
    assert repr(value).removeprefix("np.") in said.replace("np.", ""), said
    assert len(said) < 300


@given(
    place=st.sampled_from(sorted(CAPPED)),
    value=st.floats(2.0**64, 1.7976931348623157e308).map(math.floor).map(float),
    twice=st.booleans(),
)
def test_any_float_past_a_counts_largest_is_named_as_given(
    place: str, value: float, twice: bool
) -> None:
    build, error, most = CAPPED[place]
    value = float(2 * most) if twice else value  # a whole float past the largest count
    with pytest.raises(error) as info:
        build(value)
    assert repr(value) in str(info.value)
    assert "<int of about" not in str(info.value)


@pytest.mark.parametrize("place", sorted(CAPPED))
def test_an_int_past_a_counts_largest_is_still_refused_by_its_size(place: str) -> None:
    build, error, most = CAPPED[place]
    with pytest.raises(error, match=r"<int of about 401 digits>"):
        build(10**400)
    with pytest.raises(error, match=str(most + 1)):
        build(most + 1)


@pytest.mark.parametrize("place", sorted(CAPPED))
def test_a_whole_float_within_a_counts_largest_is_the_int_it_holds(place: str) -> None:
    build, _, _ = CAPPED[place]
    built = build(3.0)
    stored = {
        "Estimate.n": lambda b: b.n,
        "Estimate.missing": lambda b: b.missing,
        "SLASection.tickets": lambda b: b.tickets,
        "TicketMetricsRow.compared": lambda b: b.compared,
        "WeeklyPlan.concurrency": lambda b: b.concurrency,
        "plan_intervals(concurrency=)": lambda b: b.concurrency,
        "SupportDesk.agents": lambda b: b.agents,
        "EscalationLadder.repeat_times": lambda b: b.repeat_times,
    }[place](built)
    assert type(stored) is int
    assert stored == 3


@given(
    value=st.one_of(
        st.integers(-(10**20), 10**400),
        st.floats(allow_nan=True, allow_infinity=True),
        st.sampled_from([np.int64(7), np.uint64(2**64 - 1), np.float64(1e20), Decimal("1e30")]),
    ),
    most=st.integers(0, 2**64),
)
def test_count_value_up_to_is_count_value_but_past_its_largest_as_given(
    value: Any, most: int
) -> None:
    got, count = count_value_up_to(value, most), count_value(value)
    if is_past_as_given(value, count, most):
        assert got is value
        assert type(count) is int
        assert count > most
    else:
        assert got is count or got == count


def test_is_past_as_given_is_for_a_whole_number_not_given_as_an_int() -> None:
    assert is_past_as_given(1e308, int(1e308), 10)
    assert is_past_as_given(Decimal("1e20"), 10**20, 10)
    assert not is_past_as_given(10**20, 10**20, 10)  # an int names itself
    assert not is_past_as_given(np.int64(10**18), 10**18, 10)  # a numpy int prints its digits
    assert not is_past_as_given(5.0, 5, 10)
    assert not is_past_as_given(2.5, 2.5, 1)  # no whole number: the validator's to refuse


# -- Zendesk Ticket Metrics durations ----------------------------------------------------------

T0 = datetime(2026, 3, 2, 9, tzinfo=UTC)
HISTORY = TicketHistory(Ticket("7", T0), [AgentReply("r", T0 + timedelta(minutes=42))])


@pytest.mark.parametrize(
    ("minutes", "shown"),
    [(1e300, "1e+300"), (1e308, "1e+308"), (10**300, "<int of about 301 digits>"), (1e16, "1e+16")],
)
def test_a_huge_ticket_metrics_duration_is_named_as_given(minutes: Any, shown: str) -> None:
    rec = {"ticket_id": 7, "reply_time_in_minutes": {"calendar": minutes, "business": 0}}
    r, errors = zendesk_ticket_metrics([HISTORY], [rec])
    assert errors == ()
    calendar, business = sorted(r.disagreements, key=lambda d: d.clock, reverse=True)
    assert str(calendar) == (
        f"ticket 7 reply_time_in_minutes (calendar): vendor {shown} min, ours 42 min -- "
        f"durations differ: vendor {shown}, ours 42"
    )
    assert f"its calendar value is {shown};" in business.reason
    for line in r.to_text().splitlines():
        assert len(line) < 400, line


@given(st.floats(1e16, 1.7976931348623157e308))
def test_two_decimals_names_a_float_past_1e16_as_python_writes_it(x: float) -> None:
    assert two_decimals(x) == repr(x)
    assert float(two_decimals(x)) == x


@given(st.floats(0, 1e16, exclude_max=True))
def test_two_decimals_below_1e16_is_within_half_a_hundredth(x: float) -> None:
    text = two_decimals(x)
    assert "e" not in text
    assert abs(float(text) - x) <= 0.005 + 1e-9 * x


def test_two_decimals_names_what_is_no_number_as_given() -> None:
    assert [two_decimals(v) for v in (math.inf, -math.inf, math.nan)] == ["inf", "-inf", "nan"]


# -- a count of more than 4,300 digits in a contradiction: named by its size -------------------


def _summary() -> Any:
    run = simulate(SupportDesk(agents=2, arrivals=10, handle_time=300), T0, T0 + timedelta(hours=2))
    return run.summary(within=60)


def _compliance() -> Any:
    chat = [
        TicketHistory(
            Ticket(f"T{i}", T0, channel="chat"), [AgentReply("r", T0 + timedelta(minutes=i))]
        )
        for i in (1, 2)
    ]
    standards = ServiceStandards(
        "Acme", [ResponseStandard("chat", "first_reply", "15m", business=False, attainment=0.7)]
    )
    return measure(standards, chat)


def _journey_reaching(reached: int) -> Any:
    events = [JourneyEvent(f"c{i}", T0, "purchase") for i in range(3)]
    report = JourneyStats.empty().add_events(events).result()
    first = attrs.evolve(report.stages[0], reached=reached)
    return attrs.evolve(report, stages=(first, *report.stages[1:]))


HUGE = 10**5000

#: Counts that contradict another field, each message naming them: str() of an int past 4,300
#: digits raises a bare ValueError (Python's int-to-text limit), which these messages raised.
CONTRADICTIONS: dict[str, Any] = {
    "SimulationSummary.offered": lambda: attrs.evolve(_summary(), offered=HUGE),
    "SimulationSummary.handled": lambda: attrs.evolve(_summary(), handled=HUGE),
    "SimulationSummary.answered_within": lambda: attrs.evolve(_summary(), answered_within=HUGE),
    "Durations.zeros": lambda: Durations(zeros=HUGE),
    "ThemeCounts.n": lambda: ThemeCounts(n=HUGE, counts={"a": 2}, selector="attr:x"),
    "JourneyReport.stages[0].reached": lambda: _journey_reaching(HUGE),
    "Compliance.future_events": lambda: attrs.evolve(_compliance(), future_events=HUGE),
    "Compliance.future_tickets": lambda: attrs.evolve(
        _compliance(), future_tickets=HUGE, future_events=1
    ),
}


@pytest.mark.parametrize("place", sorted(CONTRADICTIONS))
def test_a_huge_count_contradicting_another_is_named_by_its_size(place: str) -> None:
    with pytest.raises((ConfigError, InputTypeError)) as info:
        CONTRADICTIONS[place]()
    assert "<int of about 5001 digits>" in str(info.value)
    assert len(str(info.value)) < 400
