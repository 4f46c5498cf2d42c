"""Private: partial histories measured on the clocks they can run; the others left out, counted.

A partial history (its ticket carries ``servicemodel.partial``, see
[`lost_facts`][servicemodel.model.lost_facts]) lacks facts its export could not say: a
Zendesk ticket without audits, a one-row export without a first-reply column. By default
[`evaluate`][servicemodel.sla.evaluate] refuses one whose policy needs a lost fact
(``PartialHistoryError``). With ``partial="leave_out"`` it measures the ticket on the clocks
that need none of them; [`SLALeftOut`][servicemodel.sla.SLALeftOut] counts, per metric, the
tickets left out and the facts they lacked, so nothing is left out silently.

The rule (the report's SLA section follows the same one): a metric is left out of a partial
history when its clock needs a fact the history lacks (first reply needs the first reply and
the solve, which also stops it; next reply and periodic update every reply after the first;
resolution the solve; requester wait and agent work the solve and the time in each status),
and, when the history lacks that time (``pauses``), every metric of a policy that pauses and
is in force for the ticket at some point (as created, or matched again after a change of its
priority or assignment, as the engine matches it). A ticket is counted for a metric it is
left out of when a target for that metric applies to it at some point (the policy in force
then has one at the ticket's priority then); one no target applies to has no such clock.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from datetime import UTC, datetime
from typing import Any, Final, Literal

import attrs

from servicemodel._config import safe_repr
from servicemodel._numbers import count_field, count_value
from servicemodel.errors import ConfigError, InputTypeError, MergeError, require_instant
from servicemodel.io.summary._shared import metric_facts
from servicemodel.model import (
    PARTIAL_ATTRIBUTE,
    AssignmentChange,
    Priority,
    PriorityChange,
    Ticket,
    TicketHistory,
    lost_facts,
)
from servicemodel.sla._engine import (
    _check_histories,
    _check_history,
    _evaluate,
    once_each,
    policies_of,
)
from servicemodel.sla._facts import match
from servicemodel.sla._measurement import Measurement, Metric
from servicemodel.sla._policy import PolicySet, SLAPolicy

__all__ = [
    "PARTIAL_MODES",
    "PartialMode",
    "SLALeftOut",
    "State",
    "has_target",
    "partial_mode",
    "states",
    "unsupported",
    "without_metrics",
]

#: What ``evaluate`` does with a partial history whose policy needs a fact it lacks.
PartialMode = Literal["refuse", "leave_out"]
PARTIAL_MODES: Final = ("refuse", "leave_out")


def partial_mode(value: Any) -> PartialMode:
    """``value`` checked as a ``partial=`` option (a ``ConfigError`` naming it otherwise).

    Examples:
        >>> partial_mode("leave_out")
        'leave_out'
        >>> partial_mode("drop")
        Traceback (most recent call last):
        ...
        servicemodel.errors.ConfigError: partial: must be 'refuse' or 'leave_out', got 'drop'
    """
    # (the type first: an array compares element by element, and has no truth value)
    if type(value) is str and value == "refuse":
        return "refuse"
    if type(value) is str and value == "leave_out":
        return "leave_out"
    raise ConfigError(f"must be 'refuse' or 'leave_out', got {safe_repr(value)}", path="partial")


def _pauses(p: SLAPolicy) -> bool:
    return bool(p.pause or p.pause_labels)


def unsupported(
    policies: tuple[SLAPolicy, ...], lost: frozenset[str]
) -> dict[Metric, frozenset[str]]:
    """The metrics of ``policies`` a history lacking ``lost`` cannot run, each with the lost
    facts it needs (see the module for the rule).

    Examples:
        >>> from servicemodel.sla import Target
        >>> p = SLAPolicy("p", {"normal": [Target("first_reply", "1h"),
        ...                                Target("resolution", "1d")]})
        >>> unsupported((p,), frozenset({"first_reply"}))
        {<Metric.FIRST_REPLY: 'first_reply'>: frozenset({'first_reply'})}
        >>> sorted(unsupported((p,), frozenset({"pauses"})))  # p pauses on pending
        [<Metric.FIRST_REPLY: 'first_reply'>, <Metric.RESOLUTION: 'resolution'>]
    """
    out: dict[Metric, frozenset[str]] = {}
    if not lost:
        return out
    paused = {m for p in policies if _pauses(p) for m in p.metrics} if "pauses" in lost else set()
    for metric in Metric:
        if any(metric in p.metrics for p in policies):
            facts = lost & set(metric_facts(metric))
            if metric in paused:
                facts |= {"pauses"}
            if facts:
                out[metric] = frozenset(facts)
    return out


def without_metrics(
    policies: PolicySet | SLAPolicy, metrics: Iterable[str]
) -> PolicySet | SLAPolicy:
    """``policies`` without their targets for ``metrics`` (the clocks left are measured).

    Examples:
        >>> from servicemodel.sla import Target
        >>> p = SLAPolicy("p", {"normal": [Target("first_reply", "1h"),
        ...                                Target("resolution", "1d")]})
        >>> without_metrics(p, ["first_reply"]).metrics
        (<Metric.RESOLUTION: 'resolution'>,)
    """
    drop = {Metric(m) for m in metrics}
    if not drop:
        return policies
    if isinstance(policies, SLAPolicy):
        return _strip(policies, drop)
    return attrs.evolve(policies, policies=tuple(_strip(p, drop) for p in policies.policies))


def _strip(p: SLAPolicy, drop: set[Metric]) -> SLAPolicy:
    targets = {k: tuple(t for t in ts if t.metric not in drop) for k, ts in p.targets.items()}
    return attrs.evolve(p, targets=targets)


#: The policy in force for a ticket (its index; -1: none) and the ticket as it was then.
State = tuple[int, Ticket]


def states(
    policies: tuple[SLAPolicy, ...], h: TicketHistory, horizon: datetime | None
) -> list[State]:
    """The policy in force for ``h``'s ticket as created and after each change of a field a
    condition reads (priority, group, assignee) up to ``horizon`` (``None``: every event),
    with the ticket as it was then: the engine's own matching (``_facts.match``)."""
    ticket = h.ticket
    out = [(match(policies, ticket), ticket)]
    for e in h.events:
        if horizon is not None and e.at.astimezone(UTC) > horizon:
            break
        if isinstance(e, PriorityChange):
            ticket = attrs.evolve(ticket, priority=e.priority, priority_label=e.label)
        elif isinstance(e, AssignmentChange):
            ticket = attrs.evolve(ticket, group=e.group, assignee=e.assignee)
        else:
            continue
        out.append((match(policies, ticket), ticket))
    return out


