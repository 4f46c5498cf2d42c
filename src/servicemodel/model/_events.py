"""Ticket events: small frozen values, one type per meaning, each with its ``kind`` name."""

from __future__ import annotations

from datetime import datetime
from typing import ClassVar

import attrs

from servicemodel._config import safe_repr
from servicemodel._numbers import whole_value
from servicemodel.errors import ConfigError, ScaleError
from servicemodel.model._values import (
    Priority,
    Status,
    _agent,
    _assignee,
    _aware,
    _flag,
    _group,
    _name,
    _optional_label,
    _priority,
    _scale_end,
    _score,
    _status,
    _utc,
)

__all__ = [
    "EVENT_TYPES",
    "AgentReply",
    "AssignmentChange",
    "CustomerMessage",
    "Event",
    "InternalNote",
    "PriorityChange",
    "Reopen",
    "SatisfactionRating",
    "StatusChange",
]


@attrs.frozen
class Event:
    """Base of every ticket event: an ``id`` unique within its ticket and an aware instant ``at``.

    ``kind`` is the name the event has in dicts, JSON and CSV.

    Examples:
        >>> CustomerMessage.kind, AgentReply.kind
        ('customer_message', 'agent_reply')
    """

    kind: ClassVar[str] = "event"

    id: str = attrs.field(validator=_name("id"))
    # Equality by instant: a datetime in a DST fold never equals its twin in another zone.
    at: datetime = attrs.field(validator=_aware("at"), eq=_utc)


@attrs.frozen
class CustomerMessage(Event):
    """A message from the requester (public by nature).

    Examples:
        >>> from datetime import datetime, timezone
        >>> CustomerMessage("m1", datetime(2026, 1, 5, 9, tzinfo=timezone.utc)).kind
        'customer_message'
    """

    kind: ClassVar[str] = "customer_message"


@attrs.frozen
class AgentReply(Event):
    """A public reply by an agent: the only event that answers the customer.

    ``automated`` marks a reply sent by a bot or an auto-responder (default ``False``). It
    is still a public reply; whether it stops SLA reply clocks is the policy's choice
    (``SLAPolicy.automated_replies``: they count unless the policy says ``"ignore"``).

    Examples:
        >>> from datetime import datetime, timezone
        >>> AgentReply("r1", datetime(2026, 1, 5, 9, tzinfo=timezone.utc), agent="bo").agent
        'bo'
        >>> AgentReply("r2", datetime(2026, 1, 5, 9, tzinfo=timezone.utc), automated=True).automated
        True
    """

    kind: ClassVar[str] = "agent_reply"

    agent: str | None = attrs.field(default=None, converter=_agent)
    automated: bool = attrs.field(
        default=False, kw_only=True, validator=_flag("automated", optional=False)
    )


@attrs.frozen
class InternalNote(Event):
    """A private note between agents; never counts as a reply.

    Examples:
        >>> from datetime import datetime, timezone
        >>> InternalNote("n1", datetime(2026, 1, 5, 9, tzinfo=timezone.utc)).kind
        'internal_note'
    """

    kind: ClassVar[str] = "internal_note"

    agent: str | None = attrs.field(default=None, converter=_agent)


@attrs.frozen
class StatusChange(Event):
    """The ticket moved to ``status``; ``label`` keeps the source's own name for it, if any.

    ``status`` is our category; ``label`` is what the helpdesk called the status (an
    admin-defined ``"Awaiting Vendor"`` mapped to pending), so a policy can pause on it. Two
    changes to one category with different labels are both kept.

    Examples:
        >>> from datetime import datetime, timezone
        >>> t = datetime(2026, 1, 5, 9, tzinfo=timezone.utc)
        >>> StatusChange("s1", t, status="on-hold").status
        <Status.ON_HOLD: 'on_hold'>
        >>> StatusChange("s2", t, status="pending", label="Awaiting Vendor").label
        'Awaiting Vendor'
    """

    kind: ClassVar[str] = "status_change"

    status: Status = attrs.field(kw_only=True, converter=_status)
    label: str | None = attrs.field(default=None, kw_only=True, validator=_optional_label("label"))


