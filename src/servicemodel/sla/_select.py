"""Private: a calendar per ticket -- a policy that takes its calendar from a ticket field.

ServiceNow takes an SLA's schedule from the task; a desk serving several regions counts each
ticket on its region's hours. A [`CalendarSelector`][servicemodel.sla.CalendarSelector] names
the ticket field that holds a calendar's name (``attr:region`` for an attribute, or
``channel`` / ``requester``) and the named calendars it picks from. A ticket without the field
counts on the policy's own ``calendar`` (the default); a name the selector does not know is a
[`ConfigError`][servicemodel.errors.ConfigError] listing the known ones, raised as soon as
the policy applies to the ticket (never a silent fallback that would count the wrong hours).

Only fields that no event changes can select a calendar, so a ticket's calendar is fixed for
its life and a finished clock never changes its verdict. To count on a group's hours, give
each group its own policy (a ``group`` condition): the ticket is matched again when its group
changes.

Examples:
    >>> from datetime import datetime, timezone
    >>> from servicemodel.calendar import BusinessCalendar
    >>> from servicemodel.model import Ticket
    >>> emea = BusinessCalendar.weekly("Europe/Berlin", {"mon-fri": "09:00-17:00"})
    >>> pick = CalendarSelector("attr:region", {"emea": emea})
    >>> t0 = datetime(2026, 3, 2, 9, tzinfo=timezone.utc)
    >>> pick.name_for(Ticket("T", t0, attributes={"region": "emea"}))
    'emea'
    >>> pick.name_for(Ticket("T", t0)) is None  # no region: the policy's own calendar
    True
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self

import attrs

from servicemodel._config import Configurable, as_mapping, fields, join, safe_repr
from servicemodel._validators import require_type
from servicemodel.calendar import CalendarLike
from servicemodel.errors import ConfigError
from servicemodel.model import Ticket
from servicemodel.sla._config import CALENDAR_KINDS, calendar_ref, calendar_to_dict, is_calendar

__all__ = ["CalendarSelector", "read_calendar_from"]

#: The ticket fields a selector may read besides attributes (``attr:NAME``): fields no event
#: changes, so a ticket's calendar never changes under a finished clock.
_FIELDS = ("channel", "requester")
_ATTR = "attr:"


def _source(value: Any) -> str:
    if isinstance(value, str):
        text = value.strip()
        if text in _FIELDS or (text.startswith(_ATTR) and text[len(_ATTR) :].strip()):
            return text
    raise ConfigError(
        f"a calendar is taken from 'attr:NAME' (a ticket attribute), 'channel' or "
        f"'requester', got {safe_repr(value)}",
        path="from",
    )


def _calendars(value: Any) -> dict[str, CalendarLike]:
    table = as_mapping(value, "calendars", "a table of name to calendar")
    if not table:
        raise ConfigError("a calendar selector needs at least one named calendar", path="calendars")
    out: dict[str, CalendarLike] = {}
    for name, cal in table.items():
        if not is_calendar(cal):
            raise ConfigError(
                f"expected {CALENDAR_KINDS}, got {safe_repr(cal)}", path=join("calendars", name)
            )
        out[str(name)] = cal
    return out


@attrs.frozen
class CalendarSelector(Configurable):
    """Which named calendar a ticket counts on, read from one of its fields.

    ``source`` is ``"attr:NAME"`` (the ticket's attribute ``NAME``), ``"channel"`` or
    ``"requester"``; its value names one of ``calendars``. Use it as
    ``SLAPolicy(calendar_from=...)``; in a policy file, ``calendar_from = "attr:region"``
    picks among the policy set's ``calendars`` table.

    Examples:
        >>> from servicemodel.calendar import BusinessCalendar
        >>> office = BusinessCalendar.weekly("UTC", {"mon-fri": "09:00-17:00"})
        >>> CalendarSelector("attr:region", {"emea": office}).names
        ('emea',)
        >>> CalendarSelector("group", {"emea": office})
        Traceback (most recent call last):
        ...
        servicemodel.errors.ConfigError: from: a calendar is taken from 'attr:NAME' (a ticket attribute), 'channel' or 'requester', got 'group'
    """  # noqa: E501

    source: str = attrs.field(converter=_source)
    calendars: dict[str, CalendarLike] = attrs.field(converter=_calendars)

    @property
    def names(self) -> tuple[str, ...]:
        """The calendar names this selector knows, sorted.

        Examples:
            >>> from servicemodel.calendar import BusinessCalendar
            >>> cal = BusinessCalendar.always()
            >>> CalendarSelector("channel", {"phone": cal, "chat": cal}).names
            ('chat', 'phone')
        """
        return tuple(sorted(self.calendars))

    def _field(self) -> str:
        """Where the value sits in a ticket record, for error paths."""
        if self.source.startswith(_ATTR):
            return "attributes." + self.source[len(_ATTR) :].strip()
        return self.source

    def name_for(self, ticket: Ticket) -> str | None:
        """The calendar name ``ticket`` selects; ``None`` when it has no value (the default).

        Raises [`ConfigError`][servicemodel.errors.ConfigError] for a value that names no
        calendar of this selector, listing the known names.

        Examples:
            >>> from servicemodel.calendar import BusinessCalendar
            >>> from datetime import datetime, timezone
            >>> from servicemodel.model import Ticket
            >>> pick = CalendarSelector("channel", {"phone": BusinessCalendar.always()})
            >>> pick.name_for(Ticket("T-7", datetime(2026, 3, 2, tzinfo=timezone.utc)))
            Traceback (most recent call last):
            ...
            servicemodel.errors.ConfigError: channel: ticket 'T-7' selects calendar 'email' (channel), which is not one of ['phone']
        """  # noqa: E501
        require_type(ticket, Ticket, "ticket")
        if self.source.startswith(_ATTR):
            value: Any = ticket.attributes.get(self.source[len(_ATTR) :].strip())
        else:
            value = getattr(ticket, self.source)
        if value is None:
            return None
        if isinstance(value, str) and value in self.calendars:
            return value
        raise ConfigError(
            f"ticket {safe_repr(ticket.id)} selects calendar {safe_repr(value)} "
            f"({self.source}), which is not one of {list(self.names)}",
            path=self._field(),
        )

    def calendar_for(self, ticket: Ticket) -> CalendarLike | None:
        """The calendar ``ticket`` selects, or ``None`` (no value: the policy's own).

        Examples:
            >>> from servicemodel.calendar import BusinessCalendar
            >>> from datetime import datetime, timezone
            >>> from servicemodel.model import Ticket
            >>> cal = BusinessCalendar.weekly("UTC", {"mon-fri": "08:00-16:00"})
            >>> t = Ticket("T", datetime(2026, 3, 2, tzinfo=timezone.utc), channel="phone")
            >>> CalendarSelector("channel", {"phone": cal}).calendar_for(t) == cal
            True
        """
        name = self.name_for(ticket)
        return None if name is None else self.calendars[name]

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Self:
        """Read ``{"from": "attr:region", "calendars": {name: calendar table}}``.

        Examples:
            >>> pick = CalendarSelector.from_dict({"from": "attr:region", "calendars": {
            ...     "apac": {"tz": "Asia/Singapore", "hours": {"mon-fri": "09:00-18:00"}}}})
            >>> CalendarSelector.from_dict(pick.to_dict()) == pick
            True
        """
        selector = read_calendar_from(data, None, "")
        return cls(selector.source, selector.calendars)

    def to_dict(self) -> dict[str, Any]:
        """The selector in the shape ``from_dict`` reads (calendars inline).

        Examples:
            >>> from servicemodel.calendar import BusinessCalendar
            >>> CalendarSelector("channel", {"chat": BusinessCalendar.always()}).to_dict()["from"]
            'channel'
        """
        return {
            "from": self.source,
            "calendars": {
                name: calendar_to_dict(self.calendars[name], join("calendars", name))
                for name in self.names
            },
        }


def read_calendar_from(
    value: Any, calendars: Mapping[str, CalendarLike] | None, path: str
) -> CalendarSelector:
    """A policy's ``calendar_from``: ``"attr:region"`` (the set's named calendars) or a table.

    The table form, ``{"from": ..., "calendars": {name: calendar or name}}``, is what
    ``to_dict`` writes; a name in it refers to the set's ``calendars`` table.

    Examples:
        >>> read_calendar_from("attr:region", {}, "policies[0].calendar_from")
        Traceback (most recent call last):
        ...
        servicemodel.errors.ConfigError: policies[0].calendar_from: takes its calendar from a ticket field, but the policy set defines no calendars to choose from (a 'calendars' table)
    """  # noqa: E501
    if isinstance(value, str):
        if not calendars:
            raise ConfigError(
                "takes its calendar from a ticket field, but the policy set defines no "
                "calendars to choose from (a 'calendars' table)",
                path=path,
            )
        source, named = value, dict(calendars)
    else:
        table = fields(value, path=path, required=("from", "calendars"), what="a selector")
        listed = as_mapping(table["calendars"], join(path, "calendars"), "a table of calendars")
        source = table["from"]
        named = {}
        for name, cal in listed.items():
            here = join(join(path, "calendars"), name)
            got = calendar_ref(cal, calendars, here)
            if got is None:
                raise ConfigError("expected a calendar table or a calendar name", path=here)
            named[str(name)] = got
    try:
        return CalendarSelector(source, named)
    except ConfigError as exc:
        if isinstance(value, str):  # the string form has no 'from' key to point at
            raise ConfigError(exc.message, path=path) from None
        raise exc.at(path) from None
