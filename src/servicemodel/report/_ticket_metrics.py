"""Report section: Zendesk's Ticket Metrics durations beside our KPI times (ticket metrics).

Built with [`zendesk_ticket_metrics`][servicemodel.reconcile.zendesk_ticket_metrics] on the
report's selection (the tickets as they stood at the snapshot), so its counts are that
function's: per Ticket Metrics field and clock (``reply_time_in_minutes`` ``calendar`` ...)
how many durations agree and disagree, and the disagreements by the kind of their reason (the
words before its first colon, as
[`DurationReconciliation.reasons`][servicemodel.reconcile.DurationReconciliation.reasons]
counts them). The first ``listed`` disagreements are kept; every comparison, ticket by ticket,
is ``zendesk_ticket_metrics(...)`` run on the same histories and records (whose reasons end
with what a Python caller can do, ``pass calendar=``, where the section's name the command's
options, ``give --policy ...``).

Business minutes are ours on the SLA policies' calendar when they share one (not 24/7); else
ours is calendar time and each business-minute difference says so. A record naming a ticket
outside the selection (created after the snapshot, outside ``[since, until)``, skipped or set
aside by the loader, or absent from the export) is left out and counted in ``outside``; a
record that cannot be compared (a duration that is no number of 0 or more) is a bad record.

Examples:
    >>> from datetime import datetime, timedelta, timezone
    >>> from servicemodel.model import AgentReply, Ticket, TicketHistory
    >>> t0 = datetime(2026, 3, 2, 9, tzinfo=timezone.utc)
    >>> h = TicketHistory(Ticket("7", t0), [AgentReply("r", t0 + timedelta(minutes=42))])
    >>> rec = {"ticket_id": 7, "reply_time_in_minutes": {"calendar": 42, "business": 30}}
    >>> s = ticket_metrics_section([h], [rec, {"ticket_id": 8}])
    >>> s.compared, s.agreed, s.outside, s.reasons
    (2, 1, 1, (('business vs calendar minutes', 1),))
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

import attrs

from servicemodel._config import safe_repr
from servicemodel.calendar import CalendarLike
from servicemodel.errors import ConfigError, RecordError
from servicemodel.io._shared import file_items
from servicemodel.io.zendesk._shared import (
    by_ticket,
    first_found,
    own_record,
    page_records,
    read_id,
    ticket_metric_files,
)
from servicemodel.model import TicketHistory
from servicemodel.reconcile import (
    ZENDESK_DURATIONS,
    DurationComparison,
)
from servicemodel.reconcile._shared import CLI_HINTS, durations_outcome
from servicemodel.report._base import same_calendar
from servicemodel.report._checks import count, count_in, counts_of, members, of, texts
from servicemodel.report._reconcile import id_order
from servicemodel.sla import PolicySet, SLAPolicy

__all__ = [
    "LISTED",
    "MetricRecords",
    "TicketMetricsRow",
    "TicketMetricsSection",
    "policy_calendar",
    "read_metric_records",
    "ticket_metrics_section",
]

#: How many disagreements the section lists.
LISTED = 20

#: The Ticket Metrics fields in Zendesk's order, for the rows.
_FIELD_ORDER = {name: i for i, name in enumerate(ZENDESK_DURATIONS)}

#: Where a record was read: its file, its path within the file, its line (JSON Lines).
Place = tuple[str, str, int | None]


def _rows(value: Any) -> tuple[TicketMetricsRow, ...]:
    return members(value, TicketMetricsRow, "by_field")


def _listed(value: Any) -> tuple[DurationComparison, ...]:
    return members(value, DurationComparison, "disagreements")


def _reasons(value: Any) -> tuple[tuple[str, int], ...]:
    return counts_of(value, "reasons")


def _strings(value: Any) -> tuple[str, ...]:
    return texts(value, "bad_records")


def _differing(value: Any) -> tuple[str, ...]:
    return texts(value, "differing")


def _agreed(row: Any, attribute: Any, value: Any) -> None:
    # ``disagreed`` is ``compared - agreed``: more agreeing than compared durations is no count
    # (the report said "-3 disagree", and its JSON a negative count).
    count(row, attribute, value)
    if isinstance(row.compared, int) and value > row.compared:
        # A count of the right type that contradicts another: a ValueError, not a TypeError.
        raise ConfigError(
            f"{safe_repr(value)} durations agree of only {safe_repr(row.compared)} compared",
            path="agreed",
        )


@attrs.frozen
class TicketMetricsRow:
    """One Ticket Metrics field on one clock: how many durations agree, and why the others
    do not (kinds, most frequent first).

    Examples:
        >>> row = TicketMetricsRow("reply_time_in_minutes", "calendar", 3, 2, [("a reopen", 1)])
        >>> row.disagreed
        1
    """

    field: str = attrs.field(validator=of(str))
    clock: str = attrs.field(validator=of(str))
    compared: int = attrs.field(converter=count_in, validator=count)
    agreed: int = attrs.field(converter=count_in, validator=_agreed)
    reasons: tuple[tuple[str, int], ...] = attrs.field(default=(), converter=_reasons)

    @property
    def disagreed(self) -> int:
        """The durations that disagree: ``compared - agreed``."""
        return self.compared - self.agreed


@attrs.frozen
class TicketMetricsSection:
    """Zendesk's Ticket Metrics durations beside ours: counts per field and the first
    disagreements.

    ``calendar`` says what business minutes were counted on (``""``: none, ours is calendar
    time); ``tickets`` counts the selected tickets with a record, ``unmatched`` those without;
    ``compared`` and ``agreed`` count durations; ``by_field`` has a row per field and clock,
    ``reasons`` the disagreements by kind; ``disagreements`` the first ``listed`` of them (by
    ticket, field and clock); ``outside`` the records of tickets outside the selection and
    ``bad_records`` those set aside, each naming its file and record; ``differing`` the
    records of a compared ticket that are not read (the first found is) and differ from the
    one compared, each naming both.

    Examples:
        >>> from servicemodel.report._ticket_metrics import ticket_metrics_section
        >>> s = ticket_metrics_section([], [])
        >>> s.compared, s.by_field, s.summary()
        (0, (), '0 durations compared on 0 tickets: 0 agree, 0 disagree')
    """

    calendar: str = attrs.field(validator=of(str))
    rounding: str = attrs.field(validator=of(str))
    tickets: int = attrs.field(converter=count_in, validator=count)
    unmatched: int = attrs.field(converter=count_in, validator=count)
    compared: int = attrs.field(converter=count_in, validator=count)
    agreed: int = attrs.field(converter=count_in, validator=_agreed)
    by_field: tuple[TicketMetricsRow, ...] = attrs.field(default=(), converter=_rows)
    reasons: tuple[tuple[str, int], ...] = attrs.field(default=(), converter=_reasons)
    disagreements: tuple[DurationComparison, ...] = attrs.field(default=(), converter=_listed)
    listed: int = attrs.field(default=LISTED, converter=count_in, validator=count)
    outside: int = attrs.field(default=0, converter=count_in, validator=count)
    bad_records: tuple[str, ...] = attrs.field(default=(), converter=_strings)
    differing: tuple[str, ...] = attrs.field(default=(), converter=_differing)

    @property
    def disagreed(self) -> int:
        """The durations that disagree: ``compared - agreed``."""
        return self.compared - self.agreed

    def summary(self) -> str:
        """One line: durations compared, on how many tickets, how many agree and disagree."""
        return (
            f"{self.compared} durations compared on {self.tickets} tickets: {self.agreed} "
            f"agree, {self.disagreed} disagree"
        )

    def basis(self) -> str:
        """What business minutes were counted on, and how ours was made whole minutes."""
        on = (
            f"business minutes on {self.calendar}"
            if self.calendar
            else "no business-hours calendar (give --policy whose policies share one): our "
            "business minutes are calendar time, and each difference on them says so"
        )
        return f"{on}; ours made whole minutes by {self.rounding}"

    def left_out(self) -> str:
        """One line on the tickets without a record and the records left out ("" if none)."""
        parts = []
        if self.unmatched:
            parts.append(f"{self.unmatched} selected ticket(s) without a Ticket Metrics record")
        if self.outside:
            parts.append(f"{self.outside} record(s) of tickets outside the selection")
        if self.bad_records:
            parts.append(
                f"{len(self.bad_records)} bad Ticket Metrics record(s) set aside, first: "
                f"{self.bad_records[0]}"
            )
        if self.differing:
            parts.append(
                f"{len(self.differing)} other record(s) of a compared ticket that differ from "
                "the one compared (the first found is read: the ticket's metric_set, its "
                f"page's metric_sets, then a Ticket Metrics file), first: {self.differing[0]}"
            )
        return f"left out: {', '.join(parts)}" if parts else ""


def policy_calendar(policies: PolicySet | SLAPolicy | None) -> CalendarLike | None:
    """The one business-hours calendar of ``policies`` (``None``: none, 24/7, or several).

    Zendesk counts business minutes on the account's schedule; the SLA policies' calendar is
    ours. Policies that differ in calendar, or take it from a ticket field, give no one
    calendar to count every ticket on.

    Examples:
        >>> policy_calendar(None) is None
        True
    """
    if policies is None:
        return None
    found = policies.policies if isinstance(policies, PolicySet) else (policies,)
    if not found or any(p.calendar_from is not None for p in found):
        return None
    first = found[0].calendar
    if not all(same_calendar(p.calendar, first) for p in found[1:]):
        return None
    return None if getattr(first, "is_always_open", False) else first


def _order(c: DurationComparison) -> tuple[tuple[bool, int, str, str], int, bool]:
    # By ticket as the reconcile section lists its clocks (id_order: no int() of the id).
    return id_order(c.ticket_id), _FIELD_ORDER[c.field], c.clock != "calendar"


def _ranked(kinds: Mapping[str, int]) -> list[tuple[str, int]]:
    return sorted(kinds.items(), key=lambda kv: (-kv[1], kv[0]))


_PREFIX = "metric_records["


def _located(err: RecordError, places: Sequence[Place]) -> RecordError:
    """``err`` about ``metric_records[i]...`` naming the file, path and line it was read from."""
    if err.source is not None or not err.path.startswith(_PREFIX) or not places:
        return err
    index, rest = err.path[len(_PREFIX) :].split("]", 1)
    name, where, line = places[int(index)]
    return RecordError(err.message, path=f"{where}{rest}", line=line, source=name)


def _placed(c: DurationComparison, places: Sequence[Place]) -> DurationComparison:
    """``c`` whose ``path`` names the file (and line) its record was read from."""
    if not c.path.startswith(_PREFIX) or not places:
        return c
    index, rest = c.path[len(_PREFIX) :].split("]", 1)
    name, where, line = places[int(index)]
    at = "" if line is None else f"line {line}: "
    return attrs.evolve(c, path=f"{name}: {at}{where}{rest}")


def ticket_metrics_section(
    histories: Sequence[TicketHistory],
    records: Iterable[Any],
    *,
    places: Sequence[Place] = (),
    calendar: CalendarLike | None = None,
    on_error: str = "collect",
    listed: int = LISTED,
    label: str = "the SLA policies' calendar",
    shared_replies: Iterable[str] = (),
    others: Iterable[tuple[str, str]] = (),
) -> TicketMetricsSection:
    """The section for ``histories`` (the selection) and ``records`` (anything
    ``zendesk_ticket_metrics`` reads), ``places`` saying where each record was read.

    A record naming no ticket of ``histories`` is counted in ``outside``; any other record
    that cannot be compared is raised with ``on_error="raise"``, else set aside.
    ``shared_replies`` (``zendesk.load(...).shared_replies``) are the replies that came
    through ticket sharing, as ``zendesk_ticket_metrics`` takes them. ``others``
    (``read_metric_records``' ``others``) are the records not read, as (ticket id, text):
    those of the tickets of ``histories`` are the section's ``differing``.
    """
    # The reasons' hints name the command's options (--policy), not the Python arguments.
    outcome = durations_outcome(
        histories,
        records,
        calendar=calendar,
        shared_replies=shared_replies,
        on_error="collect",
        hints=CLI_HINTS,
    )
    found = outcome.reconciliation
    outside = len(outcome.unknown)
    bad = [_located(e, places) for e in outcome.bad]
    if bad and on_error == "raise":
        raise bad[0]
    # The kinds per field and clock, counted as ``DurationReconciliation.reasons`` counts
    # them all: the reason up to its first colon.
    kinds: dict[tuple[str, str], Counter[str]] = {}
    for c in found.disagreements:
        if c.reason:
            kinds.setdefault((c.field, c.clock), Counter())[c.reason.split(":", 1)[0]] += 1
    rows = [
        TicketMetricsRow(
            field, clock, agree + differ, agree, _ranked(kinds.get((field, clock), Counter()))
        )
        for (field, clock), (agree, differ) in found.by_field().items()
    ]
    rows.sort(key=lambda r: (_FIELD_ORDER[r.field], r.clock != "calendar"))
    first = sorted(found.disagreements, key=_order)[:listed]
    ids = {h.id for h in histories}
    return TicketMetricsSection(
        calendar=label if calendar is not None else "",
        rounding=found.rounding,
        tickets=len(ids) - found.unmatched,
        unmatched=found.unmatched,
        compared=len(found.comparisons),
        agreed=found.agreements,
        by_field=rows,
        reasons=_ranked(found.reasons()),
        disagreements=[_placed(c, places) for c in first],
        listed=listed,
        outside=outside,
        bad_records=tuple(str(e) for e in bad),
        differing=tuple(text for tid, text in others if tid in ids),
    )


@attrs.frozen
class MetricRecords:
    """Ticket Metrics records read from an export's files, each with where it was read, and
    how many of the files were Ticket Metrics files.

    ``records`` holds one record per ticket, the one the loader reads (``first_found``);
    ``others`` the records of a ticket that are not read and differ from the one read, each
    as (ticket id, what it says), for the section to note.
    """

    records: tuple[Mapping[str, Any], ...]
    places: tuple[Place, ...]
    files: int = 0
    others: tuple[tuple[str, str], ...] = ()


#: A record found, with where it was read.
_Found = tuple[Place, Mapping[str, Any]]


class _Tickets:
    """The Ticket Metrics records of each ticket, by where the loader finds them."""

    def __init__(self) -> None:
        #: Each ticket's own metric_set and its page's metric_sets entries, from its last
        #: appearance in the pages (an earlier one is superseded, as the loader reads it);
        #: an own metric_set the page rule refuses (of another ticket) is ``False``.
        self.pages: dict[str, tuple[_Found | bool | None, list[_Found]]] = {}
        #: The records of the Ticket Metrics files, in the order read.
        self.given: dict[str, list[_Found]] = {}
        self.order: dict[str, None] = {}  # every ticket, in the order first read

    def page(self, page: Any, where: str, name: str, line: int | None) -> None:
        """Note a page of the export's: its tickets' own metric_set and its metric_sets."""
        if not isinstance(page, Mapping) or not isinstance(page.get("tickets"), list):
            return  # no page: the loader's to say what it is
        entries: dict[str, list[_Found]] = {}
        listed = page.get("metric_sets")
        for i, rec in enumerate(listed if isinstance(listed, list) else ()):
            tid = _ticket_of(f"{where}.metric_sets[{i}]", rec)
            if tid is not None:
                entries.setdefault(tid, []).append(((name, f"{where}.metric_sets[{i}]", line), rec))
        for j, ticket in enumerate(page["tickets"]):
            if not isinstance(ticket, Mapping):
                continue
            tid = _quiet_id(ticket.get("id"))
            if tid is None:
                continue  # the loader's error: a ticket without a usable id
            own: _Found | bool | None = None
            if ticket.get("metric_set") is not None:
                got = own_record(ticket, f"{where}.tickets[{j}]")
                own = False if isinstance(got, RecordError) else ((name, got[0], line), got[1])
            self.pages[tid] = (own, entries.get(tid, []))
            self.order.setdefault(tid)

    def record(self, path: str, rec: Any, name: str, line: int | None) -> None:
        """Note a record of a Ticket Metrics file."""
        tid = _ticket_of(path, rec)
        if tid is not None:
            self.given.setdefault(tid, []).append(((name, path, line), rec))
            self.order.setdefault(tid)

    def read(self, files: int) -> MetricRecords:
        """One record per ticket, the first found, and the others that differ from it."""
        records: list[Mapping[str, Any]] = []
        places: list[Place] = []
        others: list[tuple[str, str]] = []
        for tid in self.order:
            own, entries = self.pages.get(tid, (None, []))
            if own is False:
                continue  # its own metric_set names another ticket: the loader's error
            given = self.given.get(tid, [])
            own_found = own if isinstance(own, tuple) else None
            chosen = first_found(own_found, entries[-1] if entries else None,
                                 given[-1] if given else None)  # fmt: skip
            if chosen is None:
                continue
            records.append(chosen[1])
            places.append(chosen[0])
            for found in (*([own_found] if own_found else []), *entries, *given):
                if found is not chosen and found[1] != chosen[1]:
                    others.append((tid, f"ticket {tid}: {_at(found[0])} differs from the "
                                        f"record compared, {_at(chosen[0])}"))  # fmt: skip
        return MetricRecords(tuple(records), tuple(places), files, tuple(others))


def _at(place: Place) -> str:
    name, where, line = place
    return f"{name}: {'' if line is None else f'line {line}: '}{where}"


def _ticket_of(path: str, rec: Any) -> str | None:
    """The ticket a record names by the loader's rule (``None``: none, the loader's error)."""
    found, errors = by_ticket([(path, rec)])
    return None if errors else next(iter(found))


def _quiet_id(raw: Any) -> str | None:
    """A ticket's id as the loader reads it (``None``: none, the loader's error)."""
    try:
        return None if raw is None else read_id(raw, "", None, "id")
    except RecordError:
        return None


def read_metric_records(paths: Sequence[str | Path]) -> MetricRecords:
    """The Ticket Metrics records among a Zendesk export's files, one per ticket, read as
    the loader reads them: "the first found is read" (``first_found``) -- the ticket's own
    ``metric_set``, else its page's ``metric_sets`` entry, else a Ticket Metrics file's
    record (within a file, or among the pages, a ticket's later record wins; a ticket that
    appears again in the pages is read from its last appearance). A record of a ticket that
    is not read and differs from the one read is in ``others``.

    What the loader already refuses -- a line that is not JSON, a record without a usable
    ``ticket_id`` in a Ticket Metrics file or a page's ``metric_sets``, a ticket's own
    ``metric_set`` of another ticket -- is left out here: it is among the export's bad
    records once, not twice.

    Examples:
        >>> got = read_metric_records(["tests/data/zendesk/metric_sets/tickets.json"])
        >>> [path for _, path, _ in got.places]
        ['[0].tickets[0].metric_set', '[0].tickets[1].metric_set', '[0].metric_sets[0]', '[0].metric_sets[1]']
    """  # noqa: E501
    tickets = _Tickets()
    found = ticket_metric_files(paths)
    for path, own in found:
        name = str(path)
        for n, got in enumerate(file_items(path)):
            if isinstance(got, RecordError):
                continue  # the loader's: it reads the same file
            item, line = got
            if not own:
                tickets.page(item, f"[{n}]", name, line)
                continue
            records = page_records(item, f"[{n}]")
            for rec in [(f"[{n}]", item)] if records is None else records:
                if not isinstance(rec, RecordError):  # else the loader's: the same page
                    tickets.record(rec[0], rec[1], name, line)
    return tickets.read(sum(own for _, own in found))
