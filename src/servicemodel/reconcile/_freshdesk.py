"""Private: the SLA state Freshdesk states on its tickets read into vendor verdicts.

The fields follow the Freshdesk API v2 ticket (https://developers.freshdesk.com/api/#tickets):
``fr_due_by`` / ``fr_escalated`` (first response), ``due_by`` / ``is_escalated`` (resolution),
``nr_due_by`` / ``nr_escalated`` (next response, on accounts with next-response SLAs). A due
time is "calculated based on the SLA policy active on a particular ticket"
(https://freshdesk.com/customer-support-glossary/due-by-time); a ticket past it is shown as
"Response due" or "Overdue"
(https://support.freshdesk.com/en/support/solutions/articles/228680).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import UTC, datetime, tzinfo
from typing import Any

from servicemodel._validators import check_on_error
from servicemodel.errors import RecordError, require_instant
from servicemodel.io import OnError
from servicemodel.io.freshdesk import STATUSES, TicketSLA, sla_fields
from servicemodel.reconcile._verdict import VendorVerdict
from servicemodel.sla import Metric

__all__ = ["FRESHDESK_FIELDS", "freshdesk_verdicts", "latest_cycle"]

#: Each of Freshdesk's due fields, its escalation flag and our metric.
FRESHDESK_FIELDS: Mapping[str, tuple[str, Metric]] = {
    "fr_due_by": ("fr_escalated", Metric.FIRST_REPLY),
    "due_by": ("is_escalated", Metric.RESOLUTION),
    "nr_due_by": ("nr_escalated", Metric.NEXT_REPLY),
}


def latest_cycle(v: VendorVerdict) -> bool:
    """Whether ``v`` is about our ticket's latest cycle of its metric, whichever that is,
    rather than a cycle it names: Freshdesk states one ``nr_due_by``, that of the response it
    awaits now, which ``reconcile`` puts beside our last ``next_reply`` measurement.

    Examples:
        >>> latest_cycle(VendorVerdict("7", "nr_due_by", 1, "active", source="freshdesk",
        ...                            our_metric="next_reply"))
        True
    """
    return (
        v.source == "freshdesk"
        and v.our_metric == Metric.NEXT_REPLY.value
        and (v.our_cycle is None)
    )


def _stop(t: TicketSLA, metric: Metric) -> datetime | None:
    """When the clock stopped, as the ticket's ``stats`` say (``None``: running, or not said)."""
    if metric is Metric.FIRST_REPLY:
        return t.first_responded_at
    if metric is Metric.RESOLUTION:
        # A ticket closed without a resolution stamp stopped its clock at its close, as the
        # reader's history solves it there.
        done = t.resolved_at if t.resolved_at is not None else t.closed_at
        again = t.reopened_at
        if done is not None and again is not None and again.astimezone(UTC) > done.astimezone(UTC):
            return None  # reopened since its last resolution: running again
        return done
    return None  # a next response: stats say only when an agent last responded


def _state(
    field: str,
    flag_name: str,
    flag: bool | None,
    due: datetime,
    stop: datetime | None,
    seen: datetime | None,
) -> tuple[str, bool, list[str]]:
    """The vendor's state of one clock, whether it breached at its due instant, and notes.

    The due instant decides: it is what Freshdesk shows a ticket past as "Response due" or
    "Overdue". ``fr_escalated`` and ``nr_escalated`` are set "as the result of" the first or
    next response time "being breached" (the API's field list), when Freshdesk's escalation
    runs, which may be after the due instant; one set where the due instant says otherwise
    keeps the clock breached (the due instant moved after the escalation), with a note.
    ``is_escalated`` is set when the ticket "has been escalated for any reason" -- a first
    response's breach too -- so it never makes the resolution breached: where the due instant
    says otherwise it is a note only.
    """
    due_utc = due.astimezone(UTC)
    late = stop is not None and stop.astimezone(UTC) > due_utc
    passed = stop is None and seen is not None and seen.astimezone(UTC) > due_utc
    notes: list[str] = []
    if flag is True and flag_name == _ANY_REASON and not (late or passed):
        notes.append(f"{flag_name} is true though {field} {due.isoformat()} says the "
                     "resolution is not overdue: Freshdesk sets it when the ticket is "
                     "escalated for any reason (a first response's breach too), so it does not "
                     "decide the resolution's verdict")  # fmt: skip
        flag = None
    elif flag is True and stop is not None and not late:
        notes.append(f"{flag_name} is true though the clock stopped at {stop.isoformat()}, "
                     f"at or before {field} {due.isoformat()}: the due instant moved after "
                     "the escalation (a pause or a priority change)")  # fmt: skip
    elif flag is True and stop is None and not passed:
        notes.append(f"{flag_name} is true though {field} {due.isoformat()} had not passed "
                     "when the ticket was fetched: the due instant moved after the "
                     "escalation (a pause or a priority change)")  # fmt: skip
    elif passed and flag is not True and seen is not None:
        notes.append(f"{field} {due.isoformat()} had passed when the ticket was fetched (at "
                     f"or after {seen.isoformat()}) with {flag_name} not set: Freshdesk sets "
                     "it when its escalation runs")  # fmt: skip
    if late or passed or flag is True:
        return "breached", late or passed, notes
    return ("achieved" if stop is not None else "active"), False, notes


