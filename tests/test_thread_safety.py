"""Shared objects used from several threads at once answer as one thread does, and leave the
process's global state (warning filters, matplotlib's rcParams, the collector) as it was.

Each test forces the interleaving that went wrong with events: the first thread stops inside
the shared work until the second has done its part or, when a lock keeps it out, for half a
second, after which the first goes on. The outcome never depends on that wait: with the lock
the second thread runs after the first, without it inside the first's work.
"""

from __future__ import annotations

import gc
import pickle
import sys
import threading
import types
import warnings
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from servicemodel.calendar import BusinessCalendar, RRuleHolidays
from servicemodel.errors import ConfigError
from servicemodel.io._files import bulk
from servicemodel.model import StatusChange, Ticket
from servicemodel.sla import SLAPolicy, Target, TicketSLA

#: How long the first thread waits for the second when a lock keeps the second out.
_HELD = 0.5


def _in_thread(work: Callable[[], Any]) -> tuple[threading.Thread, dict[str, Any]]:
    """Start ``work`` in a thread; its result or exception lands in the returned dict."""
    out: dict[str, Any] = {}

    def run() -> None:
        try:
            out["value"] = work()
        except BaseException as exc:  # handed to the test, which raises it
            out["error"] = exc

    thread = threading.Thread(target=run)
    thread.start()
    return thread, out


def _result(thread: threading.Thread, out: dict[str, Any]) -> Any:
    thread.join()
    if "error" in out:
        raise out["error"]
    return out["value"]


# -- holiday rules ---------------------------------------------------------------------------

_MONTHLY = "DTSTART:20200101T000000\nRRULE:FREQ=MONTHLY;BYMONTHDAY=1,15"


def test_a_holiday_rule_walked_from_two_threads_at_once_gives_every_date() -> None:
    # The first thread takes 15 January 2021 from the rule's walk and stops before storing
    # it; the second asks for 2021. Unlocked, it walked on into 2022 and answered 2021
    # without the 15th (and a calendar built its 2021 table without that holiday for good);
    # with the real dateutil walk it could also raise "generator already executing".
    rule = RRuleHolidays(_MONTHLY)
    assert len(rule.dates_in(2020)) == 24  # the walk now stands at the first date of 2021
    walk = rule._memo[0]
    inner = walk.it
    assert inner is not None
    taken, second_done = threading.Event(), threading.Event()

    class Paused:
        calls = 0

        def __iter__(self) -> Iterator[datetime]:
            return self

        def __next__(self) -> datetime:
            value = next(inner)
            Paused.calls += 1
            if Paused.calls == 1:
                taken.set()
                second_done.wait(_HELD)
            return value

    walk.it = Paused()
    first = _in_thread(lambda: rule.dates_in(2026))
    assert taken.wait(5)

    def second() -> frozenset[Any]:
        try:
            return rule.dates_in(2021)
        finally:
            second_done.set()

    got_2021 = _result(*_in_thread(second))
    got_2026 = _result(*first)
    fresh = RRuleHolidays(_MONTHLY)
    assert got_2021 == fresh.dates_in(2021)
    assert len(got_2021) == 24
    assert got_2026 == fresh.dates_in(2026)