def has_target(policies: tuple[SLAPolicy, ...], seen: Iterable[State], metric: Metric) -> bool:
    """Whether a target for ``metric`` applies to a ticket at some point of ``seen`` (see
    ``states``): only then is a ticket that cannot run the clock left out of it (one no
    target applies to has no such clock at all).

    Examples:
        >>> from datetime import UTC, datetime
        >>> from servicemodel.model import Ticket
        >>> from servicemodel.sla import PriorityIn, Target
        >>> ps = (SLAPolicy("vip", {"urgent": [Target("first_reply", "1h")]},
        ...                 condition=PriorityIn(["urgent"])),)
        >>> h = TicketHistory(Ticket("T", datetime(2026, 3, 2, tzinfo=UTC)), [])
        >>> has_target(ps, states(ps, h, None), Metric.FIRST_REPLY)
        False
    """
    for i, ticket in seen:
        if i >= 0:
            p = policies[i]
            if p.target_for(p.target_key(ticket.priority, ticket.priority_label), metric):
                return True
    return False


def _policies(_instance: Any, _attribute: Any, value: Any) -> None:
    policies_of(value)  # an InputTypeError for anything but an SLAPolicy or a PolicySet


def _at(_instance: Any, _attribute: Any, value: Any) -> None:
    if value is not None:
        require_instant(value, "at")


_METRIC_ORDER = {m: i for i, m in enumerate(Metric)}
_PRIORITY_ORDER = {p: i for i, p in enumerate(Priority)}


def _order(item: tuple[tuple[Metric, Priority], Any]) -> tuple[int, int]:
    metric, prio = item[0]
    return _METRIC_ORDER[metric], _PRIORITY_ORDER[prio]


#: One entry of ``SLALeftOut.entries``: a metric, the priority the tickets had, how many were
#: left out, and the facts they lacked.
Entry = tuple[Metric, Priority, int, frozenset[str]]