#: The flag Freshdesk sets when a ticket "has been escalated for any reason" (the API's
#: field list), not only for its resolution: it decides no verdict.
_ANY_REASON = "is_escalated"


#: Freshdesk's status codes whose tickets' resolution clock has stopped: Resolved, Closed.
_DONE = frozenset(c for c, status in STATUSES.items() if status.is_resolved)


def _without_stats(
    t: TicketSLA, field: str, flag_name: str, metric: Metric, due: datetime, seen: datetime | None
) -> VendorVerdict | None:
    """The verdict of a ticket without ``stats`` on a clock they would stop, where the ticket
    decides it alone, else ``None``.

    Without ``stats`` (a page fetched without ``include=stats``) the ticket does not say
    whether, nor when, it was first responded to or resolved: a due time passed when it was
    fetched is no breach by itself (the ticket may have been answered in time). Its
    ``fr_escalated`` set is the vendor's first-response breach; a ticket Resolved or Closed
    (status 4, 5) by its ``updated_at``, at or before ``due_by``, was resolved in time (when,
    it does not say). Otherwise ``None``: no verdict.
    """
    flag = t.escalated.get(flag_name)
    done = t.updated_at
    if metric is Metric.FIRST_REPLY and flag is True:
        passed = seen is not None and seen.astimezone(UTC) > due.astimezone(UTC)
        state, breached_at = "breached", due if passed else None
        note = (f"{flag_name} is true; the ticket carries no stats (fetched without "
                "include=stats): when the first response came, if it did, is not said")  # fmt: skip
    elif (
        metric is Metric.RESOLUTION
        and t.status in _DONE
        and done is not None
        and done.astimezone(UTC) <= due.astimezone(UTC)
    ):
        state, breached_at = "achieved", None
        note = (f"status {t.status} by updated_at {done.isoformat()}, at or before {field}: "
                "resolved in time; the ticket carries no stats, so not when")  # fmt: skip
    else:
        return None
    return VendorVerdict(
        t.ticket_id,
        field,
        1,
        state,
        breached_at=breached_at,
        source="freshdesk",
        our_metric=metric.value,
        our_cycle=0,
        started_at=t.created_at,
        due_at=due,
        notes=(note,),
        read_at=seen,
    )


def _undecided(t: TicketSLA, metric: Metric) -> bool:
    """Whether a ticket without ``stats`` leaves the clock's stop unknown: always for the
    first response; for the resolution, unless its status says it is not resolved (a known
    status other than Resolved and Closed: running)."""
    if t.with_stats or metric is Metric.NEXT_REPLY:
        return False
    return metric is Metric.FIRST_REPLY or t.status is None or t.status in _DONE


def _verdict(t: TicketSLA, field: str, seen: datetime | None) -> VendorVerdict | None:
    flag_name, metric = FRESHDESK_FIELDS[field]
    due = t.due[field]
    if _undecided(t, metric):
        return _without_stats(t, field, flag_name, metric, due, seen)
    stop = _stop(t, metric)
    state, at_due, notes = _state(field, flag_name, t.escalated.get(flag_name), due, stop, seen)
    solved = t.resolved_at if t.resolved_at is not None else t.closed_at
    if metric is Metric.FIRST_REPLY and stop is None and solved is not None:
        # Ours is stopped by the solve (docs/sla.md: a solve stops every running reply
        # clock, Zendesk's "fulfilled on solve"); Freshdesk's waits for a response. The
        # cause of the disagreement: said before the notes on its escalation flag.
        why = (f"the ticket was solved with no reply (stats.first_responded_at not set, "
               f"solved at {solved.isoformat()}); here a solve stops the first reply clock, "
               "see docs/sla.md")  # fmt: skip
        notes.insert(0, why)
    return VendorVerdict(
        t.ticket_id,
        field,
        1,
        state,
        # Freshdesk's breach is its due instant passing: that instant, as exported.
        breached_at=due if at_due else None,
        source="freshdesk",
        our_metric=metric.value,
        our_cycle=None if metric is Metric.NEXT_REPLY else 0,
        started_at=t.created_at if metric is not Metric.NEXT_REPLY else None,
        fulfilled_at=stop,
        due_at=due,
        notes=tuple(notes),
        read_at=seen,
    )


