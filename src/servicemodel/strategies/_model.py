"""Strategies for the canonical ticket model."""

from __future__ import annotations

import functools
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
from typing import Any

from hypothesis import strategies as st

from servicemodel._config import safe_repr
from servicemodel.calendar import zone
from servicemodel.errors import MAX_INSTANT, ConfigError, InputTypeError
from servicemodel.model import (
    AgentReply,
    AssignmentChange,
    CustomerMessage,
    Event,
    InternalNote,
    Priority,
    PriorityChange,
    Reopen,
    SatisfactionRating,
    Status,
    StatusChange,
    Ticket,
    TicketHistory,
)
from servicemodel.strategies._args import (
    MOST,
    drawn_instant,
    flag,
    names,
    ordered,
    span,
    strategy,
    whole,
)
from servicemodel.strategies._args import instant as bound

__all__ = ["aware_datetimes", "events", "histories", "tickets"]

#: Zones with awkward DST rules: a 30-minute shift, southern-hemisphere summers, none at all.
DEFAULT_ZONES = (
    "UTC",
    "Europe/Berlin",
    "Europe/London",
    "America/New_York",
    "America/Santiago",
    "Australia/Lord_Howe",
    "Asia/Kolkata",
)

_MIN = datetime(2020, 1, 1)
_MAX = datetime(2030, 12, 31)


def aware_datetimes(
    *,
    min_value: datetime = _MIN,
    max_value: datetime = _MAX,
    timezones: Sequence[str] = DEFAULT_ZONES,
) -> st.SearchStrategy[datetime]:
    """Aware datetimes in the given IANA zones, never inside a DST gap, often near one.

    About one draw in seven in a zone with DST lies within an hour of one of its transitions
    (the whole of a repeated hour, or the hour after a gap; ``fold=1`` only for a wall time's
    second occurrence), so a property meets the folds that drawing evenly over years almost
    never gives.

    ``min_value`` and ``max_value`` are naive local bounds, as in ``st.datetimes``, from
    0002-01-03 up to 9998-12-30 (excluded), so that every instant drawn lies in the supported
    range in any zone (a bound outside it is a ``ConfigError``: our own types would refuse what
    it drew). Both may be aware instead, bounds on the instant drawn, up to 9998-12-31 UTC
    (excluded); one naive and one aware is a ``ConfigError``, as are naive bounds that lie in
    one DST gap of every zone in ``timezones`` (no local time between them exists).

    Examples:
        >>> from hypothesis import given
        >>> @given(aware_datetimes())
        ... def check(t):
        ...     assert t.tzinfo is not None
        >>> check()
    """
    fn = "aware_datetimes"
    low = bound(fn, "min_value", min_value, aware=None)
    high = bound(fn, "max_value", max_value, aware=None)
    if (low.utcoffset() is None) != (high.utcoffset() is None):
        # An aware bound beside the default naive one cannot be compared (was a bare TypeError).
        raise ConfigError(
            f"{fn}: min_value and max_value must both be naive local bounds (or both aware), "
            f"got min_value {low.isoformat()} and max_value {high.isoformat()}"
        )
    ordered(fn, ("min_value", low), ("max_value", high))
    zones = [
        zone(z, f"{fn}: timezones")
        for z in names(fn, "timezones", timezones, kind=object, what="zone names")
    ]
    if low.utcoffset() is None and all(_in_one_gap(low, high, z) for z in zones):
        # Every local time between the bounds is skipped: st.datetimes would reject every
        # draw and the test fail with Hypothesis' Unsatisfiable, naming no option.
        raise ConfigError(
            f"{fn}: min_value {low.isoformat()} and max_value {high.isoformat()} lie in one "
            f"DST gap of every zone in timezones ({', '.join(str(z) for z in zones)}): no "
            "local time between them exists"
        )
    # Read back from UTC: st.datetimes draws fold=1 on any wall time, which is meaningless
    # where the time does not repeat and printed a failing example as a fold that was none.
    plain = st.datetimes(
        min_value=min_value,
        max_value=max_value,
        timezones=st.sampled_from(zones),
        allow_imaginary=False,
    ).map(_canonical)
    return _near_transitions(plain, low, high)


