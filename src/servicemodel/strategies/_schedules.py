"""Hypothesis strategies for calendars built from calendars, holiday rules and selectors.

Examples:
    >>> from hypothesis import find
    >>> find(holiday_rules(), lambda r: True).text
    'DTSTART:20180101T000000\\nRRULE:FREQ=YEARLY;BYMONTH=1;BYMONTHDAY=1'
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, date, datetime, timedelta
from typing import Any

from hypothesis import strategies as st

from servicemodel._config import safe_repr
from servicemodel.calendar import (
    CombinedCalendar,
    RRuleHolidays,
    ScheduleHistory,
    difference,
    intersection,
    union,
)
from servicemodel.errors import InputTypeError
from servicemodel.sla import CalendarSelector
from servicemodel.sla._shared import is_calendar
from servicemodel.strategies._args import flag, names, ordered, strategy, whole
from servicemodel.strategies._calendar import calendars as calendar_strategy

__all__ = ["calendar_selectors", "combined_calendars", "holiday_rules", "schedule_histories"]

_RRULE_DAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")


def _day(fn: str, name: str, value: Any) -> date:
    if not isinstance(value, date) or isinstance(value, datetime):
        raise InputTypeError(f"{fn}: {name} must be a date, got {safe_repr(value)}")
    return value


def holiday_rules(
    *, min_date: date = date(2018, 1, 1), max_date: date = date(2030, 12, 31)
) -> st.SearchStrategy[RRuleHolidays]:
    """Valid recurring holidays ([`RRuleHolidays`][servicemodel.calendar.RRuleHolidays]).

    A rule starting between ``min_date`` and ``max_date``: a date every year (New Year's Day
    first), the n-th weekday of a month every year (Thanksgiving's shape), or a weekday every
    second, third or fourth week (so a calendar with the rule is still open some weeks); now
    and then it stops after a count of occurrences. Shrinks to New Year's Day from
    ``min_date``.

    Examples:
        >>> from hypothesis import given
        >>> @given(holiday_rules())
        ... def check(rule):
        ...     assert len(rule.dates_in(2026)) <= 27
        >>> check()
    """
    fn = "holiday_rules"
    low, high = _day(fn, "min_date", min_date), _day(fn, "max_date", max_date)
    ordered(fn, ("min_date", low), ("max_date", high))
    starts = st.dates(min_value=low, max_value=high)
    counts = st.none() | st.integers(1, 10)

    @st.composite
    def build(draw: st.DrawFn) -> RRuleHolidays:
        shape = draw(st.sampled_from(("date", "nth_weekday", "weekly")))
        start = draw(starts)
        if shape == "date":
            month = draw(st.integers(1, 12))
            day = draw(st.integers(1, 28))  # every month has it
            rule = f"FREQ=YEARLY;BYMONTH={month};BYMONTHDAY={day}"
        elif shape == "nth_weekday":
            month, nth = draw(st.integers(1, 12)), draw(st.sampled_from((1, 2, 3, 4, -1)))
            rule = f"FREQ=YEARLY;BYMONTH={month};BYDAY={nth}{draw(st.sampled_from(_RRULE_DAYS))}"
        else:
            every = draw(st.integers(2, 4))
            rule = f"FREQ=WEEKLY;INTERVAL={every};BYDAY={draw(st.sampled_from(_RRULE_DAYS))}"
        count = draw(counts)
        if count is not None:
            rule += f";COUNT={count}"
        return RRuleHolidays(f"DTSTART:{start:%Y%m%d}T000000\nRRULE:{rule}")

    drawn: st.SearchStrategy[RRuleHolidays] = build()
    return drawn


def _calendar_draws(fn: str, calendars: Any) -> st.SearchStrategy[Any]:
    strategy(fn, "calendars", calendars)
    drawn: st.SearchStrategy[Any] = calendar_strategy() if calendars is None else calendars
    return drawn


def _checked(fn: str, value: Any) -> Any:
    if not callable(getattr(value, "_open_us", None)):
        raise InputTypeError(f"{fn}: calendars drew {safe_repr(value)}, not a calendar")
    return value


_OPS = ("intersection", "union", "difference")


def combined_calendars(
    *,
    calendars: st.SearchStrategy[Any] | None = None,
    ops: Sequence[str] = _OPS,
    max_operands: int = 3,
    nested: bool = True,
) -> st.SearchStrategy[CombinedCalendar]:
    """Valid [`CombinedCalendar`][servicemodel.calendar.CombinedCalendar]s: calendar algebra.

    The intersection, union (of two up to ``max_operands``) or difference (of two) of
    calendars from ``calendars`` (default [`calendars()`][servicemodel.strategies.calendars]:
    zones with awkward DST rules, overnight spans, holidays and overrides), built the way your
    code builds one (``a & b``, ``a | b``, ``a - b``), so its ``repr`` pastes back. With
    ``nested`` (the default) an operand may itself be a combination; a nested intersection
    or union merges into one of the same kind around it (``a & (b & c)`` is ``a & b & c``),
    so ``max_operands`` bounds each step, and ``len(cal.operands)`` only with
    ``nested=False``. Shrinks to the intersection of two of the simplest calendars.

    Examples:
        >>> from datetime import UTC, datetime
        >>> from hypothesis import given, settings
        >>> @settings(max_examples=10)
        ... @given(combined_calendars(ops=["difference"], nested=False))
        ... def check(cal):
        ...     a, b = cal.operands
        ...     t0, t1 = datetime(2026, 1, 1, tzinfo=UTC), datetime(2026, 1, 15, tzinfo=UTC)
        ...     assert cal.elapsed(t0, t1) == a.elapsed(t0, t1) - (a & b).elapsed(t0, t1)
        >>> check()
    """
    fn = "combined_calendars"
    leaves = _calendar_draws(fn, calendars)
    chosen = names(fn, "ops", ops, allowed=_OPS)
    most = whole(fn, "max_operands", max_operands, minimum=2, maximum=10)
    deeper = flag(fn, "nested", nested)
    op_draws = st.sampled_from(list(dict.fromkeys(chosen)))

    def combine(draw: st.DrawFn, operand: st.SearchStrategy[Any]) -> CombinedCalendar:
        op = draw(op_draws)
        # The same draws for every operation (a difference takes the first two operands), so
        # that none takes fewer choices than an intersection, which is what values shrink to.
        parts = [_checked(fn, c) for c in draw(st.lists(operand, min_size=2, max_size=most))]
        if op == "difference":
            return difference(parts[0], parts[1])
        return intersection(*parts) if op == "intersection" else union(*parts)

    @st.composite
    def flat(draw: st.DrawFn) -> CombinedCalendar:
        return combine(draw, leaves)

    @st.composite
    def build(draw: st.DrawFn) -> CombinedCalendar:
        return combine(draw, st.one_of(leaves, flat()) if deeper else leaves)

    drawn: st.SearchStrategy[CombinedCalendar] = build()
    return drawn


_SINCE = st.datetimes(
    min_value=datetime(2018, 1, 1), max_value=datetime(2030, 12, 31), timezones=st.just(UTC)
)


def schedule_histories(
    *, calendars: st.SearchStrategy[Any] | None = None, max_versions: int = 3
) -> st.SearchStrategy[ScheduleHistory]:
    """Valid [`ScheduleHistory`][servicemodel.calendar.ScheduleHistory]s: hours that changed.

    Up to ``max_versions`` calendars from ``calendars`` (default
    [`calendars()`][servicemodel.strategies.calendars]), each in force from an instant in
    2018-2030 (UTC, whole minutes) after the one before; the first one is in force from the
    start of the supported range, or now and then from an instant of its own (closed before
    it). Shrinks to one version, in force since always, of the simplest calendar.

    Examples:
        >>> from hypothesis import given, settings
        >>> @settings(max_examples=10)
        ... @given(schedule_histories())
        ... def check(history):
        ...     assert ScheduleHistory.from_dict(history.to_dict()) == history
        >>> check()
    """
    fn = "schedule_histories"
    cals = _calendar_draws(fn, calendars)
    most = whole(fn, "max_versions", max_versions, minimum=1, maximum=20)
    minutes = st.integers(1, 60 * 24 * 366)

    @st.composite
    def build(draw: st.DrawFn) -> ScheduleHistory:
        first = _checked(fn, draw(cals))
        since = draw(st.none() | _SINCE.map(lambda t: t.replace(second=0, microsecond=0)))
        versions: list[tuple[datetime | None, Any]] = [(since, first)]
        at = since or datetime(2018, 1, 1, tzinfo=UTC)
        for _ in range(draw(st.integers(0, most - 1))):
            at += timedelta(minutes=draw(minutes))  # after the one before
            versions.append((at, _checked(fn, draw(cals))))
        return ScheduleHistory(versions)

    drawn: st.SearchStrategy[ScheduleHistory] = build()
    return drawn


#: Where a selector reads a calendar's name, and the names it knows there.
_SOURCES = {
    "attr:region": ("emea", "amer", "apac"),
    "channel": ("email", "chat", "phone"),
    "requester": ("ada", "bo", "cy"),
}


def calendar_selectors(
    *, calendars: st.SearchStrategy[Any] | None = None
) -> st.SearchStrategy[CalendarSelector]:
    """Valid SLA [`CalendarSelector`][servicemodel.sla.CalendarSelector]s.

    Read from a ticket's ``region`` attribute (names ``emea``, ``amer``, ``apac``), its
    channel (``email``, ``chat``, ``phone``, as ``tickets()`` draws) or its requester (``ada``,
    ``bo``, ``cy``), one to three of those names each with a calendar from ``calendars``
    (default: a few fixed office calendars, 24/7 first). Shrinks to ``emea`` on 24/7 by region.

    Examples:
        >>> from hypothesis import given
        >>> from servicemodel.sla import SLAPolicy
        >>> @given(calendar_selectors())
        ... def check(selector):
        ...     assert SLAPolicy("p", {}, calendar_from=selector).calendar_from == selector
        >>> check()
    """
    from servicemodel.strategies._sla import _OFFICE_HOURS

    fn = "calendar_selectors"
    strategy(fn, "calendars", calendars)
    cals = st.sampled_from(_OFFICE_HOURS) if calendars is None else calendars

    @st.composite
    def build(draw: st.DrawFn) -> CalendarSelector:
        source = draw(st.sampled_from(list(_SOURCES)))
        chosen = draw(st.lists(st.sampled_from(_SOURCES[source]), min_size=1, unique=True))
        table = {}
        for name in chosen:
            cal = draw(cals)
            if not is_calendar(cal):
                raise InputTypeError(
                    f"{fn}: calendars drew {safe_repr(cal)}, not a "
                    "BusinessCalendar or another calendar (CalendarLike)"
                )
            table[name] = cal
        return CalendarSelector(source, table)

    drawn: st.SearchStrategy[CalendarSelector] = build()
    return drawn