def test_a_counted_rule_is_walked_without_touching_the_warning_filters(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # dateutil warns when a rule has COUNT and UNTIL; silencing that with catch_warnings
    # swapped the process's filters, which two threads then restored out of order.
    changes: list[str] = []
    for name in ("simplefilter", "filterwarnings", "resetwarnings"):
        monkeypatch.setattr(warnings, name, lambda *a, _name=name, **k: changes.append(_name))
    rule = RRuleHolidays("DTSTART:20200101T000000\nRRULE:FREQ=WEEKLY;BYDAY=MO;COUNT=60")
    dates = [d for year in (2020, 2021, 2022) for d in sorted(rule.dates_in(year))]
    assert len(dates) == 60
    assert dates[-1] == dates[0] + timedelta(weeks=59)
    assert changes == []


def test_a_holidays_package_half_imported_by_another_thread_is_not_an_attribute_error(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # While one thread imports ``holidays``, the module in sys.modules has no HolidayBase yet;
    # reading a calendar's holidays in another thread then raised AttributeError.
    monkeypatch.setitem(sys.modules, "holidays", types.ModuleType("holidays"))
    config = {"tz": "UTC", "hours": {"mon-fri": "09:00-17:00"}, "holidays": ["2026-01-01"]}
    assert BusinessCalendar.from_dict(config).holidays
    with pytest.raises(ConfigError, match="sub-daily"):
        BusinessCalendar.from_dict({**config, "holidays": [{"rrule": "RRULE:FREQ=HOURLY"}]})


# -- matplotlib's global state ---------------------------------------------------------------


def _overlap(enter: Callable[[], Any], inside: Callable[[], None] | None = None) -> None:
    """Two threads in ``enter()`` contexts, the first leaving before the second would."""
    first_in, second_in, first_out = threading.Event(), threading.Event(), threading.Event()

    def first() -> None:
        with enter():
            if inside:
                inside()
            first_in.set()
            second_in.wait(_HELD)
        first_out.set()

    def second() -> None:
        assert first_in.wait(5)
        with enter():
            if inside:
                inside()
            second_in.set()
            first_out.wait(5)

    a, b = _in_thread(first), _in_thread(second)
    _result(*a)
    _result(*b)


def test_report_charts_drawn_in_two_threads_leave_the_hosts_rcparams() -> None:
    matplotlib = pytest.importorskip("matplotlib")
    from servicemodel.report._svg import style

    before = dict(matplotlib.rcParams)
    sizes: list[float] = []
    _overlap(style, lambda: sizes.append(matplotlib.rcParams["font.size"]))
    assert sizes == [9.0, 9.0]  # each chart drawn in the report's style
    assert dict(matplotlib.rcParams) == before


def test_a_chart_layout_in_two_threads_leaves_the_hosts_warning_filters() -> None:
    pytest.importorskip("matplotlib")
    from servicemodel.kpi._plot_layout import _layout

    before = list(warnings.filters)
    first_in, second_in, first_out = threading.Event(), threading.Event(), threading.Event()

    class First:
        def draw_without_rendering(self) -> None:
            first_in.set()
            second_in.wait(_HELD)

    class Second:
        def draw_without_rendering(self) -> None:
            second_in.set()
            first_out.wait(5)

    def first() -> None:
        _layout(First())
        first_out.set()

    def second() -> None:
        assert first_in.wait(5)
        _layout(Second())

    a, b = _in_thread(first), _in_thread(second)
    _result(*a)
    _result(*b)
    assert warnings.filters == before


# -- a live SLA state shared by threads ------------------------------------------------------

_T0 = datetime(2026, 3, 2, 9, tzinfo=UTC)
_OFFICE = BusinessCalendar.weekly("UTC", {"mon-fri": "09:00-17:00"})
_POLICY = SLAPolicy(
    "p", {"normal": [Target("resolution", "40h")]}, calendar=_OFFICE, pause=["pending"]
)
_EVENTS = [
    StatusChange(f"{status}{k}", _T0 + timedelta(hours=4 * k + step), status=status)
    for k in range(6)
    for step, status in ((1, "pending"), (2, "open"))
]


def _answers(state: TicketSLA) -> list[str]:
    last = state.last_event_at
    return [repr(state.measurements(last + timedelta(hours=h))) for h in (0, 3, 30, 90)] + [
        repr(state.timers())
    ]


def test_a_live_state_read_from_two_threads_at_once_keeps_its_running_totals(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # Reading a state extends its running totals (a cache of open time per calendar). Two
    # readers extending them at once appended the same intervals twice, and every later
    # deadline of the ticket was read off the doubled totals.
    from servicemodel.sla import _clock

    state = TicketSLA(_POLICY, Ticket("T", _T0))
    for event in _EVENTS[:6]:
        state.apply(event)
    state.measurements()  # the running totals exist, then lag behind the next events
    for event in _EVENTS[6:]:
        state.apply(event)
    elapsed = _clock.checked_elapsed
    first_in, second_in = threading.Event(), threading.Event()
    readers: list[str] = []

    def paused(cal: Any, a: datetime, b: datetime) -> timedelta:
        if sys._getframe(1).f_code.co_name == "cum":
            readers.append(threading.current_thread().name)
            if len(readers) == 1:
                first_in.set()
                second_in.wait(_HELD)
            else:
                second_in.set()
        return elapsed(cal, a, b)

    monkeypatch.setattr(_clock, "checked_elapsed", paused)
    at = state.last_event_at + timedelta(hours=30)
    first = _in_thread(lambda: state.measurements(at))
    assert first_in.wait(5)
    second = _in_thread(lambda: state.measurements(at))
    answers = [_result(*first), _result(*second)]
    monkeypatch.setattr(_clock, "checked_elapsed", elapsed)
    fresh = TicketSLA.from_dict(state.to_dict(), _POLICY)
    assert answers == [fresh.measurements(at)] * 2
    (track,) = state._facts.memo.tracks.values()
    assert all(len(cum) == len(track.closed) for cum in track.cums.values())
    extra = StatusChange("late-pending", state.last_event_at + timedelta(hours=5), status="pending")
    for s in (state, fresh):
        s.apply(extra)
    assert _answers(state) == _answers(fresh)


def test_a_pickled_live_state_starts_its_running_totals_afresh() -> None:
    # The totals are keyed by the identity of the policies' calendars, which an unpickled
    # state does not share: carried over, they could be read for another calendar.
    state = TicketSLA(_POLICY, Ticket("T", _T0))
    for event in _EVENTS:
        state.apply(event)
    expected = _answers(state)
    loaded = pickle.loads(pickle.dumps(state))
    assert loaded._facts.memo.tracks == {}
    assert loaded == state
    assert _answers(loaded) == expected
    assert _answers(state.copy()) == expected


def test_a_ladder_that_reads_the_live_state_it_is_asked_about_does_not_deadlock() -> None:
    # ``timers`` calls the ladder's ``timeline`` holding the state's lock: a ladder that
    # consults the state (its measurements, its row) takes the lock again on the same thread,
    # which a non-reentrant lock never gives back. The call runs in a thread so that a
    # regression fails the test instead of hanging the suite.
    state = TicketSLA(_POLICY, Ticket("T", _T0))
    for event in _EVENTS:
        state.apply(event)
    seen: list[Any] = []

    class Reading:
        def timeline(self, measurement: Any) -> tuple[Any, ...]:
            seen.append((state.measurements(), state.to_dict()["schema"]))
            return ()

    out: list[Any] = []
    thread = threading.Thread(
        target=lambda: out.append(state.timers(ladder=Reading())), daemon=True
    )
    thread.start()
    thread.join(60)
    assert not thread.is_alive(), "timers() deadlocked on the state's own lock"
    assert out == [state.timers(ladder=Quiet())]
    assert seen == [(state.measurements(), 1)]


class Quiet:
    """A ladder without steps that reads nothing."""

    def timeline(self, measurement: Any) -> tuple[Any, ...]:
        return ()


def test_a_live_state_made_in_one_thread_is_read_and_applied_in_another() -> None:
    state = TicketSLA(_POLICY, Ticket("T", _T0))
    for event in _EVENTS[:6]:
        state.apply(event)
    blob, row = pickle.dumps(state), state.to_dict()

    def elsewhere() -> list[list[str]]:
        out = []
        for s in (pickle.loads(blob), TicketSLA.from_dict(row, _POLICY)):
            for event in _EVENTS[6:]:
                s.apply(event)
            out.append(_answers(s))
        return out

    for event in _EVENTS[6:]:
        state.apply(event)
    assert _result(*_in_thread(elsewhere)) == [_answers(state)] * 2


# -- the loaders' collector pause ------------------------------------------------------------


@pytest.mark.parametrize("host_enabled", [True, False])
@pytest.mark.parametrize("first_out", ["first", "second"])
def test_overlapping_loads_leave_the_collector_as_the_host_had_it(
    host_enabled: bool, first_out: str
) -> None:
    was = gc.isenabled()
    (gc.enable if host_enabled else gc.disable)()
    try:
        both_in = threading.Barrier(2, timeout=5)
        leave = {"first": threading.Event(), "second": threading.Event()}
        inside: list[bool] = []

        def load(name: str, other: str) -> None:
            with bulk():
                inside.append(gc.isenabled())
                both_in.wait()
                if name != first_out:
                    leave[name].wait(5)
            leave[other].set()

        a = _in_thread(lambda: load("first", "second"))
        b = _in_thread(lambda: load("second", "first"))
        _result(*a)
        _result(*b)
        assert inside == [False, False]
        assert gc.isenabled() is host_enabled
    finally:
        gc.unfreeze()
        (gc.enable if was else gc.disable)()
