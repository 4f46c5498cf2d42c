"""Laws of the business calendar and the SLA clock that a plausible slip would break.

Each test pins a documented rule (docs/calendars.md, docs/sla.md) at a place where a one-token
change to the code (a ``<`` for a ``<=``, a dropped clause, a skipped wrap-around) still passed
every other test. Expected values come from the rules, worked out by hand or by a simple
independent reference, never from the code's own output.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from servicemodel.calendar import BusinessCalendar
from servicemodel.calendar._instants import utc_add
from servicemodel.errors import MAX_INSTANT, MIN_INSTANT, OutOfRangeError
from servicemodel.model import (
    AgentReply,
    CustomerMessage,
    PriorityChange,
    Reopen,
    StatusChange,
    Ticket,
    TicketHistory,
)
from servicemodel.sla import (
    Measurement,
    MeasurementState,
    Metric,
    SLAPolicy,
    Target,
    TicketSLA,
    evaluate,
)
from servicemodel.strategies._calendar import calendars

US = timedelta(microseconds=1)
DAY = 1440


def _hhmm(minutes: int) -> str:
    minutes %= DAY
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


# -- "BusinessCalendar.always(tz) is open at every instant" (calendars.md, 24/7 and never) -----

EVERY_INSTANT = st.integers(0, (MAX_INSTANT - MIN_INSTANT) // US - 2).map(
    lambda us: MIN_INSTANT + timedelta(microseconds=us)
)


@pytest.mark.parametrize(
    "t",
    [
        MIN_INSTANT,
        datetime(1969, 12, 31, 23, 59, 59, 999999, tzinfo=UTC),
        datetime(1900, 6, 1, 12, tzinfo=UTC),
        datetime(1970, 1, 1, tzinfo=UTC),
        MAX_INSTANT - 2 * US,
    ],
)
def test_always_open_calendar_is_open_before_the_epoch_too(t: datetime) -> None:
    # The 24/7 calendar is open at every instant of the supported range, so is_open must
    # agree with elapsed (plain arithmetic) there: one microsecond from t is one open
    # microsecond. Before 1970 is_open said "closed".
    for cal in (
        BusinessCalendar.always(),
        BusinessCalendar.always("Europe/Berlin"),
        BusinessCalendar.weekly("UTC", {"mon-sun": "00:00-24:00"}),
    ):
        assert cal.is_always_open
        assert cal.is_open(t)
        assert cal.elapsed(t, t + US) == US


@given(
    cal=st.one_of(
        st.just(BusinessCalendar.always()),
        calendars(zones=["UTC", "Europe/Berlin", "America/New_York"]),
    ),
    t=EVERY_INSTANT,
)
def test_is_open_is_one_open_microsecond_anywhere_in_the_range(
    cal: BusinessCalendar, t: datetime
) -> None:
    # Spans are half-open, so t is open exactly when [t, t + 1 µs) holds open time: the two
    # queries must agree at every instant of the supported range, not only near today.
    assert cal.is_open(t) is (cal.elapsed(t, t + US) == US)


# -- covers_week: a Sunday night shift running into Monday closes the week's gap -----------------


def _covered_minutes(hours: dict[str, list[tuple[int, int]]]) -> set[int]:
    """Reference: the minutes of the week (Monday 00:00 = 0) the spans cover, wrapping Sunday
    night into Monday morning (calendars.md: a span belongs to the day it starts on)."""
    names = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
    out: set[int] = set()
    for day, name in enumerate(names):
        for s, e in hours.get(name, []):
            out |= {(day * DAY + m) % (7 * DAY) for m in range(s, e)}
    return out


@given(
    cut=st.integers(1, DAY - 2),
    length=st.integers(1, DAY - 2),
    sunday_night=st.booleans(),
)
def test_a_week_covered_through_sunday_night_is_always_open(
    cut: int, length: int, sunday_night: bool
) -> None:
    # Every day holds [cut, cut + length) and an overnight span from there to cut on the
    # next day; so Monday 00:00..cut is covered only by Sunday's night span. Without it
    # (sunday_night False) Monday's early morning is closed.
    second = cut + length
    if second >= DAY:
        second = DAY - 1
    spans = [(cut, second), (second, DAY + cut)]
    hours = dict.fromkeys(("mon", "tue", "wed", "thu", "fri", "sat"), spans)
    hours["sun"] = spans if sunday_night else [(cut, second)]
    week_open = len(_covered_minutes(hours)) == 7 * DAY
    assert week_open is sunday_night
    text = {
        name: [f"{_hhmm(s)}-{_hhmm(e)}" if e != DAY else f"{_hhmm(s)}-24:00" for s, e in sp]
        for name, sp in hours.items()
    }
    cal = BusinessCalendar.weekly("UTC", text)
    assert cal.is_always_open is week_open
    monday = datetime(2026, 1, 5, tzinfo=UTC)  # a Monday
    assert cal.is_open(monday) is week_open


# -- utc_add: the supported range is [MIN_INSTANT, MAX_INSTANT), both ends exact -----------------

TARGETS = st.one_of(
    st.sampled_from(
        [MIN_INSTANT - US, MIN_INSTANT, MIN_INSTANT + US, MAX_INSTANT - US, MAX_INSTANT]
    ),
    EVERY_INSTANT,
)


@given(t=EVERY_INSTANT, target=TARGETS)
def test_utc_add_keeps_exactly_the_instants_of_the_range(t: datetime, target: datetime) -> None:
    # errors.MIN_INSTANT is the first supported instant and MAX_INSTANT the exclusive end:
    # t + d is returned exactly when it lies in [MIN_INSTANT, MAX_INSTANT), else refused.
    d = target - t
    if MIN_INSTANT <= target < MAX_INSTANT:
        assert utc_add(t, d) == target
    else:
        with pytest.raises(OutOfRangeError):
            utc_add(t, d)


@given(t=EVERY_INSTANT, target=TARGETS, tz=st.sampled_from(["UTC", "Asia/Tokyo"]))
def test_always_open_add_keeps_exactly_the_instants_of_the_range(
    t: datetime, target: datetime, tz: str
) -> None:
    # calendars.md: on the 24/7 calendar add(t, d) == t + d, and every query's answer lies
    # in the supported range [MIN_INSTANT, MAX_INSTANT) or is refused (OutOfRangeError).
    cal = BusinessCalendar.always(tz)
    d = target - t
    if MIN_INSTANT <= target < MAX_INSTANT:
        assert cal.add(t, d) == target
    else:
        with pytest.raises(OutOfRangeError):
            cal.add(t, d)


# -- a week open around the clock is not 24/7 once a date is closed -------------------------------

AROUND_THE_CLOCK = {"mon-sun": "00:00-24:00"}
SOME_DAYS = st.dates(min_value=date(2025, 1, 1), max_value=date(2027, 12, 31))


@st.composite
def _day_spans(draw: st.DrawFn) -> list[tuple[int, int]]:
    """Sorted, disjoint spans within one day (none crosses midnight), possibly none."""
    points = sorted(draw(st.sets(st.integers(0, DAY), max_size=6)))
    if len(points) % 2:
        points = points[:-1]
    return [(points[i], points[i + 1]) for i in range(0, len(points), 2)]


def _midnight(day: date) -> datetime:
    return datetime(day.year, day.month, day.day, tzinfo=UTC)


@given(day=SOME_DAYS, spans=_day_spans())
def test_an_override_on_a_24_7_week_replaces_that_date(
    day: date, spans: list[tuple[int, int]]
) -> None:
    # calendars.md rule 1: a date with an override contributes its override's spans only.
    # So over that date (UTC) the open time is the override's total, and the instant just
    # after each of its spans ends is closed (unless the next span or midnight reopens it).
    text = [f"{_hhmm(s)}-{'24:00' if e == DAY else _hhmm(e)}" for s, e in spans]
    cal = BusinessCalendar.weekly("UTC", AROUND_THE_CLOCK, overrides={day.isoformat(): text})
    start = _midnight(day)
    expected = sum((e - s for s, e in spans), 0)
    assert cal.elapsed(start, start + timedelta(days=1)) == timedelta(minutes=expected)
    assert cal.is_always_open is (expected == DAY)
    closed = sorted(set(range(DAY)) - {m for s, e in spans for m in range(s, e)})
    for m in closed[:3]:
        assert not cal.is_open(start + timedelta(minutes=m))


@given(day=SOME_DAYS, weeks=st.integers(1, 4), as_rule=st.booleans())
def test_a_holiday_on_a_24_7_week_closes_that_date(day: date, weeks: int, as_rule: bool) -> None:
    # calendars.md rule 1: a holiday contributes no spans; around the clock, the date is
    # closed from its midnight to the next (a listed date, or a recurrence naming it).
    if as_rule:
        holidays: Any = [
            {"rrule": f"DTSTART:{day:%Y%m%d}T000000\nRRULE:FREQ=WEEKLY;INTERVAL={weeks}"}
        ]
    else:
        holidays = [day.isoformat()]
    cal = BusinessCalendar.from_dict({"tz": "UTC", "hours": AROUND_THE_CLOCK, "holidays": holidays})
    start = _midnight(day)
    assert not cal.is_always_open
    assert not cal.is_open(start)
    assert not cal.is_open(start + timedelta(hours=23, minutes=59))
    assert cal.is_open(start - US)
    # The days either side are other weekdays, so no holiday: one open hour each.
    assert cal.elapsed(start - timedelta(hours=1), start + timedelta(days=1, hours=1)) == (
        timedelta(hours=2)
    )


# -- a target that runs out exactly as a pause begins (sla.md: one rule, pausing) ---------------

SLA_CALENDARS = [
    BusinessCalendar.always(),
    BusinessCalendar.weekly("UTC", {"mon-fri": "09:00-17:00"}),
    BusinessCalendar.weekly("Europe/Berlin", {"mon-fri": ["08:00-12:00", "13:00-18:00"]}),
]
WEEK_START = datetime(2026, 3, 2, tzinfo=UTC)  # a Monday, before Europe's DST change


def _paused_at_deadline(
    cal: BusinessCalendar, created: datetime, within: timedelta, pause: timedelta, *, same: bool
) -> tuple[SLAPolicy, TicketHistory, datetime, datetime]:
    """A ticket whose first-reply target runs out exactly when it goes pending, and that
    reopens ``pause`` later, then goes on hold and back to open (statuses that pause nothing,
    so a live state's running totals hold the first stretch); ``same``: also a priority
    change to the priority it has (which changes no target, and takes the engine off its
    one-target fast path)."""
    policy = SLAPolicy("p", {"normal": [Target("first_reply", within)]}, calendar=cal)
    # add's law: the open time from ``created`` to ``ran_out`` is exactly ``within``.
    ran_out = cal.add(created, within)
    resume = ran_out + pause
    events: list[Any] = [
        StatusChange("pending", ran_out, status="pending"),
        StatusChange("open", resume, status="open"),
        StatusChange("hold", resume + timedelta(minutes=1), status="on_hold"),
        StatusChange("back", resume + timedelta(minutes=2), status="open"),
    ]
    if same:
        events.insert(2, PriorityChange("same", resume, priority="normal"))
    return policy, TicketHistory(Ticket("T", created), events), ran_out, resume


@given(
    cal=st.sampled_from(SLA_CALENDARS),
    created_min=st.integers(0, 7 * DAY),
    within_min=st.integers(1, 900),
    pause_min=st.integers(1, 3 * DAY),
    later_min=st.integers(0, 2 * DAY),
    same=st.booleans(),
    live=st.booleans(),
)
def test_a_target_running_out_as_a_pause_begins_is_due_when_the_clock_counts_again(
    cal: BusinessCalendar,
    created_min: int,
    within_min: int,
    pause_min: int,
    later_min: int,
    same: bool,
    live: bool,
) -> None:
    created = WEEK_START + timedelta(minutes=created_min)
    within = timedelta(minutes=within_min)
    policy, h, ran_out, resume = _paused_at_deadline(
        cal, created, within, timedelta(minutes=pause_min), same=same
    )

    def first_reply(history: TicketHistory, at: datetime) -> Measurement:
        found = (
            TicketSLA.from_history(policy, history).measurements(at)
            if live
            else evaluate(policy, history, at=at)
        )
        (m,) = [m for m in found if m.metric is Metric.FIRST_REPLY]
        return m

    # Between ``ran_out`` and the first open instant after the resume the clock has run
    # exactly ``within``: every such instant is on time, so (the one rule, "t <= due_at
    # exactly when elapsed <= target") due_at is that first instant the clock counts again.
    due = cal.add(resume, timedelta(0))
    at = resume + timedelta(minutes=2 + later_min)
    m = first_reply(h, at)
    assert m.due_at == due
    if at > due:
        assert m.state is MeasurementState.BREACHED
        assert m.breached_at == due
    else:
        assert m.state is MeasurementState.ACTIVE
    # Measured at the very instant it goes pending, the clock is paused with the target
    # used up but not passed: paused, and no deadline while paused (sla.md, Pausing).
    if not same:
        m = first_reply(TicketHistory(h.ticket, h.events[:1]), ran_out)
        assert m.state is MeasurementState.PAUSED
        assert (m.elapsed, m.due_at) == (within, None)


# -- recurring holidays read across New Year as listed ones are ----------------------------------


@given(
    week=calendars(allow_holidays=False, allow_overrides=False),
    year=st.integers(2020, 2030),
    day=st.sampled_from([(12, 31), (12, 30), (1, 1), (1, 2)]),
)
def test_a_yearly_rrule_holiday_is_the_same_calendar_as_its_dates_listed(
    week: BusinessCalendar, year: int, day: tuple[int, int]
) -> None:
    # calendars.md rule 1 does not depend on how a holiday is given: a recurrence closing
    # the same dates as a list must give the same open time, also for a night shift that
    # starts on New Year's Eve (a holiday of the year before) and runs into the new year.
    month, mday = day
    listed = [date(y, month, mday).isoformat() for y in range(year - 2, year + 3)]
    rule = f"DTSTART:{year - 2}{month:02d}{mday:02d}T000000\nRRULE:FREQ=YEARLY;COUNT=5"
    base = {"tz": week.tz.key, "hours": week.to_dict()["hours"]}
    by_list = BusinessCalendar.from_dict({**base, "holidays": listed})
    by_rule = BusinessCalendar.from_dict({**base, "holidays": [{"rrule": rule}]})
    t = datetime(year - 1, 12, 29, tzinfo=UTC)
    for _ in range(4 * 7):
        u = t + timedelta(hours=6)
        assert by_rule.elapsed(t, u) == by_list.elapsed(t, u)
        t = u


# -- next_close across local New Year -----------------------------------------------------------


@given(
    cal=calendars(),
    year=st.integers(2019, 2029),
    minute=st.integers(17 * 60, DAY - 1),
)
def test_next_close_is_the_first_closed_instant_also_over_new_year(
    cal: BusinessCalendar, year: int, minute: int
) -> None:
    # calendars.md: next_close(t) is the first closed instant at or after t. So it is
    # closed, and everything from t up to it is open -- also when a night shift of New
    # Year's Eve runs on past local midnight into the new year.
    t = datetime(year, 12, 31, tzinfo=cal.tz) + timedelta(minutes=minute)
    close = cal.next_close(t)
    assert not cal.is_open(close)
    assert cal.elapsed(t, close) == close - t


# -- a deadline that runs out at the year's last close ------------------------------------------


@given(
    cal=st.sampled_from(SLA_CALENDARS[1:]),
    year=st.integers(2020, 2030),
    within_min=st.integers(1, 600),
    live=st.booleans(),
)
def test_a_target_running_out_at_the_years_last_close_is_due_at_the_next_opening(
    cal: BusinessCalendar, year: int, within_min: int, live: bool
) -> None:
    # sla.md, the one rule: "When the target runs out exactly at a close, due_at is the next
    # opening" -- also when that close is the last of the local year.
    new_year = datetime(year + 1, 1, 1, tzinfo=cal.tz)
    last_close = cal.previous_close(new_year)
    within = timedelta(minutes=within_min)
    created = cal.sub(last_close, within)  # elapsed(created, last_close) == within
    assert cal.elapsed(created, last_close) == within
    policy = SLAPolicy("p", {"normal": [Target("first_reply", within)]}, calendar=cal, pause=[])
    h = TicketHistory(Ticket("T", created), [])
    (m,) = (
        TicketSLA.from_history(policy, h).measurements(last_close)
        if live
        else evaluate(policy, h, at=last_close)
    )
    assert m.state is MeasurementState.ACTIVE
    assert m.elapsed == within
    assert m.due_at == cal.next_open(last_close)
    assert m.due_at >= new_year


# -- reply clocks around a solve (sla.md, "Details that decide real cases") ----------------------


def test_reply_cycles_around_solves_follow_the_documented_rules() -> None:
    t0 = datetime(2026, 3, 2, 9, tzinfo=UTC)
    hour = timedelta(hours=1)
    targets = [
        Target("first_reply", "8h"),
        Target("next_reply", "8h"),
        Target("periodic_update", "8h"),
    ]
    policy = SLAPolicy("p", {"normal": targets}, pause=[])
    events = [
        AgentReply("r1", t0 + hour),  # 10:00 first reply; a periodic update cycle opens
        # 11:00 a message and a solve at one instant: "a cycle that a solve closes at the
        # very instant it starts is not reported"; the solve stops the periodic cycle.
        CustomerMessage("m1", t0 + 2 * hour),
        StatusChange("s1", t0 + 2 * hour, status="solved"),
        # 12:00 a message on the solved ticket: "starts a next_reply cycle only when the
        # ticket is reopened, from the reopen" (14:00); the reply at 15:00 ends it.
        CustomerMessage("m2", t0 + 3 * hour),
        Reopen("o1", t0 + 5 * hour),
        AgentReply("r2", t0 + 6 * hour),  # 15:00 opens a periodic cycle
        # 16:00 a reply sent together with the solve: the periodic cycle 15:00-16:00 ends
        # at the reply, and the one the reply opens is closed by the solve at once.
        AgentReply("r3", t0 + 7 * hour),
        StatusChange("s2", t0 + 7 * hour, status="solved"),
    ]
    h = TicketHistory(Ticket("T", t0), events)
    got = [
        (m.metric.value, m.cycle, m.started_at, m.stopped_at, m.state.value)
        for m in evaluate(policy, h)
        if m.metric is not Metric.RESOLUTION
    ]
    at = [t0 + k * hour for k in range(8)]
    assert got == [
        ("first_reply", 0, at[0], at[1], "achieved"),
        ("next_reply", 0, at[5], at[6], "achieved"),
        ("periodic_update", 0, at[1], at[2], "achieved"),
        ("periodic_update", 1, at[6], at[7], "achieved"),
    ]


# -- a breach is final, and elapsed still counts up to the clock's end -----------------------------


@given(
    cal=st.sampled_from(SLA_CALENDARS),
    created_min=st.integers(0, 7 * DAY),
    urgent_min=st.integers(1, 240),
    change_after=st.integers(1, 600),
    reply_after=st.integers(0, 600),
    live=st.booleans(),
)
def test_a_breach_before_a_priority_change_keeps_counting_elapsed_to_the_stop(
    cal: BusinessCalendar,
    created_min: int,
    urgent_min: int,
    change_after: int,
    reply_after: int,
    live: bool,
) -> None:
    # sla.md: a clock past its target when the priority changes keeps that target and its
    # breach; and (the laws of "Testing your own code") its elapsed time is the calendar's
    # open time over its un-paused spans -- from its start to its stop, not to the change.
    created = WEEK_START + timedelta(minutes=created_min)
    urgent = timedelta(minutes=urgent_min)
    due = cal.add(created, urgent)
    changed = due + timedelta(minutes=change_after)  # already past the urgent target
    replied = changed + timedelta(minutes=reply_after)
    targets = {
        "urgent": [Target("first_reply", urgent)],
        "low": [Target("first_reply", "10d")],
    }
    policy = SLAPolicy("p", targets, calendar=cal, pause=[])
    events = [PriorityChange("lower", changed, priority="low"), AgentReply("r", replied)]
    h = TicketHistory(Ticket("T", created, priority="urgent"), events)
    found = (
        TicketSLA.from_history(policy, h).measurements(replied, ended=True)
        if live
        else evaluate(policy, h)
    )
    (m,) = [m for m in found if m.metric is Metric.FIRST_REPLY]
    elapsed = cal.elapsed(created, replied)
    assume(elapsed > urgent)  # the office opened between the deadline and the change
    assert (m.state, m.priority.value, m.due_at) == (MeasurementState.BREACHED, "urgent", due)
    assert m.elapsed == elapsed
    assert m.remaining == urgent - elapsed


# -- a live state's running totals and a priority change before them -------------------------------


@given(
    cal=st.sampled_from(SLA_CALENDARS),
    created_min=st.integers(0, 7 * DAY),
    change_min=st.integers(1, 59),
    pauses=st.integers(2, 4),
)
def test_live_priority_change_early_in_a_clock_is_measured_as_in_the_batch_view(
    cal: BusinessCalendar, created_min: int, change_min: int, pauses: int
) -> None:
    # A ticket raised to high early on, then paused and resumed a few times (pending for
    # an hour, open for an hour): when raised, the clock had run less than its normal
    # target, so (sla.md, Priority changes) high's target applies from the start and the
    # clock is active; its elapsed time is the open time of its un-paused hours. A live
    # state reaches the same verdict as the batch view, whatever totals it keeps.
    created = WEEK_START + timedelta(minutes=created_min)
    hour = timedelta(hours=1)
    targets = {
        "normal": [Target("first_reply", timedelta(minutes=change_min + 1), business=False)],
        "high": [Target("first_reply", "30d", business=False)],
    }
    policy = SLAPolicy("p", targets, calendar=cal)
    events: list[Any] = [
        PriorityChange("up", created + timedelta(minutes=change_min), priority="high")
    ]
    for k in range(pauses):
        events.append(StatusChange(f"p{k}", created + (2 * k + 1) * hour, status="pending"))
        events.append(StatusChange(f"o{k}", created + (2 * k + 2) * hour, status="open"))
    h = TicketHistory(Ticket("T", created), events)
    at = created + (2 * pauses + 1) * hour
    live = TicketSLA.from_history(policy, h).measurements(at)
    batch = evaluate(policy, h, at=at)
    for found in (live, batch):
        (m,) = [m for m in found if m.metric is Metric.FIRST_REPLY]
        assert (m.state, m.priority.value) == (MeasurementState.ACTIVE, "high")
        # Calendar-time targets (business=False): one hour counted before each pause,
        # and the last hour since the final resume.
        assert m.elapsed == (pauses + 1) * hour


@pytest.mark.parametrize("tz", ["UTC", "Asia/Tokyo", "America/New_York"])
def test_next_close_past_the_range_is_refused_naming_the_instant(tz: str) -> None:
    # calendars.md: an answer that would fall outside the supported range raises
    # OutOfRangeError naming the instant. Open around the clock to the range's end (not
    # 24/7: a holiday long before), the next close lies past it.
    cal = BusinessCalendar.weekly(tz, AROUND_THE_CLOCK, holidays=["9990-01-01"])
    t = datetime(9998, 12, 29, tzinfo=UTC)
    with pytest.raises(OutOfRangeError, match=r"next_close\(9998-12-29T00:00:00\+00:00\)"):
        cal.next_close(t)
    assert cal.next_close(datetime(9990, 1, 1, 12, tzinfo=UTC)) == datetime(
        9990, 1, 1, 12, tzinfo=UTC
    )


def test_an_agent_reply_on_a_solved_ticket_opens_no_periodic_update_cycle() -> None:
    # sla.md: a periodic_update cycle starts at "each public agent reply while the ticket is
    # unresolved"; a reply on a solved ticket (no reopen) starts none, and the reopen after it
    # starts none either: only the next public agent reply does.
    t0 = datetime(2026, 3, 2, 9, tzinfo=UTC)
    hour = timedelta(hours=1)
    policy = SLAPolicy("p", {"normal": [Target("periodic_update", "8h")]}, pause=[])
    events = [
        AgentReply("r1", t0 + hour),
        StatusChange("s1", t0 + 2 * hour, status="solved"),
        AgentReply("r-solved", t0 + 3 * hour),
        Reopen("o1", t0 + 5 * hour),
        AgentReply("r2", t0 + 6 * hour),
        StatusChange("s2", t0 + 7 * hour, status="solved"),
    ]
    got = [
        (m.cycle, m.started_at, m.stopped_at, m.state.value)
        for m in evaluate(policy, TicketHistory(Ticket("T", t0), events))
        if m.metric is Metric.PERIODIC_UPDATE
    ]
    assert got == [
        (0, t0 + hour, t0 + 2 * hour, "achieved"),
        (1, t0 + 6 * hour, t0 + 7 * hour, "achieved"),
    ]
