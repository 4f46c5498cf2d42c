"""The ticket itself: what is known about it when it is created."""

from __future__ import annotations

from datetime import datetime

import attrs

from servicemodel.model._values import (
    AttributeValue,
    Priority,
    _assignee,
    _attributes,
    _aware,
    _flag,
    _group,
    _name,
    _optional_label,
    _priority,
    _requester,
    _tags,
    _utc,
    normalize_channel,
)

__all__ = ["Ticket"]


@attrs.frozen(eq=True, hash=False)
class Ticket:
    """What is known about a ticket when it is created.

    ``channel`` is an open vocabulary (see ``KNOWN_CHANNELS``); a new channel such as
    ``"whatsapp"`` is accepted and normalised to lower case. ``created_by_agent`` marks tickets
    an agent opened on a customer's behalf (their first public reply is the opening message, so
    first reply time counts from the second). ``first_contact`` is the source system's own
    "resolved on first contact" flag where it has one. ``attributes`` hold strings, whole
    numbers (13,000 bits at most), finite floats, bools or ``None``; a numpy bool, integer,
    float or text scalar (a DataFrame row's cell) is kept as Python's own value, as the frame
    readers keep it. An attribute of another type (a list, a mapping, a set, bytes) is an
    ``InputTypeError`` naming ``attributes.<name>`` and the value; one of the right type that
    is not allowed (NaN, an infinity, a longer whole number) is a ``ConfigError`` at
    ``attributes.<name>``.

    Examples:
        >>> from datetime import datetime, timezone
        >>> t = Ticket("T-9", datetime(2026, 1, 5, 9, tzinfo=timezone.utc), channel="WhatsApp")
        >>> t.channel, t.priority
        ('whatsapp', <Priority.NORMAL: 'normal'>)
        >>> Ticket("T-8", t.created_at, priority="urgent", priority_label="P0").priority_label
        'P0'
    """

    id: str = attrs.field(validator=_name("id"))
    created_at: datetime = attrs.field(validator=_aware("created_at"), eq=_utc)
    requester: str | None = attrs.field(default=None, converter=_requester)
    channel: str = attrs.field(default="email", converter=normalize_channel)
    priority: Priority = attrs.field(default=Priority.NORMAL, converter=_priority)
    group: str | None = attrs.field(default=None, converter=_group)
    assignee: str | None = attrs.field(default=None, converter=_assignee)
    tags: frozenset[str] = attrs.field(default=frozenset(), converter=_tags)
    attributes: dict[str, AttributeValue] = attrs.field(factory=dict, converter=_attributes)
    created_by_agent: bool = attrs.field(
        default=False, validator=_flag("created_by_agent", optional=False)
    )
    first_contact: bool | None = attrs.field(
        default=None, validator=_flag("first_contact", optional=True)
    )
    priority_label: str | None = attrs.field(
        default=None, kw_only=True, validator=_optional_label("priority_label")
    )
