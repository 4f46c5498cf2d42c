"""Figures over the tickets that support them: partial histories lacking a fact are left out.

A real export mixes complete and partial histories (a Zendesk export where a handful of
tickets have no audits among thousands that do; two files of a summary export, one without
a first-reply column). A figure that needs a fact some tickets lack
([`lost_facts`][servicemodel.model.lost_facts]) is computed over the tickets that hold it,
and says how many it left out and why: its ``n`` counts the tickets used, its ``missing``
also counts the ones left out (``Estimate.missing`` counts the inputs excluded from ``n``),
its named count ``left_out`` counts them alone, and its ``method`` ends with the note the
reports print ("12 tickets left out: partial history (lost: first_reply)"). Only when no
ticket of a scope holds the fact is the figure "not available from this export (lost:
...)": there is nothing to compute it from.

[`Supported`][servicemodel.report._left_out.Supported] does this as an accumulator around the
figure's own: it adds the tickets that hold what the figure needs and counts the others, and
its counts merge by addition (the lost facts by union), so merges stay exact.

Examples:
    >>> from datetime import UTC, datetime, timedelta
    >>> from servicemodel.kpi import ReopenRate
    >>> from servicemodel.model import PARTIAL_ATTRIBUTE, StatusChange, Ticket, TicketHistory
    >>> t0 = datetime(2026, 3, 2, 9, tzinfo=UTC)
    >>> def ticket(i, lost=""):
    ...     attributes = {PARTIAL_ATTRIBUTE: lost} if lost else {}
    ...     t = Ticket(f"T{i}", t0, attributes=attributes)
    ...     return TicketHistory(t, [StatusChange("s", t0 + timedelta(hours=1), status="solved")])
    >>> acc = Supported(ReopenRate.empty(), frozenset({"reopens", "resolution"}), "Reopen rate")
    >>> est = acc.add_many([ticket(1), ticket(2), ticket(3, "reopens,next_reply")]).result()
    >>> est.n, est.missing, est.count("left_out")
    (2, 1, 1)
    >>> left_out_note(est)
    '1 ticket left out: partial history (lost: reopens)'
    >>> acc.add(ticket(4, "reopens")).result().method
    'not available from this export (lost: reopens)'
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

import attrs

from servicemodel.errors import PartialHistoryError
from servicemodel.kpi import Estimate, MergeOperators
from servicemodel.kpi._shared import LEFT_OUT, left_out_text, noted
from servicemodel.kpi._shared import left_out_count as left_out
from servicemodel.model import PARTIAL_ATTRIBUTE, TicketHistory, known_reopens, lost_facts

__all__ = [
    "LEFT_OUT",
    "NOT_AVAILABLE",
    "Supported",
    "figure_note",
    "lacking",
    "left_out",
    "left_out_note",
    "left_out_text",
    "noted",
]

#: The lost fact a ticket known to be reopened holds enough of for the reopen rate and FCR.
_REOPENS = frozenset({"reopens"})


def reopen_known(history: TicketHistory, missing: frozenset[str]) -> bool:
    """Whether ``history``, lacking only its reopens of what a figure needs, is known reopened.

    It shows a reopen or its export counted one
    ([`known_reopens`][servicemodel.model.known_reopens]). The reopen rate counts such a ticket
    as reopened (one reopen decides "at least once") and FCR as not resolved on first contact,
    so it is no loss to those figures.

    Examples:
        >>> from datetime import UTC, datetime
        >>> from servicemodel.model import REOPENS_ATTRIBUTE, Ticket
        >>> t0 = datetime(2026, 3, 2, tzinfo=UTC)
        >>> reopen_known(TicketHistory(Ticket("T", t0), []), frozenset({"reopens"}))
        False
        >>> counted = Ticket("U", t0, attributes={PARTIAL_ATTRIBUTE: "reopens",
        ...                                       REOPENS_ATTRIBUTE: 2})
        >>> reopen_known(TicketHistory(counted, []), frozenset({"reopens"}))
        True
    """
    return missing == _REOPENS and known_reopens(history) > 0


#: How a figure no ticket of its scope can support is labelled (its Estimate's ``method``).
NOT_AVAILABLE = "not available from this export"


def lacking(
    history: TicketHistory, needs: frozenset[str], flagged: frozenset[str] | None = None
) -> frozenset[str]:
    """The facts of ``needs`` that ``history`` lacks (empty: it supports the figure).

    ``flagged`` is what the figure needs instead of a ticket whose helpdesk flagged first
    contact itself (FCR then needs no events, only the solve).

    Examples:
        >>> from datetime import UTC, datetime
        >>> from servicemodel.model import Ticket
        >>> t = Ticket("T", datetime(2026, 3, 2, tzinfo=UTC),
        ...            attributes={PARTIAL_ATTRIBUTE: "next_reply,pauses"})
        >>> sorted(lacking(TicketHistory(t, []), frozenset({"next_reply", "reopens"})))
        ['next_reply']
    """
    if PARTIAL_ATTRIBUTE not in history.ticket.attributes:  # a complete history lacks nothing
        return frozenset()
    if flagged is not None and history.ticket.first_contact is not None:
        needs = flagged
    return lost_facts(history) & needs


def _lost_words(lost: Iterable[str]) -> str:
    return ", ".join(sorted(lost))


def left_out_note(est: Estimate) -> str:
    """The note saying which tickets ``est`` left out (``""``: none).

    Examples:
        >>> left_out_note(Estimate("x", 1.0, 3))
        ''
    """
    count = dict(est.counts).get(LEFT_OUT, 0)
    if not count:
        return ""
    head = f"{count} ticket"
    return next((part for part in est.method.split("; ") if part.startswith(head)), "")


def figure_note(est: Estimate) -> str:
    """What the reports print beside a figure: why it has no value, or what it left out.

    Examples:
        >>> figure_note(Estimate("FCR", None, 0, method="not available from this export"))
        'not available from this export'
    """
    if est.value is None and est.method.startswith(NOT_AVAILABLE):
        return est.method
    return left_out_note(est)


@attrs.frozen
class Supported(MergeOperators):
    """The accumulator ``inner`` over the histories that hold what it ``needs``; the others counted.

    ``used`` counts the histories added to ``inner`` that hold what it ``needs``;
    ``left_out`` those lacking a fact of ``needs`` (``flagged``: of a ticket whose helpdesk
    flagged first contact) that ``inner`` refuses, and ``lost`` the facts they lack among
    ``needs``. A history lacking a fact that ``inner`` accepts but counts nowhere (an unsolved
    ticket for FCR or the reopen rate) is added, neither used nor left out; one it accepts and
    counts (a ticket lacking its reopens that is known reopened, for the reopen rate and FCR)
    is used.
    The result is ``inner``'s with each estimate noted (see the module's docstring); when no
    history held what is needed but some were left out, it is "not available from this export
    (lost: ...)", an estimate named ``name`` (a time's: one per name of ``statistics``,
    ``"<name> <statistic>"``) with no value and ``n=0``.

    Examples:
        >>> from servicemodel.kpi import ReopenRate
        >>> Supported(ReopenRate.empty(), frozenset({"reopens"}), "Reopen rate").result().n
        0
    """

    inner: Any
    needs: frozenset[str]
    name: str
    statistics: tuple[str, ...] = ()
    flagged: frozenset[str] | None = None
    used: int = 0
    left_out: int = 0
    lost: frozenset[str] = frozenset()
    # The accumulator as first given: a history lacking a fact of ``needs`` is tried on it
    # alone, and left out only if the KPI refuses it (one it would not count, such as an
    # unsolved ticket for FCR, is no figure's loss).
    _probe: Any = attrs.field(default=None, kw_only=True, eq=False, repr=False)

    def __attrs_post_init__(self) -> None:
        if self._probe is None:
            object.__setattr__(self, "_probe", self.inner)

    def _merge_params(self) -> Any:
        return (self.needs, self.name, self.statistics, self.flagged)

    def _split(
        self, items: Sequence[TicketHistory]
    ) -> tuple[list[int] | None, int, int, frozenset[str]]:
        """The indices of the histories to add (``None``: all), how many of them hold what is
        needed, how many the KPI refused for lacking it, and what they lack."""
        needs, flagged = self.needs, self.flagged
        keep: list[int] = []
        used = count = 0
        lost: set[str] = set()
        for i, h in enumerate(items):
            if PARTIAL_ATTRIBUTE in h.ticket.attributes:
                missing = lacking(h, needs, flagged)
                if missing:
                    try:
                        self._probe.add(h)
                    except PartialHistoryError:
                        count += 1
                        lost |= missing  # all it lacks of what the figure needs
                        continue
                    keep.append(i)
                    # Accepted though lacking: counted nowhere (an unsolved ticket for FCR or
                    # the reopen rate), so no ticket used -- unless all it lacks is its reopens
                    # and it is known reopened, which the reopen rate counts as reopened and
                    # FCR as not resolved on first contact.
                    used += reopen_known(h, missing)
                    continue
            keep.append(i)
            used += 1
        if len(keep) == len(items):
            return None, used, 0, frozenset()
        return keep, used, count, frozenset(lost)

    def _grown(self, inner: Any, used: int, count: int, lost: frozenset[str]) -> Supported:
        return attrs.evolve(
            self,
            inner=inner,
            used=self.used + used,
            left_out=self.left_out + count,
            lost=self.lost | lost,
        )

    def add(self, history: TicketHistory) -> Supported:
        return self.add_many((history,))

    def add_many(self, histories: Iterable[TicketHistory]) -> Supported:
        items = list(histories)
        keep, used, count, lost = self._split(items)
        kept = items if keep is None else [items[i] for i in keep]
        return self._grown(self.inner.add_many(kept), used, count, lost)

    def _add_read(self, items: Sequence[TicketHistory], reads: Sequence[Any]) -> Supported:
        # ``add_many`` of histories whose instants the single pass has read (``_passes.Read``).
        keep, used, count, lost = self._split(items)
        if keep is not None:
            items, reads = [items[i] for i in keep], [reads[i] for i in keep]
        add_read = getattr(self.inner, "_add_read", None)
        inner = self.inner.add_many(items) if add_read is None else add_read(items, reads)
        return self._grown(inner, used, count, lost)

    def merge(self, other: Supported) -> Supported:
        self._check_mergeable(other)
        return other._grown(self.inner.merge(other.inner), self.used, self.left_out, self.lost)

    @property
    def available(self) -> bool:
        """Whether the figure has tickets to stand on: some held what it needs, or none lacked.

        Examples:
            >>> from servicemodel.kpi import ReopenRate
            >>> Supported(ReopenRate.empty(), frozenset({"reopens"}), "Reopen rate").available
            True
        """
        return self.used > 0 or self.left_out == 0

    def result(self, level: float = 0.95) -> Any:
        found = self.inner.result(level)
        if not self.available:
            why = f"{NOT_AVAILABLE} (lost: {_lost_words(self.lost)})"
            # The unit the figure has where it is available (the KPI's, with nothing added).
            if self.statistics:
                units = dict(found.estimates) if hasattr(found, "estimates") else {}
                return {
                    k: Estimate(
                        f"{self.name} {k}",
                        None,
                        0,
                        level=level,
                        method=why,
                        unit=units[k].unit if k in units else "",
                    )
                    for k in self.statistics
                }
            unit = found.unit if isinstance(found, Estimate) else ""
            return Estimate(self.name, None, 0, level=level, method=why, unit=unit)
        if not self.left_out:
            return found
        if isinstance(found, Estimate):
            return noted(found, self.left_out, self.lost)
        # A mapping of estimates (a time's ``TimeSummary`` or ``SurvivalCurve``): each noted.
        estimates = tuple((k, noted(e, self.left_out, self.lost)) for k, e in found.estimates)
        return attrs.evolve(found, estimates=estimates)