def _entries(value: Iterable[Entry]) -> tuple[Entry, ...]:
    """``value`` checked as ``entries``: (metric, priority, count, lost facts) tuples, each
    (metric, priority) once (``counts``, ``lost`` and ``merge`` read them as such)."""
    if isinstance(value, str | bytes | Mapping) or not isinstance(value, Iterable):
        raise InputTypeError(
            f"entries: expected a sequence of (metric, priority, count, lost facts), got "
            f"{type(value).__name__} {safe_repr(value)}"
        )
    out: list[Entry] = []
    seen: set[tuple[Metric, Priority]] = set()
    for i, entry in enumerate(value):
        if not isinstance(entry, tuple) or len(entry) != 4:
            raise InputTypeError(
                f"entries[{i}]: expected a (metric, priority, count, lost facts) tuple, got "
                f"{type(entry).__name__} {safe_repr(entry)}"
            )
        metric, prio, n, facts = entry
        if type(metric) is not Metric or type(prio) is not Priority:
            raise InputTypeError(
                f"entries[{i}]: expected a Metric and a Priority, got {safe_repr(metric)} and "
                f"{safe_repr(prio)}"
            )
        if type(n) is not int:
            raise InputTypeError(
                f"entries[{i}]: expected a count (int >= 1), got {type(n).__name__} {safe_repr(n)}"
            )
        if n < 1:  # an int not allowed: a ValueError
            raise ConfigError(
                f"expected a count (int >= 1), got {safe_repr(n)}", path=f"entries[{i}]"
            )
        if type(facts) is not frozenset or not all(isinstance(f, str) for f in facts):
            raise InputTypeError(
                f"entries[{i}]: expected the lost facts as a frozenset of names, got "
                f"{safe_repr(facts)}"
            )
        if (metric, prio) in seen:  # right-typed entries that repeat: a ValueError
            raise ConfigError(
                f"{metric.value} at {prio.value} is given twice; one entry each",
                path=f"entries[{i}]",
            )
        seen.add((metric, prio))
        out.append((metric, prio, n, facts))
    return tuple(out)


