"""The event loop: thinned arrivals, one FIFO queue, agents who work while the calendar is open."""

from __future__ import annotations

import heapq
import math
import random
from collections import deque
from datetime import UTC, datetime, timedelta

from servicemodel._config import safe_repr
from servicemodel._numbers import is_bool, read_seed, seeded_random
from servicemodel.errors import (
    MAX_INSTANT,
    CalendarError,
    ConfigError,
    InputTypeError,
    UnknownHolidaysError,
    require_instant,
)
from servicemodel.simulate._desk import CalendarLike, RateProfile, SupportDesk, _seconds, no_nul
from servicemodel.simulate._result import SimulationResult, calendar_or_none

__all__ = ["simulate"]


def _arrivals(
    profile: RateProfile, start: datetime, horizon: float, rng: random.Random
) -> list[float]:
    """Arrival offsets in ``[0, horizon)`` by thinning a Poisson process of the peak rate.

    ``start`` is in UTC, so that adding seconds to it gives the right instant.
    """
    peak = max(profile.per_hour) / 3600.0
    if peak <= 0:
        return []
    thin = not profile.is_constant
    out: list[float] = []
    t = 0.0
    while True:
        t += rng.expovariate(peak)
        if t >= horizon:
            return out
        if thin:
            # Draw u before looking at the rate so the stream does not depend on the profile.
            u = rng.random()
            rate = profile.rate_at(start + timedelta(seconds=t)) / 3600.0
            if u * peak >= rate:
                continue
        out.append(t)


_FREE, _ARRIVE, _ABANDON, _OPEN, _SHIFT = 0, 1, 2, 3, 4

#: Closes a contact's handling is followed through one by one before the calendar's open time
#: finds its end (``_Run.finish_far``); few handle times span more.
_FAR_STEPS = 16
#: Handling over a calendar's closes that would end more than this long after it started
#: never ends: 200 years, the longest stretch a calendar answers for.
_FAR_S = 200 * 365.2425 * 86400.0
_ONE_US = timedelta(microseconds=1)

#: How long a draining run goes on after ``end`` (or after the last answer, or the end of the
#: handling in hand, if later) while contacts wait and nobody answers them: 53 weeks, so every
#: week of a year, on both sides of a DST change, gets its chance. A roster that staffs closed
#: hours only, or a calendar that never opens again, would otherwise keep the run waiting for
#: ever.
IDLE_DRAIN = timedelta(weeks=53)
_IDLE_DRAIN_S = IDLE_DRAIN.total_seconds()


