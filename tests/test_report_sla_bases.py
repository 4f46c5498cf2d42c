"""The SLA section's time rows: one row per time base, and one base per calendar.

Two calendars that differ but are described alike (two calendars of one's own with the same
``repr``, two calendars with as many holidays on different dates) are two time bases: their
clocks are never pooled, and the second one's label says ``(calendar 2)``. Calendars that are
equal share a row, whichever objects they are.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import attrs
from hypothesis import given, settings
from hypothesis import strategies as st

from servicemodel.calendar import BusinessCalendar
from servicemodel.model import AgentReply, Ticket, TicketHistory
from servicemodel.report._sla import build_sla
from servicemodel.sla import PolicySet, PriorityIn, SLAPolicy, Target

T0 = datetime(2026, 3, 2, 9, tzinfo=UTC)  # a Monday
PRIORITIES = ("low", "normal", "high", "urgent")


@attrs.frozen(repr=False)
class Shift:
    """A calendar of one's own open ``hours`` of every 24 (equal when the hours are)."""

    hours: int
    is_always_open = False

    def __repr__(self) -> str:
        return "Shift()"  # the same for every shift: the report cannot tell them apart by it

    def elapsed(self, a: datetime, b: datetime) -> timedelta:
        return (b - a) * self.hours / 24

    def add(self, t: datetime, d: timedelta) -> datetime:
        return t + d * 24 / self.hours


def _policies(calendars: dict[str, object]) -> PolicySet:
    return PolicySet(
        [
            SLAPolicy(
                prio,
                {prio: [Target("first_reply", "4h")]},
                condition=PriorityIn([prio]),
                calendar=cal,
            )
            for prio, cal in calendars.items()
        ]
    )


def _histories(priorities: list[str]) -> list[TicketHistory]:
    return [
        TicketHistory(
            Ticket(f"T{i}", T0, priority=prio),
            [AgentReply(f"r{i}", T0 + timedelta(hours=2))],
        )
        for i, prio in enumerate(priorities)
    ]


def _rows(calendars: dict[str, object], priorities: list[str]) -> dict[str, tuple[int, float]]:
    section = build_sla(_histories(priorities), _policies(calendars))
    return {t.base.label: (t.n, t.median.value) for t in section.times if t.metric == "first_reply"}


def test_two_calendars_of_ones_own_with_one_repr_are_two_rows() -> None:
    rows = _rows({"low": Shift(12), "high": Shift(6)}, ["low", "low", "high"])
    assert rows == {
        "business hours of Shift()": (2, 1.0),  # 2 h at half the day open
        "business hours of Shift() (calendar 2)": (1, 0.5),
    }


def test_equal_calendars_share_a_row_whichever_objects_they_are() -> None:
    assert _rows({"low": Shift(12), "high": Shift(12)}, ["low", "high"]) == {
        "business hours of Shift()": (2, 1.0)
    }
    office = {"mon-fri": "09:00-17:00"}
    a, b = BusinessCalendar.weekly("UTC", office), BusinessCalendar.weekly("UTC", office)
    assert a is not b
    assert _rows({"low": a, "high": b}, ["low", "high"]) == {
        "business hours of UTC mon-fri 09:00-17:00": (2, 2.0)
    }


def test_two_calendars_with_as_many_holidays_on_other_dates_are_two_rows() -> None:
    office = {"mon-fri": "09:00-17:00"}
    on_monday = BusinessCalendar.weekly("UTC", office, holidays=["2026-03-02"])
    on_tuesday = BusinessCalendar.weekly("UTC", office, holidays=["2026-03-03"])
    rows = _rows({"low": on_monday, "high": on_tuesday}, ["low", "high"])
    label = "business hours of UTC mon-fri 09:00-17:00 (1 holidays)"
    assert rows == {label: (1, 0.0), f"{label} (calendar 2)": (1, 2.0)}


def test_a_breach_names_the_base_of_its_row() -> None:
    late = TicketHistory(
        Ticket("late", T0, priority="high"), [AgentReply("r", T0 + timedelta(days=2))]
    )
    section = build_sla(
        [*_histories(["low"]), late], _policies({"low": Shift(12), "high": Shift(6)})
    )
    (breach,) = section.worst_breaches
    assert breach.base.label == "business hours of Shift() (calendar 2)"
    assert breach.base in {t.base for t in section.times}


@settings(max_examples=40, deadline=None)
@given(
    st.lists(st.sampled_from([6, 12, 24]), min_size=4, max_size=4),
    st.lists(st.sampled_from(PRIORITIES), min_size=1, max_size=8),
)
def test_each_distinct_calendar_is_one_row_of_its_own_clocks(
    hours: list[int], priorities: list[str]
) -> None:
    # Shift(24) is open all day, yet not always open by its flag: a business base too.
    calendars = {prio: Shift(h) for prio, h in zip(PRIORITIES, hours, strict=True)}
    rows = build_sla(_histories(priorities), _policies(calendars)).times
    used = {calendars[p] for p in priorities}
    assert len(rows) == len(used)
    assert len({t.base.label for t in rows}) == len(rows)
    by_hours = {t.median.value: t.n for t in rows}
    assert by_hours == {
        2 * cal.hours / 24: sum(calendars[p] == cal for p in priorities) for cal in used
    }


class Touchy(Shift):
    """A calendar of one's own whose ``==`` raises: told apart from every other, never raised."""

    def __eq__(self, other: object) -> bool:
        raise RuntimeError("no ==")

    __hash__ = Shift.__hash__


def test_a_calendar_whose_equality_raises_is_a_row_of_its_own() -> None:
    rows = _rows({"low": Shift(12), "high": Touchy(12)}, ["low", "high"])
    assert rows == {
        "business hours of Shift()": (1, 1.0),
        "business hours of Shift() (calendar 2)": (1, 1.0),
    }