def _fetched(read_at: datetime | None, updated: datetime | None) -> datetime | None:
    """The earliest instant the ticket can have been fetched: ``read_at``, but never before
    its own ``updated_at`` (a record cannot predate its last update: a ``read_at`` given for
    an earlier fetch than this record's, as one ``--vendor-read-at`` for several fetches)."""
    if read_at is None or updated is None:
        return read_at if read_at is not None else updated
    return max(read_at, updated, key=lambda when: when.astimezone(UTC))


def freshdesk_verdicts(
    tickets: Iterable[Any],
    *,
    tz: str | tzinfo | None = None,
    read_at: datetime | None = None,
    on_error: OnError = "raise",
) -> tuple[tuple[VendorVerdict, ...], tuple[RecordError, ...]]:
    """Freshdesk's SLA verdicts, one per ticket and due field it states, with the due instant.

    Reads the tickets [`histories`][servicemodel.io.freshdesk.histories] reads (pages of
    ``GET /api/v2/tickets``, best with ``include=stats``, filter pages, single tickets; the
    other records of an export's files are passed over) with
    [`sla_fields`][servicemodel.io.freshdesk.sla_fields]. Each due field a ticket gives (not
    null) is one verdict on one of our clocks, its ``due_at`` the vendor's due instant:

    | Freshdesk | ours |
    |---|---|
    | ``fr_due_by``, ``fr_escalated`` | ``first_reply``, stopped at ``stats.first_responded_at`` |
    | ``due_by``, ``is_escalated`` | ``resolution``, stopped at ``stats.resolved_at``, else ``stats.closed_at`` (unless reopened since) |
    | ``nr_due_by``, ``nr_escalated`` | our ticket's latest ``next_reply`` cycle, running |

    A stopped clock is achieved when it stopped at or before its due time, else breached at
    it; a running one is breached at it when it had passed when the ticket was fetched
    (``read_at``, aware, or the ticket's ``updated_at`` where it is later: no record is
    fetched before its last update), else active. ``fr_escalated`` or ``nr_escalated`` set where the due
    time says otherwise makes the verdict breached (at an instant not said), with a note:
    Freshdesk sets the flag when its escalation runs, and moves the due time on a pause or a
    priority change. ``is_escalated`` is set when the ticket "has been escalated for any
    reason" (a first response's breach too): it never makes the resolution breached, and
    where the due time says otherwise it is a note. A due time is the vendor's state when
    the ticket was fetched: Freshdesk recomputes it when the SLA timer pauses or the
    priority changes, and keeps no history of it; each verdict's ``read_at`` is that
    instant, named where our clock breached after it. A ticket solved with no
    ``first_responded_at`` keeps Freshdesk's first response clock running, where a solve
    stops ours: its verdict says so in a note. A ticket without ``stats`` (``GET
    /api/v2/tickets`` embeds them only with ``include=stats``) does not say whether, nor
    when, its first response came, nor when it was resolved, so a passed due time alone
    decides nothing there: its ``fr_due_by`` gives a verdict only with ``fr_escalated`` set
    (breached), its ``due_by``, on a ticket Resolved or Closed, only when its ``updated_at``
    is at or before ``due_by`` (achieved); a ticket in another status is not resolved, its
    resolution clock read as running. Returns the verdicts sorted by ticket and field, and
    the errors set aside (``on_error="collect"``: one bad ticket costs only its own
    verdicts); each error names the record, the ticket and the field.

    Examples:
        >>> t = {"id": 7, "created_at": "2026-03-02T09:00:00Z", "updated_at": "2026-03-02T11:00:00Z",
        ...      "fr_due_by": "2026-03-02T10:00:00Z", "fr_escalated": False,
        ...      "due_by": "2026-03-03T09:00:00Z", "is_escalated": False,
        ...      "stats": {"first_responded_at": "2026-03-02T09:40:00Z"}}
        >>> verdicts, errors = freshdesk_verdicts([[t]])
        >>> [(v.our_metric, v.state, v.due_at.isoformat()) for v in verdicts]
        [('first_reply', 'achieved', '2026-03-02T10:00:00+00:00'), ('resolution', 'active', '2026-03-03T09:00:00+00:00')]
    """  # noqa: E501
    check_on_error(on_error)
    if read_at is not None:
        require_instant(read_at, "read_at")
    found, errors = sla_fields(tickets, tz=tz, on_error=on_error)
    said = (
        _verdict(t, field, _fetched(read_at, t.updated_at))
        for t in found
        for field in FRESHDESK_FIELDS
        if field in t.due
    )
    out = [v for v in said if v is not None]
    order = {field: i for i, field in enumerate(FRESHDESK_FIELDS)}
    return tuple(sorted(out, key=lambda v: (v.ticket_id, order[v.metric]))), errors
