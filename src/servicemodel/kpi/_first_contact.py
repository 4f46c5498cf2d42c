"""First contact resolution (FCR): an explicit rule, since helpdesks have none."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import UTC, datetime, timedelta
from itertools import repeat
from typing import Any

import attrs

from servicemodel._config import safe_repr
from servicemodel._numbers import as_count, count_value
from servicemodel._validators import instance_of, require_iterable
from servicemodel.calendar._shared import add_unchecked_law, is_broken
from servicemodel.errors import CalendarError, ConfigError, InputTypeError, UnknownHolidaysError
from servicemodel.kpi._accumulator import MergeOperators
from servicemodel.kpi._estimate import Estimate, proportion
from servicemodel.kpi._ticket_base import as_history, count_field, optional_aware, utc, with_counts
from servicemodel.model import (
    PARTIAL_ATTRIBUTE,
    REOPENS_ATTRIBUTE,
    AgentReply,
    CustomerMessage,
    Event,
    TicketHistory,
    known_reopens,
    lost_facts,
    require_facts,
)

__all__ = ["FirstContactResolution"]

_FACTS = ("reopens", "next_reply")
#: What FCR needs of a ticket known to be reopened whose reopen instants are lost: what a
#: ticket never reopened needs besides its reopens, so that both are judged, or both left out.
_REOPENED_FACTS = ("next_reply",)
_NEVER = datetime.max.replace(tzinfo=UTC)
_SOLVE_FACTS = ("resolution",)


def _counts_as_reply(ev: Event, opening: AgentReply | None) -> bool:
    """A public agent reply that is a contact: no bot's, not an agent-created ticket's opening."""
    return isinstance(ev, AgentReply) and not ev.automated and ev is not opening


def _replies_before(
    events: tuple[Event, ...], instant: datetime, opening: AgentReply | None
) -> tuple[int, int]:
    """The index of the event whose instant is the object ``instant``, and the public replies
    before it (``(0, 0)`` if no event's instant is ``instant``).

    The history's solve instants are its events' own instants: the solving event is found by
    identity, not by value (a look-up, never a comparison of instants), in one walk that
    counts the replies on the way (they are by the solve: their instants are not read).
    """
    replies = 0
    for i, ev in enumerate(events):
        if ev.at is instant:
            return i, replies
        if _counts_as_reply(ev, opening):
            replies += 1
    return 0, 0


# --- first contact resolution --------------------------------------------------------------


def _calendar(_instance: Any, _attribute: attrs.Attribute[Any], value: Any) -> None:
    if value is not None and not callable(getattr(value, "add", None)):
        raise InputTypeError(
            "calendar: expected an object with add(t, d) -> datetime, got "
            f"{type(value).__name__} {safe_repr(value)}"
        )


def _positive_timedelta(_instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    if not isinstance(value, timedelta):
        raise InputTypeError(f"{attribute.name} must be a timedelta, got {safe_repr(value)}")
    if value < timedelta(0):
        raise ConfigError(f"must not be negative, got {safe_repr(value)}", path=attribute.name)


@attrs.frozen
class FirstContactResolution(MergeOperators):
    """First contact resolution (FCR) rate among solved tickets, with a review window.

    Helpdesks have no native definition, so the rule is explicit. Among tickets solved at least
    once, a ticket is resolved on first contact when, at its first solve ``s``:

    * it had at most ``max_replies`` public agent replies up to ``s`` (as for first reply
      time, replies marked ``automated`` and an agent-created ticket's opening reply are not
      counted);
    * it was not reopened in ``(s, s + window]``;
    * the customer sent no further message in ``(s, s + window]``.

    Where the source system knows the answer (``Ticket.first_contact`` is not ``None``) and
    ``use_source_flag`` is true, that flag wins over the rule. With ``as_of``, tickets solved
    after ``as_of`` are not counted, and those whose window is still open at ``as_of`` cannot be
    judged yet: they are left out of ``n`` and counted in ``pending`` (``Estimate.missing``).

    A partial history that lacks its reopens but is known to have been reopened (it shows a
    reopen, or its export counted one: [`known_reopens`][servicemodel.model.known_reopens])
    is not resolved on first contact: its first solve did not hold. Its first solve and
    reopen instants are unknown, so the reopen is taken to fall in the review window (a
    reopen later than the window, which a full history would not count, cannot be told
    apart). It is judged only where a ticket never reopened would be (the export kept the
    messages after the first reply: ``next_reply`` not lost), so that an export judges both
    kinds or neither; with ``as_of``, only at or after its last event (before it, the reopen
    may not have happened yet), else refused as lacking ``reopens``.
    The window is calendar time, or with ``calendar`` (anything with ``add(t, d)``, e.g. a
    ``BusinessCalendar``) open time on it: ``window=timedelta(hours=24)`` on 09:00-17:00
    weekdays is three business days, and the window ends at ``calendar.add(s, window)``. A
    calendar of this package with no open time ahead (or past the supported range) leaves the
    window open for good (a year whose holidays the calendar does not know is an
    ``UnknownHolidaysError``, not a closed year); a calendar class of your own whose ``add``
    raises (a ``CalendarError`` of its own too) or gives no aware instant at or after ``s`` is
    a ``CalendarError`` naming it, as the time KPIs and SLA clocks report it.

    Examples:
        >>> from datetime import datetime, timedelta, timezone
        >>> from servicemodel.model import AgentReply, StatusChange, Ticket, TicketHistory
        >>> t0 = datetime(2026, 3, 2, tzinfo=timezone.utc)
        >>> h = TicketHistory(Ticket("T", t0), [AgentReply("r", t0 + timedelta(hours=1)),
        ...                                     StatusChange("s", t0 + timedelta(hours=1),
        ...                                                  status="solved")])
        >>> FirstContactResolution.empty(window=timedelta(days=3)).add(h).result().value
        1.0
    """

    window: timedelta = attrs.field(default=timedelta(days=3), validator=_positive_timedelta)
    max_replies: int = attrs.field(default=1, converter=count_value, validator=count_field)
    use_source_flag: bool = attrs.field(default=True, validator=instance_of(bool))
    as_of: datetime | None = attrs.field(default=None, validator=optional_aware("as_of"))
    solved: int = attrs.field(default=0, converter=count_value, validator=count_field)
    first_contact: int = attrs.field(default=0, converter=count_value, validator=count_field)
    pending: int = attrs.field(default=0, converter=count_value, validator=count_field)
    calendar: Any = attrs.field(default=None, kw_only=True, validator=_calendar)

    def _merge_params(self) -> tuple[Any, ...]:
        return (self.window, self.max_replies, self.use_source_flag, self.as_of, self.calendar)

    @classmethod
    def empty(
        cls,
        *,
        window: timedelta = timedelta(days=3),
        max_replies: int = 1,
        use_source_flag: bool = True,
        as_of: datetime | None = None,
        calendar: Any = None,
    ) -> FirstContactResolution:
        """Return the accumulator of no tickets with these rule parameters.

        Examples:
            >>> from datetime import timedelta
            >>> FirstContactResolution.empty(window=timedelta(days=5)).window.days
            5
        """
        # An argument, read as counts are (np.int64(2) from a frame is 2).
        most = as_count(max_replies, "max_replies")
        return cls(window, most, use_source_flag, as_of, calendar=calendar)

    def judge(self, history: TicketHistory) -> bool | None:
        """Return whether the ticket was resolved on first contact; ``None`` if not countable.

        ``None`` means the ticket is not in the denominator (never solved, or solved after
        ``as_of``) or its review window is still open at ``as_of``.

        Examples:
            >>> from datetime import datetime, timezone
            >>> from servicemodel.model import Ticket, TicketHistory
            >>> h = TicketHistory(Ticket("T", datetime(2026, 3, 2, tzinfo=timezone.utc)), [])
            >>> FirstContactResolution.empty().judge(h) is None
            True
        """
        return self._judge(as_history(history))[0]

    def _judge(self, h: TicketHistory, read: Any = None) -> tuple[bool | None, bool]:
        """Return (verdict, pending); ``read`` is what a pass has read of ``h``, if any
        (``(created_at, last_event_at)`` in UTC first)."""
        attributes = h.ticket.attributes
        if PARTIAL_ATTRIBUTE in attributes:
            # Its denominator is the solved tickets: an export without a solved column
            # cannot say which (each would look unsolved, and FCR have no tickets).
            require_facts(h, _SOLVE_FACTS, what="first contact resolution")
            # Known reopened (a count, or a reopen shown: known_reopens) and lacking its
            # reopens. The cheap tests first: most partial tickets were never reopened.
            if (
                (REOPENS_ATTRIBUTE in attributes or h.reopens())
                and not (self.use_source_flag and h.ticket.first_contact is not None)
                and "reopens" in lost_facts(h)
                and known_reopens(h)
            ):
                return self._judge_reopened(h), False
        first_solved = h.first_solved_at()
        if first_solved is None:
            return None, False
        # All instants in UTC: two datetimes sharing a ZoneInfo compare and add by wall clock,
        # which is wrong across a DST change. (Solved by its last event: read in UTC already.)
        if read is not None and first_solved is h.events[-1].at:
            solved_at = read[1]
        else:
            solved_at = first_solved.astimezone(UTC)
        as_of = None if self.as_of is None else self.as_of.astimezone(UTC)
        if as_of is not None and solved_at > as_of:
            return None, False
        ticket = h.ticket
        flag = ticket.first_contact
        if self.use_source_flag and flag is not None:
            return flag, False
        # Judged from events: a summary export without later messages cannot say (see
        # servicemodel.model.lost_facts), so refuse rather than call every such ticket resolved.
        # (A complete history has no lost facts: the check is skipped without a call.)
        if PARTIAL_ATTRIBUTE in ticket.attributes:
            require_facts(h, _FACTS, what="first contact resolution")
        end = self._window_end(solved_at)
        if as_of is not None and end > as_of:
            return None, True
        return self._within_window(h, first_solved, solved_at, end), False

    def _judge_reopened(self, h: TicketHistory) -> bool | None:
        """The verdict on a history known to be reopened whose reopen instants are lost."""
        # Judged where a ticket never reopened would be: counting the reopened tickets of an
        # export whose other tickets are all left out would put only failures in the rate.
        require_facts(h, _REOPENED_FACTS, what="first contact resolution")
        if self.as_of is not None:
            as_of = utc(self.as_of)
            if utc(h.created_at) > as_of:
                return None
            if utc(h.last_event_at) > as_of:  # the reopen may come after as_of
                require_facts(
                    h,
                    ("reopens",),
                    what=f"first contact resolution as of {self.as_of.isoformat()}, before the "
                    "ticket's last event,",
                )
        return False

    def _window_end(self, solved_at: datetime) -> datetime:
        """The end of the review window after a solve at ``solved_at`` (UTC), in UTC."""
        if self.calendar is not None:
            try:
                return utc(add_unchecked_law(self.calendar, solved_at, self.window))
            except CalendarError as exc:
                # A calendar of one's own that raised or broke the protocol (its own
                # CalendarError included) is named: such a failure must not pass as a window
                # that never closes, which would change the figure.
                if is_broken(exc) or isinstance(exc, UnknownHolidaysError):
                    raise  # unknown holidays are not "no open time ahead" either
                return _NEVER  # this package's: past the range, or no open time ahead
        try:
            return solved_at + self.window
        except OverflowError:  # a window past the datetime range never closes
            return _NEVER

    def _within_window(
        self, h: TicketHistory, first_solved: datetime, solved_at: datetime, end: datetime
    ) -> bool:
        # At most max_replies public replies up to the solve, no customer message and no
        # reopen in (solve, solve + window]. Events are in time order: those before the event
        # that solved the ticket are by the solve (replies counted without reading their
        # instant), and the first reply or message after the window ends the scan.
        events = h.events
        opening = h.opening_message()  # an agent-created ticket's opening reply: no contact
        solving, replies = _replies_before(events, first_solved, opening)
        for ev in events[solving:]:
            if isinstance(ev, AgentReply):
                at = ev.at.astimezone(UTC)
                if at > end:
                    break
                if at <= solved_at and _counts_as_reply(ev, opening):
                    replies += 1
            elif isinstance(ev, CustomerMessage):
                at = ev.at.astimezone(UTC)
                if at > end:
                    break
                if at > solved_at:
                    return False
        if replies > self.max_replies:
            return False
        reopens = h.reopens()
        return not (reopens and any(solved_at < utc(r) <= end for r in reopens))

    def _with(self, solved: int, first_contact: int, pending: int) -> FirstContactResolution:
        return FirstContactResolution(
            self.window,
            self.max_replies,
            self.use_source_flag,
            self.as_of,
            solved,
            first_contact,
            pending,
            calendar=self.calendar,
        )

    def add(self, history: TicketHistory) -> FirstContactResolution:
        """Return a new accumulator with one more ticket.

        Examples:
            >>> from datetime import datetime, timezone
            >>> from servicemodel.model import Ticket, TicketHistory
            >>> t = Ticket("T", datetime(2026, 3, 2, tzinfo=timezone.utc), first_contact=True)
            >>> FirstContactResolution.empty().add(TicketHistory(t, [])).solved  # not solved
            0
        """
        return self.add_many((history,))

    def add_many(self, histories: Iterable[TicketHistory]) -> FirstContactResolution:
        """Return a new accumulator with all ``histories`` added, in one pass.

        Examples:
            >>> FirstContactResolution.empty().add_many([]).pending
            0
        """
        require_iterable(histories, "histories")
        return self._tally(histories, repeat(None))

    def _add_read(
        self, items: Sequence[TicketHistory], reads: Sequence[Any]
    ) -> FirstContactResolution:
        """``add_many`` of histories whose instants a pass has read (``reads[i]`` of
        ``items[i]``: ``created_at`` and ``last_event_at`` in UTC, then more)."""
        return self._tally(items, reads)

    def _tally(
        self, histories: Iterable[TicketHistory], reads: Iterable[Any]
    ) -> FirstContactResolution:
        solved, fcr, pending = self.solved, self.first_contact, self.pending
        for history, read in zip(histories, reads, strict=False):
            h = history if type(history) is TicketHistory else as_history(history)
            verdict, waiting = self._judge(h, read)
            if waiting:
                pending += 1
            elif verdict is not None:
                solved += 1
                fcr += int(verdict)
        return self._with(solved, fcr, pending)

    def merge(self, other: FirstContactResolution) -> FirstContactResolution:
        """Return the accumulator of both inputs; the rule parameters must match.

        Examples:
            >>> from datetime import timedelta
            >>> a = FirstContactResolution.empty(window=timedelta(days=3))
            >>> b = FirstContactResolution.empty(window=timedelta(days=5))
            >>> a.merge(b)
            Traceback (most recent call last):
            ...
            servicemodel.errors.MergeError: cannot merge FirstContactResolution with ...
        """
        self._check_mergeable(other)
        return self._with(
            self.solved + other.solved,
            self.first_contact + other.first_contact,
            self.pending + other.pending,
        )

    def result(self, level: float = 0.95) -> Estimate:
        """Return first-contact-resolved / solved with a Wilson interval; pending in ``missing``.

        Examples:
            >>> FirstContactResolution.empty().result().value is None
            True
        """
        est = proportion(
            self.first_contact, self.solved, metric="FCR", level=level, missing=self.pending
        )
        return with_counts(
            est, first_contact=self.first_contact, solved=self.solved, pending=self.pending
        )