class _Run:
    """The state of one run and the steps of its event loop (private, mutable).

    Times are seconds from the start (``start_utc``); per-contact outcomes live in lists
    indexed by contact. The heap holds (time, sequence, kind, who); the sequence number keeps
    ties in push order, so the run is deterministic.
    """

    def __init__(self, desk: SupportDesk, start_utc: datetime, horizon: float, seed: int) -> None:
        # random.Random(-7) is random.Random(7): a negative seed gets streams of its own; a
        # seed >= 0 keeps the run it always had.
        master = seeded_random(seed)
        arrival_rng = random.Random(master.getrandbits(64))
        handle_rng = random.Random(master.getrandbits(64))
        patience_rng = random.Random(master.getrandbits(64))
        self.desk = desk
        self.start_utc = start_utc
        self.horizon = horizon
        self.arrive = _arrivals(desk.arrivals, start_utc, horizon, arrival_rng)
        n = len(self.arrive)
        self.handle = [desk.handle_time.sample(handle_rng) for _ in range(n)]
        patience = desk.patience
        self.limit = (
            [patience.sample(patience_rng) for _ in range(n)] if patience is not None else None
        )
        self.answer: list[float | None] = [None] * n
        self.finish: list[float | None] = [None] * n
        self.abandon: list[float | None] = [None] * n
        self.agent_of: list[int | None] = [None] * n
        self.cal = calendar_or_none(desk.calendar)
        self.heap: list[tuple[float, int, int, int]] = []
        self.seq = 0
        self.queue: deque[int] = deque()
        self.open_pending = False
        # Agents: free ones wait for work, off ones are off shift; ``leaving`` busy agents go
        # off shift when their contact ends (a shift change never cuts a contact off).
        on_shift = desk.agents if desk.roster is None else desk.roster.agents_at(start_utc)
        self.free: deque[int] = deque(range(on_shift))
        self.off: deque[int] = deque(range(on_shift, desk.agents))
        self.leaving = 0
        # When an agent last answered a contact, or the latest handling in hand ends (an agent
        # then free to answer who waits): a draining run stops IDLE_DRAIN after it.
        self.last_work = 0.0
        # Seconds from the start to the end of the supported range of instants: an answer or
        # a finish there could not be recorded (a contact's answered_at, solved_at), so a
        # draining run ends there, as it does when the calendar never opens again.
        self.range_end = (MAX_INSTANT - start_utc).total_seconds()
        if desk.roster is not None:
            self.push(self.offset(desk.roster.next_change(start_utc)), _SHIFT, -1)

    # -- time -------------------------------------------------------------------------------

    def at(self, offset: float) -> datetime:
        return self.start_utc + timedelta(seconds=offset)

    def offset(self, t: datetime) -> float:
        return (t.astimezone(UTC) - self.start_utc).total_seconds()

    def is_open(self, now: float) -> bool:
        return self.cal is None or self.cal.is_open(self.at(now))

    def finish_time(self, now: float, work: float) -> float | None:
        """When ``work`` seconds of handling started at ``now`` end, pausing while closed.

        ``None`` when the calendar never opens again (or not within the supported range)
        before the work is done: the handling never ends.
        """
        cal = self.cal
        if cal is None:
            return now + work
        t, remaining = now, work
        for step in range(_FAR_STEPS + 1):
            if step == _FAR_STEPS:
                return self.finish_far(now, t, remaining)
            went = self._to_next_open(cal, t, remaining)
            if not isinstance(went, tuple):
                return went
            t, remaining = went
        raise AssertionError("unreachable")  # pragma: no cover

    def _to_next_open(
        self, cal: CalendarLike, t: float, remaining: float
    ) -> tuple[float, float] | float | None:
        """One step of handling ``remaining`` seconds from ``t``, open or at an opening.

        The instant the work ends when it ends before the next close (or the calendar never
        closes); ``None`` when no opening follows that close (the work stays in hand); else
        the next opening and the work still to do there.
        """
        try:
            close = self.offset(cal.next_close(self.at(t)))
        except UnknownHolidaysError:  # a year its holiday source lacks: not "closed"
            raise
        except CalendarError:  # a calendar that never closes
            return t + remaining
        if t + remaining <= close:
            return t + remaining
        remaining -= max(close - t, 0.0)
        try:
            t = self.offset(cal.next_open(self.at(close)))
        except UnknownHolidaysError:  # a year its holiday source lacks: not "closed"
            raise
        except CalendarError:  # no opening after this close: the work stays in hand
            return None
        return t, remaining

    def finish_far(self, now: float, t: float, remaining: float) -> float | None:
        """``finish_time`` of handling that runs over many closes, from an opening ``t``.

        Found from the calendar's open time (``add``), not close by close: a handle time of
        years would take a step per closed night. Handling that would end more than 200 years
        on (the longest stretch a calendar answers for) or past the supported range never
        ends, as work in hand when the calendar closes for good.
        """
        cal = self.cal
        assert cal is not None
        if remaining <= 1e-6:
            return t + remaining  # within the opening's first microsecond
        if remaining > _FAR_S:  # more open time than 200 years hold (past timedelta's too)
            return None
        add = getattr(cal, "add", None)
        if callable(add):
            try:
                # The latest instant 1 us of work short of the end lies inside an open span
                # (or at the opening after a close): the work ends 1 us later, the earliest
                # instant it is done, as the steps above find it.
                before = add(self.at(t), timedelta(seconds=remaining) - _ONE_US)
            except UnknownHolidaysError:  # a year its holiday source lacks: not "closed"
                raise
            except CalendarError:  # more than 200 years away, or past the supported range
                return None
            return self.offset(before) + 1e-6
        while t - now <= _FAR_S:  # a calendar of one's own without add: close by close
            went = self._to_next_open(cal, t, remaining)
            if not isinstance(went, tuple):
                return went
            t, remaining = went
        return None

    # -- events -----------------------------------------------------------------------------

    def push(self, t: float, kind: int, who: int) -> None:
        heapq.heappush(self.heap, (t, self.seq, kind, who))
        self.seq += 1

    def dispatch(self, now: float) -> None:
        """Give waiting contacts to free agents, or wait for the next opening."""
        queue, abandon = self.queue, self.abandon
        while queue and abandon[queue[0]] is not None:
            queue.popleft()
        if not queue or not self.free:
            return
        if not self.is_open(now):
            if not self.open_pending:
                assert self.cal is not None
                try:
                    opening = self.offset(self.cal.next_open(self.at(now)))
                except UnknownHolidaysError:  # a year its holiday source lacks: not "closed"
                    raise
                except CalendarError:  # never open again (in range): nobody more is answered
                    return
                self.push(opening, _OPEN, -1)
                self.open_pending = True
            return
        while queue and self.free:
            c = queue.popleft()
            if abandon[c] is not None:
                continue
            self.take(now, c, self.free.popleft())

    def take(self, now: float, c: int, agent: int) -> None:
        """Agent ``agent`` answers contact ``c`` at ``now``."""
        self.answer[c] = now
        self.agent_of[c] = agent
        self.last_work = max(self.last_work, now)
        done = self.finish_time(now, self.handle[c])
        if done is not None and done >= self.range_end:
            done = None  # it would end past the supported range: never, as far as the run goes
        self.finish[c] = done
        if done is not None:  # else the agent stays busy: the calendar never opens again
            self.push(done, _FREE, agent)
            self.last_work = max(self.last_work, done)

    def handle_event(self, now: float, kind: int, who: int) -> None:
        """Apply one event; every kind but abandonment may let a waiting contact be answered."""
        if kind == _ARRIVE:
            self.queue.append(who)
            if self.limit is not None:
                self.push(now + self.limit[who], _ABANDON, who)
        elif kind == _FREE:
            if self.leaving:
                self.leaving -= 1
                self.off.append(who)
            else:
                self.free.append(who)
        elif kind == _SHIFT:
            self.change_shift(now)
        elif kind == _ABANDON:
            if self.answer[who] is None:
                self.abandon[who] = now
            return
        else:
            self.open_pending = False
        self.dispatch(now)

    def change_shift(self, now: float) -> None:
        """Bring the agents on shift to the roster's count at ``now``; schedule the next change.

        Changes stop being scheduled after the horizon once nobody waits, so a draining run
        ends (and ``loop`` stops one in which contacts wait for ever).
        """
        roster = self.desk.roster
        assert roster is not None
        target = roster.agents_at(self.at(now))
        on_shift = self.desk.agents - len(self.off) - self.leaving
        if target > on_shift:
            back = min(target - on_shift, self.leaving)
            self.leaving -= back
            for _ in range(target - on_shift - back):
                self.free.append(self.off.popleft())
        else:
            surplus = on_shift - target
            while surplus and self.free:
                self.off.append(self.free.pop())
                surplus -= 1
            self.leaving += surplus
        if now < self.horizon or self.queue:
            try:
                change = self.offset(roster.next_change(self.at(now)))
            except UnknownHolidaysError:  # a year its holiday source lacks: not "closed"
                raise
            except CalendarError:  # the next change lies past the supported range
                return
            self.push(change, _SHIFT, -1)

    def given_up(self, now: float) -> bool:
        """Whether a contact still waits ``IDLE_DRAIN`` after the horizon, the last answer and
        the end of the handling in hand (handling longer than ``IDLE_DRAIN`` is no idle time)."""
        if now - max(self.horizon, self.last_work) < _IDLE_DRAIN_S:
            return False
        queue, abandon = self.queue, self.abandon
        while queue and abandon[queue[0]] is not None:  # the queue drops abandons lazily
            queue.popleft()
        return bool(queue)

    def loop(self, drain: bool) -> None:
        """Run events in time order until none is left (or, not draining, the horizon).

        A draining run also stops at its first event ``IDLE_DRAIN`` or more after the horizon,
        the last answer and the end of the handling in hand while a contact still waits, and
        at its first event at or past the end of the supported range of instants: whoever
        waits then stays unanswered, so the run ends whatever the roster and the calendar.
        """
        arrive, n, i = self.arrive, len(self.arrive), 0
        while True:
            next_arrival = arrive[i] if i < n else math.inf
            # Heap events at the same instant go first: an agent freed at t takes an arrival at t.
            if self.heap and self.heap[0][0] <= next_arrival:
                now, _, kind, who = heapq.heappop(self.heap)
            elif i < n:
                now, kind, who = next_arrival, _ARRIVE, i
                i += 1
            else:
                return
            if now >= self.horizon and (not drain or now >= self.range_end or self.given_up(now)):
                return
            self.handle_event(now, kind, who)

    def censor(self) -> None:
        """Handling that runs past the end is not finished as far as the record goes."""
        for c, done in enumerate(self.finish):
            if done is not None and done >= self.horizon:
                self.finish[c] = None


