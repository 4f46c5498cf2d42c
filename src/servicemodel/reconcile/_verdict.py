"""Private: a helpdesk's own verdict on one SLA clock."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

import attrs

from servicemodel._config import safe_repr
from servicemodel._validators import as_tuple
from servicemodel.errors import ConfigError, InputTypeError

__all__ = ["VendorVerdict"]


def _notes(value: Any) -> tuple[str, ...]:
    """The converter of ``notes``: a collection of texts (a number or ``None`` is refused)."""
    notes = as_tuple(value, "notes")
    for note in notes:
        if not isinstance(note, str):
            raise InputTypeError(
                f"notes: expected texts, got {type(note).__name__} {safe_repr(note)}"
            )
    return notes


def _stops(value: Any) -> tuple[tuple[datetime, datetime | None], ...]:
    """The converter of ``stops``: a collection of (stopped, resumed) pairs, as a tuple."""
    return tuple(as_tuple(value, "stops"))


#: A vendor verdict's states.
STATES = ("achieved", "breached", "active")


def _state(_: Any, __: Any, value: Any) -> None:
    if not isinstance(value, str) or value not in STATES:
        raise ConfigError(f"expected one of {list(STATES)}, got {safe_repr(value)}", path="state")


@attrs.frozen
class VendorVerdict:
    """A helpdesk's own verdict on one SLA clock: one ticket, metric and instance.

    ``metric`` is the vendor's name (Zendesk: ``reply_time``, ``requester_wait_time``, …; Jira
    Service Management: the SLA's name, ``Time to first response``); ``instance`` its instance
    number (Zendesk ``instance_id``: for ``reply_time``, 1 is the first reply, 2 and up the
    next replies; JSM: the cycle, from 1). ``state`` is ``"breached"``, ``"achieved"`` or
    ``"active"``. ``target`` is the applied target (business time when ``business``);
    ``elapsed`` the time the vendor counted, when it says.

    ``source`` names the vendor. For ``"zendesk"`` the metric is matched to ours through the
    table in the module docs; any other reader says which of our clocks the verdict is about
    in ``our_metric`` and ``our_cycle`` (``our_metric=None``: we have no such metric).
    ``paused`` is the vendor's own word that the clock is paused now, ``started_at`` when its
    clock started, ``target_since`` when the target in force was set (Zendesk: its latest
    ``apply_sla``; ``None``: not said), ``stops`` each time the clock stopped and, if it ran
    again (a reopen), when: ``(stopped, resumed)`` pairs in time order (Zendesk: its
    ``fulfill`` and the ``activate`` after it; empty: only ``fulfilled_at`` is known), and
    ``notes`` what the vendor's records say that may explain a difference (a goal that
    changed between cycles).

    Examples:
        >>> VendorVerdict("7", "reply_time", 1, "achieved").state
        'achieved'
        >>> VendorVerdict("SD-1", "Time to resolution", 1, "active", source="jsm",
        ...               our_metric="resolution", our_cycle=0, paused=True).paused
        True
    """

    ticket_id: str
    metric: str
    instance: int
    state: str = attrs.field(validator=_state)
    policy: str | None = None
    target: timedelta | None = None
    business: bool | None = None
    breached_at: datetime | None = None
    fulfilled_at: datetime | None = None
    elapsed: timedelta | None = None
    paused: bool | None = None
    started_at: datetime | None = None
    source: str = "zendesk"
    our_metric: str | None = None
    our_cycle: int | None = None
    notes: tuple[str, ...] = attrs.field(default=(), converter=_notes)
    target_since: datetime | None = None
    stops: tuple[tuple[datetime, datetime | None], ...] = attrs.field(default=(), converter=_stops)