@attrs.frozen(repr=False)
class SLALeftOut:
    """Partial histories measured on the clocks they can run, and the ones left out counted.

    ``add``/``add_many`` count each partial history, per metric it cannot run and to which
    a target applies, as left out, with the facts it lacked (the rule: "Partial histories"
    in the SLA docs: a clock that needs a lost fact is not run, nor, without the time in
    each status, a clock of a pausing policy in force for the ticket). ``evaluate`` and
    ``evaluations`` measure a history on the clocks it can run (a complete one on all, as
    [`evaluate`][servicemodel.sla.evaluate] does), as ``evaluate(..., partial="leave_out")``
    does. With ``at``, clocks are measured up to ``at`` and a ticket created after it is no
    loss (it has no clock yet). Counts merge by addition, the lost facts by union
    (``merge``, ``+``, ``sum``).

    ``tickets`` counts the histories added, ``partial`` the partial ones among them,
    ``left_out`` those left out of at least one metric; ``counts`` and ``lost`` give the
    tickets left out and the facts they lacked per metric, ``entries`` the same per priority
    (the ticket's priority at ``at``, or at its last event).

    Examples:
        >>> from datetime import UTC, datetime, timedelta
        >>> from servicemodel.model import AgentReply, PARTIAL_ATTRIBUTE, Ticket, TicketHistory
        >>> from servicemodel.sla import Target
        >>> t0 = datetime(2026, 3, 2, 9, tzinfo=UTC)
        >>> p = SLAPolicy("p", {"normal": [Target("first_reply", "1h", business=False),
        ...                                Target("resolution", "1d", business=False)]},
        ...               pause=[])
        >>> full = TicketHistory(Ticket("A", t0), [AgentReply("r", t0 + timedelta(minutes=5))])
        >>> lost = TicketHistory(Ticket("B", t0, attributes={PARTIAL_ATTRIBUTE: "first_reply"}),
        ...                      [])
        >>> tally = SLALeftOut.empty(p).add_many([full, lost])
        >>> tally
        SLALeftOut(tickets=2, partial=1, left_out={'first_reply': 1})
        >>> tally.lost
        {<Metric.FIRST_REPLY: 'first_reply'>: frozenset({'first_reply'})}
        >>> [(m.ticket_id, m.metric.value) for ms in tally.evaluations([full, lost]) for m in ms]
        [('A', 'first_reply'), ('A', 'resolution'), ('B', 'resolution')]
    """

    policies: SLAPolicy | PolicySet = attrs.field(validator=_policies)
    at: datetime | None = attrs.field(default=None, kw_only=True, validator=_at)
    tickets: int = attrs.field(
        default=0, kw_only=True, converter=count_value, validator=count_field
    )
    partial: int = attrs.field(
        default=0, kw_only=True, converter=count_value, validator=count_field
    )
    left_out: int = attrs.field(
        default=0, kw_only=True, converter=count_value, validator=count_field
    )
    entries: tuple[Entry, ...] = attrs.field(default=(), kw_only=True, converter=_entries)
    # Per set of lost facts (a handful per export): the metrics it cannot run, with the facts
    # each lacks, and the policies without them. Filled as histories come; not the value.
    _variants: dict[
        tuple[frozenset[str], frozenset[int]],
        tuple[dict[Metric, frozenset[str]], tuple[SLAPolicy, ...]],
    ] = attrs.field(factory=dict, init=False, eq=False, repr=False)

    @classmethod
    def empty(cls, policies: SLAPolicy | PolicySet, *, at: datetime | None = None) -> SLALeftOut:
        """Return the tally of ``policies`` (measured up to ``at``) with nothing added.

        Examples:
            >>> from servicemodel.sla import Target
            >>> SLALeftOut.empty(SLAPolicy("p", {"normal": [Target("first_reply", "1h")]}))
            SLALeftOut(tickets=0, partial=0, left_out={})
        """
        return cls(policies, at=at)

    def __repr__(self) -> str:
        # safe_repr: a count past 4,300 digits has no repr (the constructor takes any int).
        counts = ", ".join(f"{m.value!r}: {safe_repr(n)}" for m, n in self.counts.items())
        return (
            f"SLALeftOut(tickets={safe_repr(self.tickets)}, partial={safe_repr(self.partial)}, "
            f"left_out={{{counts}}})"
        )

    @property
    def counts(self) -> dict[Metric, int]:
        """How many tickets each metric left out (metrics that left none out are absent)."""
        out: dict[Metric, int] = {}
        for metric, _, n, _ in self.entries:
            out[metric] = out.get(metric, 0) + n
        return out

    @property
    def lost(self) -> dict[Metric, frozenset[str]]:
        """The facts the tickets each metric left out lacked (of those its clock needs)."""
        out: dict[Metric, frozenset[str]] = {}
        for metric, _, _, facts in self.entries:
            out[metric] = out.get(metric, frozenset()) | facts
        return out

    def _horizon(self) -> datetime | None:
        return None if self.at is None else self.at.astimezone(UTC)

    def _variant(
        self, h: TicketHistory
    ) -> tuple[dict[Metric, frozenset[str]], tuple[SLAPolicy, ...], list[State]] | None:
        """The metrics ``h`` cannot run (with the facts each lacks), the policies it is
        measured under, and its ``states`` (None: a complete history)."""
        if PARTIAL_ATTRIBUTE not in h.ticket.attributes:  # a complete history lacks nothing
            return None
        lost = lost_facts(h)
        if not lost:
            return None
        policies = policies_of(self.policies)
        seen = states(policies, h, self._horizon())
        in_force = frozenset(i for i, _ in seen if i >= 0)
        key = (lost, in_force)
        found = self._variants.get(key)
        if found is None:
            lacking = unsupported(tuple(policies[i] for i in sorted(in_force)), lost)
            drop = set(lacking)
            # A policy never in force runs no clock of the ticket: emptied, so the engine's
            # check of every policy matching the ticket as created finds nothing to refuse.
            stripped = tuple(
                _strip(p, drop if i in in_force else set(Metric)) for i, p in enumerate(policies)
            )
            found = self._variants[key] = (lacking, stripped)
        return found[0], found[1], seen

    def add(self, history: TicketHistory) -> SLALeftOut:
        """Return the tally with ``history`` counted (see the class)."""
        return self.add_many((history,))

    def add_many(self, histories: Iterable[TicketHistory]) -> SLALeftOut:
        """Return the tally with every history of ``histories`` counted, in one pass."""
        _check_histories(histories)
        policies = policies_of(self.policies)
        horizon = self._horizon()
        tickets = partial = left_out = 0
        found: dict[tuple[Metric, Priority], list[Any]] = {
            (m, p): [n, facts] for m, p, n, facts in self.entries
        }
        for h in histories:
            _check_history(h)
            tickets += 1
            if PARTIAL_ATTRIBUTE not in h.ticket.attributes:
                continue
            partial += 1
            variant = self._variant(h)
            if variant is None:
                continue
            if horizon is not None and h.ticket.created_at.astimezone(UTC) > horizon:
                continue  # created after ``at``: no clock of it has started, none is lost
            seen = variant[2]
            counted = False
            for metric, facts in variant[0].items():
                if has_target(policies, seen, metric):
                    prio = seen[-1][1].priority  # its priority at ``at`` (or its last event)
                    slot = found.setdefault((metric, prio), [0, frozenset()])
                    slot[0] += 1
                    slot[1] |= facts
                    counted = True
            left_out += counted
        return self._grown(tickets, partial, left_out, found)

    def _grown(
        self,
        tickets: int,
        partial: int,
        left_out: int,
        found: Mapping[tuple[Metric, Priority], list[Any]],
    ) -> SLALeftOut:
        entries = tuple(
            (m, p, n, facts) for (m, p), (n, facts) in sorted(found.items(), key=_order)
        )
        grown = attrs.evolve(
            self,
            tickets=self.tickets + tickets,
            partial=self.partial + partial,
            left_out=self.left_out + left_out,
            entries=entries,
        )
        grown._variants.update(self._variants)  # the same policies: the same variants
        return grown

    def merge(self, other: SLALeftOut) -> SLALeftOut:
        """Return the tally of both inputs: counts added, lost facts joined.

        Examples:
            >>> from servicemodel.sla import Target
            >>> a = SLALeftOut.empty(SLAPolicy("a", {"normal": [Target("first_reply", "1h")]}))
            >>> b = SLALeftOut.empty(SLAPolicy("b", {"normal": [Target("first_reply", "1h")]}))
            >>> a + b
            Traceback (most recent call last):
            ...
            servicemodel.errors.MergeError: cannot merge SLALeftOut with different ...
        """
        if type(other) is not SLALeftOut:
            raise MergeError(
                f"cannot merge SLALeftOut with {type(other).__name__}: only another "
                "SLALeftOut merges"
            )
        # ``at`` compared in UTC: a repeated local hour (fold=1) never equals the same instant
        # written in another zone (PEP 495), and two tallies of one cut must merge.
        if (self.policies, self._horizon()) != (other.policies, other._horizon()):
            raise MergeError(
                "cannot merge SLALeftOut with different policies or at: "
                f"{safe_repr((self.policies, self.at), 200)} vs "
                f"{safe_repr((other.policies, other.at), 200)}"
            )
        found: dict[tuple[Metric, Priority], list[Any]] = {
            (m, p): [n, facts] for m, p, n, facts in self.entries
        }
        for m, p, n, facts in other.entries:
            slot = found.setdefault((m, p), [0, frozenset()])
            slot[0] += n
            slot[1] |= facts
        return self._grown(other.tickets, other.partial, other.left_out, found)

    def __add__(self, other: SLALeftOut) -> SLALeftOut:
        return self.merge(other)

    def __radd__(self, other: Any) -> SLALeftOut:
        if type(other) is int and other == 0:  # sum() starts from 0
            return self
        raise MergeError(
            f"cannot add {safe_repr(other, 40)} to SLALeftOut: only another SLALeftOut, or 0 "
            "(as sum() starts), can be added"
        )

    def evaluate(self, history: TicketHistory) -> tuple[Measurement, ...]:
        """``history`` measured on the clocks it can run, up to ``at`` (not counted: ``add``).

        Examples:
            >>> from datetime import UTC, datetime
            >>> from servicemodel.model import PARTIAL_ATTRIBUTE, Ticket, TicketHistory
            >>> from servicemodel.sla import Target
            >>> p = SLAPolicy("p", {"normal": [Target("first_reply", "1h")]}, pause=[])
            >>> t = Ticket("T", datetime(2026, 3, 2, 9, tzinfo=UTC),
            ...            attributes={PARTIAL_ATTRIBUTE: "first_reply"})
            >>> SLALeftOut.empty(p).evaluate(TicketHistory(t, []))
            ()
        """
        _check_history(history)
        variant = self._variant(history)
        policies = policies_of(self.policies) if variant is None else variant[1]
        return _evaluate(policies, history, self.at, self._horizon())

    def evaluations(self, histories: Iterable[TicketHistory]) -> Iterator[tuple[Measurement, ...]]:
        """``evaluate`` of each history in turn (one ticket held at a time); a ticket id met
        twice is a ``ConfigError`` naming it, as in ``evaluate_many``."""
        _check_histories(histories)
        policies = policies_of(self.policies)
        at, horizon = self.at, self._horizon()
        for history in once_each(histories):
            _check_history(history)
            variant = self._variant(history)
            yield _evaluate(policies if variant is None else variant[1], history, at, horizon)
