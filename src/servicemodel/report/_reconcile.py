"""Report section: the vendor's SLA verdicts beside ours, clock by clock (vendor reconciliation).

The helpdesk's own verdicts ([`VendorVerdict`][servicemodel.reconcile.VendorVerdict]s, from
[`zendesk_verdicts`][servicemodel.reconcile.zendesk_verdicts],
[`jsm_verdicts`][servicemodel.reconcile.jsm_verdicts],
[`freshdesk_verdicts`][servicemodel.reconcile.freshdesk_verdicts] or any other reader) are put
beside the measurements of the SLA section with [`reconcile`][servicemodel.reconcile.reconcile],
one ticket at a time as the SLA section streams them: no clock is evaluated twice.

Every clock ``reconcile`` returns is one of three (its ``side``): **compared** -- both sides
have a verdict for it, and it agrees or disagrees; **ours only** -- we measured it and the
vendor has no verdict ("vendor has no clock for it": no vendor record, an empty verdict cell,
a record set aside); **vendor only** -- the vendor has a verdict and we have no clock ("we
have no clock for it", "we have no such metric", "a cycle we do not run"). A clock one side
lacks is no verdict the sides disagree on: it is counted apart, never in the agreement share
``agreed / compared`` (with its Wilson interval, [`proportion`][servicemodel.kpi.proportion]).
Per metric the section counts each; the disagreements by the kind of their reason (its words
before the first colon, as
[`Reconciliation.reasons`][servicemodel.reconcile.Reconciliation.reasons] counts them), the
one-sided clocks by theirs. The first ``listed`` clocks that do not agree are kept: the
disagreements first, then the one-sided clocks, each in a stable order (ticket id, numbers in
numeric order, then metric and cycle).

Both sides stand at the report's snapshot: a vendor breach at or after it, or a fulfilment
after it, has not happened yet (the verdict is taken back to ``active``; its counted time and
pause flag, which the vendor gave for a later instant, are dropped), a clock the vendor stopped
before it and reopened after it stood stopped then, a pause flag, counted time or target the
vendor said after it (a Zendesk ``pause`` or ``update_status`` after the snapshot, a later
``apply_sla`` with its policy and business-hours flag) is not its word then (left unsaid: with
an ``applied`` history, the SLA in force then is read from it instead, and a clock that had no
SLA then -- none applied yet, or removed -- and no breach has no vendor verdict then, as if
the later records had not been read), and a vendor clock started after it is left out
(counted in ``not_started``). Verdicts on tickets
outside the report's selection (created after the snapshot, outside ``[since, until)``, skipped
by the loader, or absent from the export) are left out too and counted in ``outside``.

Examples:
    >>> from datetime import datetime, timedelta, timezone
    >>> from servicemodel.model import AgentReply, Ticket, TicketHistory
    >>> from servicemodel.reconcile import VendorVerdict
    >>> from servicemodel.sla import SLAPolicy, Target, evaluate
    >>> t0 = datetime(2026, 3, 2, 9, tzinfo=timezone.utc)
    >>> h = TicketHistory(Ticket("7", t0), [AgentReply("r", t0 + timedelta(minutes=90))])
    >>> policy = SLAPolicy("p", {"normal": [Target("first_reply", "1h", business=False)]})
    >>> tally = ReconcileTally([VendorVerdict("7", "reply_time", 1, "achieved"),
    ...                         VendorVerdict("7", "resolution_time", 1, "achieved")], {"7"})
    >>> tally.add(evaluate(policy, h))
    >>> section = tally.section()
    >>> section.overall.compared, section.overall.agreed, section.by_metric[0].reasons
    (1, 0, (('verdict differs', 1),))
    >>> section.overall.vendor_only, section.by_metric[1].one_sided
    (1, (('we have no clock for it', 1),))
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Collection, Iterable, Sequence
from datetime import UTC, datetime, timedelta, tzinfo
from typing import Any

import attrs

from servicemodel._config import safe_repr
from servicemodel._numbers import digits_order
from servicemodel.errors import ConfigError, InputTypeError
from servicemodel.kpi import Estimate, proportion
from servicemodel.kpi._shared import level_value
from servicemodel.reconcile import ClockComparison, VendorVerdict, reconcile
from servicemodel.reconcile._shared import (
    ClockVerdicts,
    check_verdict,
    has_sla,
    notes_seen_at,
    reason_kind,
    sla_in_force,
)
from servicemodel.reconcile._shared import side as _side
from servicemodel.report._checks import count, count_in, counts_of, members, of, texts
from servicemodel.report._checks import level as a_level
from servicemodel.report._checks import optional as optional_of
from servicemodel.sla import Measurement, Metric
from servicemodel.sla._shared import OnceEach

__all__ = [
    "LISTED",
    "SIDES",
    "ReconcileRow",
    "ReconcileSection",
    "ReconcileTally",
    "check_verdict",
    "clock_order",
    "id_order",
    "side",
    "vendor_label",
]

#: How many disagreements the section lists by default.
LISTED = 20

#: The vendors' names as the report prints them, by ``VendorVerdict.source``.
_VENDORS = {
    "zendesk": "Zendesk",
    "jsm": "Jira Service Management",
    "freshdesk": "Freshdesk",
    "export": "the export's verdict columns",
}

#: Our metrics in the SLA section's order; a vendor metric we lack sorts after them.
_METRIC_ORDER = {m.value: i for i, m in enumerate(Metric)}


def vendor_label(source: str) -> str:
    """The vendor's name as the report prints it.

    Examples:
        >>> vendor_label("freshdesk"), vendor_label("servicenow")
        ('Freshdesk', 'servicenow')
    """
    return _VENDORS.get(source, source)


#: A clock's side: both have a verdict (compared), or only one of them has the clock.
SIDES = ("both", "ours_only", "vendor_only")


def side(c: ClockComparison) -> str:
    """Which sides have a verdict for the clock: ``"both"``, ``"ours_only"`` or ``"vendor_only"``.

    ``reconcile`` leaves ``our_state`` empty on a clock only the vendor has, and
    ``vendor_state`` on one only we measured.

    Examples:
        >>> side(ClockComparison("7", "first_reply", 0, None, "breached", reason="vendor has "
        ...                      "no clock for it"))
        'ours_only'
        >>> side(ClockComparison("7", "first_reply", 0, "achieved", "achieved"))
        'both'
    """
    return _side(c)


def _metric_key(metric: str) -> tuple[int, str]:
    return (_METRIC_ORDER.get(metric, len(_METRIC_ORDER)), metric)


def id_order(tid: str) -> tuple[bool, int, str, str]:
    """A ticket id's sort key: all-digit ids first, by number, then the others by text.

    The number is compared by its digits (their count, then the digits without leading
    zeros), never ``int()``: an id of more than 4,300 digits is past Python's int-from-text
    limit, and ``int(tid)`` raised its ``ValueError`` from the report.

    Examples:
        >>> sorted(["10", "9", "A", "007", "1" * 5000], key=id_order)[:3]
        ['007', '9', '10']
    """
    found = digits_order(tid)
    if found is not None:
        return (False, found[0], found[1], tid)
    return (True, 0, "", tid)


def clock_order(c: ClockComparison) -> tuple[tuple[bool, int, str, str], tuple[int, str], int]:
    """The listing's sort key: ticket id (all-digit ids by number, first), metric, cycle.

    Examples:
        >>> cs = [ClockComparison(t, "first_reply", 0, None, "achieved") for t in ("10", "9", "A")]
        >>> [c.ticket_id for c in sorted(cs, key=clock_order)]
        ['9', '10', 'A']
    """
    return id_order(c.ticket_id), _metric_key(c.metric), c.cycle


def _strings(value: Any) -> tuple[str, ...]:
    return texts(value, "bad_records")


def _vendors(value: Any) -> tuple[str, ...]:
    return texts(value, "vendors")


def _reasons(value: Any) -> tuple[tuple[str, int], ...]:
    return counts_of(value, "reasons")


def _one_sided(value: Any) -> tuple[tuple[str, int], ...]:
    return counts_of(value, "one_sided")


def _rows(value: Any) -> tuple[ReconcileRow, ...]:
    return members(value, ReconcileRow, "by_metric")


def _clocks(value: Any) -> tuple[ClockComparison, ...]:
    return members(value, ClockComparison, "disagreements")


def _agreed(row: Any, attribute: Any, value: Any) -> None:
    # ``disagreed`` is ``compared - agreed``: more agreeing than compared clocks is no count.
    count(row, attribute, value)
    if isinstance(row.compared, int) and value > row.compared:
        # A count of the right type that contradicts another: a ValueError, not a TypeError.
        raise ConfigError(
            f"{safe_repr(value)} clocks agree of only {safe_repr(row.compared)} compared",
            path="agreed",
        )


@attrs.frozen
class ReconcileRow:
    """One metric's clocks (or all, ``metric="all"``): compared, agreeing, one-sided, and why.

    ``compared`` counts the clocks both sides have a verdict for; ``agreement`` is
    ``agreed / compared`` with its Wilson interval; ``reasons`` the disagreements by kind, most
    frequent first. ``ours_only`` counts our clocks the vendor has no verdict for,
    ``vendor_only`` the vendor's verdicts we have no clock for, and ``one_sided`` both by the
    kind of their reason: none of them is in ``compared``.

    Examples:
        >>> from servicemodel.kpi import proportion
        >>> row = ReconcileRow("first_reply", 4, 3, proportion(3, 4), [("verdict differs", 1)],
        ...                    ours_only=2, one_sided=[("vendor has no clock for it", 2)])
        >>> row.disagreed, row.agreement.value, row.clocks
        (1, 0.75, 6)
    """

    metric: str = attrs.field(validator=of(str))
    compared: int = attrs.field(converter=count_in, validator=count)
    agreed: int = attrs.field(converter=count_in, validator=_agreed)
    agreement: Estimate = attrs.field(validator=of(Estimate))
    reasons: tuple[tuple[str, int], ...] = attrs.field(default=(), converter=_reasons)
    ours_only: int = attrs.field(default=0, converter=count_in, validator=count)
    vendor_only: int = attrs.field(default=0, converter=count_in, validator=count)
    one_sided: tuple[tuple[str, int], ...] = attrs.field(default=(), converter=_one_sided)

    @property
    def disagreed(self) -> int:
        """The clocks that disagree: ``compared - agreed``."""
        return self.compared - self.agreed

    @property
    def clocks(self) -> int:
        """Every clock of the row: ``compared + ours_only + vendor_only``."""
        return self.compared + self.ours_only + self.vendor_only


@attrs.frozen
class ReconcileSection:
    """The vendor's SLA verdicts beside ours: counts per metric and the first disagreements.

    ``vendors`` are the verdicts' sources (``"zendesk"``, ``"jsm"`` ...); ``evaluated_at``
    the snapshot both sides stand at (in the report's zone); ``tolerance`` how far apart two
    breach instants may be and still agree; ``verdicts`` the vendor verdicts compared (in the
    selection, started by the snapshot); ``outside`` those on tickets outside the selection
    and ``not_started`` those whose clock started after the snapshot (both left out);
    ``disagreements`` the first ``listed`` clocks that do not agree: the disagreements, then
    the clocks one side lacks (``side`` tells them apart), each by ticket, metric and cycle
    (instants in the report's zone); ``bad_records`` the vendor records set aside, each
    naming its file and record.

    Examples:
        >>> from servicemodel.report._reconcile import ReconcileTally
        >>> empty = ReconcileTally([], set()).section()
        >>> empty.overall.compared, empty.by_metric, empty.listed
        (0, (), 20)
    """

    vendors: tuple[str, ...] = attrs.field(converter=_vendors)
    evaluated_at: datetime | None = attrs.field(validator=optional_of(datetime))
    level: float = attrs.field(converter=level_value, validator=a_level)
    tolerance: timedelta = attrs.field(validator=of(timedelta))
    verdicts: int = attrs.field(converter=count_in, validator=count)
    overall: ReconcileRow = attrs.field(validator=of(ReconcileRow))
    by_metric: tuple[ReconcileRow, ...] = attrs.field(default=(), converter=_rows)
    disagreements: tuple[ClockComparison, ...] = attrs.field(default=(), converter=_clocks)
    listed: int = attrs.field(default=LISTED, converter=count_in, validator=count)
    outside: int = attrs.field(default=0, converter=count_in, validator=count)
    not_started: int = attrs.field(default=0, converter=count_in, validator=count)
    bad_records: tuple[str, ...] = attrs.field(default=(), converter=_strings)

    def vendor_names(self) -> str:
        """The vendors as the report names them ("the vendor" when there were no verdicts).

        Examples:
            >>> from servicemodel.report._reconcile import ReconcileTally
            >>> ReconcileTally([], set()).section().vendor_names()
            'the vendor'
        """
        return " and ".join(vendor_label(v) for v in self.vendors) or "the vendor"

    def left_out(self) -> str:
        """One line on the verdicts left out and the records set aside ("" if none).

        Examples:
            >>> import attrs
            >>> from servicemodel.report._reconcile import ReconcileTally
            >>> s = attrs.evolve(ReconcileTally([], set()).section(), outside=2, not_started=1)
            >>> s.left_out()
            'left out: 2 vendor verdict(s) on tickets outside the selection, 1 on clocks started after the snapshot'
        """  # noqa: E501
        parts = []
        if self.outside:
            parts.append(f"{self.outside} vendor verdict(s) on tickets outside the selection")
        if self.not_started:
            parts.append(f"{self.not_started} on clocks started after the snapshot")
        if self.bad_records:
            parts.append(
                f"{len(self.bad_records)} bad vendor record(s) set aside, first: "
                f"{self.bad_records[0]}"
            )
        return f"left out: {', '.join(parts)}" if parts else ""


def _ranked(kinds: Counter[str]) -> list[tuple[str, int]]:
    """The kinds, most frequent first (then by name)."""
    return sorted(kinds.items(), key=lambda kv: (-kv[1], kv[0]))


def _summed(by_metric: dict[str, Counter[str]]) -> Counter[str]:
    every: Counter[str] = Counter()
    for found in by_metric.values():
        every.update(found)
    return every


def _utc(when: datetime | None) -> datetime | None:
    return None if when is None else when.astimezone(UTC)


def at_snapshot(v: VendorVerdict, at: datetime | None) -> VendorVerdict | None:
    """``v`` as it stood at ``at``: ``None`` if the vendor had no verdict on its clock then.

    No verdict then: its clock started after ``at``, or (from its ``applied`` history) no SLA
    was in force at ``at`` -- none applied yet, or removed -- and no breach was recorded by
    then (with ``at=None``: a verdict whose SLA was removed since and never breached). With a
    history, the target, policy and business-hours flag are those of the entry in force at
    ``at`` (Zendesk's ``apply_sla`` "when a SLA policy is applied to a ticket or when an SLA
    policy or target is changed"), the history is cut at ``at``, and the counted time is kept
    only if the flag then reads the same kind of time as the latest one.

    A breach at or after ``at`` or a fulfilment after it has not happened (ours too is on time
    at its deadline, breached only past it): the verdict becomes ``active``
    (or ``breached`` by an earlier breach), without the counted time and pause flag the vendor
    gave for its later state; a clock the vendor stopped before ``at`` and ran again after it
    (a reopen, from ``stops``) stood stopped then: ``achieved`` (or ``breached``) at that
    stop, without the note about that rerun; a stop and its rerun both after ``at`` are
    dropped with their note, and a breach while the clock stood stopped at ``at`` is no
    breach then (as for a breach after the fulfilment). A verdict none of whose instants is
    after ``at`` is returned as given. Without a history, a target set after ``at`` was not in
    force then (the one that was is not known: none, nor its policy, business-hours flag and
    the counted time read by that flag); a pause flag said after ``at`` (``paused_at``) and a
    counted time counted to an instant after it (``elapsed_at``) are not the vendor's word
    then either (none). Instants are compared in UTC; ``stops`` are read in time order.

    Examples:
        >>> from datetime import UTC, datetime
        >>> done = datetime(2026, 3, 2, 10, tzinfo=UTC)
        >>> v = VendorVerdict("7", "reply_time", 1, "achieved", fulfilled_at=done)
        >>> at_snapshot(v, datetime(2026, 3, 2, 9, tzinfo=UTC)).state
        'active'
        >>> at_snapshot(v, done) is v
        True
    """
    cut = _utc(at)
    if cut is None:
        return v if has_sla(v) else None  # its SLA removed since, never breached: none now
    if not _sla_then_or_breach(v, cut):
        return None  # no SLA in force then and no breach by then: no vendor verdict then
    started = _utc(v.started_at)
    if started is not None and started > cut:
        return None
    v = _sla_then(v, cut)
    # The pause flag and the counted time the vendor gave at an instant after the snapshot
    # (a pause event, an update_status, a JSM record read later) are not its word then.
    paused_at, elapsed_at = _utc(v.paused_at), _utc(v.elapsed_at)
    if paused_at is not None and paused_at > cut:
        v = attrs.evolve(v, paused=None, paused_at=None)
    if elapsed_at is not None and elapsed_at > cut:
        v = attrs.evolve(v, elapsed=None, elapsed_at=None)
    if _all_before(v, cut):
        # Nothing the vendor recorded is after the snapshot: the verdict as it gave it (its
        # stops may say a stretch stopped at an earlier fulfil than ``fulfilled_at``, the
        # latest one, which must not rewrite a verdict the snapshot does not cut).
        return v
    breached = _utc(v.breached_at)
    # A breach at the snapshot itself has not happened yet, as for ours: a clock stopped at
    # its deadline is on time, so it is past the target only after it.
    breached = breached if breached is not None and breached < cut else None
    stopped = _stopped_at(v, cut)
    if breached is not None and stopped is not None and breached > stopped.astimezone(UTC):
        # A breach while the clock stood stopped at the snapshot (a reopen after it ran the
        # clock again) never happened then: as the verdict read up to the snapshot says,
        # a breach after the fulfilment is no breach.
        breached = None
    # The stops up to the snapshot (a reopen after it not yet seen), and no note on a rerun
    # after it: a stop and its rerun both after the snapshot are no part of it either.
    stops = tuple(
        (at, None if resumed is None or resumed.astimezone(UTC) > cut else resumed)
        for at, resumed in v.stops
        if at.astimezone(UTC) <= cut
    )
    if (breached is None) == (v.breached_at is None) and stopped == v.fulfilled_at:
        # The verdict stood as the vendor gave it: only the stops and notes after the
        # snapshot are not its word then.
        return attrs.evolve(
            v, stops=stops, notes=notes_seen_at(v, cut, breach_stands=breached is not None)
        )
    state = "breached" if breached is not None else "achieved" if stopped else "active"
    return attrs.evolve(
        v,
        state=state,
        breached_at=v.breached_at if breached is not None else None,
        fulfilled_at=stopped,
        elapsed=None,
        paused=None,
        paused_at=None,
        elapsed_at=None,
        stops=stops,
        notes=notes_seen_at(v, cut, breach_stands=breached is not None),
    )


def _sla_then_or_breach(v: VendorVerdict, cut: datetime) -> bool:
    """Whether the vendor had a verdict on ``v``'s clock at ``cut``: always without an
    ``applied`` history; with one, an SLA in force then or a breach recorded by then (not
    one while the clock stood stopped then: no breach, as the fulfilment came first)."""
    if not v.applied:
        return True
    entry = sla_in_force(v, cut)
    if entry is not None and entry[1] is not None:
        return True
    breached = _utc(v.breached_at)
    if breached is None or breached > cut:
        return False
    stopped = _stopped_at(v, cut)
    return stopped is None or breached <= stopped.astimezone(UTC)


def _sla_then(v: VendorVerdict, cut: datetime) -> VendorVerdict:
    """``v`` with the SLA in force at ``cut``: from its ``applied`` history, that entry's
    target, business-hours flag and policy (none before the first entry or after a removal),
    and only the history up to ``cut``, the counted time kept only when the flag in force
    then reads the same kind of time (business or calendar) as the latest one did; without
    a history, none if its target was set after ``cut``."""
    if not v.applied:
        since = _utc(v.target_since)
        if since is None or since <= cut:
            return v
        # The target was set after the snapshot: the one in force then is not known, nor
        # its policy, its business-hours flag or the kind of time (business or calendar)
        # the counted time was read in by that flag.
        return attrs.evolve(v, target=None, target_since=None, policy=None, business=None,
                            elapsed=None, elapsed_at=None)  # fmt: skip
    then = [e for e in v.applied if e[0].astimezone(UTC) <= cut]
    if len(then) == len(v.applied):
        return v  # no apply_sla after the snapshot
    entry = sla_in_force(v, cut)
    _, target, business, policy = entry if entry is not None else (None, None, None, None)
    since = None if entry is None or target is None else entry[0]
    same_time = bool(business) == bool(v.business)
    return attrs.evolve(
        v,
        target=target,
        business=business,
        policy=policy,
        target_since=since,
        applied=tuple(then),
        elapsed=v.elapsed if same_time else None,
        elapsed_at=v.elapsed_at if same_time else None,
    )


def _all_before(v: VendorVerdict, cut: datetime) -> bool:
    """Whether every instant of ``v`` is at or before ``cut`` (a breach: before it)."""
    breached = _utc(v.breached_at)
    if breached is not None and breached >= cut:
        return False
    done = _utc(v.fulfilled_at)
    if done is not None and done > cut:
        return False
    for at, resumed in v.stops:
        back = _utc(resumed)
        if at.astimezone(UTC) > cut or (back is not None and back > cut):
            return False
    return True


def _stopped_at(v: VendorVerdict, cut: datetime) -> datetime | None:
    """The fulfilment the vendor's clock stood stopped at, at ``cut`` (``None``: running, or
    not stopped yet): a stop reopened after ``cut`` still stood then."""
    if not v.stops:
        done = _utc(v.fulfilled_at)
        return v.fulfilled_at if done is not None and done <= cut else None
    # In time order, whatever order they were given in: the earliest stop standing at ``cut``.
    for at, resumed in sorted(v.stops, key=lambda s: s[0].astimezone(UTC)):
        back = _utc(resumed)
        if at.astimezone(UTC) <= cut and (back is None or back > cut):
            return at
    return None


class ReconcileTally:
    """Private builder: the vendor's verdicts by ticket, reconciled one ticket at a time.

    ``selected`` are the ids of the report's tickets (a verdict on another ticket is left
    out); ``at`` the snapshot. ``add`` takes one ticket's measurements (as the SLA section
    gets them, the ``i``-th call the ``i``-th history); ``section`` reconciles the verdicts
    left (tickets with no clock of ours), returns the section and ends the tally. A ticket
    added twice is a ``ConfigError`` naming it at ``histories[i]``, as ``evaluate_many``
    refuses it (its second add found no vendor verdict left and counted every clock of ours
    again, "vendor has no clock for it"), and so is one add holding two tickets'
    measurements. The tally has no ``merge``: it is built and read in one pass. Memory: the
    verdicts, the counts, at most a few times ``listed`` disagreements and as many one-sided
    clocks, and the ids added, in memory that stops growing (``OnceEach``).
    """

    def __init__(
        self,
        verdicts: Iterable[VendorVerdict],
        selected: Collection[str],
        *,
        at: datetime | None = None,
        tz: tzinfo = UTC,
        level: float = 0.95,
        tolerance: timedelta = timedelta(minutes=1),
        listed: int = LISTED,
        bad_records: Sequence[str] = (),
    ) -> None:
        if isinstance(listed, bool) or not isinstance(listed, int) or not 0 <= listed < 2**63:
            # The count is shown in every format: an int too long to print is no count.
            raise InputTypeError(
                f"reconcile_listed: expected a count of 0 or more, got {safe_repr(listed)}"
            )
        self.at, self.tz, self.level = at, tz, level
        self.tolerance, self.listed, self.bad_records = tolerance, listed, tuple(bad_records)
        self.outside = self.not_started = self.verdicts = 0
        self.vendors: set[str] = set()
        # The verdicts of each ticket in their order.
        self.by_ticket: dict[str, list[VendorVerdict]] = {}
        held = ClockVerdicts()
        for i, v in enumerate(verdicts):
            check_verdict(v, f"vendor_verdicts[{i}]")
            # A copy of a verdict counts once; two different verdicts on one clock are an
            # error naming both (as ``reconcile`` says it, with the index in all verdicts).
            if held.first(v, f"vendor_verdicts[{i}]"):
                self._hold(v, selected)
        # metric -> [compared, agreed, ours_only, vendor_only]
        self.counts: dict[str, list[int]] = {}
        self.reasons: dict[str, Counter[str]] = {}  # the disagreements' kinds
        self.one_sided: dict[str, Counter[str]] = {}  # the one-sided clocks' kinds
        # The first disagreements and the first one-sided clocks, kept apart: the listing
        # shows the disagreements first, however many one-sided clocks sort before them.
        self.kept: list[ClockComparison] = []
        self.kept_one_sided: list[ClockComparison] = []
        self._once = OnceEach(done="reconciled", counted="every count of the reconciliation")
        self._added = 0

    def _hold(self, v: VendorVerdict, selected: Collection[str]) -> None:
        if v.ticket_id not in selected:
            self.outside += 1
            return
        now = at_snapshot(v, self.at)
        if now is None:
            # Its clock started after the snapshot, or it had no SLA then (none applied yet,
            # or removed) and no breach: no vendor verdict then, as if the records after the
            # snapshot had not been read (only the first is counted: a clock ran).
            started = _utc(v.started_at)
            cut = _utc(self.at)
            if started is not None and cut is not None and started > cut:
                self.not_started += 1
            return
        self.verdicts += 1
        self.vendors.add(now.source)
        self.by_ticket.setdefault(now.ticket_id, []).append(now)

    def add(self, measurements: Sequence[Measurement]) -> None:
        """Reconcile one ticket's measurements with the vendor's verdicts on that ticket; a
        ticket added before, or measurements of two tickets, are a ``ConfigError``."""
        i, self._added = self._added, self._added + 1
        if not measurements:
            return
        tid = measurements[0].ticket_id
        for k, m in enumerate(measurements):
            if m.ticket_id != tid:
                raise ConfigError(
                    f"measurements of two tickets in one add, {safe_repr(tid)} and "
                    f"{safe_repr(m.ticket_id)}: add takes one ticket's measurements (those of "
                    "the other would count as ours only, and its vendor verdicts as the "
                    "vendor's only)",
                    path=f"histories[{i}][{k}]",
                )
        self._once.check(tid, i)
        vendor = self.by_ticket.pop(tid, ())
        self._count(reconcile(vendor, measurements, tolerance=self.tolerance).clocks)

    def _count(self, clocks: Iterable[ClockComparison]) -> None:
        for c in clocks:
            slots = self.counts.get(c.metric)
            if slots is None:
                slots = self.counts[c.metric] = [0, 0, 0, 0]
            which = side(c)
            if which != "both":
                slots[2 if which == "ours_only" else 3] += 1
                self.one_sided.setdefault(c.metric, Counter())[reason_kind(c.reason or "")] += 1
                self.kept_one_sided = self._keep(self.kept_one_sided, c)
                continue
            slots[0] += 1
            if c.reason is None:
                slots[1] += 1
                continue
            self.reasons.setdefault(c.metric, Counter())[reason_kind(c.reason)] += 1
            self.kept = self._keep(self.kept, c)

    def _keep(self, kept: list[ClockComparison], c: ClockComparison) -> list[ClockComparison]:
        kept.append(c)
        if len(kept) > 4 * self.listed + 64:  # keep only the first ``listed``
            return sorted(kept, key=clock_order)[: self.listed]
        return kept

    def _row(self, metric: str, counts: Sequence[int], reasons: Counter[str],
             one_sided: Counter[str]) -> ReconcileRow:  # fmt: skip
        compared, agreed, ours_only, vendor_only = counts
        share = proportion(agreed, compared, metric=f"{metric} agreement", level=self.level)
        return ReconcileRow(metric, compared, agreed, share, _ranked(reasons),
                            ours_only, vendor_only, _ranked(one_sided))  # fmt: skip

    def section(self) -> ReconcileSection:
        """Reconcile the verdicts on tickets we measured no clock of, and build the section."""
        self._once.close()
        for vendor in self.by_ticket.values():
            self._count(reconcile(vendor, (), tolerance=self.tolerance).clocks)
        self.by_ticket = {}
        metrics = sorted(self.counts, key=_metric_key)
        rows = tuple(
            self._row(
                m, self.counts[m], self.reasons.get(m, Counter()), self.one_sided.get(m, Counter())
            )
            for m in metrics
        )
        totals = [sum(self.counts[m][i] for m in metrics) for i in range(4)]
        overall = self._row("all", totals, _summed(self.reasons), _summed(self.one_sided))
        first = sorted(self.kept, key=clock_order)[: self.listed]
        first += sorted(self.kept_one_sided, key=clock_order)[: self.listed - len(first)]
        shown = tuple(
            attrs.evolve(
                c,
                vendor_breached_at=self._shown(c.vendor_breached_at),
                our_breached_at=self._shown(c.our_breached_at),
            )
            for c in first
        )
        return ReconcileSection(
            vendors=tuple(sorted(self.vendors)),
            evaluated_at=None if self.at is None else self.at.astimezone(self.tz),
            level=self.level,
            tolerance=self.tolerance,
            verdicts=self.verdicts,
            overall=overall,
            by_metric=rows,
            disagreements=shown,
            listed=self.listed,
            outside=self.outside,
            not_started=self.not_started,
            bad_records=self.bad_records,
        )

    def _shown(self, when: datetime | None) -> datetime | None:
        return None if when is None else when.astimezone(self.tz)