@attrs.frozen
class Reopen(Event):
    """The requester or an agent reopened a resolved ticket; its status becomes ``OPEN``.

    A ``StatusChange`` from solved to any unresolved status counts as a reopen too; this event
    exists for exports that record reopening explicitly. Only a solved or closed ticket can be
    reopened: in a history, a ``Reopen`` while the ticket is unresolved is an
    [`EventOrderError`][servicemodel.errors.EventOrderError] (no helpdesk records one, so it
    means a lost solve or a mislabelled event, and counting it would inflate reopen rates).

    Examples:
        >>> from datetime import datetime, timezone
        >>> Reopen("o1", datetime(2026, 1, 5, 9, tzinfo=timezone.utc)).kind
        'reopen'
    """

    kind: ClassVar[str] = "reopen"


@attrs.frozen
class PriorityChange(Event):
    """The ticket's priority changed to ``priority``; ``label`` keeps the source's own name.

    ``priority`` is our category; ``label`` is what the helpdesk called the priority (an
    admin-defined ``"P0"`` mapped to urgent), so a policy can give it targets of its own
    (``"label:P0"``). A change of label alone (``"Highest"`` to ``"P0"``, both urgent) is kept.

    Examples:
        >>> from datetime import datetime, timezone
        >>> PriorityChange("p1", datetime(2026, 1, 5, 9, tzinfo=timezone.utc), priority="urgent")
        PriorityChange(id='p1', at=..., priority=<Priority.URGENT: 'urgent'>, label=None)
        >>> t = datetime(2026, 1, 5, 9, tzinfo=timezone.utc)
        >>> PriorityChange("p2", t, priority="urgent", label="P0").label
        'P0'
    """

    kind: ClassVar[str] = "priority_change"

    priority: Priority = attrs.field(kw_only=True, converter=_priority)
    label: str | None = attrs.field(default=None, kw_only=True, validator=_optional_label("label"))


@attrs.frozen
class AssignmentChange(Event):
    """The ticket was (re)assigned to a group and/or an agent (``None`` means unassigned).

    Examples:
        >>> from datetime import datetime, timezone
        >>> t = datetime(2026, 1, 5, 9, tzinfo=timezone.utc)
        >>> AssignmentChange("a1", t, group="tier-2").group
        'tier-2'
    """

    kind: ClassVar[str] = "assignment_change"

    group: str | None = attrs.field(default=None, converter=_group, kw_only=True)
    assignee: str | None = attrs.field(default=None, converter=_assignee, kw_only=True)


@attrs.frozen
class SatisfactionRating(Event):
    """A survey answer attached to the ticket: ``score`` on ``[scale_min, scale_max]``.

    ``survey`` names the instrument (``"csat"``, ``"nps"``, ``"ces"`` or your own), so scores
    of different surveys are never mixed.

    Examples:
        >>> from datetime import datetime, timezone
        >>> r = SatisfactionRating("r1", datetime(2026, 1, 5, tzinfo=timezone.utc), score=9,
        ...                        survey="nps", scale_min=0, scale_max=10)
        >>> r.score, r.survey
        (9.0, 'nps')
    """

    kind: ClassVar[str] = "satisfaction"

    score: float = attrs.field(kw_only=True, converter=_score)
    survey: str = attrs.field(default="csat", kw_only=True, validator=_name("survey"))
    # Whole numbers as counts are read (whole_value): np.int64(7) and 7.0 from a frame are 7.
    scale_min: int = attrs.field(
        default=1, kw_only=True, converter=whole_value, validator=_scale_end("scale_min")
    )
    scale_max: int = attrs.field(
        default=5, kw_only=True, converter=whole_value, validator=_scale_end("scale_max")
    )

    def __attrs_post_init__(self) -> None:
        if not self.scale_min < self.scale_max:
            raise ConfigError(
                f"scale_min {safe_repr(self.scale_min)} must be below scale_max "
                f"{safe_repr(self.scale_max)}",
                path="scale_min",
            )
        if not self.scale_min <= self.score <= self.scale_max:
            raise ScaleError(
                f"score {self.score!r} is outside the scale {safe_repr(self.scale_min)}.."
                f"{safe_repr(self.scale_max)} of survey {safe_repr(self.survey)}",
                path="score",
            )


#: Every concrete event type, by its ``kind``.
EVENT_TYPES: dict[str, type[Event]] = {
    cls.kind: cls
    for cls in (
        CustomerMessage,
        AgentReply,
        InternalNote,
        StatusChange,
        Reopen,
        PriorityChange,
        AssignmentChange,
        SatisfactionRating,
    )
}