#: The most arrivals a run may expect (mean rate x length): each is held in memory.
MAX_ARRIVALS = 10_000_000


def _check_run(
    desk: SupportDesk, start: datetime, end: datetime, seed: int, warmup: float | timedelta
) -> tuple[datetime, float, float]:
    """Check the arguments of ``simulate``; return the start in UTC, the horizon and warm-up."""
    if not isinstance(desk, SupportDesk):
        raise InputTypeError(f"desk: expected a SupportDesk, got {type(desk).__name__}")
    # require_instant: at the ends of the datetime range there is no UTC form to run in.
    require_instant(start, "start")
    require_instant(end, "end")
    # Instants are compared and subtracted in UTC: two datetimes sharing a ZoneInfo compare
    # and subtract by wall clock, an hour off across a DST change.
    start_utc, end_utc = start.astimezone(UTC), end.astimezone(UTC)
    if end_utc < start_utc:
        raise ConfigError(f"end {end.isoformat()} is before start {start.isoformat()}", path="end")
    read_seed(seed)
    warm = _seconds(warmup, "warmup")
    horizon = (end_utc - start_utc).total_seconds()
    if not 0 <= warm <= horizon:
        raise ConfigError(
            f"must lie within the run (0 to {horizon:g} s), got {safe_repr(warmup)}",
            path="warmup",
        )
    expected = desk.arrivals.mean * horizon / 3600.0
    if expected > MAX_ARRIVALS:
        # A run is held in memory, contact by contact: millennia of arrivals never finish.
        # The rate is named: past the float range the product read 'about inf arrivals'.
        raise ConfigError(
            f"the run from {start.isoformat()} to {end.isoformat()} at a mean of "
            f"{desk.arrivals.mean:.6g} arrivals per hour expects about {expected:.3g} "
            f"arrivals, more than a simulation holds ({MAX_ARRIVALS:,}); simulate a shorter "
            "window",
            path="end",
        )
    return start_utc, horizon, warm