def _in_one_gap(low: datetime, high: datetime, tz: Any) -> bool:
    """Whether the naive local times ``low`` to ``high`` all lie in one DST gap of ``tz``.

    Examples:
        >>> from zoneinfo import ZoneInfo
        >>> berlin = ZoneInfo("Europe/Berlin")
        >>> _in_one_gap(datetime(2025, 3, 30, 2, 10), datetime(2025, 3, 30, 2, 50), berlin)
        True
        >>> _in_one_gap(datetime(2025, 3, 30, 2, 10), datetime(2025, 3, 30, 3, 0), berlin)
        False
    """
    first, last = low.replace(tzinfo=tz), high.replace(tzinfo=tz)
    if _exists(first) or _exists(last):
        return False
    # Both skipped: in the same gap exactly when ``last`` read with the offset after the
    # change comes before ``first`` read with the offset before it (the gap is shorter than
    # the distance between them otherwise).
    return last.replace(fold=1).astimezone(UTC) < first.replace(fold=0).astimezone(UTC)


def _exists(t: datetime) -> bool:
    """Whether the aware wall time ``t`` occurs in its zone (lies in no DST gap)."""
    return t.astimezone(UTC).astimezone(t.tzinfo).replace(tzinfo=None) == t.replace(tzinfo=None)


def _canonical(t: datetime) -> datetime:
    """``t`` with ``fold=1`` only where its wall time occurs twice (the same instant)."""
    return t.astimezone(UTC).astimezone(t.tzinfo)


#: A draw is moved near a DST transition when a choice among this many comes out last:
#: Hypothesis draws the first (0) about half the time and the last about one time in eight,
#: so with the draws that land near one anyway, about one in seven comes near (not one in
#: five, as the count suggests).
_NEAR_ONE_IN = 5
_NEAR = timedelta(hours=1)


