"""Any ticket KPI over the histories that support it: partial histories that cannot are left out.

A real export mixes complete and partial histories: a Zendesk export where a few tickets have no
audits, a summary file without a first-reply column beside a full export. A ticket KPI refuses
such a history with a [`PartialHistoryError`][servicemodel.errors.PartialHistoryError] rather
than guess. [`LeaveOutPartial`][servicemodel.kpi.LeaveOutPartial] wraps the KPI's accumulator,
adds every history it accepts, and counts the ones it refused and the facts they lacked; the
result says so: ``n`` counts the tickets used, ``missing`` also counts the ones left out (an
[Estimate][servicemodel.kpi.Estimate]'s ``missing`` counts the inputs excluded from ``n``), the
named count ``left_out`` counts them alone, and ``method`` ends with "12 tickets left out:
partial history (lost: first_reply)". Nothing is left out silently, and a complete history is
never left out: any other error still raises.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import attrs

from servicemodel._config import safe_repr
from servicemodel._numbers import count_field, count_value
from servicemodel._validators import require_iterable
from servicemodel.errors import ConfigError, InputTypeError, PartialHistoryError
from servicemodel.kpi._accumulator import MergeOperators
from servicemodel.kpi._estimate import LEFT_OUT, Estimate, EstimateMapping
from servicemodel.kpi._segments import Segmented
from servicemodel.model import PARTIAL_ATTRIBUTE, TicketHistory, lost_facts

__all__ = ["LEFT_OUT", "LeaveOutPartial", "left_out_count", "left_out_text", "noted"]


def left_out_text(count: int, lost: Iterable[str]) -> str:
    """The note of a figure that left ``count`` partial histories out.

    Examples:
        >>> left_out_text(12, {"first_reply"})
        '12 tickets left out: partial history (lost: first_reply)'
        >>> left_out_text(1, {"reopens", "next_reply"})
        '1 ticket left out: partial history (lost: next_reply, reopens)'
    """
    tickets = "ticket" if count == 1 else "tickets"
    return f"{count} {tickets} left out: partial history (lost: {', '.join(sorted(lost))})"


def noted(est: Estimate, count: int, lost: Iterable[str]) -> Estimate:
    """``est`` with ``count`` partial histories left out: in ``missing``, its ``left_out`` count
    and its method's note.

    Examples:
        >>> e = noted(Estimate("x", 1.0, 3, method="t"), 2, {"reopens"})
        >>> e.method, e.missing, e.count("left_out")
        ('t; 2 tickets left out: partial history (lost: reopens)', 2, 2)
    """
    note = left_out_text(count, lost)
    return attrs.evolve(
        est,
        missing=est.missing + count,
        method=f"{est.method}; {note}" if est.method else note,
        counts=(*est.counts, (LEFT_OUT, count)),
    )


def left_out_count(est: Estimate) -> int:
    """How many tickets ``est`` left out (partial histories lacking what it needs).

    Examples:
        >>> left_out_count(Estimate("x", None, 0))
        0
    """
    return dict(est.counts).get(LEFT_OUT, 0)


def _is_partial(item: Any) -> bool:
    # Anything but a marked TicketHistory goes to the KPI as it is (which refuses what it must).
    return type(item) is TicketHistory and PARTIAL_ATTRIBUTE in item.ticket.attributes


def _count(instance: Any, attribute: Any, value: Any) -> None:
    # The shared count rule, but a negative int stays the ConfigError it has always been.
    if type(value) is int and value < 0:
        raise ConfigError(f"a count is never negative, got {value}", path=attribute.name)
    count_field(instance, attribute, value)


def _accumulator(_instance: Any, attribute: Any, value: Any) -> None:
    if value is None and attribute.name == "_probe":
        return  # the probe's default: the KPI as first given
    if isinstance(value, Segmented):
        # Its result is a SegmentResult, which has no place for the note: the left-out tickets
        # would vanish from every segment's figures. Wrapped the other way round, each segment
        # counts its own.
        key = repr(value.key) if isinstance(value.key, str) else "..."
        raise ConfigError(
            f"cannot wrap segments by {value.name!r} (by(...)): its segments' results could not "
            "say which tickets were left out; wrap each segment's KPI instead, "
            f"by({key}, LeaveOutPartial({type(value.prototype).__name__}.empty(...)))",
            path=attribute.name.lstrip("_"),
        )
    for method in ("add", "add_many", "merge", "result"):
        if not callable(getattr(value, method, None)):
            raise InputTypeError(
                f"{attribute.name.lstrip('_')}: expected a KPI accumulator (add, add_many, "
                "merge, result), got "
                f"{type(value).__name__} {safe_repr(value)}"
            )


def _facts(value: Any) -> frozenset[str]:
    facts = frozenset(require_iterable(value, "lost"))
    for fact in facts:
        if type(fact) is not str:
            raise InputTypeError(f"lost: expected fact names (str), got {safe_repr(fact)}")
    return facts


@attrs.frozen
class LeaveOutPartial(MergeOperators):
    """The ticket KPI ``inner`` over the histories it accepts; partial ones it refuses counted.

    A partial history (one whose ticket carries ``servicemodel.partial``) that ``inner`` refuses
    with ``PartialHistoryError`` is left out: ``left_out`` counts them and ``lost`` collects the
    facts they lacked. ``used`` counts the histories added to ``inner``. Every other error
    raises as ``inner`` raises it. The result is ``inner``'s, each estimate noted when something
    was left out (see the module); a result of another kind is returned as it is. To segment,
    wrap each segment's KPI, ``by("channel", LeaveOutPartial(...))``, so each segment notes its
    own: ``LeaveOutPartial(by(...))`` is refused with a ``ConfigError`` (a segment's figures
    could not say that its tickets were left out). With nothing usable, the estimate has no
    value, ``n=0``, and the note says why.

    Examples:
        >>> from datetime import UTC, datetime, timedelta
        >>> from servicemodel.kpi import FirstReplyTime
        >>> from servicemodel.model import AgentReply, PARTIAL_ATTRIBUTE, Ticket, TicketHistory
        >>> t0 = datetime(2026, 3, 2, 9, tzinfo=UTC)
        >>> def ticket(i, lost=""):
        ...     attributes = {PARTIAL_ATTRIBUTE: lost} if lost else {}
        ...     reply = AgentReply("r", t0 + timedelta(hours=i))
        ...     return TicketHistory(Ticket(f"T{i}", t0, attributes=attributes), [reply])
        >>> hs = [ticket(1), ticket(2), ticket(3, "first_reply,next_reply")]
        >>> FirstReplyTime.empty(unit="h").add_many(hs)
        Traceback (most recent call last):
        ...
        servicemodel.errors.PartialHistoryError: ticket 'T3': first reply time needs ...
        >>> acc = LeaveOutPartial(FirstReplyTime.empty(unit="h")).add_many(hs)
        >>> acc.used, acc.left_out, sorted(acc.lost)
        (2, 1, ['first_reply'])
        >>> median = acc.result()["median"]
        >>> median.value, median.n, median.missing  # nearest rank: the lower of 1 h and 2 h
        (1.0, 2, 1)
        >>> median.method.split("; ")[-1]
        '1 ticket left out: partial history (lost: first_reply)'
    """

    inner: Any = attrs.field(validator=_accumulator)
    used: int = attrs.field(default=0, kw_only=True, converter=count_value, validator=_count)
    left_out: int = attrs.field(default=0, kw_only=True, converter=count_value, validator=_count)
    lost: frozenset[str] = attrs.field(default=frozenset(), kw_only=True, converter=_facts)
    # The KPI as first given: a partial history is tried on it alone (adding one history to
    # the grown KPI could copy all it holds), so every accepted history is added in one batch.
    _probe: Any = attrs.field(
        default=None, kw_only=True, eq=False, repr=False, validator=_accumulator
    )

    def __attrs_post_init__(self) -> None:
        if self._probe is None:
            object.__setattr__(self, "_probe", self.inner)

    def _repr_pretty_(self, printer: Any, cycle: bool) -> None:
        """Print as ``repr`` does, for Hypothesis and IPython.

        Hypothesis prints an attrs value field by field under each attribute's name, and
        ``_probe=`` is no argument of ``__init__`` (attrs calls it ``probe``), so a failing
        example holding a drawn wrapper did not paste back into ``@example(...)``.

        Examples:
            >>> from hypothesis.vendor.pretty import pretty
            >>> from servicemodel.kpi import ReopenRate
            >>> pretty(LeaveOutPartial.empty(inner=ReopenRate.empty()))
            'LeaveOutPartial(inner=ReopenRate(solved=0, reopened=0), used=0, left_out=0, lost=frozenset())'
        """  # noqa: E501
        printer.text(repr(self))

    @classmethod
    def empty(cls, *, inner: Any) -> LeaveOutPartial:
        """Return the wrapper of ``inner`` (an empty KPI accumulator) with nothing added.

        Examples:
            >>> from servicemodel.kpi import ReopenRate
            >>> LeaveOutPartial.empty(inner=ReopenRate.empty()).left_out
            0
        """
        return cls(inner)

    def _merge_params(self) -> Any:
        return type(self.inner)  # ``inner.merge`` checks the KPI's own parameters

    def _grown(self, inner: Any, used: int, count: int, lost: frozenset[str]) -> LeaveOutPartial:
        return LeaveOutPartial(
            inner,
            used=self.used + used,
            left_out=self.left_out + count,
            lost=self.lost | lost,
            probe=self._probe,
        )

    def add(self, history: Any) -> LeaveOutPartial:
        """Return the wrapper with ``history`` added, or counted when its KPI refuses it.

        Examples:
            >>> from servicemodel.kpi import ReopenRate
            >>> LeaveOutPartial(ReopenRate.empty()).add("T1")
            Traceback (most recent call last):
            ...
            servicemodel.errors.InputTypeError: expected a TicketHistory, got str 'T1'
        """
        return self.add_many((history,))

    def add_many(self, histories: Iterable[Any]) -> LeaveOutPartial:
        """Return the wrapper with every history added, in one batch, but the refused ones.

        Examples:
            >>> from servicemodel.kpi import ReopenRate
            >>> LeaveOutPartial(ReopenRate.empty()).add_many([]).used
            0
        """
        kept: list[Any] = []
        count = 0
        lost: set[str] = set()
        probe = self._probe
        for h in require_iterable(histories, "histories"):
            if _is_partial(h):
                try:
                    probe.add(h)
                except PartialHistoryError as exc:
                    count += 1
                    lost |= exc.lost or lost_facts(h)
                    continue
            kept.append(h)
        return self._grown(self.inner.add_many(kept), len(kept), count, frozenset(lost))

    def merge(self, other: LeaveOutPartial) -> LeaveOutPartial:
        """Return the wrapper of both inputs: the KPIs merged, the counts added.

        Examples:
            >>> from servicemodel.kpi import ReopenRate, ResolutionRate
            >>> LeaveOutPartial(ReopenRate.empty()) + LeaveOutPartial(ResolutionRate.empty())
            Traceback (most recent call last):
            ...
            servicemodel.errors.MergeError: cannot merge LeaveOutPartial with different ...
        """
        self._check_mergeable(other)
        return other._grown(self.inner.merge(other.inner), self.used, self.left_out, self.lost)

    def result(self, level: float = 0.95) -> Any:
        """Return ``inner``'s result, each estimate noted with what was left out.

        Examples:
            >>> from servicemodel.kpi import ReopenRate
            >>> LeaveOutPartial(ReopenRate.empty()).result().n
            0
        """
        found = self.inner.result(level)
        if not self.left_out:
            return found
        if isinstance(found, Estimate):
            return noted(found, self.left_out, self.lost)
        if isinstance(found, EstimateMapping) and attrs.has(type(found)):
            # A time's TimeSummary or a SurvivalCurve: each of its estimates noted.
            estimates = tuple((k, noted(e, self.left_out, self.lost)) for k, e in found.estimates)
            return attrs.evolve(found, estimates=estimates)  # type: ignore[misc]
        return found