def simulate(
    desk: SupportDesk,
    start: datetime,
    end: datetime,
    *,
    seed: int = 0,
    warmup: float | timedelta = 0.0,
    drain: bool = True,
    id_prefix: str = "SIM-",
) -> SimulationResult:
    """Simulate ``desk`` for arrivals in ``[start, end)``; deterministic for a given ``seed``.

    ``seed`` is any int (a numpy int too), each with its own random streams: a negative seed
    does not repeat the run of its absolute value (``random.Random(-7)`` is
    ``random.Random(7)``).

    With ``drain=True`` (the default) agents keep working after ``end`` until every contact is
    answered or abandoned, so every history is complete; with ``drain=False`` the run stops at
    ``end`` and contacts still waiting are censored (no answer yet). A draining run always
    ends: if contacts still wait 53 weeks after ``end``, after the last answer and after the
    end of the handling in hand (a roster that puts agents on shift only while the calendar is
    closed, a calendar that never opens again), it stops there, and they stay unanswered and
    count as ``censored``; customers whose patience ran out before then abandoned as usual.
    Work in hand when the calendar closes for good is never finished (``solved_at`` is
    ``None``), nor is handling that would end past the supported range of instants (year 9998)
    or, on a calendar that closes, more than 200 years on (the longest stretch a calendar
    answers for; without a calendar, or on a 24/7 one, it ends within the range as usual); a
    draining run ends at the end of that range. ``warmup`` (seconds or a timedelta) is excluded
    from the default [`summary`][servicemodel.simulate.SimulationResult.summary] window,
    because the queue starts empty.

    Examples:
        >>> from datetime import datetime, timezone
        >>> t0 = datetime(2026, 3, 2, tzinfo=timezone.utc)
        >>> desk = SupportDesk(agents=2, arrivals=12, handle_time=480, patience=900)
        >>> a = simulate(desk, t0, t0.replace(hour=10), seed=42)
        >>> b = simulate(desk, t0, t0.replace(hour=10), seed=42)
        >>> a.contacts() == b.contacts()
        True
    """
    start_utc, horizon, warm = _check_run(desk, start, end, seed, warmup)
    if not isinstance(id_prefix, str):  # checked before the run, not after it (the result's)
        raise InputTypeError(
            f"id_prefix: expected str, got {type(id_prefix).__name__} {safe_repr(id_prefix)}"
        )
    no_nul(id_prefix, "id_prefix", "ticket id prefix")  # every ticket id would hold it
    if not is_bool(drain):  # read at every event: an array would raise there
        raise InputTypeError(
            f"drain: expected True or False, got {type(drain).__name__} {safe_repr(drain)}"
        )
    seed = read_seed(seed)  # checked in its turn above; a numpy int as the Python int
    run = _Run(desk, start_utc, horizon, seed)
    run.loop(drain)
    if not drain:
        run.censor()
    return SimulationResult(
        desk=desk,
        start=start,
        end=end,
        seed=seed,
        warmup=warm,
        id_prefix=id_prefix,
        arrive=tuple(run.arrive),
        handle=tuple(run.handle),
        answer=tuple(run.answer),
        finish=tuple(run.finish),
        abandon=tuple(run.abandon),
        agent=tuple(run.agent_of),
    )