def _near_transitions(
    plain: st.SearchStrategy[datetime], low: datetime, high: datetime
) -> st.SearchStrategy[datetime]:
    """``plain``, and about one draw in seven moved within an hour of a DST transition.

    Drawn over years, a repeated hour or the hour after a gap is about one instant in 8,760
    per zone, so a test of a hundred examples almost never met one (of 1,000 histories, none
    was created in a fold). The moved instant is the transition of its zone nearest to the
    drawn one, plus an offset, taken in UTC and read in the zone: on either side of a fold
    (``fold=1`` for the second occurrence), never in a gap. The same three draws come every
    time (the instant, whether to move it, the offset), so the shrinker can undo a move
    without the draws after it shifting: a failing example still shrinks to ``plain``'s
    simplest value.
    """
    aware = low.utcoffset() is not None
    offsets = st.integers(-_NEAR // timedelta(seconds=1), _NEAR // timedelta(seconds=1))
    near_one = st.integers(0, _NEAR_ONE_IN - 1)

    @st.composite
    def draw_one(draw: st.DrawFn) -> datetime:
        t, move, offset = draw(plain), draw(near_one), draw(offsets)
        if move != _NEAR_ONE_IN - 1:
            return t
        changes = _transitions(t.tzinfo, t.astimezone(UTC).year)
        if not changes:  # UTC, Kolkata, or a year without DST
            return t
        nearest = min(changes, key=lambda c: abs(c - t))
        local = (nearest + timedelta(seconds=offset)).astimezone(t.tzinfo)
        if not low <= (local if aware else local.replace(tzinfo=None)) <= high:
            return t
        return local

    drawn: st.SearchStrategy[datetime] = draw_one()
    return drawn


@functools.lru_cache(maxsize=4096)
def _transitions(tz: Any, year: int) -> tuple[datetime, ...]:
    """The UTC instants in ``year`` at which ``tz``'s UTC offset changes (to the second).

    Examples:
        >>> from zoneinfo import ZoneInfo
        >>> [t.isoformat() for t in _transitions(ZoneInfo("Europe/Berlin"), 2026)]
        ['2026-03-29T01:00:00+00:00', '2026-10-25T01:00:00+00:00']
        >>> _transitions(ZoneInfo("UTC"), 2026)
        ()
    """
    if not 2 <= year <= 9997:  # a year whose days all lie in the supported range
        return ()
    start = datetime(year, 1, 1, tzinfo=UTC)
    days = (datetime(year + 1, 1, 1, tzinfo=UTC) - start).days
    found: list[datetime] = []
    before, offset = start, start.astimezone(tz).utcoffset()
    for day in range(1, days + 1):
        after = start + timedelta(days=day)
        if after.astimezone(tz).utcoffset() != offset:
            lo, hi = before, after  # the offset changes in (lo, hi]: halve to the second
            while hi - lo > timedelta(seconds=1):
                mid = lo + (hi - lo) // 2
                if mid.astimezone(tz).utcoffset() == offset:
                    lo = mid
                else:
                    hi = mid
            found.append(hi.replace(microsecond=0))
            offset = after.astimezone(tz).utcoffset()
        before = after
    return tuple(found)


_NAMES = st.text(alphabet="abcdefghijklmnopqrstuvwxyz0123456789-", min_size=1, max_size=8)

#: A desk's own status names (``StatusChange.label``), each under the one category it maps to,
#: as a helpdesk's admin-defined statuses are; policies drawn by ``policies()`` pause on them.
STATUS_LABELS: dict[Status, tuple[str, ...]] = {
    Status.NEW: ("Triage",),
    Status.OPEN: ("In Progress", "Escalated"),
    Status.PENDING: ("Awaiting Vendor", "Awaiting Customer"),
    Status.ON_HOLD: ("On Hold - Customer", "On Hold - Parts"),
    Status.SOLVED: ("Resolved - Workaround",),
    Status.CLOSED: (),
}
#: A desk's own priority names (``Ticket.priority_label``, ``PriorityChange.label``), each
#: under its category (two for urgent, so a change of label alone happens); policies drawn by
#: ``policies()`` give some of them targets (``"label:P0"``).
PRIORITY_LABELS: dict[Priority, tuple[str, ...]] = {
    Priority.LOW: ("Lowest",),
    Priority.NORMAL: ("Medium",),
    Priority.HIGH: ("P1",),
    Priority.URGENT: ("P0", "Highest"),
}


def _label_draws(vocabulary: tuple[str, ...], unlabelled: int) -> st.SearchStrategy[str | None]:
    # One draw, ``None`` first (so a label shrinks to none, in as few choices as any other
    # value): about ``unlabelled`` in ``unlabelled + 1`` draws carry no label.
    return st.sampled_from((None,) * (unlabelled * len(vocabulary)) + vocabulary)


# Made once: a status change carries a label about half the time, a priority about a third.
_STATUS_LABEL_DRAWS = {s: _label_draws(v, 1) for s, v in STATUS_LABELS.items() if v}
_PRIORITY_LABEL_DRAWS = {p: _label_draws(v, 2) for p, v in PRIORITY_LABELS.items()}


@st.composite
def tickets(
    draw: st.DrawFn,
    *,
    created_at: st.SearchStrategy[datetime] | None = None,
    channels: Sequence[str] = ("email", "chat", "phone", "social", "web", "other", "whatsapp"),
    priorities: Sequence[Priority] = tuple(Priority),
    labels: bool = True,
) -> Ticket:
    """Valid [`Ticket`][servicemodel.model.Ticket] values.

    With ``labels=True`` (the default) about one ticket in three has a ``priority_label``, a
    desk's own name for its priority (``"P0"`` or ``"Highest"`` for urgent, ``"P1"`` for high,
    ``"Medium"`` for normal, ``"Lowest"`` for low); ``labels=False`` draws none.

    Examples:
        >>> from hypothesis import given
        >>> @given(tickets(priorities=[Priority.URGENT]))
        ... def check(t):
        ...     assert t.priority is Priority.URGENT
        >>> check()
    """
    strategy("tickets", "created_at", created_at)
    channel_names = names("tickets", "channels", channels)
    priority_members = names("tickets", "priorities", priorities, kind=Priority)
    flag("tickets", "labels", labels)
    channel = st.sampled_from(channel_names)
    priority = st.sampled_from(priority_members)
    tid = draw(_TICKET_IDS)
    created = (
        drawn_instant("tickets", "created_at", draw(created_at))
        if created_at is not None
        else draw(_DEFAULT_INSTANTS)
    )
    fields: dict[str, Any] = {
        "requester": draw(_REQUESTERS),
        "channel": draw(channel),
        "priority": draw(priority),
        "group": draw(_GROUPS),
        "assignee": draw(_ASSIGNEES),
        "tags": draw(_TAGS),
        "attributes": draw(_ATTRIBUTES),
        "created_by_agent": draw(_BY_AGENT),
        "first_contact": draw(_MAYBE_BOOL),
    }
    # Drawn last, so the draws before it (and so a shrunk ticket) are as they were.
    if labels:
        fields["priority_label"] = draw(_PRIORITY_LABEL_DRAWS[fields["priority"]])
    return Ticket(tid, created, **fields)


# Strategies made once at import, not inside each draw: a strategy made during a draw is
# validated again every time, which was most of the time a ticket or a history took.
_TICKET_IDS = _NAMES.map(lambda s: "T-" + s)
_EVENT_IDS = _NAMES.map(lambda s: "e-" + s)
_DEFAULT_INSTANTS = aware_datetimes()
_REQUESTERS = st.none() | _NAMES.map(lambda s: s + "@example.com")
_GROUPS = st.none() | st.sampled_from(["tier-1", "tier-2", "billing"])
_ASSIGNEES = st.none() | st.sampled_from(["ada", "bo", "chen"])
_TAGS = st.frozensets(st.sampled_from(["bug", "vip", "refund", "how-to"]), max_size=3)
_ATTRIBUTES = st.dictionaries(
    _NAMES,
    st.one_of(
        st.none(),
        st.booleans(),
        st.integers(-1000, 1000),
        _NAMES,
        st.floats(allow_nan=False, allow_infinity=False, width=32),
    ),
    max_size=3,
)
# One draw, False first: a choice that only some examples make (a flag drawn after a one-in-ten
# roll) made the simplest ticket one choice longer than others, and Hypothesis, which prefers
# fewer choices, then reported an unshrunk ticket as the failing example.
_BY_AGENT = st.sampled_from((False,) * 19 + (True,))
_MAYBE_BOOL = st.none() | st.booleans()
_REPLY_AGENTS = st.none() | st.sampled_from(["ada", "bo"])
_NOTE_AGENTS = st.sampled_from(["ada", "bo"])
_STATUSES = st.sampled_from(list(Status))
_PRIORITIES = st.sampled_from(list(Priority))
_EVENT_GROUPS = st.none() | st.sampled_from(["tier-1", "tier-2"])
_SURVEYS = st.sampled_from(["csat", "nps", "ces"])
_SOLVES = st.sampled_from([Status.SOLVED, Status.CLOSED])
_DEFAULT_TICKETS = {True: tickets(), False: tickets(labels=False)}
_LAST_INSTANT = MAX_INSTANT - timedelta(microseconds=1)
# The most events a history must hold: each takes several draws (gap, kind, fields), and with
# 600 ratings or assignment changes Hypothesis' buffer overran on every example, so the test
# failed its data_too_large health check (as 1,000 events of any kind did).
_MOST_EVENTS = 500

_KINDS = (
    "customer_message",
    "agent_reply",
    "internal_note",
    "status_change",
    "reopen",
    "priority_change",
    "assignment_change",
    "satisfaction",
)


def _event(draw: st.DrawFn, kind: str, eid: str, at: datetime, *, labels: bool) -> Event:
    cls, fields = _parts(draw, kind, labels=labels)
    return cls(eid, at, **fields)


def _parts(draw: st.DrawFn, kind: str, *, labels: bool) -> tuple[type[Event], dict[str, Any]]:
    """The class of an event of ``kind`` and its fields but the id and the instant.

    With ``labels``, a status or priority change may carry a desk's own name for its category
    (drawn after the category, ``None`` first, so a label shrinks away).
    """
    if kind == "customer_message":
        return CustomerMessage, {}
    if kind == "agent_reply":
        return AgentReply, {"agent": draw(_REPLY_AGENTS)}
    if kind == "internal_note":
        return InternalNote, {"agent": draw(_NOTE_AGENTS)}
    if kind == "status_change":
        return StatusChange, _status_fields(draw, draw(_STATUSES), labels=labels)
    if kind == "reopen":
        return Reopen, {}
    if kind == "priority_change":
        priority = draw(_PRIORITIES)
        label = draw(_PRIORITY_LABEL_DRAWS[priority]) if labels else None
        return PriorityChange, {"priority": priority, "label": label}
    if kind == "assignment_change":
        return AssignmentChange, {"group": draw(_EVENT_GROUPS), "assignee": draw(_ASSIGNEES)}
    survey = draw(_SURVEYS)
    lo, hi = {"csat": (1, 5), "nps": (0, 10), "ces": (1, 7)}[survey]
    return SatisfactionRating, {
        "score": draw(st.integers(lo, hi)),
        "survey": survey,
        "scale_min": lo,
        "scale_max": hi,
    }


def _status_fields(draw: st.DrawFn, status: Status, *, labels: bool) -> dict[str, Any]:
    """A status change's fields: ``status`` and, with ``labels``, maybe a label of it."""
    label_draws = _STATUS_LABEL_DRAWS.get(status) if labels else None
    return {"status": status, "label": draw(label_draws) if label_draws is not None else None}


@st.composite
def events(
    draw: st.DrawFn,
    *,
    kinds: Sequence[str] = _KINDS,
    at: st.SearchStrategy[datetime] | None = None,
    labels: bool = True,
) -> Event:
    """Single valid events of the given ``kinds`` (every kind by default), at instants ``at``.

    For a whole timeline use [`histories`][servicemodel.strategies.histories]; this is for code
    that handles one event at a time (serialisers, classifiers). Satisfaction ratings come on
    the CSAT 1-5, NPS 0-10 or CES 1-7 scale. Status and priority changes carry a desk's own
    name for their category now and then, as in ``histories``; ``labels=False`` draws none.

    Examples:
        >>> from hypothesis import given
        >>> @given(events(kinds=["satisfaction"]))
        ... def check(e):
        ...     assert e.scale_min <= e.score <= e.scale_max
        >>> check()
    """
    chosen = names("events", "kinds", kinds, allowed=_KINDS)
    strategy("events", "at", at)
    flag("events", "labels", labels)
    kind = draw(st.sampled_from(chosen))
    instant = drawn_instant("events", "at", draw(at)) if at is not None else draw(_DEFAULT_INSTANTS)
    return _event(draw, kind, draw(_EVENT_IDS), instant, labels=labels)


@st.composite
def histories(
    draw: st.DrawFn,
    *,
    tickets: st.SearchStrategy[Ticket] | None = None,
    min_events: int = 0,
    max_events: int = 12,
    kinds: Sequence[str] = _KINDS,
    max_gap: timedelta = timedelta(days=3),
    labels: bool = True,
) -> TicketHistory:
    """Valid [`TicketHistory`][servicemodel.model.TicketHistory] values of any shape.

    Events come in time order (ties included), none before creation, ids unique; statuses
    may jump anywhere, so consumers meet reopens, pauses and repeated solves. A ``reopen``
    comes only while the ticket is solved or closed, as the model requires: drawn for an
    unresolved ticket, it becomes a solve (a ``status_change`` to solved or closed) when
    ``kinds`` allows one, else another of ``kinds``. Gaps between events are drawn up to
    ``max_gap``, often zero or a whole number of minutes.

    With ``labels=True`` (the default) the desk has statuses and priorities of its own:
    about half the status changes carry a ``label`` (``"Awaiting Vendor"`` for pending,
    ``"On Hold - Customer"`` for on-hold, …, each name under one category, as a desk maps
    them), a third of the priority changes too (``"P0"``), and so does the default ticket's
    ``priority_label``; a change at the creation instant (a gap of zero) is common. Policies
    from [`policies`][servicemodel.strategies.policies] pause on and target the same names.
    ``labels=False`` draws none (the ``tickets`` you pass keep theirs).

    Examples:
        >>> from hypothesis import given
        >>> @given(histories(min_events=1, kinds=["agent_reply"]))
        ... def check(h):
        ...     assert h.first_reply_at() is not None or h.ticket.created_by_agent
        >>> check()
    """
    fn = "histories"
    strategy(fn, "tickets", tickets)
    low = whole(fn, "min_events", min_events, maximum=_MOST_EVENTS)
    high = whole(fn, "max_events", max_events, maximum=MOST)
    ordered(fn, ("min_events", low), ("max_events", high))
    kinds = names(fn, "kinds", kinds, allowed=_KINDS)
    span(fn, "max_gap", max_gap, positive=False)
    flag(fn, "labels", labels)
    if set(kinds) == {"reopen"} and min_events > 0:
        raise ConfigError(
            f"{fn}: kinds=['reopen'] alone cannot make an event (min_events {min_events}): only "
            "a solved ticket can be reopened; add 'status_change'"
        )
    ticket = draw(tickets if tickets is not None else _DEFAULT_TICKETS[labels])
    if not isinstance(ticket, Ticket):
        raise InputTypeError(f"histories: tickets drew {safe_repr(ticket)}, not a Ticket")
    # A "one more?" draw before each event after the first ``min_events`` (0: no; for a wide
    # range, a few draws, all 0: see _stops), and each event one draw of its gap, kind and
    # fields: the shrinker deletes an event by deleting the two. A count drawn first, then
    # the events, left events it could not delete (a history that failed on a rating shrank
    # to two customer messages and the rating, not to the rating alone). The "one more?" draw
    # comes at ``max_events`` too, its answer ignored: without it, a history of
    # ``max_events`` less one event asked for a draw more than the example held, so the
    # shrinker could delete none of its events (with ``max_events=3``, a failure on a rating
    # shrank to two customer messages and the rating for some seeds). On average about three
    # in four of the events allowed past ``min_events`` come: Hypothesis draws 0 more often
    # than its share, and with one in two, histories came shorter than when their count was
    # drawn first (a median of 3 events of 12, not 5; a reopen in one in eight, not six).
    stops = _stops(max(1, (high - low + 1) * 3 // 4))
    resolved_steps, open_steps = _steps(
        tuple(kinds), max_gap // timedelta(microseconds=1), labels=labels
    )
    zone = ticket.created_at.tzinfo
    # Step in UTC and convert back: adding a timedelta to a zoneinfo datetime moves the wall
    # clock, which can land inside a DST gap.
    at = ticket.created_at.astimezone(UTC)
    events: list[Event] = []
    status = Status.NEW
    while set(kinds) != {"reopen"}:
        if (len(events) >= low and _stop(draw, stops)) or len(events) == high:
            break
        gap_us, cls, fields = draw(resolved_steps if status.is_resolved else open_steps)
        # Never past the supported range: near its end (a user's created_at), the gaps stop
        # there rather than draw an event its own type refuses (or a datetime overflow).
        at = at + min(timedelta(microseconds=gap_us), _LAST_INSTANT - at)
        event = cls(f"e{len(events)}", at.astimezone(zone), **fields)
        if isinstance(event, StatusChange):
            status = event.status
        elif isinstance(event, Reopen):
            status = Status.OPEN
        events.append(event)
    return TicketHistory(ticket, events)


#: The most choices a "one more?" draw offers: Hypothesis draws 0 from a wider range far
#: more often than its share (about one in 45 from 0..500, not one in 501).
_FAIR = 25


@functools.lru_cache(maxsize=64)
def _stops(k: int) -> tuple[st.SearchStrategy[int], ...]:
    """Draws that stop a history when each comes out 0: about one chance in ``k + 1``.

    The mean number of further events is then about ``k``. One draw from ``0..k`` would do, but
    Hypothesis draws 0 from a wide range far more often than one in ``k + 1``, so a history
    asked for up to 1,000 events stopped after about 45 on average; a draw from at most
    ``_FAIR`` choices comes out 0 about as often as its share, so a wide range is split into
    several such draws.
    """
    draws = 1
    while _FAIR**draws < k + 1:
        draws += 1
    one = st.integers(0, max(1, round((k + 1) ** (1 / draws)) - 1))
    return (one,) * draws


def _stop(draw: st.DrawFn, stops: tuple[st.SearchStrategy[int], ...]) -> bool:
    """Whether a history stops here: each of ``stops`` drew 0 (the first that does not ends it)."""
    return all(draw(s) == 0 for s in stops)


@functools.lru_cache(maxsize=64)
def _steps(kinds: tuple[str, ...], max_us: int, *, labels: bool) -> tuple[Any, Any]:
    """Strategies for one event's (gap, class, fields), for a resolved and an open ticket.

    Made once per ``kinds`` and ``max_gap``, not inside each draw (a strategy made during a
    draw is validated again every time).
    """
    gap = st.one_of(
        st.just(0),
        st.integers(0, max(0, max_us // 60_000_000)).map(lambda m: m * 60_000_000),
        st.integers(0, max_us),
    )
    kind = st.sampled_from(kinds)
    others = [k for k in kinds if k != "reopen"]
    other = st.sampled_from(others) if others else kind

    @st.composite
    def step(draw: st.DrawFn, resolved: bool) -> tuple[int, type[Event], dict[str, Any]]:
        # A reopen comes only while the ticket is solved or closed: drawn for an open one, it
        # becomes a solve when kinds allow one, else another of kinds.
        gap_us = draw(gap)
        chosen = draw(kind)
        if chosen == "reopen" and not resolved:
            if "status_change" in kinds:
                return gap_us, StatusChange, _status_fields(draw, draw(_SOLVES), labels=labels)
            chosen = draw(other)
        return (gap_us, *_parts(draw, chosen, labels=labels))

    return step(True), step(False)
