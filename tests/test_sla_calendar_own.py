"""A calendar class of one's own whose queries break the protocol is a CalendarError naming it.

The SLA clocks, escalation ladders and time KPIs ask such a calendar through checked queries
(``servicemodel.calendar._protocol``): never a foreign exception, never a verdict built on an
impossible answer. The fuzz harness (tests/fuzz/test_fuzz_combined_and_own_calendars.py) draws the
same cases over any ticket history and policy.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from typing import Any

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from servicemodel.calendar import BusinessCalendar
from servicemodel.errors import CalendarError, InputTypeError
from servicemodel.escalation import EscalationLadder, EscalationLevel, Trigger
from servicemodel.kpi import FirstReplyTime
from servicemodel.model import AgentReply, CustomerMessage, StatusChange, Ticket, TicketHistory
from servicemodel.sla import SLAPolicy, Target, TicketSLA, evaluate
from servicemodel.strategies import calendars, histories, ladders, policies

T0 = datetime(2026, 3, 2, 9, tzinfo=UTC)
HISTORY = TicketHistory(
    Ticket("T", T0),
    [
        StatusChange("p", T0 + timedelta(minutes=30), status="pending"),
        StatusChange("o", T0 + timedelta(hours=1), status="open"),
        AgentReply("r", T0 + timedelta(hours=2)),
    ],
)


class Own:
    """Open at every instant, through ``elapsed`` and ``add``; ``broken`` bends one answer."""

    is_always_open = False

    def __init__(self, broken: str = "") -> None:
        self.broken = broken

    def __repr__(self) -> str:
        return f"Own({self.broken!r})"

    def elapsed(self, a: datetime, b: datetime) -> Any:
        return {
            "raises": lambda: 1 / 0,
            "negative": lambda: a - b,
            "too much": lambda: (b - a) * 2,
            "seconds": lambda: (b - a).total_seconds(),
        }.get(self.broken, lambda: b - a)()

    def add(self, t: datetime, d: timedelta) -> Any:
        return {
            "naive": lambda: (t + d).replace(tzinfo=None),
            "before": lambda: t - timedelta(hours=1),
            "none": lambda: None,
            "disagrees": lambda: t + d + timedelta(minutes=1),
        }.get(self.broken, lambda: t + d)()


class NotAFlag(Own):
    is_always_open = "no"  # type: ignore[assignment]


def policy(cal: Any) -> SLAPolicy:
    targets = [Target("first_reply", "4h"), Target("resolution", "8h")]
    return SLAPolicy("p", {"normal": targets}, calendar=cal)


def test_a_calendar_of_ones_own_that_keeps_the_protocol_is_measured() -> None:
    first, resolution = evaluate(policy(Own()), HISTORY)
    assert first.elapsed == timedelta(hours=1, minutes=30)  # the pending half hour paused
    assert first.due_at == T0 + timedelta(hours=4, minutes=30)
    assert resolution.due_at == T0 + timedelta(hours=8, minutes=30)


@pytest.mark.parametrize(
    ("cal", "said"),
    [
        (Own("raises"), "elapsed(2026-03-02T09:00:00+00:00, 2026-03-02T09:30:00+00:00) raised "),
        (Own("negative"), "gave -1 day, 23:30:00, not from 0 up to 0:30:00"),
        (Own("too much"), "gave 1:00:00, not from 0 up to 0:30:00"),
        (Own("seconds"), "gave a float 1800.0, not a timedelta"),
        (Own("naive"), "gave the naive datetime 2026-03-02T13:30:00, not an aware one"),
        (Own("before"), "gave 2026-03-02T09:00:00+00:00, before its start"),
        (Own("none"), "gave a NoneType None, not a datetime"),
        (Own("disagrees"), "but elapsed from 2026-03-02T10:00:00+00:00 to it is 3:31:00"),
        (NotAFlag(), "is_always_open gave a str, not True or False"),
    ],
)
def test_a_broken_calendar_of_ones_own_is_a_calendar_error_naming_it(cal: Own, said: str) -> None:
    with pytest.raises(CalendarError) as info:
        evaluate(policy(cal), HISTORY)
    message = str(info.value)
    assert message.startswith("ticket 'T' (created 2026-03-02T09:00:00+00:00")
    assert f"calendar {cal!r}: " in message
    assert said in message
    with pytest.raises(CalendarError, match=re.escape(f"calendar {cal!r}: ")):
        TicketSLA.from_history(policy(cal), HISTORY).timers()
    levels = [
        EscalationLevel("breach", Trigger.at_breach(), "lead"),
        EscalationLevel("later", Trigger.after_previous("1h"), "head"),
    ]
    ladder = EscalationLadder(levels)
    (_, m) = evaluate(policy(Own()), HISTORY)  # resolution: still running

    with pytest.raises(CalendarError, match=re.escape(f"calendar {cal!r}: ")):
        ladder.timeline(attrs.evolve(m, calendar=cal))


@pytest.mark.parametrize("broken", ["raises", "negative", "too much", "seconds"])
def test_the_first_reply_time_kpi_checks_elapsed_too(broken: str) -> None:
    with pytest.raises(CalendarError, match=rf"^calendar Own\('{broken}'\): elapsed\("):
        FirstReplyTime(calendar=Own(broken)).add(HISTORY)


def test_a_calendar_whose_flag_raises_is_no_calendar() -> None:
    class Raising(Own):
        @property
        def is_always_open(self) -> bool:  # type: ignore[override]
            raise RuntimeError("down")

    with pytest.raises(InputTypeError, match=r"^calendar: expected a BusinessCalendar"):
        SLAPolicy("p", {}, calendar=Raising())


class Delegate:
    """A calendar of one's own with ``cal``'s answers, and no ``sub``."""

    def __init__(self, cal: Any) -> None:
        self.cal = cal
        self.is_always_open = cal.is_always_open

    def elapsed(self, a: datetime, b: datetime) -> timedelta:
        return self.cal.elapsed(a, b)  # type: ignore[no-any-return]

    def add(self, t: datetime, d: timedelta) -> datetime:
        return self.cal.add(t, d)  # type: ignore[no-any-return]


@settings(max_examples=40, deadline=None)
@given(policies(metrics=["first_reply", "resolution"]), histories(), ladders(business=True))
def test_a_reminder_on_a_calendar_without_sub_is_where_sub_puts_it(
    policy: SLAPolicy, h: TicketHistory, ladder: EscalationLadder
) -> None:
    # A hand-built measurement (no spans; its deadline may have been moved by pauses) on a
    # calendar without ``sub`` escalates at the instants the same calendar with ``sub`` gives.
    for m in evaluate(policy, h):
        hand = attrs.evolve(m, spans=())
        own = attrs.evolve(hand, calendar=Delegate(m.calendar))
        assert [(s.level, s.at) for s in ladder.timeline(own)] == [
            (s.level, s.at) for s in ladder.timeline(hand)
        ]


def test_a_reminder_on_a_calendar_without_sub_counts_back_from_a_moved_deadline() -> None:
    from servicemodel.calendar import BusinessCalendar

    office = BusinessCalendar.weekly("UTC", {"mon-fri": "09:00-17:00"})
    (m,) = evaluate(
        SLAPolicy("p", {"normal": [Target("first_reply", "4h")]}, calendar=office),
        TicketHistory(Ticket("T", T0), []),
        at=T0,
    )
    # Paused two hours on the way: the deadline moved from 13:00 to 15:00.
    hand = attrs.evolve(m, spans=(), due_at=T0 + timedelta(hours=6))
    ladder = EscalationLadder([EscalationLevel("remind", Trigger.before_due("1h"), "lead")])
    (step,) = ladder.timeline(attrs.evolve(hand, calendar=Delegate(office)))
    assert step.at == T0 + timedelta(hours=5) == office.sub(hand.due_at, timedelta(hours=1))


def test_a_report_names_a_calendar_whose_repr_fails_by_its_class() -> None:
    from servicemodel.report._sla import build_sla

    class Mute(Own):
        def __repr__(self) -> str:
            raise RuntimeError("no repr")

    report = build_sla([HISTORY], policy(Mute()))
    assert {t.base.label for t in report.times} == {
        "business hours of <test_a_report_names_a_calendar_whose_repr_fails_by_its_class."
        "<locals>.Mute object>"
    }


class AddOnly:
    """A first-contact window calendar (it needs only ``add``), bent as ``broken`` says."""

    def __init__(self, broken: str) -> None:
        self.broken = broken

    def __repr__(self) -> str:
        return f"AddOnly({self.broken!r})"

    def add(self, t: datetime, d: timedelta) -> Any:
        if self.broken == "never open":  # its own CalendarError: named, not read as an answer
            raise CalendarError("no open time ahead")
        return {
            "raises": lambda: 1 / 0,
            "naive": lambda: (t + d).replace(tzinfo=None),
            "before": lambda: t - d,
        }.get(self.broken, lambda: t + d)()


SOLVED = TicketHistory(
    Ticket("T", T0),
    [
        AgentReply("r", T0 + timedelta(hours=1)),
        StatusChange("s", T0 + timedelta(hours=2), status="solved"),
    ],
)


@pytest.mark.parametrize(
    ("broken", "said"),
    [
        ("raises", "raised ZeroDivisionError"),
        ("naive", "gave the naive datetime"),
        ("before", "before its start"),
        ("never open", "raised CalendarError: no open time ahead"),
    ],
)
def test_a_broken_first_contact_calendar_is_a_calendar_error_naming_it(
    broken: str, said: str
) -> None:
    from servicemodel.kpi import FirstContactResolution

    fcr = FirstContactResolution.empty(window=timedelta(days=3), calendar=AddOnly(broken))
    with pytest.raises(CalendarError, match=re.escape(f"calendar AddOnly('{broken}'): add(")) as e:
        fcr.add(SOLVED)
    assert said in str(e.value)


def test_a_never_open_calendar_of_this_package_still_never_closes_the_window() -> None:
    from servicemodel.kpi import FirstContactResolution

    closed = BusinessCalendar.weekly("UTC", {})
    fcr = FirstContactResolution.empty(window=timedelta(days=3), calendar=closed)
    late = TicketHistory(
        SOLVED.ticket, [*SOLVED.events, CustomerMessage("m", T0 + timedelta(days=3650))]
    )
    assert fcr.judge(SOLVED) is True
    assert fcr.judge(late) is False  # ten years on, still in the window


_WINDOW_CALENDARS = st.one_of(
    calendars(zones=["UTC", "Europe/Berlin"]), st.just(BusinessCalendar.weekly("UTC", {}))
)


@st.composite
def _solved_histories(draw: st.DrawFn) -> TicketHistory:
    """A drawn history, solved at its end (judged from its events), then maybe messaged."""
    h = draw(histories(max_events=5))
    last = h.events[-1].at if h.events else h.ticket.created_at
    solve = last + draw(st.sampled_from([timedelta(0), timedelta(hours=3), timedelta(days=2)]))
    events = [*h.events, StatusChange("fcr-solve", solve, status="solved")]
    later = draw(st.none() | st.sampled_from([timedelta(hours=1), timedelta(days=4)]))
    if later is not None:
        events.append(CustomerMessage("fcr-again", solve + later))
    return TicketHistory(attrs.evolve(h.ticket, first_contact=None), events)


@settings(max_examples=40, deadline=None)
@given(_WINDOW_CALENDARS, st.lists(histories(max_events=6) | _solved_histories(), max_size=4))
def test_first_contact_on_a_calendar_of_ones_own_is_its_answers_or_an_error_naming_it(
    cal: Any, drawn: list[TicketHistory]
) -> None:
    # The same answers through a class of one's own give the same figure; where the calendar
    # of this package says there is no open time ahead (a window that never closes), the
    # same CalendarError from a class of one's own is named, never read as that answer.
    from servicemodel.kpi import FirstContactResolution

    window = timedelta(hours=24)
    ours = FirstContactResolution.empty(window=window, calendar=cal)
    own = FirstContactResolution.empty(window=window, calendar=Delegate(cal))
    for h in drawn:
        solved = h.first_solved_at()
        try:
            if solved is not None:
                cal.add(solved.astimezone(UTC), window)
            no_answer = False
        except CalendarError:
            no_answer = True
        # Judged from its events (not by the source's flag): the window's end is asked for.
        asked = solved is not None and h.ticket.first_contact is None
        if no_answer and asked:
            with pytest.raises(
                CalendarError, match=r"^calendar <.*Delegate object.*raised CalendarError"
            ):
                own.judge(h)
        else:
            assert own.judge(h) == ours.judge(h)
    if not any(h.ticket.first_contact is None for h in drawn):
        return
    counted = FirstContactResolution.empty(window=window, calendar=Delegate(cal))
    try:
        got = counted.add_many(drawn)
    except CalendarError:
        return  # a ticket above said so
    mine = ours.add_many(drawn)
    assert (got.solved, got.first_contact, got.pending) == (
        mine.solved,
        mine.first_contact,
        mine.pending,
    )
